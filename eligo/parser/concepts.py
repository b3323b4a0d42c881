"""`eligo_concepts`: lexicon concepts named in criteria.

Concept mentions are the lexicon's longest matches over words (`Lexicon.find`: case, punctuation and
line breaks between words do not matter, so a name wrapped onto the next line of a hard-wrapped
protocol is still one mention), and become `doc.ents` labelled with the concept's kind and carrying
its id as `kb_id_`; so NegEx (`eligo_negation`) can mark them negated. A name elided in a
coordination is a mention too: "skin and/or brain lesions" names skin lesions, "hepatitis B or C"
hepatitis C; coordinated qualifiers that together leave no case out name the concept they qualify
("acute or chronic pancreatitis" is any pancreatitis, `data/exhaustive.jsonl`), while others name
each subtype ("type 1 or type 2 diabetes"). Mentions outside criteria are not needed and not
matched, nor matches of fewer than three words across a comma or semicolon ("live, attenuated
vaccine" is one mention, "hepatitis, B" none).

Where the lexicon names nothing, or only part of a longer name, the terminology
(`eligo.terminology.linker.find`: MONDO, HPO, ICD-10-CM, DrugBank names, SNOMED CT, curated drug
classes; the longest exact alias, never a fuzzy guess) names conditions, findings, drugs, drug
classes and the curated procedures done to the patient (`data/words.jsonl`, `prose_procedures`:
PCI, CABG, bariatric surgery; not examinations such as MRI, which a criterion names as a method);
such a mention carries the concept's preferred name as `kb_id_`, which the compiler turns
into a readable identifier and the concept table into the concept's code. A lexicon mention whose
words the terminology names as a narrower concept carries that one instead (`linker.same_breadth`:
"T2DM" is type 2 diabetes mellitus, not any diabetes), so a rule is never broader than the words.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from eligo.datafiles import word_lists, words
from eligo.lexicon import Concept, Lexicon
from eligo.negation import negation_termset
from eligo.parser.context import context_phrases
from eligo.parser.doc import text_of  # registers the Doc extensions too
from eligo.parser.mention_context import abused, concentration_after, head_after, measured_after
from eligo.parser.name_overlaps import (
    HEADED,
    TERM_KINDS,
    inner,
    longer_measure,
    measure_opening,
    modifies,
    narrowed,
    outside_or_within,
    restated,
)
from eligo.phrases import alternation
from eligo.terminology.linker import TermMatch, find, same_breadth
from eligo.terminology.store import Terminology

# curated concepts marked in prose: drug classes; the curated conditions and findings ("informed
# consent", "locally advanced or metastatic disease") qualify what the compiler reads as cues, and
# serve linking of mentions
PROSE_CURATED = frozenset({"drug_class"})

_BREAK = re.compile(r"[,;]")
_NEXT_WORD = re.compile(r"\W*([^\W_]+)")
_WORDS = re.compile(r"[^\W_]+")
_COORDINATOR = r"\s*(?:,\s*)?(?:and/or|or|and|/)\s*"
_LISTED = re.compile(r"\s*[,/]|\s+(?:and|or)\b", re.I)
_BEFORE = re.compile(rf"(?:([^\W_]+)\s+)?([^\W_]+)({_COORDINATOR})$", re.I)
_QUALIFIED = re.compile(rf"([^\W_]+){_COORDINATOR}([^\W_]+)\s+$", re.I)
_WITH = re.compile(r"\s+(?:with|using)\s+(?:an?\s+|the\s+)?", re.I)
_AFTER = re.compile(rf"({_COORDINATOR})([^\W_]+)", re.I)
_BRACKETED_PAIR = re.compile(rf"\s*[(\[]\s*([^\W_]+){_COORDINATOR}([^\W_]+)\s*[)\]]", re.I)


@lru_cache(maxsize=1)
def _cue_first() -> re.Pattern[str]:
    """A name that starts with a negation, history or current-state cue (the terminology has "Not
    pregnant", "History of alcoholism"): the parser reads those words as cues, so such a name is not
    linked. A prefix joined by a hyphen is the name's own ("non-alcoholic steatohepatitis")."""
    cues = list(negation_termset()["preceding_negations"])
    cues += [
        phrase for category in ("history", "current") for phrase in context_phrases()[category]
    ]
    return re.compile(rf"(?:{alternation(cues, gap=re.escape(' '))})\b(?!-)", re.I)


@lru_cache(maxsize=1)
def _history_first() -> re.Pattern[str]:
    """A history cue opening a name ("History of gout", "Past history of X")."""
    cues = context_phrases()["history"]
    return re.compile(rf"(?:{alternation(cues, gap=re.escape(' '))})\b(?!-)\s*", re.I)


def _uncued(text: str) -> list[TermMatch]:
    """The terminology's concepts named in `text`, none opening with a cue ("not pregnant",
    "history of gout": a cue, read as such, and a concept); after a history cue, the concepts
    named in the words that follow it stand ("gout")."""
    found = []
    for term in find(text, TERM_KINDS):
        if _cue_first().match(text, term.start) is None:
            found.append(term)
            continue
        cue = _history_first().match(text, term.start)
        if cue is None:
            continue
        inner = text[cue.end() : term.end]
        found += [
            TermMatch(cue.end() + t.start, cue.end() + t.end, t.concept)
            for t in find(inner, TERM_KINDS)
            if not _cue_first().match(inner, t.start)
        ]
    return found


@lru_cache(maxsize=1)
def _prose_procedures() -> frozenset[str]:
    """The procedures marked in prose (`data/words.jsonl`): ones done to the patient as
    treatment, never the examinations a criterion names as a method ("confirmed by MRI")."""
    return frozenset(words("eligo.parser.data", "prose_procedures"))


@lru_cache(maxsize=1)
def _not_taken() -> frozenset[str]:
    """Words after a drug's name that make the phrase something other than taking the drug
    (`data/not_taken.jsonl`)."""
    return frozenset(words("eligo.parser.data", "not_taken", "not_taken.jsonl"))


@lru_cache(maxsize=1)
def _exhaustive_sets() -> tuple[frozenset[str], ...]:
    return tuple(
        frozenset(entry.phrases)
        for entry in word_lists("eligo.parser.data", "exhaustive.jsonl")["exhaustive"]
    )


def _exhaustive(*qualifiers: str) -> bool:
    """Whether qualifiers together cover what they qualify (`data/exhaustive.jsonl`)."""
    return any({q.lower() for q in qualifiers} <= found for found in _exhaustive_sets())


def _specified(
    text: str, named: list[tuple[int, int, str, str]]
) -> list[tuple[int, int, str, str]]:
    """The mentions with a therapy the next words specify merged into the agent they name: in
    "systemic therapy with glucocorticosteroids" or "chemotherapy with cisplatin" the therapy is the
    agent, not any of its class."""
    agents = {start: (end, kind, kb_id) for start, end, kind, kb_id in named}
    merged, specified = [], set()
    for start, end, kind, kb_id in named:
        after = _WITH.match(text, end) if kind == "treatment" else None
        agent = agents.get(after.end()) if after else None
        if after is not None and agent is not None and agent[1] == kind and agent[2] != kb_id:
            merged.append((start, agent[0], kind, agent[2]))
            specified.add(after.end())
        else:
            merged.append((start, end, kind, kb_id))
    return [m for m in merged if m[0] not in specified]


def _span(doc: Doc, start: int, end: int, kind: str, kb_id: str) -> Span | None:
    """The tokens of a match; one ending inside a token ("quantification>1.0") stops before it, one
    starting inside a token ("non-childbearing") is no mention (NegEx could not see the "non-")."""
    span = doc.char_span(start, end, label=kind, kb_id=kb_id)
    if span is None:
        span = doc.char_span(start, end, label=kind, kb_id=kb_id, alignment_mode="contract")
        if span is None or span.start_char != start or not len(span):
            return None
    return span


def breadth(words: str, concept: Concept) -> str:
    """The lexicon concept's id, or the terminology concept of the breadth the words name where it
    is above or below the lexicon's ("T2DM" is type 2 diabetes mellitus, not any diabetes;
    `linker.same_breadth`)."""
    types = [t for t, k in TERM_KINDS.items() if k == concept.kind]
    named = same_breadth(words, concept.code, types) if concept.code and types else None
    return named.name if named is not None else concept.id


@Language.factory(
    "eligo_concepts",
    default_config={"kinds": None},
    requires=["doc._.criteria"],
    assigns=["doc.ents", "token.ent_type", "token.ent_iob"],
)
class ConceptMatcher:
    """Marks lexicon concepts inside criteria as entities (label = kind, kb_id = concept id)."""

    def __init__(self, nlp: Language, name: str, kinds: list[str] | None):
        self.lexicon = Lexicon.load()
        self.kinds = set(kinds) if kinds else None

    def _wanted(self, concept: Concept) -> bool:
        return self._wanted_kind(concept.kind)

    def _elided(
        self, text: str, start: int, end: int, kind: str
    ) -> list[tuple[int, int, str, str]]:
        """Words coordinated with a mention that name a concept of its kind with the mention's other
        words, in the lexicon or else the terminology: (start, end, kind, id).

        "skin and/or brain lesions": "skin" + "lesions"; "hepatitis B or C": "hepatitis" + "C";
        "active or latent tuberculosis": "active" + "tuberculosis"; "type 1 or type 2 diabetes":
        "type 1" + "diabetes" (a repeated first word), so each subtype keeps its breadth.
        """
        words = [(m.start() + start, m.end() + start) for m in _WORDS.finditer(text[start:end])]
        if len(words) < 2:
            return []
        found = []
        before = _BEFORE.search(text, max(0, start - 40), start)
        if before:
            first = text[words[0][0] : words[0][1]].lower()
            if before.group(1) and before.group(1).lower() == first and len(words) > 2:
                named = self._named(
                    " ".join(
                        [before.group(1), before.group(2), *(text[a:b] for a, b in words[2:])]
                    ),
                    kind,
                )
                if named is not None:
                    found.append((before.start(1), before.end(2), kind, named))
            head = " ".join(text[a:b] for a, b in words[1:])
            whole = self._named(head, kind) if _exhaustive(before.group(2), first) else None
            if (
                whole is not None
            ):  # "acute or chronic pancreatitis": the longer span wins over its parts
                return [(before.start(2), end, kind, whole)]
            named = self._named(" ".join([before.group(2), head]), kind)
            if named is not None:
                found.append((before.start(2), before.end(2), kind, named))
        after = _AFTER.match(text, end)
        if after:
            named = self._named(
                " ".join([*(text[a:b] for a, b in words[:-1]), after.group(2)]), kind
            )
            if named is not None:
                found.append((after.start(2), after.end(2), kind, named))
        return found

    @staticmethod
    def _covered(text: str, start: int, end: int) -> tuple[int, int]:
        """A mention's span with the coordinated qualifiers around it that together leave no case
        out (`data/exhaustive.jsonl`): before it, "congenital or acquired heart disease", or in a
        bracket after it, "pancreatitis (acute or chronic)", both any such disease."""
        qualified = _QUALIFIED.search(text, max(0, start - 40), start)
        if qualified and _exhaustive(qualified.group(1), qualified.group(2)):
            start = qualified.start(1)
        after = _BRACKETED_PAIR.match(text, end)
        return start, after.end() if after and _exhaustive(after.group(1), after.group(2)) else end

    def _named(self, key: str, kind: str) -> str | None:
        """The id of the concept of `kind` a name spells: the lexicon's, else a terminology
        concept's preferred name."""
        named = self.lexicon.lookup(key)
        if named is not None:
            return breadth(key, named) if named.kind == kind else None
        term = Terminology.load().lookup(key, [t for t, k in TERM_KINDS.items() if k == kind])
        return term.name if term is not None and term.source != "curated" else None

    def _linked(
        self, text: str, taken: list[tuple[int, int, str, str]]
    ) -> list[tuple[int, int, str, str]]:
        """Terminology concepts named where the lexicon names nothing: (start, end, kind, preferred
        name)."""
        found = []
        taken = sorted(taken)
        starts = [start for start, *_ in taken]
        longest = max((end - start for start, end, *_ in taken), default=0)
        for term in _uncued(text):
            if term.concept.type == "procedure" and term.concept.code not in _prose_procedures():
                continue
            if term.concept.source == "curated" and term.concept.type not in PROSE_CURATED | {
                "procedure"
            }:
                continue
            kind = TERM_KINDS[term.concept.type]
            if kind == "treatment" and self._not_taken_after(text, term.end):
                continue  # "voriconazole hypersensitivity", "digoxin level"
            if kind == "treatment" and concentration_after(text, term.end):
                # "C-peptide < 0.7 ng/mL": a level measured, never a treatment taken
                continue
            coordinated = (
                _LISTED.match(text, term.end) is not None
            )  # "metastatic melanoma, NSCLC and RCC": the
            # leading word may qualify every item, so the lexicon's head stays with the word left
            # for the compiler
            if self._wanted_kind(kind) and all(
                outside_or_within(
                    start,
                    end,
                    term.start,
                    term.end,
                    taken_kind == kind and not (coordinated and term.start < start),
                )
                or inner(start, end, term)
                or restated(start, end, taken_id, term)
                or measure_opening(text, start, end, taken_kind, term)
                or narrowed(self.lexicon, start, end, taken_kind, taken_id, term)
                or modifies(self.lexicon, text, start, end, taken_kind, term)
                # only mentions starting less than the longest mention before the term can overlap
                # it
                for start, end, taken_kind, taken_id in taken[
                    bisect_left(starts, term.start - longest) : bisect_left(starts, term.end)
                ]
            ):
                start, end = self._covered(text, term.start, term.end)
                found.append((start, end, kind, term.concept.name))
                found.extend(self._elided(text, term.start, term.end, kind))
        return found

    @staticmethod
    def _drug_named(words: str) -> bool:
        """Whether the terminology names a drug with exactly these words ("C-peptide")."""
        kinds = [t for t, k in TERM_KINDS.items() if k == "treatment"]
        term = Terminology.load().lookup(words, kinds)
        return term is not None and term.source != "curated"

    @staticmethod
    def _not_taken_after(text: str, end: int) -> bool:
        """Whether the word after a drug's name makes the phrase something other than taking the
        drug (`data/not_taken.jsonl`: an allergy, a level, a test)."""
        after = _NEXT_WORD.match(text, end)
        return after is not None and after.group(1).lower() in _not_taken()

    def _wanted_kind(self, kind: str) -> bool:
        return self.kinds is None or kind in self.kinds

    def _mentions(
        self, text: str
    ) -> tuple[list[tuple[int, int, str, str]], list[tuple[int, int, str, str]]]:
        """The lexicon's mentions (start, end, kind, id), and the measured names it gave up as part
        of a longer name it does not know ("creatinine kinase"), where no drug is linked either
        ("glucose" of "glucose ratio")."""
        found: list[tuple[int, int, str, str]] = []
        unknown: list[tuple[int, int, str, str]] = []
        for mention in self.lexicon.find(text):
            if not self._wanted(mention.concept) or (
                _BREAK.search(text, mention.start, mention.end)
                and len(_WORDS.findall(text, mention.start, mention.end)) < 3
            ):
                continue
            if mention.concept.kind == "treatment" and self._not_taken_after(text, mention.end):
                continue  # "insulin allergy", "dexamethasone suppression test"
            if (
                mention.concept.id in self.lexicon.derived
                and not measured_after(text, mention.end)
                and self._drug_named(text[mention.start : mention.end])
            ):
                # a measure derived from the curated labs that is a drug's name too names a level
                # only before its value: "C-peptide infusion" is the drug (the terminology links
                # it), not a measure
                continue
            head = head_after(text, mention.end) if mention.concept.kind in HEADED else None
            if head is not None:
                # "creatinine kinase": the head names another measure, which the longer name's own
                # concept is, else no mention (its words are left over, and warned about)
                longer = longer_measure(
                    self.lexicon, text[mention.start : head[0]], head[1], mention.concept
                )
                if longer is None:
                    unknown.append((mention.start, head[0], mention.concept.kind, ""))
                else:
                    found.append((mention.start, head[0], longer.kind, longer.id))
                continue
            end = mention.end
            if text.count("(", mention.start, end) > text.count(
                ")", mention.start, end
            ) and text.startswith(")", end):
                end += 1  # "hormone receptor (HR)": the name's bracket closes after its last word
            concept = breadth(text[mention.start : mention.end], mention.concept)
            start, end = self._covered(text, mention.start, end)
            found.append((start, end, mention.concept.kind, concept))
            found.extend(self._elided(text, mention.start, end, mention.concept.kind))
        return found, unknown

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        text = text_of(doc)
        for criterion in doc._.criteria or []:
            start, end = criterion.span
            mentions, unknown = self._mentions(text[start:end])
            linked = [  # "glucose ratio": no drug "glucose", "abnormal glucose tolerance" no
                # "abnormal glucose"; names of all the longer words stand ("platelet inhibitors",
                # "impaired glucose tolerance")
                m
                for m in self._linked(text[start:end], mentions)
                if all(m[1] <= u[0] or u[1] <= m[0] or m[0] <= u[0] < u[1] <= m[1] for u in unknown)
            ]
            named = _specified(text[start:end], mentions + linked)
            named = [  # "abuse of analgesics": no analgesic taken, the words stay for the compiler
                m for m in named if m[2] != "treatment" or not abused(text[start:end], m[0])
            ]
            for m_start, m_end, kind, kb_id in named:
                span = _span(doc, start + m_start, start + m_end, kind, kb_id)
                if span is not None:
                    spans.append(span)
        doc.ents = filter_spans(spans)
        return doc

"""`eligo_regimens`: the interventions of a protocol, one item per drug, with its dosing.

Drugs come from two places:

* the intervention lines of the record layout (`DRUG: Utidelone Capsule Plus
  Capecitabine|DRUG: Placebo`): every `DRUG`/`BIOLOGICAL`/`DIETARY_SUPPLEMENT`
  entry names one drug or more (split at "plus", "and", "+", "combined with", "or");
* running text (summary, overview, detailed description): a listed name, or
  any name written right next to a dose ("mirtazapine 15 mg", "Utidelone
  Capsule: 60mg/m2/d", "40 mg of adalimumab").

The item of a drug is its first mention that gives dosing (a dose, a
frequency or days of the cycle), as the spec asks; a listed drug whose dosing
is never given is still an item, at its entry in the intervention line, with
null fields. Dosing is read from the mention to the end of its clause or the
next drug: the dose with its UCUM unit as written ("60mg/m2/d" stays
`mg/m2/d`), the route only where stated (a dosage form does not set it), the
frequency, the days within the cycle. Frequency, days and cycle written after
the last of several drugs joined by "and"/"plus" are shared by all of them.
The cycle length is a property of the regimen: the nearest cycle statement of
the paragraph ("Every 21 days is a cycle", "21-day cycles", "each cycle is 28
days"); such a statement is never read as a frequency. "every 21 days" in a
drug's own dosing is its frequency (Q3W), since it is then given once a cycle.
Names are lower case, without dosage forms ("tablets", "capsule", "for
injection") and without parenthesised abbreviations or brand names.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import islice
from typing import Literal

from pydantic import BaseModel, ConfigDict
from spacy.language import Language
from spacy.tokens import Doc

from eligo.annotations import Amount, Intervention
from eligo.datafiles import load_jsonl
from eligo.parser.doc import sections_of, text_of
from eligo.parser.quantities import NUMBER, NUMBER_WORDS, number_at, unit_after
from eligo.units import ucum_code

TermKind = Literal["route", "frequency", "form", "dose_unit", "salt", "drug_suffix", "stop", "administration"]
DRUG_TYPES = ("DRUG", "BIOLOGICAL", "COMBINATION_PRODUCT", "DIETARY_SUPPLEMENT")  # substances given; not PROCEDURE, RADIATION, DEVICE
PROSE_SECTIONS = ("title", "summary", "overview", "description")
_NAME_WORDS = 4
_CLAUSE_CHARS = 400
_NAMES_SOUGHT = 500  # listed drugs sought in running text
_NUMBERS_READ = 2000  # numbers looked at as doses in one section: far more than any protocol writes, and a bound on adversarial text
_SENTENCES_READ = 2000  # sentences of one section read for drugs given without a dose; a bound on adversarial text
_SENTENCE_END = re.compile(r"[.!?。](?=\s+[A-Z(\[]|\s*$)|\n")
_WEEKLY = {1: "QW", 2: "Q2W", 3: "Q3W", 4: "Q4W"}  # one day of each cycle of N weeks
_LINE_BREAK = re.compile(r"\n")
_RANGE_BEFORE = re.compile(r"\d+(?:\.\d+)?\s*(?:-|–|to)\s*$")
_UNDOSED_REACH = 40
_UNDOSED_WORDS = 4  # "LP-118 under a once daily oral": the frequency and route must be among the first words (articles aside) after the name
_ARTICLES = frozenset({"a", "an", "the"})
_NOT_DOSING = re.compile(r"\b(?:will|be|is|are|was|were|evaluated|assessed|monitored|measured|observed|followed|compared)\b", re.I)

_ENTRY = re.compile(r"(?P<type>[A-Z_]{2,25}):\s*(?P<body>[^|\n]*)")
# "/" joins two drugs before a word ("methotrexate/hydrocortisone", "Bu/Cy"), not inside a product name ("CAR.70/IL15-transduced", "CD123/CD33 CART")
_COORDINATOR = re.compile(r",?\s+(?:plus|and|&|combined with|in combination with|with|or|versus|vs\.?)\s+|\s*\+\s*|,\s+|\s*/\s*(?=(?-i:[A-Za-z][a-z]))", re.I)
_PLACEBO = re.compile(r"\bplacebos?\b", re.I)
_REGISTRY_ID = re.compile(r"NCT\d{8}", re.I)
_TRAILING_GLOSS = re.compile(r"\s*\([^()]{0,12}\)$")
_PARENTHESIS = re.compile(r"\s*[(\[][^()\[\]]{0,60}[)\]]")
_CLAUSE_END = re.compile(r";(?![^()]{0,40}\))|[|\n]|[.!?。](?=\s+[A-Z(\[]|\s*$)")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*|\d{2,}")
_CODE_NAME = re.compile(r"[A-Z]{1,6}-?\d{2,}[A-Za-z0-9-]*|[A-Z]{2,6}")
_LEFT_LINK = re.compile(
    r"(?:\s*(?:\(\s*[^()]{0,40}\)|\(|:|,|=|-|\bat(?:\s+an?)?(?:\s+(?:fixed|flat|starting|total|daily|single|loading|maintenance|initial|recommended|target|reduced))?"
    r"(?:\s+doses?)?(?:\s+(?:level\s+)?of)?|\b(?:(?:fixed|flat|starting|loading|maintenance|initial|recommended|target)\s+)?doses?\s+(?:level\s+)?(?:of|at)|\bof))*\s*$",
    re.I,
)
_COUNT = r"(?P<v>\d{1,3}|" + "|".join(w for w in NUMBER_WORDS if " " not in w and NUMBER_WORDS[w] > 1) + r")"
# A schedule written before the drug it gives ("treated with 5 consecutive days of low dose daunorubicin").
_LEAD_SCHEDULE = re.compile(rf"\b{_COUNT}\s+consecutive\s+days?\s+of\s+(?:[A-Za-z-]+\s+){{0,3}}$", re.I)
_DAY = r"[-+−]?\d{1,3}"
_NOT_A_DAY = r"(?![\d.]|\s*(?:mg|mcg|ug|µg|g|kg|ml|units?|%)(?![a-z]))"
_DAY_ITEM = rf"{_DAY}{_NOT_A_DAY}(?:\s*(?:-|–|to|through|thru)\s*(?:days?\s*)?{_DAY}{_NOT_A_DAY})?"
_DAYS = re.compile(
    rf"\b(?:days?|D(?=\d))\s*(?P<items>{_DAY_ITEM}(?:\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)(?:days?\s*)?{_DAY_ITEM}){{0,12}})(?![\d.])"
    rf"|\bfor\s+(?P<a>\d{{1,3}})\s*(?:-|–|to)\s*(?P<b>\d{{1,3}})\s+days\b"
    rf"|\b{_COUNT.replace('(?P<v>', '(?P<n>')}\s+consecutive\s+days\b",  # "5 consecutive days of daunorubicin": days 1-5
    re.I,
)
_DAY_RANGE = re.compile(rf"(?P<a>{_DAY})(?:\s*(?:-|–|to|through|thru)\s*(?:days?\s*)?(?P<b>{_DAY}))?", re.I)
_CYCLE = re.compile(
    "|".join(
        (
            rf"\b{_COUNT}\s*-?\s*(?P<u>day|week)s?\s+(?:[a-z]+\s+)?(?:cycle|course)s?\b",
            rf"\b(?:cycle|course)s?\s*(?:length\s*)?(?:is|are|=|of|:|lasts?|consists? of|will be|duration is)\s*(?:approximately\s+)?{_COUNT}\s*-?\s*(?P<u>day|week)s?\b",
            rf"\bevery\s+{_COUNT}\s*(?P<u>day|week)s?\s+(?:is|as|constitutes?|makes?|forms?|being|=|for)\s+(?:a|one)\s+(?:treatment\s+)?(?:cycle|course)\b",
            rf"\b{_COUNT}\s*(?P<u>day|week)s?\s*(?:/|per|a|each)\s*(?:cycle|course)\b",
            rf"\b(?:treatment|cycles?|courses?|therapy|regimen)\s+(?:is\s+|are\s+)?repeat(?:s|ed)?\s+every\s+{_COUNT}\s*(?P<u>day|week)s?\b",
        )
    ).replace("(?P<v>", "(?:").replace("(?P<u>", "(?:"),
    re.I,
)


class RegimenTerm(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    kind: TermKind
    phrases: list[str]
    value: str | None = None
    case_sensitive: bool = False


def _alternation(phrases) -> str:
    return "|".join(r"\s+".join(re.escape(part) for part in phrase.split()) for phrase in sorted(set(phrases), key=len, reverse=True))


class _Vocabulary:
    """A kind of term (routes, frequencies) as patterns, each match mapped to its value."""

    def __init__(self, terms: list[RegimenTerm]):
        self.values: dict[str, str] = {}
        self.patterns: list[re.Pattern] = []
        for sensitive in (False, True):
            chosen = [t for t in terms if t.case_sensitive is sensitive]
            if not chosen:
                continue
            for term in chosen:
                for phrase in term.phrases:
                    self.values[self._key(phrase, sensitive)] = term.value or ""
            pattern = rf"(?<![\w.])(?:{_alternation(p for t in chosen for p in t.phrases)})(?![\w])"
            self.patterns.append(re.compile(pattern, 0 if sensitive else re.I))
        self._sensitive = [p.flags & re.I == 0 for p in self.patterns]

    @staticmethod
    def _key(text: str, sensitive: bool) -> str:
        key = " ".join(text.split())
        return key if sensitive else key.lower()

    def ending(self, text: str) -> int | None:
        """Where a term ending `text` starts ("... oral", "... intravenous (IV)"), or None."""
        tail = _TRAILING_GLOSS.sub("", text.rstrip())
        best = None
        for pattern in self.patterns:
            for match in pattern.finditer(tail, max(0, len(tail) - 30)):
                if match.end() == len(tail) and (best is None or match.start() < best):
                    best = match.start()
        return best

    def first(self, text: str, start: int, end: int, skip: list[tuple[int, int]] = ()) -> tuple[str, int, int] | None:
        """The earliest term in text[start:end] outside the `skip` spans: (value, start, end)."""
        best = None
        for pattern, sensitive in zip(self.patterns, self._sensitive):
            for match in pattern.finditer(text, start, end):
                if any(a < match.end() and match.start() < b for a, b in skip):
                    continue
                if best is None or match.start() < best[1]:
                    best = (self.values[self._key(match.group(), sensitive)], match.start(), match.end())
                break
        return best


class Lexicon:
    """The regimen vocabulary of `data/regimens.jsonl`, compiled once."""

    def __init__(self, terms: list[RegimenTerm]):
        by_kind: dict[str, list[RegimenTerm]] = {}
        for term in terms:
            by_kind.setdefault(term.kind, []).append(term)
        self.routes = _Vocabulary(by_kind["route"])
        self.frequencies = _Vocabulary(by_kind["frequency"])
        forms = _alternation(p for t in by_kind["form"] for p in t.phrases)
        self.trailing_form = re.compile(rf"(?:\s+(?:{forms}))+\s*$", re.I)
        self.leading_form = re.compile(rf"^\s*(?:{forms})\b\s*:?", re.I)
        self.form_after = re.compile(rf"\s*(?:{forms})\b", re.I)
        self.dose_units = frozenset(p for t in by_kind["dose_unit"] for p in t.phrases)
        self.salts = frozenset(p.lower() for t in by_kind["salt"] for p in t.phrases)
        self.stop = frozenset(p.lower() for t in by_kind["stop"] for p in t.phrases)
        self.administration = re.compile(rf"(?<![\w-])(?:{_alternation(p for t in by_kind['administration'] for p in t.phrases)})(?![\w-])", re.I)
        suffixes = _alternation(p for t in by_kind["drug_suffix"] for p in t.phrases)
        self.drug_like = re.compile(rf"[a-z]{{2,}}(?:{suffixes})", re.I)

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> Lexicon:
        return cls(load_jsonl("eligo.parser.data", "regimens.jsonl", RegimenTerm))

    def is_drug_like(self, word: str) -> bool:
        return bool(self.drug_like.fullmatch(word)) or bool(_CODE_NAME.fullmatch(word) and any(c.isdigit() for c in word))

    def clean_name(self, text: str, start: int, end: int) -> tuple[int, int]:
        """[start, end) of a drug name as written, without a trailing dosage form or bracket."""
        piece = text[start:end]
        while True:
            trimmed = _PARENTHESIS.sub("", piece) if _PARENTHESIS.search(piece) and _PARENTHESIS.search(piece).end() == len(piece) else piece
            trimmed = self.trailing_form.sub("", trimmed).rstrip(" ,:-")
            if trimmed == piece or not trimmed:
                break
            piece = trimmed
        return start, start + len(piece)


@dataclass
class Mention:
    """A drug named at text[start:end], with the dosing read after it."""

    name: str
    start: int
    end: int
    scope: int = 0  # where the dosing may start (a dose written before the name)
    listed: bool = False  # an entry of an intervention line
    dose: Amount | None = None
    route: str | None = None
    route_before: bool = False  # the route is written before the name ("intravenous (IV) atezolizumab")
    frequency: str | None = None
    days: list[tuple[int, int]] | None = None
    cycle: Amount | None = None
    reach: int = 0  # the end of the last piece of dosing read
    amount: bool = False  # a dose was written, possibly a range ("1000-1250 mg/m2") that gives no one value
    anchor_dose: tuple[int, int] | None = None
    given: bool = False  # dosing read from the sentence that gives it (`_given_in_sentences`)
    read: dict = field(default_factory=dict)

    @property
    def dosed(self) -> bool:
        return self.amount or self.frequency is not None or self.days is not None or self.given


def _name_key(name: str) -> str:
    return " ".join(name.lower().split())


def _same_drug(a: str, b: str) -> bool:
    """Names of one drug: equal, or one the other with a salt or qualifier word added."""
    a, b = _name_key(a), _name_key(b)
    return a == b or a.split()[0] == b.split()[0] and (a.startswith(b) or b.startswith(a))


def listed_drugs(text: str, start: int, end: int, lexicon: Lexicon) -> list[Mention]:
    """The drugs of the intervention lines in text[start:end] (`DRUG: X|BIOLOGICAL: Y`)."""
    found = []
    for entry in _ENTRY.finditer(text, start, end):
        if entry.group("type") not in DRUG_TYPES:
            continue
        position = entry.start("body")
        body_end = entry.end("body")
        for part in _split_coordinated(text, position, body_end):
            span = _listed_name(text, *part, lexicon)
            if span is not None:
                found.append(Mention(name=_name_key(text[slice(*span)]), start=span[0], end=span[1], scope=span[0], listed=True))
    return found


def _split_coordinated(text: str, start: int, end: int) -> list[tuple[int, int]]:
    parts, position = [], start
    for match in _COORDINATOR.finditer(text, start, end):
        parts.append((position, match.start()))
        position = match.end()
    parts.append((position, end))
    return parts


def _listed_name(text: str, start: int, end: int, lexicon: Lexicon) -> tuple[int, int] | None:
    """The name of one listed drug, cut before any dosing written in the entry ("PD 0299685 at 15mg BID")."""
    piece = text[start:end]
    for match in NUMBER.finditer(piece):
        if unit_after(piece, match.end()) is not None:
            cut = _LEFT_LINK.search(piece[: match.start()])
            end = start + (cut.start() if cut else match.start())
            break
    start, end = lexicon.clean_name(text, start, end)
    placebo = _PLACEBO.search(text, start, end)
    if placebo is not None:  # "placebo for PD 0299685", "adalimumab placebo": a placebo is one drug, placebo
        return placebo.span()
    words = [w.lower() for w in _WORD.findall(text[start:end])]
    if not words or all(w in lexicon.stop for w in words):
        return None
    return start, end


def _dose_at(text: str, match: re.Match, lexicon: Lexicon) -> tuple[Amount, int] | None:
    unit = unit_after(text, match.end())
    if unit is None or unit[0] not in lexicon.dose_units or text[match.end() : unit[1]].strip(" -") == "G":  # "10G": a needle gauge
        return None
    number = number_at(match)
    if number.word:
        return None
    return Amount(value=number.value, unit=unit[0]), unit[1]


def _name_left(text: str, limit: int, position: int, lexicon: Lexicon) -> tuple[int, int] | None:
    """The drug name written just before a dose ("megestrol acetate 160 mg", "Utidelone Capsule: 60mg",
    "docetaxel intravenously (75mg/m2)", "trastuzumab IV infusion at a loading dose of 8 mg/kg")."""
    window = text[max(limit, position - 80) : position]
    offset = position - len(window)
    head = window
    for _ in range(3):
        link = _LEFT_LINK.search(head)
        head = head[: link.start()] if link else head
        form = lexicon.trailing_form.search(head)
        head = head[: form.start()] if form else head
        route = lexicon.routes.ending(head)
        head = head[:route] if route is not None else head
    words = list(_WORD.finditer(head))
    if not words or words[-1].end() != len(head.rstrip()):
        return None
    last = words[-1]
    first = last
    if len(words) > 1 and (last.group().lower() in lexicon.salts or (last.group().isdigit() and _CODE_NAME.fullmatch(words[-2].group()))):
        first = words[-2]
    if not _name_word(last.group(), lexicon) and not last.group().isdigit() or first.group().lower() in lexicon.stop:
        return None
    return offset + first.start(), offset + last.end()


def _name_word(word: str, lexicon: Lexicon) -> bool:
    return len(word) >= 3 and any(c.isalpha() for c in word) and word.lower() not in lexicon.stop


def _name_before(text: str, limit: int, position: int, lexicon: Lexicon) -> tuple[int, int] | None:
    """The last drug-like name of the clause before a dose ("Fulvestrant was given ... at a dose of 500 mg")."""
    best = None
    for word in _WORD.finditer(text, max(limit, position - 80), position):
        if lexicon.is_drug_like(word.group()) and word.group().lower() not in lexicon.stop:
            best = word.span()
    return best


def _name_right(text: str, position: int, limit: int, lexicon: Lexicon) -> tuple[int, int] | None:
    """The drug name written just after a dose ("40 mg of adalimumab", "25 mg (mg) LY3295668")."""
    window = text[position : min(limit, position + 60)]
    lead = re.match(r"(?:\s*\([^()]{0,20}\))?\s*(?:of\s+)?", window)
    words = list(_WORD.finditer(window, lead.end()))
    if not words or words[0].start() != lead.end():
        return None
    first = words[0]
    if not _name_word(first.group(), lexicon) or lexicon.leading_form.match(first.group()):
        return None
    last = first
    if len(words) > 1 and words[1].start() - first.end() <= 1 and words[1].group().lower() in lexicon.salts:
        last = words[1]
    return position + first.start(), position + last.end()


def _clause_end(text: str, position: int, limit: int) -> int:
    """The end of the clause at `position`; a dosing clause is never read past `_CLAUSE_CHARS`."""
    limit = min(limit, position + _CLAUSE_CHARS)
    match = _CLAUSE_END.search(text, position, limit)
    return match.start() if match else limit


def _prose_mentions(text: str, start: int, end: int, listed: list[Mention], lexicon: Lexicon) -> list[Mention]:
    """Drugs named in running text: listed names, and names written next to a dose."""
    found: list[Mention] = []
    names = sorted({m.name for m in listed[:_NAMES_SOUGHT]}, key=len, reverse=True)
    if names:
        pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names) + r")(?![\w-])", re.I)
        for match in pattern.finditer(text, start, end):
            span = lexicon.clean_name(text, match.start(), match.end())
            found.append(Mention(name=_name_key(text[slice(*span)]), start=span[0], end=span[1], scope=span[0]))
    named = [(m.start, m.end) for m in found]
    for count, match in enumerate(NUMBER.finditer(text, start, end)):
        if count == _NUMBERS_READ:
            break
        dose = _dose_at(text, match, lexicon)
        if dose is None:
            continue
        clause_start = max(start, _clause_start(text, match.start(), start))
        range_start = _RANGE_BEFORE.search(text, max(clause_start, match.start() - 12), match.start())
        left_end = range_start.start() if range_start else match.start()
        span = _name_left(text, clause_start, left_end, lexicon)
        scope = None
        if span is None:
            span = _name_right(text, dose[1], _clause_end(text, dose[1], end), lexicon)
            scope = left_end
        if span is None:
            span = _name_before(text, clause_start, left_end, lexicon)
        if span is None or _overlaps(span, named) or (found and found[-1].start < span[1] and span[0] < found[-1].end):
            continue
        span = lexicon.clean_name(text, *span)
        found.append(
            Mention(
                name=_name_key(text[slice(*span)]),
                start=span[0],
                end=span[1],
                scope=span[0] if scope is None else scope,
                anchor_dose=(match.start(), dose[1]),
            )
        )
    for mention in found:
        lead = lexicon.routes.ending(text[max(start, mention.start - 30) : mention.start])
        if lead is not None and not text[mention.start - 1 : mention.start].isalnum():
            mention.scope = min(mention.scope, max(start, mention.start - 30) + lead)
        schedule = _LEAD_SCHEDULE.search(text, max(start, mention.start - 60), mention.start)
        if schedule is not None:
            mention.scope = min(mention.scope, schedule.start())
    return sorted(found, key=lambda m: m.start)


def _given_in_sentences(text: str, start: int, end: int, found: list[Mention], lexicon: Lexicon) -> list[Mention]:
    """Drugs a sentence gives by a route or a schedule but no dose, in a document with no
    interventions line (its prose is where the drugs are given): "ASP3082, and cetuximab
    (if used), will be given through a vein". The sentence must speak of giving ("given",
    "taken", "dose"): "an oral investigational medicine ... (compared to placebo)" gives
    nothing. A sentence naming no drug goes on with the one before it ("... take elinzanetant
    or placebo. First, a single dose of two capsules is taken by mouth ... once a day")."""
    dosed = [(m.start, m.end) for m in found]
    given = []
    for unit_start, unit_end, names in _sentence_units(text, start, end, lexicon):
        cycles = [m.span() for m in _CYCLE.finditer(text, unit_start, unit_end)]
        route = lexicon.routes.first(text, unit_start, unit_end)
        frequency = lexicon.frequencies.first(text, unit_start, unit_end, cycles)
        if route is None and frequency is None or not lexicon.administration.search(text, unit_start, unit_end):
            continue
        days = _DAYS.search(text, unit_start, unit_end)
        reach = max([term[2] for term in (route, frequency) if term is not None] + [days.end() if days else 0])
        for name_start, name_end in names:
            if not _overlaps((name_start, name_end), dosed):
                given.append(
                    Mention(
                        name=_name_key(text[name_start:name_end]),
                        start=name_start,
                        end=name_end,
                        scope=name_start,
                        route=route[0] if route else None,
                        frequency=frequency[0] if frequency else None,
                        days=_days(days) if days else None,
                        reach=max(reach, name_end),
                        given=True,
                    )
                )
    return given


def _sentence_units(text: str, start: int, end: int, lexicon: Lexicon) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """(start, end, drug names) of each sentence of text[start:end] that names drugs (drug-like
    words, "placebo"), with the sentences of its paragraph right after it that name none but
    speak of giving doses ("First, a single dose of two capsules is taken by mouth")."""
    units: list[tuple[int, int, list[tuple[int, int]]]] = []
    position, going_on = start, False
    stops = [(m.start(), m.end(), m.group() == "\n") for m in islice(_SENTENCE_END.finditer(text, start, end), _SENTENCES_READ)]
    for stop, after, paragraph_end in stops + [(end, end, True)]:
        names = _drug_words(text, position, stop, lexicon)
        if names:
            units.append((position, stop, names))
            going_on = True
        elif going_on and lexicon.administration.search(text, position, stop):
            units[-1] = (units[-1][0], stop, units[-1][2])
        else:
            going_on = False
        going_on = going_on and not paragraph_end
        position = after
    return units


def _drug_words(text: str, start: int, end: int, lexicon: Lexicon) -> list[tuple[int, int]]:
    """Spans of the drug-like words of text[start:end] with a salt after them ("cetuximab", "ASP3082",
    "doxorubicin hydrochloride"; not a trial's "NCT00055497"), and its placebos."""
    words = list(_WORD.finditer(text, start, end))
    names = []
    for index, word in enumerate(words):
        if lexicon.is_drug_like(word.group()) and word.group().lower() not in lexicon.stop and not _REGISTRY_ID.fullmatch(word.group()):
            salt = index + 1 < len(words) and words[index + 1].group().lower() in lexicon.salts and words[index + 1].start() - word.end() == 1
            names.append((word.start(), words[index + 1].end() if salt else word.end()))
    return sorted(names + [m.span() for m in _PLACEBO.finditer(text, start, end)])


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    """Whether a span overlaps one of `spans` (sorted, not overlapping each other)."""
    index = bisect.bisect_left(spans, (span[1],))
    return index > 0 and spans[index - 1][1] > span[0]


def _clause_start(text: str, position: int, limit: int) -> int:
    last = limit
    for match in _CLAUSE_END.finditer(text, max(limit, position - 200), position):
        last = match.end()
    return last


def _read_dosing(text: str, mention: Mention, end: int, lexicon: Lexicon) -> Mention:
    """Dose, route, frequency and days written in text[mention.scope:end].

    Without a dose, only a frequency or days written close after the name, in
    the same phrase, are dosing ("LP-118 under a once daily oral dosing
    schedule"; not "daunorubicin will be evaluated daily"). What the text after
    the name does not say may be written just before it, in the mention's
    scope ("intravenous (IV) atezolizumab", "5 consecutive days of ... daunorubicin").
    """
    begin = min(mention.scope, mention.start)
    after = mention.end
    form = lexicon.form_after.match(text, after)
    if form is not None:
        after = form.end()
    reach = mention.end
    dose, amount = None, False
    for match in NUMBER.finditer(text, begin, end):
        found = _dose_at(text, match, lexicon)
        if found is not None:
            reach, amount = max(reach, found[1]), True
            if not _RANGE_BEFORE.search(text, max(begin, match.start() - 12), match.start()):
                dose = found[0]
            break
    if not amount:
        end = min(end, after + _UNDOSED_REACH)
        verb = _NOT_DOSING.search(text, after, end)
        end = verb.start() if verb else end
        words = [word for word in _WORD.finditer(text, after, end) if word.group().lower() not in _ARTICLES]
        end = words[_UNDOSED_WORDS].start() if len(words) > _UNDOSED_WORDS else end
    cycles = [m.span() for m in _CYCLE.finditer(text, begin, end)]
    route = lexicon.routes.first(text, begin, mention.start) or lexicon.routes.first(text, after, end)
    frequency = lexicon.frequencies.first(text, after, end, cycles) or lexicon.frequencies.first(text, begin, mention.start)
    days = _DAYS.search(text, after, end) or _DAYS.search(text, begin, mention.start)
    if days is not None and any(a <= days.start() < b for a, b in cycles):
        days = None
    for found in (route, frequency):
        if found is not None and found[1] >= mention.start:
            reach = max(reach, found[2])
    if days is not None:
        reach = max(reach, days.end())
    return replace(
        mention,
        dose=dose,
        amount=amount,
        route=route[0] if route else None,
        route_before=route is not None and route[1] < mention.start,
        frequency=frequency[0] if frequency else None,
        days=_days(days) if days else None,
        reach=reach,
    )


def _days(match: re.Match) -> list[tuple[int, int]] | None:
    if match.group("n"):
        return [(1, _count_value(match.group("n")))]
    if match.group("a"):
        return [(int(match.group("a")), int(match.group("b")))]
    ranges = []
    for item in _DAY_RANGE.finditer(match.group("items")):
        first = int(item.group("a").replace("−", "-"))
        last = int(item.group("b").replace("−", "-")) if item.group("b") else first
        ranges.append((first, last))
    return ranges or None


class _CycleStatements:
    """The cycle statements of text[start:end], read once, by paragraph (a line)."""

    def __init__(self, text: str, start: int, end: int):
        self.start, self.end = start, end
        self.breaks = [match.start() for match in _LINE_BREAK.finditer(text, start, end)]
        self.found = [(match.start(), match.end(), _cycle_amount(match.group())) for match in _CYCLE.finditer(text, start, end)]
        self.ends = [stop for _, stop, _ in self.found]

    def nearest(self, position: int) -> Amount | None:
        """The cycle stated in the paragraph of `position` nearest to it: the first after it, else the last before it."""
        index = bisect.bisect_left(self.breaks, position)
        low = self.breaks[index - 1] + 1 if index else self.start
        high = self.breaks[index] if index < len(self.breaks) else self.end
        after = bisect.bisect_right(self.ends, position)
        if after < len(self.found) and low <= self.found[after][0] and self.found[after][1] <= high:
            return self.found[after][2]
        if after and low <= self.found[after - 1][0]:
            return self.found[after - 1][2]
        return None


def _cycle_amount(phrase: str) -> Amount | None:
    number = re.search(_COUNT.replace("(?P<v>", "(?:"), phrase, re.I)
    unit = re.search(r"(day|week)", phrase[number.end() :] if number else phrase, re.I)
    if number is None or unit is None:
        return None
    return Amount(value=_count_value(number.group()), unit=ucum_code(unit.group()))


def _count_value(word: str) -> int:
    """The value of a `_COUNT`: digits or a number word."""
    word = word.lower()
    return NUMBER_WORDS[word] if word in NUMBER_WORDS else int(word)


_SHARED_JOIN = re.compile(r"^\s*,?\s*(?:and|plus|\+|&)\s*$", re.I)


def _share(mentions: list[Mention], text: str, lexicon: Lexicon) -> None:
    """Frequency and days written after the last of drugs joined by "and" are theirs too."""
    for index in range(len(mentions) - 2, -1, -1):
        current, following = mentions[index], mentions[index + 1]
        between = text[max(current.reach, current.end) : min(following.start, following.scope)]
        route = lexicon.routes.first(between, 0, len(between))
        if route is not None:
            between = between[: route[1]] + between[route[2] :]
        if not _SHARED_JOIN.match(between):
            continue
        if current.frequency is None and following.frequency is not None:
            current.frequency = following.frequency
        if current.days is None and following.days is not None:
            current.days = following.days


def find_regimens(
    text: str, prose: list[tuple[int, int]], listings: list[tuple[int, int]], statements: list[tuple[int, int]] | None = None
) -> list[Intervention]:
    """The interventions of a document: `listings` are intervention lines, `prose` running text,
    `statements` where the protocol states its cycle length (default: the prose)."""
    lexicon = Lexicon.load()
    protocol_cycle = _only_cycle(text, prose if statements is None else statements)
    listed = [m for start, end in listings for m in listed_drugs(text, start, end, lexicon)]
    regions = sorted([(s, e, True) for s, e in listings] + [(s, e, False) for s, e in prose])
    mentions: list[Mention] = []
    for start, end, is_listing in regions:
        found = [m for m in listed if start <= m.start < end] if is_listing else _prose_mentions(text, start, end, listed, lexicon)
        read = []
        for index, mention in enumerate(found):
            limit = min(found[index + 1].start, found[index + 1].scope) if index + 1 < len(found) else end
            if is_listing:
                limit = min(limit, _clause_end(text, mention.end, end))
            else:
                limit = min(max(limit, mention.end), _clause_end(text, max(mention.end, (mention.anchor_dose or (0, 0))[1]), end))
            read.append(_read_dosing(text, mention, max(limit, mention.end), lexicon))
        if not listings and not is_listing:
            read = sorted(read + _given_in_sentences(text, start, end, found, lexicon), key=lambda m: m.start)
        _share(read, text, lexicon)
        _share_route(read, text)
        stated = _CycleStatements(text, start, end)
        for mention in read:
            if mention.dosed:
                mention.cycle = stated.nearest(mention.start) or protocol_cycle
                mention.frequency = mention.frequency or _once_a_cycle(mention.days, mention.cycle)
        mentions.extend(read)
    return _items(text, mentions)


def _only_cycle(text: str, regions: list[tuple[int, int]]) -> Amount | None:
    """The protocol's cycle length when its cycle statements all agree: a regimen stated
    without one ("LP-118 under a once daily oral dosing schedule") runs in it ("each cycle
    is 28 days" in an outcome's time frame)."""
    lengths = {_cycle_amount(match.group()) for start, end in regions for match in _CYCLE.finditer(text, start, end)}
    lengths.discard(None)
    return lengths.pop() if len(lengths) == 1 else None


def _once_a_cycle(days: list[tuple[int, int]] | None, cycle: Amount | None) -> str | None:
    """The frequency of a drug given on one day of each cycle of whole weeks ("Day 1 of 21-day cycles" is Q3W)."""
    if cycle is None or not days or len(days) != 1 or days[0][0] != days[0][1]:
        return None
    weeks = cycle.value / 7 if cycle.unit == "d" else cycle.value if cycle.unit == "wk" else None
    return _WEEKLY.get(weeks)



def _share_route(mentions: list[Mention], text: str) -> None:
    """The route that opens a sentence of several drugs, or closes it, is the route of each that states none:
    "intravenous (IV) atezolizumab 1200 mg IV and bevacizumab 15 mg/kg"; parallel arms "group A will
    receive mirtazapine 15 mg tablet and group B ... megestrol acetate 160 mg tablet orally". A route
    inside the sentence is its drug's own ("lapatinib 1500 mg QD in combination with IV paclitaxel")."""
    sentence: list[Mention] = []
    for index, mention in enumerate(mentions):
        sentence.append(mention)
        following = mentions[index + 1] if index + 1 < len(mentions) else None
        if following is not None and _SENTENCE_END.search(text, mention.end, min(following.start, following.scope)) is None:
            continue
        first, last = sentence[0], sentence[-1]
        route = first.route if first.route_before else last.route if not last.route_before else None
        for member in sentence:
            member.route = member.route or route
        sentence = []


def _items(text: str, mentions: list[Mention]) -> list[Intervention]:
    """One item per drug: its first dosed mention, else its first listed entry.

    A mention with a dose or schedule of its own comes before one dosed only by
    its sentence (`_given_in_sentences`). A route or cycle the item's mention
    does not state is taken from the drug's other dosed mentions: a drug keeps
    its route and regimen through a protocol.
    """
    chosen: list[Mention] = []
    by_word: dict[str, list[Mention]] = {}  # names of one drug share their first word
    for mention in sorted(mentions, key=lambda m: (not m.dosed, m.given, m.start)):
        word = mention.name.split()[0]
        same = next((other for other in by_word.get(word, ()) if _same_drug(mention.name, other.name)), None)
        if same is not None:
            if mention.dosed:
                same.route = same.route or mention.route
                same.cycle = same.cycle or mention.cycle
            continue
        if mention.dosed or mention.listed:
            chosen.append(mention)
            by_word.setdefault(word, []).append(mention)
    items = []
    for mention in sorted(chosen, key=lambda m: m.start):
        start = min(mention.start, mention.scope)
        end = max(mention.end, mention.reach)
        items.append(
            Intervention(
                span=(start, end),
                text=text[start:end],
                name=mention.name,
                dose=mention.dose,
                route=mention.route,
                frequency=mention.frequency,
                days=mention.days,
                cycle=mention.cycle,
            )
        )
    return items


@Language.factory("eligo_regimens")
def make_regimens(nlp: Language, name: str):
    def regimens(doc: Doc) -> Doc:
        listings = [(s.start, s.end) for s in sections_of(doc, "interventions")]
        prose = [(s.start, s.end) for s in sections_of(doc, *PROSE_SECTIONS)]
        outcomes = [(s.start, s.end) for s in sections_of(doc, "primary_outcomes", "secondary_outcomes")]
        doc._.interventions = find_regimens(text_of(doc), prose, listings, prose + outcomes)
        return doc

    return regimens


def drug_names(phrase: str) -> list[str] | None:
    """The drugs a phrase names ("docetaxel combined with trastuzumab and pertuzumab"), lower case,
    without forms; None when a part of it reads as no drug name (a clause, "different doses of X")."""
    lexicon = Lexicon.load()
    names = []
    for part in _split_coordinated(phrase, 0, len(phrase)):
        span = _listed_name(phrase, *part, lexicon)
        if span is None:
            continue
        words = _WORD.findall(phrase[slice(*span)])
        if len(words) > _NAME_WORDS or any(w.lower() in lexicon.stop for w in words):
            return None
        names.append(_name_key(phrase[slice(*span)]))
    return names

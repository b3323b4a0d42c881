"""Modifier words the mention recogniser misses: cue phrases learnt from Chia, added after the
recogniser.

Relations lose most on the modifiers (qualifiers, time words, negation cues):
the entity recogniser labels each token once, so "active hepatitis B" comes
out as one condition and the qualifier is lost, and short cue words ("not",
"absence of", "current") are often left unlabelled. Chia annotates those
words consistently enough that a phrase list says more than the network:
`modifier_words.jsonl` holds the phrases that Chia's training part labels as
one modifier kind in most of the places they occur (written by
`tools/learn_modifier_words.py`, with the precision and count it kept). Each
such phrase in a criterion becomes a modifier when no entity covers it, and
splits it off a mention it opens ("[active] [hepatitis B]"), the mention
keeping the rest. A mention the recogniser found with a modifier at either
edge ("[active brain metastases]", "[HIV positive]") gives it up where
`modifier_edges.jsonl` lists the words as more often Chia's modifier there than
the mention's own words ("[active] [brain metastases]"; counts from the
training part, `tools/learn_modifier_words.py`). The other way round,
`unmarked_modifiers.jsonl` lists what the pipeline finds as a modifier but Chia
seldom ties to a mention (fewer than a quarter of the training part's relations
on it: "past", "at least one"); no relation is made on those. "non-" before one
word is that word's negation cue ("[non]-[pregnant]"). Plain data in, plain data
out: no spaCy here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from eligo.datafiles import word_lists, word_values, words

LabelledSpans = list[tuple[int, int, str]]
_BOUNDARY = r"(?<![\w-])({})(?![\w-])"


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, str], re.Pattern[str] | None]:
    """Phrase → modifier label, and one pattern finding any phrase (longest first)."""
    labels = {
        p.lower(): str(v)
        for p, v in word_values(
            "eligo.parser.data", "modifier_words", "modifier_words.jsonl"
        ).items()
    }
    return labels, pattern(labels)


def pattern(phrases) -> re.Pattern[str] | None:
    """A case-insensitive pattern matching any of `phrases` as whole words, longest first, spaces
    flexible."""
    ordered = sorted(phrases, key=lambda p: (-len(p), p))
    alternatives = "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in ordered)
    return re.compile(_BOUNDARY.format(alternatives), re.IGNORECASE) if ordered else None


def add_modifiers(
    text: str,
    found: LabelledSpans,
    modifiers: frozenset[str],
    lexicon: tuple[dict[str, str], re.Pattern[str] | None] | None = None,
) -> LabelledSpans:
    """`found` (start, end, label) in `text`, with the lexicon's phrases added as modifiers: where
    nothing was found, or at the start of a mention (labels not in `modifiers`) that goes on after
    them, which keeps the rest. A phrase is whole words: "pre" of "pre-existing" is not "pre",
    "severe" of "severe-asthma" is part of one word."""
    labels, finder = lexicon or _lexicon()
    if finder is None:
        return found
    result = list(found)
    for match in finder.finditer(text):
        start, end = match.span()
        label = labels[" ".join(match.group().lower().split())]
        covering = [f for f in result if f[0] < end and start < f[1]]
        if not covering:
            result.append((start, end, label))
        elif (
            len(covering) == 1
            and covering[0][2] not in modifiers
            and covering[0][0] == start
            and text[end : covering[0][1]].strip()
        ):
            mention = covering[0]
            rest = mention[1] - len(
                text[end : mention[1]].lstrip()
            )  # the mention's words after the phrase
            result.remove(mention)
            result += [(start, end, label), (rest, mention[1], mention[2])]
    return sorted(result)


Edges = tuple[dict[str, str], re.Pattern[str] | None, re.Pattern[str] | None]


def edge_patterns(start: dict[str, str], end: dict[str, str]) -> Edges:
    """Phrase → modifier label of both edges (keys "start:phrase", "end:phrase"), a pattern finding
    an opening phrase and the words after it, and one finding the words before a closing phrase."""
    labels = {f"start:{p.lower()}": v for p, v in start.items()} | {
        f"end:{p.lower()}": v for p, v in end.items()
    }

    def alternatives(phrases) -> str:
        ordered = sorted(phrases, key=lambda p: (-len(p), p))
        return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in ordered)

    return (
        labels,
        re.compile(rf"(?P<edge>{alternatives(start)})\s+(?=[^\W_])", re.I) if start else None,
        re.compile(rf"(?s:.*[\w)\]])\s+(?P<edge>{alternatives(end)})", re.I) if end else None,
    )


@lru_cache(maxsize=1)
def _edges() -> Edges:
    """The edge phrases of `modifier_edges.jsonl`."""
    return edge_patterns(
        *(
            {p: str(v) for p, v in word_values(package, name, "modifier_edges.jsonl").items()}
            for package, name in (
                ("eligo.parser.data", "modifier_edge_start"),
                ("eligo.parser.data", "modifier_edge_end"),
            )
        )
    )


def split_edges(
    text: str, found: LabelledSpans, modifiers: frozenset[str], edges: Edges | None = None
) -> LabelledSpans:
    """`found` with each mention (labels not in `modifiers`) that opens or closes with an edge
    phrase cut there, as often as it does ("[severe active lupus]" → [severe] [active] [lupus]):
    the phrase becomes a modifier of its label, the mention keeps the rest. A name of its own that
    ends in an edge phrase ("family history") stays whole."""
    labels, opening, closing = edges or _edges()
    result: LabelledSpans = []
    for start, end, label in found:
        while label not in modifiers and " ".join(text[start:end].lower().split()) not in _whole():
            head = opening.match(text, start, end) if opening else None
            tail = closing.fullmatch(text, start, end) if closing else None
            if head is not None:
                key = "start:" + " ".join(head.group("edge").lower().split())
                result.append((start, head.end("edge"), labels[key]))
                start = head.end()
            elif tail is not None:
                key = "end:" + " ".join(tail.group("edge").lower().split())
                result.append((tail.start("edge"), end, labels[key]))
                end = len(text[: tail.start("edge")].rstrip())
            else:
                break
        result.append((start, end, label))
    return sorted(result)


# "non-" before one word negates it: "non-smoker", "Non pregnant", "non-lactating"; written
# with a hyphen or a space (closed up, "nonsteroidal", it is a word of its own).
_NEGATED_WORD = re.compile(r"(?P<cue>non)(?:\s*-\s*|\s+)(?P<word>[^\W\d_][\w'-]*)", re.IGNORECASE)


def split_negated_words(
    text: str, found: LabelledSpans, modifiers: frozenset[str], cue: str
) -> LabelledSpans:
    """`found` with each mention (labels not in `modifiers`) that is "non-" and one word cut into
    the negation cue "non" (labelled `cue`) and the word, which stays the mention
    ("[non]-[pregnant]", as Chia mostly annotates it). A longer name keeps its "non-":
    "non-melanoma skin cancer" is not a negated melanoma, "non-small cell lung cancer" a kind of
    cancer."""
    result: LabelledSpans = []
    for start, end, label in found:
        match = _NEGATED_WORD.fullmatch(text, start, end) if label not in modifiers else None
        if match is None or "-" in match.group("word"):
            result.append((start, end, label))
            continue
        result += [(*match.span("cue"), cue), (*match.span("word"), label)]
    return sorted(result)


@lru_cache(maxsize=1)
def _whole() -> frozenset[str]:
    """Names that end in an edge phrase but are names of their own ("family history")."""
    return frozenset(words("eligo.parser.data", "names_with_a_modifier_edge"))


@lru_cache(maxsize=1)
def _unmarked() -> dict[str, frozenset[str]]:
    """Relation kind → the phrases of `unmarked_modifiers.jsonl` no relation of that kind is made
    on."""
    lists = word_lists("eligo.parser.data", "unmarked_modifiers.jsonl")
    return {
        name.removeprefix("unmarked_"): frozenset(p for entry in entries for p in entry.phrases)
        for name, entries in lists.items()
    }


def unmarked(kind: str, words: str) -> bool:
    """Whether `words` (a modifier's text) are listed as seldom Chia's modifier of `kind`."""
    return " ".join(words.lower().split()) in _unmarked().get(kind, frozenset())


# Where a threshold's value expression starts: its comparator (a sign or words) or its first number.
_VALUE_START = re.compile(
    r"[<>≤≥=]|\b(?:less|greater|more|fewer|higher|lower|at\s+(?:least|most)|above|below|over|under|up\s+to"
    r"|between|exceed\w*|equal\w*|no\s+more|no\s+less|within)\b|(?<![\w.])\d"
    r"|(?-i:(?<![\w.])(?:I{1,3}|IV|VI{0,3}|IX)(?![\w]))",  # a Roman class ("NYHA III")
    re.IGNORECASE,
)


def value_part(text: str) -> tuple[int, int] | None:
    """Where in a threshold's `text` its value expression lies ("Hemoglobin < 11.5 g/dL" → "< 11.5
    g/dL"): from its comparator, first number or Roman class to its end; None when it has none of
    them."""
    match = _VALUE_START.search(text)
    return (
        (match.start(), len(text.rstrip(" .,;")))
        if match and match.start() < len(text.rstrip(" .,;"))
        else None
    )


def add_spans(
    text: str,
    found: LabelledSpans,
    spans: list[tuple[int, int]],
    label: str,
    modifiers: frozenset[str],
) -> LabelledSpans:
    """`found` with `spans` (in `text`) added as modifiers labelled `label`: the parser's own
    readings of what the recogniser leaves unlabelled or swallows (a threshold's value expression,
    "(< 50 beats/min)"). A span is added where nothing found overlaps it, or where one mention
    (labels not in `modifiers`) runs on into it from before ("[Hgb<11g/dL]"): the mention keeps its
    words before the span ("[Hgb] [<11g/dL]")."""
    result = list(found)
    for start, end in spans:
        covering = [f for f in result if f[0] < end and start < f[1]]
        if len(covering) == 1 and covering[0][2] not in modifiers and covering[0][0] < start:
            mention = covering[0]
            result.remove(mention)
            result.append((mention[0], len(text[:start].rstrip(" ([")), mention[2]))
            covering = []
        if not covering:
            result.append((start, end, label))
    return sorted(result)


def cut_runs(
    text: str,
    found: LabelledSpans,
    spans: list[tuple[int, int]],
    label: str,
    names: list[int],
    named: str,
) -> LabelledSpans:
    """`found` with each `label` span that starts inside one of `spans` (the parser's readings of
    that kind) and runs on past its end cut there: the recogniser ran a value into the next
    measurement's name ("[<= 1.5 x ULN AST/ALT]"). The words after it are a mention labelled
    `named` from the first of `names` (where the parser reads a threshold's name) among them
    ("[<= 1.5 x ULN] [AST/ALT]"), else no mention."""
    result: LabelledSpans = []
    for start, end, kind in found:
        reading = next((r for r in spans if r[0] <= start < r[1] < end), None)
        if kind != label or reading is None or not re.search(r"\w", text[reading[1] : end]):
            result.append((start, end, kind))
            continue
        result.append((start, reading[1], kind))
        name = next((n for n in sorted(names) if reading[1] <= n < end), None)
        if name is not None:
            name = name + len(text[name:end]) - len(text[name:end].lstrip())
            result.append((name, end, named))
    return sorted(result)


_SLASH = re.compile(r"\s*/\s*")
_OR = re.compile(r"\s+or\s+", re.IGNORECASE)  # "or" as a word between two names
_NAMED = re.compile(r"[A-Za-z]{2}")  # a piece with a word in it (not "type 1 or 2")
_LEFT = re.compile(
    r"(?<![\w])[A-Za-z]{2,}$|(?<=-)[A-Za-z]{2,}$"
)  # a word of letters just before the slash
_RIGHT = re.compile(r"[A-Za-z]{2,}(?![\w])")  # and just after it ("cells/mm3" is a unit)


@lru_cache(maxsize=1)
def _slash_kept() -> frozenset[str]:
    return frozenset(words("eligo.parser.data", "slash_not_alternatives"))


def _or_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) cut at each "or" that has a word on both sides of it."""
    pieces, cut = [], start
    for match in _OR.finditer(text, start, end):
        if _NAMED.search(text, cut, match.start()) and _NAMED.search(text, match.end(), end):
            pieces.append((cut, match.start()))
            cut = match.end()
    return [*pieces, (cut, end)]


def split_alternatives(text: str, found: LabelledSpans, modifiers: frozenset[str]) -> LabelledSpans:
    """`found` with each mention (labels not in `modifiers`) that joins words by "or" or by a slash
    cut there into its alternatives: "renal/hepatic failure" is [renal] and [hepatic failure],
    "albuterol/salbutamol" two drugs, "CYP3A4 or P-gp inhibitors" [CYP3A4] and [P-gp inhibitors],
    as Chia annotates them (a whole span covering two mentions matches neither, and a modifier
    before it belongs to the first). A slash next to a word of `slash_not_alternatives` ("and/or",
    "drinks/day") or a number stays inside, and so does an "or" without a word on one side
    ("grade 1 or 2")."""
    result: LabelledSpans = []
    for start, end, label in found:
        pieces = _or_pieces(text, start, end) if label not in modifiers else [(start, end)]
        for piece_start, piece_end in pieces:
            cut = piece_start
            for match in (
                _SLASH.finditer(text, piece_start, piece_end) if label not in modifiers else ()
            ):
                left, right = (
                    _LEFT.search(text, cut, match.start()),
                    _RIGHT.match(text, match.end(), piece_end),
                )
                if (
                    left
                    and right
                    and not {left.group().lower(), right.group().lower()} & _slash_kept()
                ):
                    result.append((cut, match.start(), label))
                    cut = match.end()
            result.append((cut, piece_end, label))
    return sorted(result)


# One word right before a comparison sign: what a value the recogniser ran on from it measures.
_MEASURED = re.compile(r"([A-Za-z][\w-]*)\s*(?=[<>≤≥=＜＞])")
# Age and sex are thresholds, not mentions (the gold format's rule, as Chia's).
_NOT_MEASURED = frozenset({"age", "aged"})


def split_measured(text: str, found: LabelledSpans, value: str, measured: str) -> LabelledSpans:
    """`found` with each `value` span that opens with one word followed by a comparison sign
    ("[CrCl<30 ml/min]", "[Plt < 50,000/mL]", as the tokenizer leaves "CrCl<30" one token) cut
    there: the word is what is measured (labelled `measured`), the rest the value."""
    result: LabelledSpans = []
    for start, end, label in found:
        match = _MEASURED.match(text, start, end) if label == value else None
        if match is None or match.group(1).lower() in _NOT_MEASURED:
            result.append((start, end, label))
            continue
        result += [(start, match.end(1), measured), (match.end(), end, label)]
    return sorted(result)


# A name with its abbreviation in brackets after it: "magnetic resonance imaging (MRI)".
_ABBREVIATED = re.compile(r"(?P<name>.*\w)\s*\((?P<short>[A-Za-z][\w-]{0,9})\)", re.DOTALL)


def split_abbreviations(
    text: str, found: LabelledSpans, modifiers: frozenset[str]
) -> LabelledSpans:
    """`found` with each mention (labels not in `modifiers`) that ends with its abbreviation in
    brackets cut into the name and the abbreviation, two mentions of one label, as Chia mostly
    annotates them ("[magnetic resonance imaging] ([MRI])"); a whole span covering both matches
    neither. The abbreviation has a capital letter and no space ("(MRI)", "(eGFR)", not "(s)")."""
    result: LabelledSpans = []
    for start, end, label in found:
        match = _ABBREVIATED.fullmatch(text, start, end) if label not in modifiers else None
        if match is None or match.group("short").islower():
            result.append((start, end, label))
            continue
        result += [(start, match.end("name"), label), (*match.span("short"), label)]
    return sorted(result)

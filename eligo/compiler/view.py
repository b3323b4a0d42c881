"""What compiling one criterion reads: its text, its facts in criterion coordinates, sentences and
cues.

A `CriterionView` is built once per criterion and never changes: every module
of the compiler reads the criterion through it (facts in a range, the phrase
before a position, brackets), so no step keeps state of its own.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from copy import copy
from dataclasses import dataclass

from eligo.compiler.parts import MEASURED_KINDS, relative
from eligo.facts import CriterionFacts, Cue, Mention
from eligo.lexicon import Concept, Lexicon

_NEGATED_CUE = re.compile(r"\b(?:cannot|can\s?not|not|never)\s+$", re.I)


@dataclass(frozen=True, slots=True)
class Phrase:
    """A phrase of a word list found in a range (`CriterionView.phrases`), in criterion
    coordinates: its bounds, its words as written and the value its list gives it."""

    bounds: tuple[int, int]
    text: str
    value: str | None

    def start(self) -> int:
        return self.bounds[0]

    def end(self) -> int:
        return self.bounds[1]

    def span(self) -> tuple[int, int]:
        return self.bounds


class CriterionView:
    """One criterion's facts and text, read-only.

    `targets` are the conditions the protocol's inclusions require (the trial's disease): "other
    malignancy" means a malignancy other than those. `passes` are the sentence rewrites to run, in
    order (`eligo.compiler.passes`).
    """

    def __init__(
        self, facts: CriterionFacts, targets: frozenset[str] = frozenset(), passes: tuple = ()
    ):
        self.facts = facts
        self.exclusion = facts.criterion.kind == "exclusion"
        self.base = facts.criterion.span[0]
        self.text = facts.criterion.text
        self.targets = targets
        self.passes = passes
        self.lexicon = Lexicon.load()
        self.cue_spans = [(c, *relative(c.span, self.base)) for c in facts.cues]
        self.sentences = tuple(relative(span, self.base) for span in facts.sentences) or (
            (0, len(self.text)),
        )
        # the marks of clauses and brackets, by position, so a range is found by bisection
        self._marks = [(position - self.base, char) for position, char in facts.marks]
        self._mark_positions = [position for position, _ in self._marks]
        # Facts by start, so a range is found by bisection: a long criterion has many ranges and
        # many facts.
        self._cues: dict[str, list[tuple[Cue, int, int]]] = defaultdict(list)
        for cue in sorted(self.cue_spans, key=lambda c: c[1]):
            self._cues[cue[0].category].append(cue)
        self._cue_starts = {category: [c[1] for c in cues] for category, cues in self._cues.items()}
        self._mentions = sorted(
            ((m, *relative(m.span, self.base)) for m in facts.mentions), key=lambda m: m[1]
        )
        self._mention_starts = [m[1] for m in self._mentions]
        self._brackets: dict[tuple[int, int], tuple[tuple[int, int], ...]] = {}
        # phrase facts by category, by start then longest first: the order a pattern's
        # alternation (longest phrase first) tries them in
        self._phrases: dict[str, list[tuple[int, int, bool, str | None]]] = defaultdict(list)
        for fact in sorted(facts.phrases, key=lambda p: (p.span[0], -p.span[1])):
            start, end = relative(fact.span, self.base)
            self._phrases[fact.category].append((start, end, fact.whole, fact.value))
        self._phrase_starts = {c: [p[0] for p in found] for c, found in self._phrases.items()}

    def reading(self, targets: frozenset[str] = frozenset(), passes: tuple = ()) -> CriterionView:
        """The same criterion's view with other `targets` and `passes`: its indexes of the facts
        are shared, not built again (a protocol reads each criterion for its rule, then for its
        left-over words)."""
        view = copy(self)
        view.targets, view.passes = targets, passes
        return view

    def sentence_of(self, position: int) -> tuple[int, int]:
        """The sentence that holds `position` (the end of the text belongs to the last one)."""
        return next(((s, e) for s, e in self.sentences if s <= position <= e), (0, len(self.text)))

    def cues(
        self, category: str, start: int = 0, end: int | None = None
    ) -> list[tuple[Cue, int, int]]:
        end = len(self.text) if end is None else end
        starts = self._cue_starts.get(category, [])
        return (
            self._cues[category][bisect_left(starts, start) : bisect_left(starts, end)]
            if starts
            else []
        )

    def mentions(self, start: int, end: int, kinds: set[str]) -> list[tuple[Mention, int, int]]:
        inside = self._mentions[
            bisect_left(self._mention_starts, start) : bisect_left(self._mention_starts, end)
        ]
        return [m for m in inside if m[0].type in kinds]

    def measured(self, start: int, end: int) -> list[tuple[Concept, int, int]]:
        """Mentions of measured concepts (observations, scores, age) in [start, end)."""
        found = []
        for mention, m_start, m_end in self.mentions(start, end, set(MEASURED_KINDS)):
            concept = self.lexicon.get(mention.concept)
            if concept is not None:
                found.append((concept, m_start, m_end))
        return found

    def clause_end(self, start: int, limit: int | None = None, commas: bool = True) -> int:
        """Where the clause begun at `start` ends: a `,` `;` `:` or "then" outside brackets, or its
        enclosing `)`; without `commas`, where the list begun there ends (a comma goes on)."""
        depth = 0
        stop = len(self.text) if limit is None else limit
        ends = ",;:t" if commas else ";:t"
        for index in range(bisect_left(self._mark_positions, start), len(self._marks)):
            position, char = self._marks[index]
            if position >= stop:
                break
            if char in "([":
                depth += 1
            elif char in ")]":
                if depth == 0:
                    return position
                depth -= 1
            elif depth == 0 and char in ends:
                return position
        return stop

    def clause_start(self, end: int, floor: int = 0) -> int:
        """Where the clause that ends at `end` begins: after a `,` `;` `:` `(` outside brackets."""
        depth = 0
        for index in range(bisect_left(self._mark_positions, end) - 1, -1, -1):
            position, char = self._marks[index]
            if position < floor:
                break
            if char in ")]":
                depth += 1
            elif char in "([":
                if depth == 0:
                    return position + 1
                depth -= 1
            elif depth == 0 and char in ",;:":
                return position + 1
        return floor

    def phrases(self, category: str, start: int = 0, end: int | None = None) -> list[Phrase]:
        """The phrases of `category` in [start, end), left to right, none overlapping, as the
        category's pattern finds them (`finditer(text, start, end)`): at each place the longest that
        fits in the range and ends at a word's end or at `end`."""
        return list(self._phrases_in(category, start, end))

    def phrase(self, category: str, start: int = 0, end: int | None = None) -> Phrase | None:
        """The first phrase of `category` in [start, end) (`search(text, start, end)`)."""
        return next(self._phrases_in(category, start, end), None)

    def phrase_at(self, category: str, start: int, end: int | None = None) -> Phrase | None:
        """The phrase of `category` that begins at `start`, within `end` (`match(text, start,
        end)`)."""
        found = self.phrase(category, start, end)
        return found if found is not None and found.start() == start else None

    def ending(self, category: str, start: int, end: int) -> Phrase | None:
        """The first phrase of `category` in [start, end) followed by white space only up to `end`
        (`phrases.ending(category).search(text, start, end)`): its span runs to `end`, the white
        space included."""
        end = min(end, len(self.text))
        last = start + len(self.text[start:end].rstrip())
        starts = self._phrase_starts.get(category, [])
        found = self._phrases.get(category, [])
        for index in range(bisect_left(starts, start), bisect_left(starts, last)):
            begin, stop, _, meant = found[index]
            if stop == last:
                return Phrase((begin, end), self.text[begin:end], meant)
        return None

    def _phrases_in(self, category: str, start: int, end: int | None):
        end = len(self.text) if end is None else min(end, len(self.text))
        starts = self._phrase_starts.get(category)
        if not starts:
            return
        found, after = self._phrases[category], start
        for index in range(bisect_left(starts, start), bisect_left(starts, end)):
            begin, stop, whole, meant = found[index]
            if begin >= after and stop <= end and (whole or stop == end):
                yield Phrase((begin, stop), self.text[begin:stop], meant)
                after = stop

    def phrase_before(self, category: str, start: int, floor: int, words: int = 3) -> Phrase | None:
        """A phrase of `category` at most `words` words before `start`, in the same clause."""
        begin = self.clause_start(start, floor)
        for match in self.phrases(category, begin, start):
            between = self.text[match.end() : start]
            if len(between.split()) <= words and not re.search(r"[,;.]", between):
                return match
        return None

    def brackets(self, start: int, end: int) -> list[tuple[int, int]]:
        """The outermost brackets of [start, end), as (open, close) offsets (remembered per range:
        many steps ask for the same one)."""
        known = self._brackets.get((start, end))
        if known is None:
            known = self._brackets[(start, end)] = tuple(self._scan_brackets(start, end))
        return list(known)

    def _scan_brackets(self, start: int, end: int) -> list[tuple[int, int]]:
        found, depth, opened = [], 0, start
        for index in range(bisect_left(self._mark_positions, start), len(self._marks)):
            position, char = self._marks[index]
            if position >= end:
                break
            if char in "([":
                opened = position if depth == 0 else opened
                depth += 1
            elif char in ")]" and depth:
                depth -= 1
                if depth == 0:
                    found.append((opened, position + 1))
        return found

    def marks(self, start: int, end: int) -> list[tuple[int, str]]:
        """The clause and bracket marks in [start, end), as (offset, character)."""
        starts = self._mark_positions
        return self._marks[bisect_left(starts, start) : bisect_left(starts, end)]

    def bracketed(self, position: int, start: int, end: int) -> bool:
        return any(a < position < b for a, b in self.brackets(start, end))

    def optional_details(self) -> list[tuple[int, int]]:
        """ "documented by imaging (preferably by MRI)", "HbA1c 7-10 %, preferably measured
        centrally": a preference inside a sentence is an optional detail of it, its bracket or
        clause, which requires nothing; a preference that opens its sentence ("Preference will be
        given to ...") is the whole sentence's (`sentence.allowed`)."""
        found = []
        for match in self.phrases("preference"):
            start, end = self.sentence_of(match.start())
            if not re.search(r"[A-Za-z]{2}", self.text[start : match.start()]):
                continue
            bracket = next(
                ((a, b) for a, b in self.brackets(start, end) if a < match.start() < b), None
            )
            found.append(bracket or (match.start(), self.clause_end(match.end(), end)))
        return found

    def requirement_cues(self, category: str) -> list[tuple[Cue, int, int]]:
        """Consent or judgement cues that are requirements: not "the time of signing informed
        consent", not "cannot participate"."""
        kept = []
        for cue, start, end in self.cues(category):
            before = self.text[max(0, start - 30) : start]
            anchored = self.ending("consent_anchor", max(0, start - 30), start)
            if anchored or _NEGATED_CUE.search(before):
                continue
            kept.append((cue, start, end))
        return kept

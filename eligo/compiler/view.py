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

from eligo import phrases
from eligo.compiler.parts import MEASURED_KINDS, relative
from eligo.compiler.text import clause_end, clause_start, sentences
from eligo.facts import CriterionFacts, Cue, Mention
from eligo.lexicon import Concept, Lexicon

_NEGATED_CUE = re.compile(r"\b(?:cannot|can\s?not|not|never)\s+$", re.I)


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
        self.sentences = sentences(self.text)
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

    def phrase_before(
        self, category: str, start: int, floor: int, words: int = 3
    ) -> re.Match | None:
        """A phrase of `category` at most `words` words before `start`, in the same clause."""
        begin = clause_start(self.text, start, floor)
        pattern = phrases.pattern(category)
        for match in pattern.finditer(self.text, begin, start):
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
        for index in range(start, end):
            if self.text[index] in "([":
                opened = index if depth == 0 else opened
                depth += 1
            elif self.text[index] in ")]" and depth:
                depth -= 1
                if depth == 0:
                    found.append((opened, index + 1))
        return found

    def bracketed(self, position: int, start: int, end: int) -> bool:
        return any(a < position < b for a, b in self.brackets(start, end))

    def optional_details(self) -> list[tuple[int, int]]:
        """ "documented by imaging (preferably by MRI)", "HbA1c 7-10 %, preferably measured
        centrally": a preference inside a sentence is an optional detail of it, its bracket or
        clause, which requires nothing; a preference that opens its sentence ("Preference will be
        given to ...") is the whole sentence's (`sentence.allowed`)."""
        found = []
        for match in phrases.pattern("preference").finditer(self.text):
            start, end = self.sentence_of(match.start())
            if not re.search(r"[A-Za-z]{2}", self.text[start : match.start()]):
                continue
            bracket = next(
                ((a, b) for a, b in self.brackets(start, end) if a < match.start() < b), None
            )
            found.append(bracket or (match.start(), clause_end(self.text, match.end(), end)))
        return found

    def requirement_cues(self, category: str) -> list[tuple[Cue, int, int]]:
        """Consent or judgement cues that are requirements: not "the time of signing informed
        consent", not "cannot participate"."""
        kept = []
        for cue, start, end in self.cues(category):
            before = self.text[max(0, start - 30) : start]
            if phrases.ending("consent_anchor").search(before) or _NEGATED_CUE.search(before):
                continue
            kept.append((cue, start, end))
        return kept

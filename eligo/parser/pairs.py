"""Pairs of values: "BP > 140/90 mmHg" compares two measures with one comparator.

A blood pressure is written as a pair "N/M", the systolic pressure first, the diastolic second,
with one comparator and one unit ("BP > 140/90 mmHg", "SBP/DBP ≥ 150/95", "uncontrolled
hypertension (>160/100 mmHg)", "BP < 90/60"). Each member is a threshold of its own measure, both
on the pair's span (the spec's rule for a range written as one phrase: two items, one span), and
the pair says how the two join, as a fact (`joined`), so that the compiler need not read the pair
again:

- a limit beyond which the pressure is abnormal is crossed when either member crosses it: "> 140/90"
  (high) and "< 90/60" (low) are systolic > 140 `or` diastolic > 90;
- the side within the limit needs both members: "< 140/90" (controlled) and "> 90/60" are systolic
  < 140 `and` diastolic < 90.

Which side a limit bounds is read from its first value against the middle of the first member's
normal range (`data/words.jsonl`, `value_pairs`): above it the limit bounds high pressures, below
it low ones. The criterion's polarity does not change the reading: "BP > 140/90" names the same
patients in an inclusion and an exclusion, and an exclusion's `or` is the negation of the
inclusion window "BP ≤ 140/90" whose members join with `and` (the compiler negates the
exclusion). What names the pair is a measure or condition of `value_pair_names` before the
comparator (a condition, "hypertension (>160/100)", is not in the span: the pair defines it), or
the members' unit written after the values; a pair whose comparison is not written ("BP 140/90"),
a range of pairs ("140-159/90-99"), another unit or another measure (visual acuity "20/70") is
none.
"""

from __future__ import annotations

import re
from functools import cache

from eligo.datafiles import word_lists, word_values
from eligo.lexicon import Lexicon
from eligo.parser.quantities import postfix_comparator, prefix_comparator, unit_after
from eligo.parser.readings import ComparisonMatch, MentionRef, normal_op
from eligo.parser.scan_state import ScanState

_PAIR = re.compile(r"(?<![\d.,/-])(\d{2,3})[ \t]*/[ \t]*(\d{2,3})(?![\d.,/-])")
_RESTATING = re.compile(r"[ \t]*\([ \t]*")
_BRACKET = re.compile(r"[(\[]")  # "hypertension (>160/100 mmHg)", "BP (> 140/90)"


class ValuePair:
    """A known pair: its members' lexicon names in the written order, their unit, and the middle
    of the first member's normal range."""

    def __init__(self, members: tuple[str, ...], middle: int, unit: str | None):
        self.members, self.middle, self.unit = members, middle, unit

    def joined(self, op: str, first: int) -> str:
        """`or` for a limit crossed by either member (beyond it lies the abnormal side), `and` for
        the side within it."""
        high = first > self.middle
        return "or" if (op in (">", ">=")) == high else "and"


@cache
def known_pairs() -> dict[str, ValuePair]:
    """The known pairs by the names that name them (`value_pair_names` → the first member)."""
    pairs = {}
    for entry in word_lists("eligo.parser.data")["value_pairs"]:
        known = Lexicon.load().lookup(entry.phrases[0])
        unit = known.unit if known is not None else None
        assert isinstance(entry.value, int), "value_pairs: the middle is a whole number"
        pairs[entry.phrases[0]] = ValuePair(entry.phrases, entry.value, unit)
    names = word_values("eligo.parser.data", "value_pair_names")
    return {name: pairs[str(first)] for name, first in names.items()}


class PairScanner(ScanState):
    """Finds the pairs of values of one criterion text (run before its single numbers)."""

    def value_pairs(self) -> None:
        for match in _PAIR.finditer(self.text):
            if self._free(match.start(), match.end()):
                self._pair(match)

    def _pair(self, match: re.Match) -> None:
        before = self.text[max(0, match.start() - 50) : match.start()]
        prefix = prefix_comparator(before)
        unit = unit_after(self.text, match.end())
        end = unit[1] if unit else match.end()
        postfix = postfix_comparator(self.text[end:]) if prefix is None else None
        if prefix is None and postfix is None:
            return  # "BP 140/90": no comparison written
        own = match.start() - (len(before[len(before) - prefix[1] :].lstrip()) if prefix else 0)
        named = self.concept_before(own)
        pairs = known_pairs()
        pair = pairs.get(named.name) if named is not None else None
        if pair is None and unit is not None:
            pair = next((p for p in pairs.values() if p.unit == unit[0]), None)
            named = None
        if pair is None or (unit is not None and unit[0] != pair.unit):
            return
        op = normal_op(prefix[0] if prefix else postfix[0])  # type: ignore[index]
        if op not in ("<", "<=", ">", ">="):
            return
        start = self._named_start(named, own) if named is not None else own
        end = end + postfix[1] if postfix else end
        joined = pair.joined(op, int(match.group(1)))
        for member, value in zip(pair.members, (match.group(1), match.group(2)), strict=True):
            self.found.append(
                ComparisonMatch(
                    "threshold", start, end, op, int(value), pair.unit, member, joined=joined
                )
            )
        self._take(start, end)

    def _named_start(self, named: MentionRef, own: int) -> int:
        """Where the pair's span starts: at the measure that names it ("SBP/DBP > 150/95"), with
        the name its abbreviation restates ("Blood pressure (BP) > 159/99"); at the comparator
        after a condition the pair defines ("hypertension (>160/100)"), or after a bracket."""
        if named.kind != "observation" or _BRACKET.search(self.text, named.end, own):
            return own
        start = named.start
        for mention in reversed([m for m in self.mentions if m.end <= start]):
            if mention.name != named.name or not _RESTATING.fullmatch(
                self.text, mention.end, start
            ):
                break
            start = mention.start
        return start

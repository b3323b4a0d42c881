"""Thresholds whose value is written as no number: dipstick pluses, Roman classes, lines of
therapy, Child-Pugh letters, the normal limit itself.

Why a module: these forms are read by a pattern of their own, before (and, for
"> ULN", after) the numbers of a criterion are read: "protein ≥ ++" is `>= ++`,
"NYHA III" `>= 3`, "class IV heart failure" `>= 4`, "≤ first-line" `<= 1`,
"Child-Pugh class A or B" `>= "A"` and `<= "B"`, "> ULN" `> 1 {ULN}`.
"""

from __future__ import annotations

import re

from eligo.datafiles import patterns, word_values
from eligo.parser.quantities import ROMAN, prefix_comparator
from eligo.parser.readings import ComparisonMatch, is_window_only, normal_op
from eligo.parser.scan_state import ScanState

_CUE = patterns("eligo.parser.data", "worded_threshold_cues.jsonl")
_DIPSTICK_VALUES = {
    "+": "+",
    "++": "++",
    "+++": "+++",
    "++++": "++++",
    "1+": "+",
    "2+": "++",
    "3+": "+++",
    "4+": "++++",
    "trace": "trace",
}
_ORDINALS = word_values("eligo.parser.data", "ordinals")


class WordedScanner(ScanState):
    """A scan that reads the thresholds written as no number."""

    def dipsticks(self) -> None:
        for match in _CUE["dipstick"].finditer(self.text):
            if not (match.group("op") or match.group("post")):
                continue
            if not _CUE["dipstick_context"].search(
                self.text, max(0, match.start() - 50), match.start()
            ):
                continue
            op = ">=" if match.group("post") else normal_op(match.group("op"))
            value = _DIPSTICK_VALUES[re.sub(r"\s", "", match.group("value")).lower()]
            concept = self.concept_before(match.start())
            start = concept.start if concept else match.start()
            self.found.append(
                ComparisonMatch(
                    "threshold",
                    start,
                    match.end(),
                    op,
                    value,
                    None,
                    concept.name if concept else None,
                )
            )
            self._take(match.start(), match.end())

    def romans(self) -> None:
        for match in _CUE["roman"].finditer(self.text):
            if not self._free(match.start(), match.end()):
                continue
            low, high = ROMAN[match.group("low").lower()], match.group("high")
            word = match.group("word").lower()
            concept = self.concept_before(match.start() + 1) if word != "nyha" else None
            name = (
                concept.name if concept else ("nyha class" if word in ("nyha", "class") else word)
            )
            start = concept.start if concept else match.start()
            nyha = (
                word == "nyha"
                or _CUE["nyha_before"].search(self.text, max(0, match.start() - 40), match.start())
                or (
                    word == "class"
                    and _CUE["heart_failure_after"].match(
                        self.text, match.end()
                    )  # "class IV heart failure"
                )
            )
            if match.group("op"):
                ops = [(normal_op(match.group("op")), low)]
            elif high and (
                ROMAN[high.lower()] - low == 1
                or _CUE["spanned"].search(self.text, match.end("low"), match.start("high"))
            ):
                ops = [(">=", low), ("<=", ROMAN[high.lower()])]
            elif match.group("post") or (nyha and not high):
                ops = [(">=", low)]
            else:
                continue  # "stage IV", "class I or III" (no class II): a category, not a comparison
            for op, value in ops:
                self.found.append(
                    ComparisonMatch("threshold", start, match.end(), op, value, None, name)
                )
            self._take(match.start(), match.end())

    def lines_of_therapy(self) -> None:
        for match in _CUE["ordinal_line"].finditer(self.text):
            before = self.text[max(0, match.start() - 50) : match.start()]
            prefix = prefix_comparator(before)
            if prefix is not None and not is_window_only(before[len(before) - prefix[1] :]):
                op, start = (
                    prefix[0],
                    match.start() - len(before[len(before) - prefix[1] :].lstrip()),
                )
            elif match.group("post"):
                op, start = ">=", match.start()
            else:
                continue  # "first-line treatment": which line, not how many
            self._emit(
                "threshold",
                start,
                match.end(),
                [(op, _ORDINALS[match.group("nth").lower()])],
                None,
                "lines of therapy",
            )

    def child_pugh(self) -> None:
        for match in _CUE["child_pugh"].finditer(self.text):
            low, high = match.group("low"), match.group("high")
            ops = [(">=", low), ("<=", high)] if high else [("=", low)]
            self._emit("threshold", match.start(), match.end(), ops, None, "child-pugh class")

    def limits(self) -> None:
        """A comparison with the normal limit itself: "> ULN", "below the lower limit of normal"."""
        for match in _CUE["limit"].finditer(self.text):
            before = self.text[max(0, match.start() - 50) : match.start()]
            prefix = prefix_comparator(before)
            if (
                prefix is None
                or is_window_only(before[len(before) - prefix[1] :])
                or not self._free(match.start() - prefix[1], match.end())
            ):
                continue
            own = match.start() - len(before[len(before) - prefix[1] :].lstrip())
            concept = self.concept_before(own)
            unit = "{ULN}" if match.group("uln") else "{LLN}"
            self._emit(
                "threshold",
                concept.start if concept else own,
                match.end(),
                [(prefix[0], 1)],
                unit,
                concept.name if concept else None,
            )

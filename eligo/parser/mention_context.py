"""What the words right around a concept mention say about it: whether a value of a measure or a
concentration follows its name ("C-peptide < 0.7 ng/mL" measures; "C-peptide infusion within 3
months" does not), whether the drug it names is what someone abuses ("Abuse of alcohol,
analgesics"), and whether a head noun right after a measure's name makes the phrase name another
thing ("creatinine kinase"). `eligo_concepts` (`concepts.py`) asks these to decide a mention's kind.
"""

from __future__ import annotations

import re
from functools import lru_cache

from eligo import phrases
from eligo.datafiles import words
from eligo.parser.quantities import NUMBER, TIME_UNITS, prefix_comparator, unit_after

_BREAK = re.compile(r"[,;]")
_PER_VOLUME = re.compile(r"/[a-z]*L$")  # UCUM "ng/mL", "mmol/L", "mg/dL"
_CONCENTRATION_REACH = 40
# the next word of the same name: only a space or a hyphen between ("creatinine kinase",
# "albumin-excretion"), no punctuation ("creatinine, clearance" are two)
_SAME_NAME = re.compile(r"[ \t]*-?[ \t]*([^\W_]+)")


def _value_after(text: str, end: int) -> tuple[bool, str | None] | None:
    """The value that closely follows the words ending at `end`, before any comma or semicolon:
    whether a comparator stands before its number, and its unit (None without one); None when no
    number follows."""
    number = NUMBER.search(text, end, end + _CONCENTRATION_REACH)
    if number is None or _BREAK.search(text, end, number.start()):
        return None
    unit = unit_after(text, number.end())
    compared = prefix_comparator(text[end : number.start()]) is not None
    return compared, unit[0] if unit is not None else None


def concentration_after(text: str, end: int) -> bool:
    """Whether a comparison with a concentration (a unit per volume: "ng/mL", "mmol/L") follows the
    words ending at `end` closely ("C-peptide < 0.7 ng/mL", "digoxin concentration above 2 ng/mL"):
    the words name what is measured. A dose ("metformin >= 1500 mg/day") is no concentration."""
    value = _value_after(text, end)
    return value is not None and value[0] and _PER_VOLUME.search(value[1] or "") is not None


def measured_after(text: str, end: int) -> bool:
    """Whether a value of a measure follows the words ending at `end` closely: a number that counts
    no time ("C-peptide 0.2-0.6 nmol/L", "C-peptide above 0.3"). "C-peptide infusion within the last
    3 months" measures nothing: its number is a time."""
    value = _value_after(text, end)
    return value is not None and value[1] not in TIME_UNITS


_ABUSE_REACH = 60


def abused(text: str, start: int) -> bool:
    """Whether the drug named at `start` is what someone abuses: an abuse word before it in the same
    clause, with only the other items of its list between ("Abuse of alcohol, analgesics, or
    psychotropic drugs", "Currently abusing illicit drugs, marijuana"); a use said between ("Alcohol
    abuse or current use of methadone") is a treatment again."""
    before = max(0, start - _ABUSE_REACH)
    cues = list(phrases.pattern("abuse").finditer(text, before, start))
    if not cues:
        return False
    gap = text[cues[-1].end() : start]
    return not re.search(r"[;:.()]", gap) and not phrases.pattern("present_use").search(gap)


@lru_cache(maxsize=1)
def _measure_heads() -> frozenset[str]:
    """Head nouns that make a measure's name before them a modifier (`data/words.jsonl`)."""
    return frozenset(words("eligo.parser.data", "measure_heads"))


def head_after(text: str, end: int) -> tuple[int, str] | None:
    """The head noun right after a measure's name ending at `end` that makes the phrase name
    another measured thing ("creatinine kinase", "albumin excretion", "PSA doubling time"): where
    it ends, and the word; None when the next word only qualifies the measure ("creatinine
    level") or another word follows."""
    after = _SAME_NAME.match(text, end)
    if after is None or after.start(1) == end or after.group(1).lower() not in _measure_heads():
        return None
    return after.end(1), after.group(1).lower()

"""Why reviewed criteria stay `unresolved`: their rules' unresolved parts, by cause.

    python tools/unresolved.py            # counts (parts and criteria) per cause, 3 examples each

Reads every `corpus/reviews/<NCT>.tsv` row whose verdict is `unresolved` and classifies each
`unresolved <reason> "..."` part of its rule from the part's message (the compiler's own
wording), leftover words further by what they are (a qualifier word, a number or unit, a
name). A criterion counts once under each cause its parts show, and under `its only cause`
when it shows no other. The top of
`corpus/reviews/UNRESOLVED.md` is this tool's output.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REVIEWS = ROOT / "corpus" / "reviews"
_PART = re.compile(r'unresolved (\w+) "((?:[^"]|"")*)"')
_LEFTOVER = re.compile(r"^'(.*)'(?: \(occurrence \d+\))? (?:is|was) not compiled(?:: no part .*)?$")
# Words that qualify a mention (status, severity, time, route, extent): a leftover made only of
# them is a qualifier the rule language has no filter for here.
_QUALIFIER = re.compile(
    r"^(?:(?:and|or|and/or|/|,|-|the|of|any)\s*|(?:active|chronic|acute|current(?:ly)?|"
    r"persistent|recurrent|concurrent|concomitant|stable|unstable|uncontrolled|controlled|"
    r"untreated|treated|adequately|asymptomatic|symptomatic|systemic|topical|inhaled|nasal|"
    r"intranasal|oral|parenteral|injected|intravenous|local(?:ised|ized)?|severe|mild|"
    r"moderate|significant(?:ly)?|clinically|major|minor|known|suspected|unexplained|"
    r"episodes?|occurrences?|history|personal|prior|previous|long-?term|continuous|"
    r"regular|frequent|high|low|combined|baseline|congenital|medical|therapy|treatment|"
    r"use|drug|preparations|period|duration|interval|course)\b\s*)+$",
    re.I,
)
_NUMBER = re.compile(r"^[\W\d.,]*(?:[\d.,]+\s*\S*|[a-zA-Z]{1,5}/[a-zA-Z0-9²]{1,6}\.?)\W*$")

CAUSES = {
    "consent": "administrative: consent, compliance, willingness (no record can answer)",
    "judgement": "investigator judgement, a forecast or a permission (no record can answer)",
    "vague": "a vague word with no threshold (significant, severe, major)",
    "no_concept": "nothing recognised: no known concept, threshold or window in the criterion",
    "unknown_name": "a named thing the terminology does not know",
    "measure": "a value whose measure is not known (measure not linked, or its unit not fitting)",
    "anchor": "a time window with nothing compiled to date, or an anchor no record holds",
    "exception": "an exception, definition or example list not compiled",
    "scope": "a cohort or country scope ('Germany only')",
    "heading": "a heading, lead-in or disclaimer with no criterion of its own",
    "uncarried": "a concept no record code reaches or whose code has no subtype (E220/E221)",
    "construct": "an unsupported construct: a need, a cause, a change, a test result, an allergen",
    "leftover_qualifier": "leftover qualifier words (status, severity, time, route)",
    "leftover_number": "a leftover number or unit",
    "leftover_words": "other leftover words (mostly names and phrases no concept covers)",
    "other": "other",
}


def cause(reason: str, message: str) -> str:
    """The cause of one unresolved part, from its reason and message."""
    if reason in ("consent", "judgement", "vague"):
        return reason
    if reason == "no_content":
        return "heading"
    if message.startswith("no known concept"):
        return "no_concept"
    if "name no known concept" in message or "names what no concept covers" in message:
        return "exception" if message.startswith("the exception") else "unknown_name"
    if "what it measures" in message:
        return "measure"
    if "dates nothing" in message or "counts from" in message or "dates it" in message:
        return "anchor"
    if message.startswith(("the exception", "the definition")) or "the examples after" in message:
        return "exception"
    if message.startswith("applies to"):
        return "scope"
    if "code reaches '" in message or "has no narrower code" in message:
        return "uncarried"
    leftover = _LEFTOVER.match(message)
    if leftover:
        words = leftover.group(1).strip(" .,;:()")
        if _NUMBER.match(words):
            return "leftover_number"
        if _QUALIFIER.match(words):
            return "leftover_qualifier"
        return "leftover_words"
    if reason in ("unsupported", "ambiguous"):
        return "construct"
    return "other"


def main() -> int:
    parts: Counter[str] = Counter()
    criteria: Counter[str] = Counter()
    alone: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    total = 0
    for path in sorted(REVIEWS.glob("*.tsv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                if row["verdict"] != "unresolved":
                    continue
                total += 1
                seen = set()
                for match in _PART.finditer(row["rule"]):
                    message = match.group(2).replace('""', '"')
                    kind = cause(match.group(1), message)
                    parts[kind] += 1
                    seen.add(kind)
                    if len(examples[kind]) < 3 and not any(
                        e.startswith(path.stem + " " + row["criterion"] + ":")
                        for e in examples[kind]
                    ):
                        examples[kind].append(
                            f"{path.stem} {row['criterion']}: {message[:90]}"
                        )
                criteria.update(seen)
                if len(seen) == 1:
                    alone.update(seen)
    print(f"{total} unresolved criteria, {sum(parts.values())} unresolved parts\n")
    print("| cause | criteria | its only cause | parts | examples |")
    print("| --- | --- | --- | --- | --- |")
    for kind, count in criteria.most_common():
        shown = "; ".join(examples[kind]).replace("|", "\\|")
        print(f"| {CAUSES[kind]} | {count} | {alone[kind]} | {parts[kind]} | {shown} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

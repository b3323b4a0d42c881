"""Blind review of compiled rules on protocols the compiler was never tuned on.

Corpus scores did not reveal wrong rules; reading each criterion against its
rule does. This tool keeps that reading as data in `corpus/reviews/`:

    python tools/review.py sample 10 --seed 7   # copy unseen CT.gov protocols to corpus/reviews/protocols/
    python tools/review.py table                # (re)compile them; one TSV per protocol, verdicts kept
    python tools/review.py summary [NCT ...]    # the figures the faithful-rules issue asks for

Each `corpus/reviews/<protocol>.tsv` has one line per criterion: `criterion`,
`kind`, `text`, `rule` (the compiled rule as one line of DSL), `warned` (the
diagnostic codes located on it), then the reviewer's `verdict`, `reason` and
`patient` (a patient who proves a wrong rule wrong). Verdicts:

* `right`: the rule executes and gives the right verdict for every plausible patient;
* `wrong`: it executes and is wrong for some patient (say who in `patient`);
* `unresolved`: it cannot execute, and says so (an honest `unresolved` rule);
* `no-rule`: nothing to execute and none compiled (a heading, a permission).

When a recompile changes a criterion's rule, its verdict becomes `reread` (the
old verdict and reason are kept in `reason`) so nothing is judged twice by
accident or kept after the rule it judged is gone.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

from eligo.api import compile_source
from eligo.grammar.printer import expr_text
from eligo.source import read_source

ROOT = Path(__file__).resolve().parents[1]
REVIEWS = ROOT / "corpus" / "reviews"
PROTOCOLS = REVIEWS / "protocols"
SOURCE = ROOT.parent / "shared" / "data" / "raw" / "ctgov-eligibility-1319" / "Studies_with_id_and_EligibilityCriteria.csv"
COLUMNS = ("criterion", "kind", "text", "rule", "warned", "verdict", "reason", "patient")
VERDICTS = ("right", "wrong", "unresolved", "no-rule", "reread", "")


def _seen_ids() -> set[str]:
    """NCT ids the compiler may have been tuned on: everything under corpus/ outside the reviews."""
    seen = set()
    for path in (ROOT / "corpus").rglob("*"):
        if REVIEWS not in path.parents and path.name.startswith("NCT"):
            seen.add(path.name.split("_")[0].split(".")[0])
    return seen


def sample(count: int, seed: int) -> None:
    csv.field_size_limit(sys.maxsize)
    with SOURCE.open(encoding="utf-8-sig", newline="") as handle:
        rows = [(row["StudyNCTid"], row["EligibilityCriteria"]) for row in csv.DictReader(handle)]
    seen = _seen_ids() | {path.stem for path in PROTOCOLS.glob("*.txt")}
    candidates = [(nct, text) for nct, text in rows if nct not in seen and 1_000 <= len(text) <= 6_000]
    PROTOCOLS.mkdir(parents=True, exist_ok=True)
    for nct, text in random.Random(seed).sample(candidates, count):
        (PROTOCOLS / f"{nct}.txt").write_text(text.rstrip() + "\n", encoding="utf-8")
        print(f"{nct}: {len(text)} characters")


def _read_table(path: Path) -> dict[str, dict[str, str]]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["criterion"]: row for row in csv.DictReader(handle, delimiter="\t")}


def _one_line(text: str) -> str:
    return " ".join(text.split())


def table() -> None:
    for protocol in sorted(PROTOCOLS.glob("*.txt")):
        compilation = compile_source(read_source(protocol))
        target = REVIEWS / f"{protocol.stem}.tsv"
        old = _read_table(target)
        rows = []
        for criterion in compilation.protocol.criteria:
            span = criterion.span
            codes = sorted(
                {d.code for d in compilation.diagnostics if d.start and span.start <= d.start.offset < span.end}
            )
            row = {
                "criterion": criterion.id,
                "kind": criterion.kind,
                "text": _one_line(criterion.text),
                "rule": _one_line(expr_text(criterion.rule)),
                "warned": " ".join(codes),
                "verdict": "",
                "reason": "",
                "patient": "",
            }
            before = old.get(criterion.id)
            if before and before["text"] == row["text"]:
                if before["rule"] == row["rule"]:
                    row.update(verdict=before["verdict"], reason=before["reason"], patient=before["patient"])
                elif before["verdict"]:
                    row.update(verdict="reread", reason=f"was {before['verdict']}: {before['reason']}")
            rows.append(row)
        with target.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, COLUMNS, delimiter="\t", lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        print(f"{target.relative_to(ROOT)}: {len(rows)} criteria")


def summary(protocols: list[str]) -> int:
    """Print the figures over every table, or over the named protocols only (one round's, say)."""
    counts = dict.fromkeys(VERDICTS, 0)
    wrong_unwarned = []
    paths = [REVIEWS / f"{nct}.tsv" for nct in protocols] if protocols else sorted(REVIEWS.glob("*.tsv"))
    for path in paths:
        if not path.exists():
            print(f"{path.name}: no such table", file=sys.stderr)
            return 1
        for row in _read_table(path).values():
            if row["verdict"] not in counts:
                print(f"{path.name} {row['criterion']}: unknown verdict {row['verdict']!r}", file=sys.stderr)
                return 1
            counts[row["verdict"]] += 1
            if row["verdict"] == "wrong" and not row["warned"]:
                wrong_unwarned.append(f"{path.stem} {row['criterion']}")
    total = sum(counts.values())
    executing = counts["right"] + counts["wrong"]
    print(f"criteria {total}: " + ", ".join(f"{v or 'unread'} {n}" for v, n in counts.items() if n))
    if total:
        print(f"executable share {executing / total:.1%}; right rules {counts['right'] / total:.1%} of criteria")
    if executing:
        print(f"wrong verdicts {counts['wrong'] / executing:.1%} of executing rules")
    print(f"wrong rules without a warning: {len(wrong_unwarned)}" + "".join(f"\n  {w}" for w in wrong_unwarned))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    verbs = parser.add_subparsers(dest="verb", required=True)
    sampling = verbs.add_parser("sample", help="copy unseen protocols into corpus/reviews/protocols")
    sampling.add_argument("count", type=int)
    sampling.add_argument("--seed", type=int, default=0)
    verbs.add_parser("table", help="compile the reviewed protocols and refresh their tables")
    summarising = verbs.add_parser("summary", help="executable share and wrong verdicts")
    summarising.add_argument("protocols", nargs="*", help="NCT ids (default: every table)")
    args = parser.parse_args()
    if args.verb == "sample":
        sample(args.count, args.seed)
    elif args.verb == "table":
        table()
    else:
        return summary(args.protocols)
    return 0


if __name__ == "__main__":
    sys.exit(main())

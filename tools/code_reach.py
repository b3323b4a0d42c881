"""How many of the condition and procedure concepts compiled rules use a record of a real code
reaches: the measure of issue #13's kind 4e (a concept no coded record reaches).

    python tools/code_reach.py compiled/                   # share reached, by concept and by use
    python tools/code_reach.py compiled/ --missed 40       # and the most used concepts not reached

Reads every `<stem>.json` of compiled rules in the folders given. A concept a rule requires as a
condition or a procedure is *reached* when some ICD-10-CM or SNOMED CT code, given as a patient
record's code, counts as it (`Terminology.reached_from`): the code itself, or one whose
parents and cross-codes lead to it. Rules that are right only for a record carrying the lexicon's
own code are wrong for the records hospitals keep.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from eligo.grammar import ast
from eligo.terminology.codes import bind, used_concepts
from eligo.terminology.store import Terminology

RECORD_SYSTEMS = frozenset({"ICD10CM", "SNOMED"})
KINDS = ("condition", "procedure")


def measure(folders: list[Path]) -> tuple[Counter[str], Counter[str], dict[str, str | None]]:
    """Uses of each identifier a rule requires as a condition or procedure, those of them a record
    code reaches, and each one's code."""
    uses: Counter[str] = Counter()
    codes: dict[str, str | None] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.json")):
            protocol = ast.Protocol.model_validate(json.loads(path.read_text(encoding="utf-8")))
            for identifier, usage in used_concepts(protocol).items():
                if usage in KINDS:
                    uses[identifier] += 1
                    codes[identifier] = bind(identifier, usage).code
    store = Terminology.load()
    reached = {
        identifier: store.reached_from(code, RECORD_SYSTEMS) if code else None
        for identifier, code in codes.items()
    }
    reach: Counter[str] = Counter({i: n for i, n in uses.items() if reached[i]})
    return uses, reach, {i: codes[i] for i in uses}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--missed", type=int, default=0, help="list this many concepts not reached")
    args = parser.parse_args(argv)
    uses, reach, codes = measure(args.folders)
    coded = [i for i in uses if codes[i]]
    print(f"condition/procedure concepts: {len(uses)} ({sum(uses.values())} uses)")
    print(f"  with a code: {len(coded)} ({sum(uses[i] for i in coded)} uses)")
    print(
        f"  reached by an ICD-10-CM or SNOMED code: {len(reach)} = {len(reach) / len(uses):.1%} "
        f"({sum(reach.values())} uses = {sum(reach.values()) / sum(uses.values()):.1%})"
    )
    missed = [(n, i) for i, n in uses.items() if i not in reach]
    for n, identifier in sorted(missed, key=lambda x: (-x[0], x[1]))[: args.missed]:
        print(f"  {n:4d} {identifier} {codes[identifier] or '-'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

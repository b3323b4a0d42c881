"""How many of the concepts compiled rules use a record of a real code reaches: the measure of
issue #13's kind 4e (a concept no coded record reaches).

    python tools/code_reach.py compiled/                   # share reached, by concept and by use
    python tools/code_reach.py compiled/ --missed 40       # and the most used concepts not reached
    python tools/code_reach.py compiled/ --kind treatment  # drugs and drug classes instead

Reads every `<stem>.json` of compiled rules in the folders given. A concept a rule requires as a
condition or a procedure (or an event, `--kind event`) is *reached* when some ICD-10-CM or SNOMED
CT code, given as a patient record's code, counts as it (`Terminology.reached_from`): the code
itself, or one whose parents and cross-codes lead to it; a treatment when some DrugBank (RxNorm
is read by its ingredient's name into DrugBank), ATC or SNOMED CT code does, and the share some
ATC code reaches is given apart. Rules that are right only for a record carrying the lexicon's
own code are wrong for the records hospitals keep.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from eligo.grammar import ast
from eligo.terminology.codes import RECORD_SYSTEMS, SYSTEMS_OF, bind, used_concepts
from eligo.terminology.store import Terminology

KINDS = {"condition": ("condition", "procedure"), "event": ("event",), "treatment": ("treatment",)}


def measure(
    folders: list[Path], kind: str = "condition", systems: frozenset[str] | None = None
) -> tuple[Counter[str], Counter[str], dict[str, str | None]]:
    """Uses of each identifier a rule requires as one of `kind`'s usages, those of them a record
    code (of `systems`, else the usage's) reaches, and each one's code."""
    uses: Counter[str] = Counter()
    codes: dict[str, str | None] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.json")):
            protocol = ast.Protocol.model_validate(json.loads(path.read_text(encoding="utf-8")))
            for identifier, usage in used_concepts(protocol).items():
                if usage in KINDS[kind]:
                    uses[identifier] += 1
                    codes[identifier] = bind(identifier, usage).code
    store = Terminology.load()
    reached = {
        identifier: store.reached_from(code, systems or SYSTEMS_OF.get(kind, RECORD_SYSTEMS))
        if code
        else None
        for identifier, code in codes.items()
    }
    reach: Counter[str] = Counter({i: n for i, n in uses.items() if reached[i]})
    return uses, reach, {i: codes[i] for i in uses}


ATC = frozenset({"ATC"})


def _type(store: Terminology, code: str) -> str | None:
    concept = store.concept(code)
    return concept.type if concept else None


def _share(uses: Counter[str], reach: Counter[str]) -> str:
    return (
        f"{len(reach)} = {len(reach) / len(uses):.1%} ({sum(reach.values())} uses = "
        f"{sum(reach.values()) / sum(uses.values()):.1%})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--missed", type=int, default=0, help="list this many concepts not reached")
    parser.add_argument("--kind", choices=sorted(KINDS), default="condition")
    args = parser.parse_args(argv)
    uses, reach, codes = measure(args.folders, args.kind)
    coded = [i for i in uses if codes[i]]
    print(f"{'/'.join(KINDS[args.kind])} concepts: {len(uses)} ({sum(uses.values())} uses)")
    print(f"  with a code: {len(coded)} ({sum(uses[i] for i in coded)} uses)")
    systems = sorted(SYSTEMS_OF.get(args.kind, RECORD_SYSTEMS))
    print(f"  reached by a {'/'.join(systems)} code: {_share(uses, reach)}")
    if args.kind == "treatment":
        by_atc = measure(args.folders, "treatment", ATC)[1]
        print(f"  reached by an ATC code: {_share(uses, by_atc)}")
        store = Terminology.load()
        classes = Counter(
            {i: n for i, n in uses.items() if (c := codes[i]) and _type(store, c) == "drug_class"}
        )
        print(f"drug classes: {len(classes)} ({sum(classes.values())} uses)")
        by_drugbank = measure(args.folders, "treatment", frozenset({"DRUGBANK"}))[1]
        for name, reached in (("a DrugBank (RxNorm by name)", by_drugbank), ("an ATC", by_atc)):
            kept = Counter({i: n for i, n in reached.items() if i in classes})
            print(f"  reached by {name} code: {_share(classes, kept)}")
    missed = [(n, i) for i, n in uses.items() if i not in reach]
    for n, identifier in sorted(missed, key=lambda x: (-x[0], x[1]))[: args.missed]:
        print(f"  {n:4d} {identifier} {codes[identifier] or '-'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

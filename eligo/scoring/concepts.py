"""How well rules are bound to standard codes, and how well mentions link to the right concept.

* `coded_share`: of the concept atoms of compiled rules (a compared value, an
  entity of `has`/`count`/`interval`, an `except`), how many name a concept with
  a code in the protocol's concept table.
* `linking_accuracy`: against a linking gold (`corpus/linking/*.jsonl`, one
  mention a line: document, span, text, type, concept_id, optional equivalent
  codes; the schema is `eligo.terminology.curated.GoldLink`), the share of mentions whose text links
  (`eligo.terminology.linker.link`, restricted to the gold type's terminology
  types) to the gold concept, an equivalent it lists or a cross-coded one, top-1. A gold
  mention with no concept is right when the link leaves it uncoded.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from eligo.grammar import ast
from eligo.terminology.linker import link
from eligo.terminology.store import Terminology

# the terminology types a gold mention of each type may link to
GOLD_TYPES = {
    "condition": ("condition", "finding"),
    "finding": ("finding", "condition"),
    "drug": ("drug",),
    "drug_class": ("drug_class", "drug"),
    "procedure": ("procedure",),
    "lab": ("lab", "measure"),
    "measure": ("measure", "lab"),
    "observation": ("lab", "measure", "finding"),
    "device": None,
}


def atoms(protocol: ast.Protocol) -> Iterable[str]:
    """Every concept identifier a rule atom names, once per occurrence."""
    for criterion in protocol.criteria:
        for node in ast.walk(criterion.rule):
            if isinstance(node, (ast.Compare, ast.InRange, ast.InSet)):
                yield node.concept
            elif isinstance(node, ast.EntityRef):
                yield node.concept
                yield from node.excluding


def coded_share(protocols: Iterable[ast.Protocol]) -> dict:
    coded = total = 0
    uncoded: Counter[str] = Counter()
    for protocol in protocols:
        codes = {c.id: c.code for c in protocol.concepts}
        for identifier in atoms(protocol):
            total += 1
            if codes.get(identifier):
                coded += 1
            else:
                uncoded[identifier] += 1
    return {
        "atoms": total,
        "coded": coded,
        "share": round(coded / total, 4) if total else None,
        "most_frequent_uncoded": [name for name, _ in uncoded.most_common(10)],
    }


def _equivalent(
    store: Terminology, found: str | None, gold: str | None, equivalent: list[str]
) -> bool:
    """Whether the linked code is the gold's, one the gold lists as equivalent, or cross-coded to
    it."""
    if found is None or gold is None:
        return found == gold
    return found in {gold, *equivalent} or gold in store.xrefs(found)


def linking_accuracy(path: Path) -> dict:
    """Top-1 accuracy of linking the gold's mentions, overall and by type."""
    store = Terminology.load()
    right: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            gold = json.loads(line)
            text, kind, concept = gold["text"], gold["type"], gold["concept_id"]
        except (ValueError, KeyError) as error:
            raise ValueError(f"{path}:{number}: not a linking gold line ({error})") from None
        found = link(text, GOLD_TYPES.get(kind))
        seen[kind] += 1
        right[kind] += _equivalent(store, found.code, concept, gold.get("equivalent", []))
    total = sum(seen.values())
    return {
        "mentions": total,
        "correct": sum(right.values()),
        "accuracy": round(sum(right.values()) / total, 4) if total else None,
        "by_type": {
            kind: {"mentions": seen[kind], "accuracy": round(right[kind] / seen[kind], 4)}
            for kind in sorted(seen)
        },
    }

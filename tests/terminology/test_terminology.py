"""The terminology layer: shipped data within budget, exact then similar linking, codes and hierarchy at evaluation."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources

import pytest
from fixture_files import fixture_cases

from eligo.grammar import parse_expression
from eligo.grammar.evaluate import evaluate
from eligo.grammar.patient import Patient
from eligo.lexicon import Lexicon, surface_key
from eligo.terminology.build import MAX_BYTES
from eligo.terminology.linker import find, link
from eligo.terminology.store import Terminology
from eligo.terminology.store_file import BUILT

BUILT_DIR = resources.files("eligo.terminology.data") / "built"


def test_shipped_files_fit_the_budget_and_name_their_sources():
    manifest = json.loads((BUILT_DIR / "sources.json").read_text(encoding="utf-8"))
    notice = (resources.files("eligo.terminology") / "NOTICE").read_text(encoding="utf-8")
    for name in BUILT:
        assert (BUILT_DIR / f"{name}.jsonl.gz").stat().st_size < MAX_BYTES
        assert manifest["sources"][name]["concepts"] > 10_000
    for source in manifest["sources"].values():
        assert f"version {source['version']}" in notice


@pytest.mark.parametrize(("text", "types", "code", "how"), fixture_cases("terminology", "links.tsv"))
def test_link(text, types, code, how):
    found = link(text, None if types == "-" else types.split(","))
    assert (found.code or "-", found.how) == (code, how)


@pytest.mark.parametrize(("text", "expected"), fixture_cases("terminology", "find.tsv"))
def test_find_marks_the_most_specific_concept_and_no_generic_word(text, expected):
    found = "|".join(f"{f.concept.code}@{text[f.start : f.end]}" for f in find(text))
    assert (found or "-") == expected


def test_hierarchy_crosses_systems():
    closure = Terminology.load().closure("ICD10CM:A18.01")
    assert {"ICD10CM:A18.0", "ICD10CM:A18", "ICD10CM:A15-A19", "MONDO:0018076"} <= closure


@pytest.mark.parametrize(("rule", "record", "expected"), fixture_cases("terminology", "hierarchy.tsv"))
def test_rules_match_records_by_code_and_hierarchy(rule, record, expected):
    patient = Patient.model_validate({"id": "p", **json.loads(record)})
    assert evaluate(parse_expression(rule), patient).value == expected


def test_hand_concepts_keep_their_identifiers_and_codes_exist():
    store = Terminology.load()
    coded = [c for c in Lexicon.load() if c.code is not None]
    assert len(coded) >= 200
    # LOINC beyond the curated labs cannot be checked here: the full table is not on the package index
    missing = [c.code for c in coded if store.concept(c.code) is None and not c.code.startswith("LOINC:")]
    assert missing == []


# lexicon phrases the terminology names a little more broadly, kept as the lexicon's concept on purpose
BROADER_ON_PURPOSE = {
    ("allergy", "hypersensitivity"),  # criteria write either for a drug allergy; MONDO's is any hypersensitivity reaction
    *(("mental_disorder", p) for p in ("mental disorder", "mental illness", "psychiatric illness", "psychiatric disorder", "psychiatric disorders", "psychiatric disease")),
}


def test_no_hand_phrase_is_broader_than_its_concept():
    """A lexicon phrase the terminology names as a concept above the phrase's own ("renal disease" for renal failure)
    would give a rule narrower than the criterion's words; narrower phrases are linked to their subtype instead."""
    store = Terminology.load()
    types = {"condition": ("condition", "finding"), "treatment": ("drug", "drug_class")}
    broader = []
    for concept in Lexicon.load():
        if concept.kind not in types or concept.code is None:
            continue
        for phrase in (concept.name, *concept.synonyms):
            named = store.lookup(phrase, types[concept.kind])
            if named is not None and named.code in store.closure(concept.code) - {concept.code} and concept.code not in store.closure(named.code):
                broader.append((concept.id, phrase))
    assert set(broader) <= BROADER_ON_PURPOSE


def test_no_hand_phrase_names_another_branch():
    """A lexicon phrase that the terminology names, in the coding system of the phrase's own concept, as a concept
    neither equal to it, above it nor below it ("pneumonitis" under interstitial lung disease, "VTE" under thrombosis,
    "autologous transplant" under the allogeneic one) would make a rule test another concept than the criterion's
    words: it is moved or removed. Systems are compared only with themselves: across systems the hierarchy is joined
    by cross-codes alone, which are not complete."""
    store = Terminology.load()
    types = {"condition": ("condition", "finding"), "treatment": ("drug", "drug_class"), "procedure": ("procedure",)}
    elsewhere = []
    for concept in Lexicon.load():
        if concept.kind not in types or concept.code is None:
            continue
        system = concept.code.split(":")[0]
        for phrase in (concept.name, *concept.synonyms):
            named = store.lookup(phrase, types[concept.kind])
            if named is None or named.code == concept.code or named.code.split(":")[0] != system:
                continue
            if named.code not in store.closure(concept.code) and concept.code not in store.closure(named.code):
                elsewhere.append((concept.id, phrase, named.code))
    assert elsewhere == []


# class phrases that DrugBank also gives to one member drug, and that criteria write for the whole class
CLASS_PHRASES_ON_PURPOSE = {
    *(("ATC:L03AA", p) for p in ("G-CSF", "granulocyte colony-stimulating factor", "granulocyte colony stimulating factor", "GM-CSF")),
    ("ELIGO:hormone-replacement-therapy", "estrogen replacement therapy"),  # DrugBank: an alias of estradiol
    ("ELIGO:lithium", "lithium carbonate"),  # the salt criteria name for any lithium
}


def test_no_class_phrase_names_one_of_its_drugs():
    """A curated drug-class phrase that DrugBank names as one drug below the class ("erythropoietin", "nitroglycerin")
    would make a rule test the whole class where the words name one drug (4c): the drug links as itself, and a class
    test still matches it through the hierarchy."""
    store = Terminology.load()
    named_drugs = []
    for line in (resources.files("eligo.terminology.data") / "drug_classes.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        for phrase in record["phrases"]:
            drug = store.lookup_keys([surface_key(phrase)], ("drug",)).get(surface_key(phrase))
            if drug is not None and drug.source == "drugbank" and record["id"] in store.closure(drug.code):
                named_drugs.append((record["id"], phrase))
    assert set(named_drugs) <= CLASS_PHRASES_ON_PURPOSE


def test_grammar_evaluates_codes_without_spacy():
    code = (
        "import sys, json\n"
        "from eligo.grammar import parse_expression\n"
        "from eligo.grammar.evaluate import evaluate\n"
        "from eligo.grammar.patient import Patient\n"
        "p = Patient.model_validate({'id': 'p', 'conditions': [{'code': 'ICD10CM:A18.01'}]})\n"
        "assert evaluate(parse_expression('has condition tuberculosis'), p).value == 'true'\n"
        "assert 'spacy' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)

"""The concept lexicon: schema, codes that check, units that are UCUM, surface look-up."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import defaultdict

import pytest

from eligo.lexicon import Lexicon, surface_key
from eligo.terminology.curated import loinc_check_digit, verhoeff_valid
from eligo.units import is_ucum

LEXICON = Lexicon.load()


def test_size_and_kinds():
    kinds = {c.kind for c in LEXICON}
    assert len(LEXICON) >= 150
    assert kinds == {"observation", "score", "demographic", "condition", "treatment", "procedure", "event"}


def test_names_are_short_lower_case_and_ids_unique():
    ids = [c.id for c in LEXICON]
    assert len(ids) == len(set(ids))
    for concept in LEXICON:
        assert concept.name == concept.name.lower() and concept.name.strip() == concept.name, concept.id
        assert len(concept.name) <= 60, concept.id


def test_no_surface_names_two_concepts():
    owners = defaultdict(set)
    for concept in LEXICON:
        for surface in (concept.id.replace("_", " "), concept.name, *concept.synonyms):
            owners[surface_key(surface)].add(concept.id)
    assert {key: ids for key, ids in owners.items() if len(ids) > 1} == {}


def test_codes_are_well_formed_and_check():
    for concept in LEXICON:
        codes = concept.codes
        if "loinc" in codes:
            body, _, check = codes["loinc"].partition("-")
            assert re.fullmatch(r"\d{1,7}", body) and check.isdigit(), concept.id
            assert loinc_check_digit(body) == int(check), (concept.id, codes["loinc"])
        if "snomed" in codes:
            assert re.fullmatch(r"\d{6,18}", codes["snomed"]) and verhoeff_valid(codes["snomed"]), (concept.id, codes["snomed"])
        if "umls" in codes:
            assert re.fullmatch(r"C\d{7}", codes["umls"]), concept.id


def test_default_units_are_ucum():
    for concept in LEXICON:
        if concept.unit is not None:
            assert is_ucum(concept.unit), (concept.id, concept.unit)


@pytest.mark.parametrize(
    ("surface", "identifier"),
    [
        ("ECOG PS", "ecog"), ("PS (ECOG)", "ecog"), ("ps(ecog)", "ecog"),
        ("Eastern Cooperative Oncology Group performance status", "ecog"), ("WHO performance status", "ecog"),
        ("KPS", "karnofsky"), ("NYHA", "nyha"), ("ANC", "anc"), ("Platelet count", "platelets"), ("Hb", "hemoglobin"),
        ("SGPT", "alt"), ("AST (SGOT)", "ast"), ("CrCl", "creatinine_clearance"), ("eGFR", "egfr"), ("LVEF", "lvef"),
        ("QTcF", "qtc"), ("HbA1c", "hba1c"), ("age", "age"), ("brain metastases", "cns_metastasis"),
        ("major surgery", "major_surgery"), ("urine_protein_24h", "urine_protein_24h"),
    ],
)
def test_lookup(surface, identifier):
    concept = LEXICON.lookup(surface)
    assert concept is not None and concept.id == identifier


def test_lookup_and_get_miss():
    assert LEXICON.lookup("no such concept") is None
    assert LEXICON.get("ECOG") is None  # get takes an id, exactly
    assert LEXICON.get("ecog").name == "ecog"


def test_find_mentions():
    text = "ECOG PS 0-1; ANC ≥ 1.5 × 10^9/L and platelets ≥ 100; no brain metastases."
    found = [(text[m.start : m.end], m.concept.id) for m in LEXICON.find(text)]
    assert found == [("ECOG PS", "ecog"), ("ANC", "anc"), ("platelets", "platelets"), ("brain metastases", "cns_metastasis")]


def test_find_mentions_respects_word_edges():
    assert [m.concept.id for m in LEXICON.find("Pharmacokinetics; PSA; ASTHMA")] == ["psa", "asthma"]


def test_lexicon_imports_no_spacy():
    code = "import sys, eligo.lexicon; eligo.lexicon.Lexicon.load(); print('spacy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_curated_labs_with_a_unit_are_measures():
    """Every lab or measure of the terminology with a unit is a lexicon measure (derived, one source):
    its own code, or a hand concept that has its code or one of its names; a group of hand measures
    ("AST/ALT") is left to them."""
    from eligo.terminology.curated import curated_concepts

    codes = {c.code for c in LEXICON} | {f"LOINC:{c.codes['loinc']}" for c in LEXICON if "loinc" in c.codes}
    for lab in (c for concepts in curated_concepts().values() for c in concepts if c.unit is not None):
        named = [LEXICON.lookup(phrase) for phrase in lab.phrases]
        grouped = any(
            all(LEXICON.lookup(word) for word in surface_key(phrase).split() if word not in ("and", "or"))
            for phrase in lab.phrases
            if len(surface_key(phrase).split()) > 1
        )
        assert lab.id in codes or grouped or any(c is not None and c.kind == "observation" for c in named), lab.id
    c_peptide = LEXICON.lookup("C-peptide")
    assert c_peptide is not None and c_peptide.kind == "observation"
    assert (c_peptide.code, c_peptide.unit) == ("LOINC:1986-9", "ng/mL")


def test_a_head_noun_never_extends_a_measure_into_its_own_name():
    """A head noun after a lab's or measure's name makes another measure ("creatinine kinase",
    "creatinine clearance": `data/words.jsonl`, `measure_heads`), so no phrase of the lexicon
    extends a measure's name by one into the same measure, unless the measure's own name says that
    head ("PaO2/FiO2 ratio"); a word that does (a qualifier: "creatinine level", "creatinine
    value") is no head."""
    from eligo.datafiles import words
    from eligo.parser.name_overlaps import HEADED

    heads = frozenset(words("eligo.parser.data", "measure_heads"))
    surfaces = {
        surface_key(s): c for c in LEXICON for s in (c.id.replace("_", " "), c.name, *c.synonyms)
    }
    wrong = [
        key
        for key, concept in surfaces.items()
        for n, word in enumerate(key.split())
        if n
        and word in heads
        and (shorter := surfaces.get(" ".join(key.split()[:n]))) is not None
        and shorter.kind in HEADED
        and shorter.id == concept.id
        and word not in surface_key(concept.name).split()
    ]
    assert wrong == []
    assert {"level", "value", "concentration", "count"}.isdisjoint(heads)

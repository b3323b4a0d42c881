"""The build's routes from record codes to rule concepts (`eligo/terminology/routes.py`): the parts
of a combination or residual title, and that the built store reaches without widening."""

from __future__ import annotations

import pytest
from fixture_files import fixture_cases

from eligo.terminology.codes import RECORD_SYSTEMS
from eligo.terminology.named_routes import routed_parents
from eligo.terminology.routes import group_names, title_parts
from eligo.terminology.store import Terminology


@pytest.mark.parametrize(("title", "parts"), fixture_cases("terminology", "title_parts.tsv"))
def test_title_parts(title, parts):
    assert title_parts(title) == ([] if parts == "-" else parts.split("|"))


@pytest.mark.parametrize(("title", "names"), fixture_cases("terminology", "group_names.tsv"))
def test_group_names(title, names):
    assert group_names(title) == ([] if names == "-" else names.split("|"))


@pytest.mark.parametrize(
    ("system", "kind", "title", "parents"), fixture_cases("terminology", "title_routes.tsv")
)
def test_title_routes(system, kind, title, parents):
    assert routed_parents(title, system, kind) == ([] if parents == "-" else parents.split("|"))


def test_record_codes_reach_rule_concepts_through_the_routes():
    store = Terminology.load()
    # diabetic neuropathy (MONDO, no cross-codes) from the combination code E11.42
    assert store.reached_from("MONDO:0006626", RECORD_SYSTEMS) is not None
    assert "MONDO:0006626" in store.closure("ICD10CM:E11.42")
    # the residual I73.9 falls under peripheral vascular disease; no record of it is claudication
    assert "MONDO:0005294" in store.closure("ICD10CM:I73.9")
    assert "HP:0004417" not in store.closure("ICD10CM:I73.9")
    # HPO's several SNOMED codes of one term: none of them widens it
    assert "HP:0004950" not in store.closure("SNOMED:400047006")
    assert "SNOMED:367489004" not in store.closure("HP:0011002")
    # a coded operation is a surgery; postoperative care is none; a pregnant state is a pregnancy
    assert "ELIGO:surgery" in store.closure("SNOMED:45595009")
    assert "ELIGO:surgery" not in store.closure("SNOMED:133899007")
    assert "SNOMED:77386006" in store.closure("ICD10CM:Z33.1")


def test_heart_failure_vaccination_and_atc_routes_reach_without_widening():
    store = Terminology.load()
    chf, hf = "MONDO:0005009", "MONDO:0005252"
    # ICD-10-CM's nonessential modifier: a chronic systolic (congestive) heart failure is a CHF
    assert chf in store.closure("ICD10CM:I50.22") and chf in store.closure("ICD10CM:I50.32")
    assert chf in store.closure("ICD10CM:I50.9") and hf in store.closure("SNOMED:42343007")
    # no bracket that is no nonessential modifier: a complication of a termination is none
    assert "SNOMED:57797005" not in store.closure("ICD10CM:O04.5")
    # a vaccine administration is a vaccination; an infection after one, or isoimmunization, is not
    assert "SNOMED:33879002" in store.closure("SNOMED:86198006")
    assert "SNOMED:33879002" in store.closure("ICD10CM:Z23")
    assert "SNOMED:33879002" not in store.closure("ICD10CM:T88.0")
    assert "SNOMED:33879002" not in store.closure("SNOMED:32858009")
    assert "ELIGO:live-vaccines" in store.closure("SNOMED:38598009")
    assert "ELIGO:live-vaccines" not in store.closure("SNOMED:86198006")
    # ATC's tree: rituximab is a monoclonal antibody, not a cytotoxic drug
    assert "ELIGO:monoclonal-antibodies" in store.closure("ATC:L01FA01")
    assert "ELIGO:cytotoxic-chemotherapy" not in store.closure("ATC:L01FA01")


@pytest.mark.parametrize(("code", "concept", "reaches"), fixture_cases("terminology", "reach.tsv"))
def test_record_codes_reach_the_concepts_their_titles_name(code, concept, reaches):
    assert (concept in Terminology.load().closure(code)) == (reaches == "true")

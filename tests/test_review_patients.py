"""Patients that catch the faults the blind reviews found and the compiler fixed, on the reviewed protocols.

A review reads rules of protocols never seen; once read, those protocols keep
the fixes honest: each patient in `corpus/reviews/patients/fixed/` would get a
verdict outside its allowed set again if its fault came back (expected.tsv says
which criterion, which verdicts, and what it catches)."""

from __future__ import annotations

import csv
from functools import cache

import pytest
from fixture_files import ROOT

from eligo.api import compile_file, load_patient
from eligo.grammar.ast import Protocol
from eligo.grammar.screening import screen

REVIEWS = ROOT / "corpus" / "reviews"
FIXED = REVIEWS / "patients" / "fixed"
CASES = list(csv.DictReader((FIXED / "expected.tsv").open(encoding="utf-8"), delimiter="\t"))


@cache
def _rules(protocol: str) -> Protocol:
    return compile_file(REVIEWS / "protocols" / f"{protocol}.txt").protocol


@pytest.mark.parametrize("case", CASES, ids=[f"{c['protocol']}-{c['criterion']}-{c['kind']}" for c in CASES])
def test_fixed_fault_stays_fixed(case: dict[str, str]) -> None:
    screening = screen(_rules(case["protocol"]), load_patient(FIXED / case["patient"]))
    values = {result.id: result.value for result in screening.criteria}
    assert values[case["criterion"]] in case["allowed"].split(","), case["what it catches"]

"""Regimens: one item per drug, its first dosed mention, dose/route/frequency/days/cycle."""

from __future__ import annotations

import pytest
from fixture_files import SEEDS, assert_linear, fixture_cases, sections_and

from eligo.parser import regimens, sections  # noqa: F401 - register the components
from eligo.parser.normalise import normalise
from eligo.parser.regimens import RegimenVocabulary, drug_names, find_regimens, listed_drugs


def _cases(name: str) -> list[list[str]]:
    return fixture_cases("regimens", name)


def render(item) -> str:
    parts = [item.name]
    if item.dose:
        parts.append(f"dose={item.dose.value} {item.dose.unit}")
    if item.route:
        parts.append(f"route={item.route}")
    if item.frequency:
        parts.append(f"freq={item.frequency}")
    if item.days:
        parts.append("days=" + ",".join(f"{a}" if a == b else f"{a}..{b}" for a, b in item.days))
    if item.cycle:
        parts.append(f"cycle={item.cycle.value} {item.cycle.unit}")
    return "; ".join(parts)


@pytest.mark.parametrize(("text", "expected"), _cases("dosing.tsv"))
def test_dosing(text, expected):
    items = find_regimens(text, [(0, len(text))], [])
    assert (" || ".join(render(i) for i in items) or "-") == expected
    for item in items:
        assert text[slice(*item.span)] == item.text


@pytest.mark.parametrize(("listing", "text", "expected"), _cases("listed_dosing.tsv"))
def test_listed_drugs_dosed_in_prose(listing, text, expected):
    document = f"{listing}\n{text}"
    items = find_regimens(document, [(len(listing) + 1, len(document))], [(0, len(listing))])
    assert " || ".join(render(i) for i in items) == expected
    for item in items:
        assert document[slice(*item.span)] == item.text


@pytest.mark.parametrize(("line", "expected"), _cases("listings.tsv"))
def test_listing(line, expected):
    names = [m.name for m in listed_drugs(line, 0, len(line), RegimenVocabulary.load())]
    assert ("|".join(names) or "-") == expected


def test_listed_drug_without_dosing_is_its_entry():
    text = "A Study of Drug X\nDRUG: TQB2102 for injection|DRUG: Placebo\nTQB2102 is studied against placebo."
    listing = (text.index("DRUG"), text.index("\nTQB"))
    items = find_regimens(text, [(listing[1] + 1, len(text))], [listing])
    assert [(i.name, i.text, i.dose) for i in items] == [("tqb2102", "TQB2102", None), ("placebo", "Placebo", None)]
    assert items[0].span[0] == text.index("TQB2102 for")


def test_first_dosed_mention_wins_over_the_listing():
    text = "DRUG: Capecitabine\nPatients take capecitabine 1000 mg/m2 twice daily. Later, capecitabine 800 mg/m2."
    items = find_regimens(text, [(19, len(text))], [(0, 18)])
    assert [(i.name, i.dose.value, i.frequency) for i in items] == [("capecitabine", 1000, "BID")]


def test_dosage_form_does_not_set_the_route():
    text = "DRUG: MGTA 456 Infusion\nMGTA 456 Infusion 10 mg daily."
    items = find_regimens(text, [(24, len(text))], [(0, 23)])
    assert [(i.name, i.route, i.frequency) for i in items] == [("mgta 456", None, "QD")]


def test_listed_drug_dosed_by_a_schedule_before_its_name():
    text = "DRUG: Daunorubicin\nPatients will be treated with 5 consecutive days of low dose daunorubicin."
    [item] = find_regimens(text, [(19, len(text))], [(0, 18)])
    assert (item.text, item.frequency, item.days) == ("5 consecutive days of low dose daunorubicin", "QD", [(1, 5)])


def test_route_after_the_frequency_and_the_protocol_cycle():
    text = "DRUG: LP-118\nPatients receive LP-118 under a once daily oral dosing schedule.\nPK, At the end of cycle 1 (each cycle is 28 days)"
    prose, outcomes = (13, text.index("\nPK")), (text.index("PK"), len(text))
    [item] = find_regimens(text, [prose], [(0, 12)], [prose, outcomes])
    assert (item.route, item.frequency, item.cycle.value, item.cycle.unit) == ("oral", "QD", 28, "d")


def test_cycle_statement_is_not_a_frequency():
    text = "Lenvatinib 100 mg orally once daily on days 1-21. Every 28 days is a cycle."
    [item] = find_regimens(text, [(0, len(text))], [])
    assert (item.frequency, item.days, item.cycle.value, item.cycle.unit) == ("QD", [(1, 21)], 28, "d")


def test_drug_names_of_an_arm():
    assert drug_names("docetaxel combined with trastuzumab and pertuzumab") == ["docetaxel", "trastuzumab", "pertuzumab"]
    assert drug_names("TQB2102 injection") == ["tqb2102"]
    assert drug_names("different doses of ASP3082, alone") is None


@pytest.fixture(scope="module")
def nlp():
    return sections_and("eligo_regimens")


def test_seed_002(nlp):
    path = SEEDS / "002_8c8d6eab7ca31e48.txt"
    doc = nlp(normalise(path.read_text(encoding="utf-8")).text)
    assert [render(i) for i in doc._.interventions] == [
        "utidelone; dose=60 mg/m2/d; route=oral; freq=QD; days=1..5; cycle=21 d",
        "capecitabine; dose=1000 mg/m2; route=oral; freq=BID; days=1..14; cycle=21 d",
    ]
    for item in doc._.interventions:
        assert doc.text[slice(*item.span)] == item.text


@pytest.mark.parametrize(
    "make, size",
    [
        (lambda n: "a 1 mg " * n, 150_000),
        (lambda n: "Drug 1 mg; " * n, 90_000),
        (lambda n: "days 1, " * n + "2", 120_000),
        (lambda n: "x" * n, 1_000_000),
        (lambda n: "(" * (10 * n) + "1 mg daily " * n, 30_000),
        (lambda n: "DRUG: a|" * (3 * n // 2) + "".join(f"DRUG: d{i}|" for i in range(n)), 40_000),
        (lambda n: "Cetuximab is given orally. " * n + "A dose is taken daily, " * n, 40_000),
        (lambda n: "5 consecutive days of " * n + "daunorubicin 10 mg", 50_000),
    ],
)
def test_adversarial_lines_stay_linear(make, size):
    def run(line: str) -> None:
        find_regimens(line, [(0, len(line))], [(0, len(line))] if line.startswith("DRUG") else [])

    assert_linear(run, make, size)

"""Endpoints: outcome measures cut by meaning, abbreviations, time frames normalised."""

from __future__ import annotations

import pytest
from fixture_files import SEEDS, assert_linear, fixture_cases, sections_and

from eligo.parser import endpoints, sections  # noqa: F401 - register the components
from eligo.parser.endpoints import find_endpoints, split_measure, split_title
from eligo.parser.normalise import normalise
from eligo.parser.timeframes import normalise_time_frame


def _cases(name: str) -> list[list[str]]:
    return fixture_cases("endpoints", name)


def _normalised(frame) -> str:
    if frame.op is None:
        return "-"
    return " ".join(str(part) for part in (frame.op, frame.value, frame.unit, frame.anchor) if part is not None)


@pytest.mark.parametrize(("text", "expected"), _cases("time_frames.tsv"))
def test_time_frame(text, expected):
    frame = normalise_time_frame(text)
    assert frame.text == text
    assert _normalised(frame) == expected


@pytest.mark.parametrize(("measure", "name", "abbreviation", "time_frame", "normalised"), _cases("measures.tsv"))
def test_measure(measure, name, abbreviation, time_frame, normalised):
    [endpoint] = find_endpoints(measure, 0, len(measure), "primary")
    assert endpoint.text == measure and endpoint.span == (0, len(measure))
    assert (endpoint.name, endpoint.abbreviation or "-") == (name, abbreviation)
    frame = endpoint.time_frame
    assert (frame.text if frame else "-") == time_frame
    assert (_normalised(frame) if frame else "-") == normalised


@pytest.mark.parametrize(("title", "name", "abbreviation"), _cases("titles.tsv"))
def test_split_title(title, name, abbreviation):
    assert split_title(title) == (name, None if abbreviation == "-" else abbreviation)


def test_measure_parts_are_offsets():
    measure = "Overall survival, From randomization to the time of death from any cause., Up to 48 months after study start"
    title, description, frame = split_measure(measure)
    assert measure[slice(*title)] == "Overall survival"
    assert measure[slice(*description)] == "From randomization to the time of death from any cause."
    assert measure[slice(*frame)] == "Up to 48 months after study start"


def test_title_only_and_title_with_frame():
    assert split_measure("Clinician-Administered PTSD Scale (CAPS) score") == ((0, 46), None, None)
    title, description, frame = split_measure("Adverse events, 15 Weeks")
    assert (title, description, frame) == ((0, 14), None, (16, 24))


@pytest.fixture(scope="module")
def nlp():
    return sections_and("eligo_endpoints")


@pytest.mark.parametrize(("seed", "primary", "secondary"), [("001_59815f63e06642be.txt", 1, 9), ("002_8c8d6eab7ca31e48.txt", 1, 5)])
def test_seed_endpoints(nlp, seed, primary, secondary):
    path = SEEDS / seed
    text = normalise(path.read_text(encoding="utf-8")).text
    doc = nlp(text)
    found = doc._.endpoints
    assert [e.kind for e in found] == ["primary"] * primary + ["secondary"] * secondary
    for endpoint in found:
        assert doc.text[slice(*endpoint.span)] == endpoint.text
        assert endpoint.time_frame is not None


def test_seed_001_schedule_time_frame(nlp):
    path = SEEDS / "001_59815f63e06642be.txt"
    doc = nlp(normalise(path.read_text(encoding="utf-8")).text)
    ada = next(e for e in doc._.endpoints if e.abbreviation == "ADA")
    assert ada.name == "Anti-drug antibody"
    assert ada.time_frame.text.startswith("1 hour Before infusion on Cycle 1 Day1, Cycle 2 Day1")
    assert ada.time_frame.text.endswith("Each cycle is 21 days")
    assert ada.time_frame.op is None


RECORD = """A Study Of Venetoclax In Leukemia
Patients receive venetoclax.
Leukemia|Lymphoma
DRUG: Venetoclax
Complete Remission (CR) Rate, CR is defined as:

* Bone marrow < 5% blasts (with steroids (at least 1 mg/kg), and/or an inhibitor) within 14 days
* No extramedullary disease, Up to 4 cycles|Overall survival, Up to 2 years
This study's protocol was designed to assess venetoclax.
- Patients will be evaluated after 2 weeks, and (3) after 4 weeks of treatment.
"""


def test_record_measures_keep_their_paragraphs_and_lists(nlp):
    """A record's outcome field is cut at `|` only; a comma inside brackets starts no time frame,
    and prose whose first line holds no `title, ` is the description, not secondary outcomes."""
    found = nlp(RECORD)._.endpoints
    assert [(e.kind, e.name, e.time_frame.text) for e in found] == [
        ("primary", "Complete Remission (CR) Rate", "Up to 4 cycles"),
        ("primary", "Overall survival", "Up to 2 years"),
    ]
    assert found[0].text.startswith("Complete Remission") and found[0].text.endswith("Up to 4 cycles")


def test_measures_one_a_line_under_a_heading(nlp):
    text = "Primary Outcome Measures:\nOverall survival, 2 years\nOverall response rate (ORR), Up to 6 months\n"
    found = find_endpoints(text, text.index("Overall"), len(text) - 1, "primary")
    assert [(e.name, e.abbreviation, e.time_frame.value) for e in found] == [("Overall survival", None, 2), ("Overall response rate", "ORR", 6)]


@pytest.mark.parametrize(
    "make, size",
    [
        (lambda n: "a, " * n, 350_000),
        (lambda n: "Up to 1, " * n, 120_000),
        (lambda n: "(" * (2 * n) + ", " * n, 250_000),
        (lambda n: "Cycle 1 Day 1, " * n + "and 3 days", 70_000),
        (lambda n: "x" * n, 1_000_000),
        (lambda n: "(a), " * n, 200_000),
        (lambda n: "(" * 100 + "a, " * n + ")" * 100, 300_000),
        (lambda n: "Title, Time Frame: " * n + "From and " * n + "to 8 weeks" + "]" * (5 * n // 3), 60_000),
        (lambda n: "Title, desc\n\n* item, " * n + "Up to 2 years", 60_000),
    ],
)
def test_adversarial_lines_stay_linear(make, size):
    assert_linear(lambda line: find_endpoints(line, 0, len(line), "secondary"), make, size)

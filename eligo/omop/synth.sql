-- The synthetic population's SQL (eligo/omop/synth.py runs the sections in order; `{name}` are
-- filled in by str.format).

-- section: schema
CREATE TABLE concept (concept_id BIGINT, concept_name VARCHAR, domain_id VARCHAR, vocabulary_id VARCHAR, concept_class_id VARCHAR,
  standard_concept VARCHAR, concept_code VARCHAR, valid_start_date DATE, valid_end_date DATE, invalid_reason VARCHAR);
CREATE TABLE concept_relationship (concept_id_1 BIGINT, concept_id_2 BIGINT, relationship_id VARCHAR, valid_start_date DATE,
  valid_end_date DATE, invalid_reason VARCHAR);
CREATE TABLE concept_ancestor (ancestor_concept_id BIGINT, descendant_concept_id BIGINT, min_levels_of_separation INTEGER,
  max_levels_of_separation INTEGER);
CREATE TEMP TABLE pool (kind VARCHAR, idx INTEGER, concept_id BIGINT);
CREATE TEMP TABLE spec (idx INTEGER, concept_id BIGINT, unit_concept_id BIGINT, centre DOUBLE, uln DOUBLE, low DOUBLE, high DOUBLE);
CREATE TEMP TABLE category (idx INTEGER, concept_id BIGINT, value_concept_id BIGINT);
CREATE TEMP TABLE anchor_name (idx INTEGER, anchor VARCHAR);

-- section: macros
-- u(a, b, c): a uniform draw in [0, 1) from the seed and three integers
CREATE TEMP MACRO u(a, b, c) AS (hash(a, b, c, {seed}) % 1000003) / 1000003.0;
CREATE TEMP MACRO screening(p) AS DATE '2023-06-01' + CAST(floor(u(p, 0, 1) * 700) AS INTEGER);
CREATE TEMP MACRO when_(p, j, k) AS screening(p) - CAST(floor(pow(u(p, j, k), 2) * 2000) AS INTEGER)
  + CASE WHEN u(p, j, k + 1) < 0.15 THEN CAST(floor(u(p, j, k + 2) * 120) AS INTEGER) ELSE 0 END;

-- section: people
CREATE TABLE person AS SELECT p AS person_id,
  CASE WHEN u(p, 0, 2) < 0.48 THEN 8532 WHEN u(p, 0, 2) < 0.96 THEN 8507 ELSE 0 END AS gender_concept_id,
  CAST(year(screening(p)) - 10 - floor(u(p, 0, 3) * 80) AS INTEGER) AS year_of_birth,
  CASE WHEN u(p, 0, 4) < 0.02 THEN NULL ELSE CAST(1 + floor(u(p, 0, 5) * 12) AS INTEGER) END AS month_of_birth,
  CAST(1 + floor(u(p, 0, 6) * 28) AS INTEGER) AS day_of_birth, CAST(NULL AS TIMESTAMP) AS birth_datetime,
  0 AS race_concept_id, 0 AS ethnicity_concept_id, CAST(p AS VARCHAR) AS person_source_value
FROM range(1, {n} + 1) t(p);
CREATE TABLE observation_period AS SELECT person_id AS observation_period_id, person_id, DATE '2005-01-01' AS observation_period_start_date,
  DATE '2026-01-01' AS observation_period_end_date, 32817 AS period_type_concept_id FROM person WHERE u(person_id, 0, 7) >= 0.05;
CREATE TABLE visit_occurrence AS SELECT person_id AS visit_occurrence_id, person_id, 9202 AS visit_concept_id, screening(person_id) AS visit_start_date,
  screening(person_id) AS visit_end_date, 32817 AS visit_type_concept_id FROM person;
CREATE TABLE eligo_anchor AS SELECT person_id, anchor, screening(person_id) + CASE anchor WHEN 'screening' THEN 0
  WHEN 'randomization' THEN 7 + CAST(floor(u(person_id, a.idx, 8) * 14) AS INTEGER) ELSE CAST(floor(u(person_id, a.idx, 8) * 35) AS INTEGER) END AS anchor_date
FROM person, anchor_name a WHERE u(person_id, a.idx, 9) >= 0.03;

-- section: records
CREATE TABLE condition_occurrence AS SELECT person_id * 100 + j AS condition_occurrence_id, person_id, c.concept_id AS condition_concept_id,
  when_(person_id, j, 20) AS condition_start_date,
  CASE WHEN u(person_id, j, 23) < 0.35 THEN NULL ELSE when_(person_id, j, 20) + CAST(floor(u(person_id, j, 24) * 500) AS INTEGER) END AS condition_end_date,
  32817 AS condition_type_concept_id, 0 AS condition_status_concept_id,
  CASE WHEN u(person_id, j, 25) < 0.3 THEN 'active' WHEN u(person_id, j, 25) < 0.55 THEN 'resolved' END AS condition_status_source_value
FROM person, range(0, 10) r(j), pool c
WHERE u(person_id, j, 21) < 0.5 AND c.kind = 'condition' AND c.idx = CAST(floor(u(person_id, j, 22) * {conditions}) AS INTEGER);
CREATE TABLE drug_exposure AS SELECT person_id * 100 + j AS drug_exposure_id, person_id, c.concept_id AS drug_concept_id,
  when_(person_id, j, 30) AS drug_exposure_start_date,
  CASE WHEN u(person_id, j, 33) < 0.1 THEN NULL ELSE when_(person_id, j, 30) + CAST(floor(u(person_id, j, 34) * 300) AS INTEGER) END AS drug_exposure_end_date,
  32817 AS drug_type_concept_id
FROM person, range(0, 6) r(j), pool c
WHERE u(person_id, j, 31) < 0.5 AND c.kind = 'treatment' AND c.idx = CAST(floor(u(person_id, j, 32) * {treatments}) AS INTEGER);
CREATE TABLE procedure_occurrence AS SELECT person_id * 100 + j AS procedure_occurrence_id, person_id, c.concept_id AS procedure_concept_id,
  when_(person_id, j, 40) AS procedure_date, 32817 AS procedure_type_concept_id
FROM person, range(0, 3) r(j), pool c
WHERE u(person_id, j, 41) < 0.5 AND c.kind = 'procedure' AND c.idx = CAST(floor(u(person_id, j, 42) * {procedures}) AS INTEGER);
CREATE TABLE observation AS SELECT person_id * 100 + j AS observation_id, person_id, c.concept_id AS observation_concept_id,
  when_(person_id, j, 50) AS observation_date, 32817 AS observation_type_concept_id,
  CAST(NULL AS DOUBLE) AS value_as_number, CAST(NULL AS VARCHAR) AS value_as_string, 0 AS value_as_concept_id
FROM person, range(0, 2) r(j), pool c
WHERE u(person_id, j, 51) < 0.4 AND c.kind = 'event' AND c.idx = CAST(floor(u(person_id, j, 52) * {events}) AS INTEGER);
CREATE TABLE measurement AS
SELECT person_id * 10000 + s.idx * 2 + r AS measurement_id, person_id, s.concept_id AS measurement_concept_id,
  screening(person_id) - CAST(floor(u(person_id, s.idx * 2 + r, 60) * 8) AS INTEGER) * 7 AS measurement_date,
  32817 AS measurement_type_concept_id,
  CASE WHEN s.low IS NOT NULL THEN s.low + floor(u(person_id, s.idx * 2 + r, 61) * (s.high - s.low + 1))
       WHEN u(person_id, s.idx * 2 + r, 62) < 0.05 THEN s.centre
       ELSE round(s.centre * (0.5 + u(person_id, s.idx * 2 + r, 61)), 1) END AS value_as_number,
  0 AS value_as_concept_id,
  CASE WHEN u(person_id, s.idx * 2 + r, 63) < 0.05 THEN NULL ELSE s.unit_concept_id END AS unit_concept_id,
  CASE WHEN s.uln IS NOT NULL AND u(person_id, s.idx * 2 + r, 64) >= 0.1 THEN 10.0 END AS range_low,
  CASE WHEN s.uln IS NOT NULL AND u(person_id, s.idx * 2 + r, 64) >= 0.1 THEN s.uln END AS range_high,
  CAST(NULL AS VARCHAR) AS value_source_value
FROM person, spec s, range(0, 2) t(r)
WHERE u(person_id, s.idx, 65) < 0.3 AND (r = 0 OR u(person_id, s.idx, 66) < 0.5)
UNION ALL
SELECT person_id * 10000 + 5000 + k.idx, person_id, k.concept_id, screening(person_id) - CAST(floor(u(person_id, k.idx, 70) * 8) AS INTEGER) * 7,
  32817, CAST(NULL AS DOUBLE), k.value_concept_id, CAST(NULL AS BIGINT), CAST(NULL AS DOUBLE), CAST(NULL AS DOUBLE), CAST(NULL AS VARCHAR)
FROM person, category k WHERE u(person_id, k.idx, 71) < 0.3;

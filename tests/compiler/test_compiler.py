"""The compiler: what each kind of criterion compiles to, from hand-made facts and, end to end, from criterion text.

The rules here are the compiler's before `unknown_without_record` or-s an unresolved part into each
`has` of a concept no record code carries (tests/compiler/test_record_gaps.py has those cases): which
concepts that is moves with the terminology's reach, which these cases are not about."""

from __future__ import annotations

import re

import pytest
from fixture_files import fixture_cases, fixture_path

import eligo.compiler.protocol as protocol_module
from eligo.annotations import Annotations, CriterionItem
from eligo.api import compile_source, compile_text
from eligo.compiler import compile_facts
from eligo.facts import CriterionFacts, Cue, Mention, ProtocolFacts, ThresholdFact, WindowFact
from eligo.grammar import parse_rules, to_text
from eligo.grammar.check import check_protocol
from eligo.grammar.printer import expr_text
from eligo.phrases import scan
from eligo.structure import marks, sentences
from eligo.source import source_from_text


@pytest.fixture(autouse=True)
def _without_record_gaps(monkeypatch):
    monkeypatch.setattr(protocol_module, "unknown_without_record", lambda protocol: protocol)


class Sketch:
    """Facts for one criterion, positioned by quoting the criterion text."""

    def __init__(self, text: str, kind: str = "exclusion", ident: str = "E1"):
        self.text = text
        self.criterion = CriterionItem(id=ident, kind=kind, span=(0, len(text)), text=text)
        self.thresholds: list[ThresholdFact] = []
        self.windows: list[WindowFact] = []
        self.mentions: list[Mention] = []
        self.cues: list[Cue] = []

    def _span(self, quote: str, nth: int = 0) -> tuple[int, int]:
        starts = [m.start() for m in re.finditer(re.escape(quote), self.text)]
        return starts[nth], starts[nth] + len(quote)

    def threshold(self, quote, op, value, unit=None, concept=None):
        self.thresholds.append(ThresholdFact(span=self._span(quote), text=quote, op=op, value=value, unit=unit, concept=concept))
        return self

    def window(self, quote, op, value, unit, relation, anchor):
        self.windows.append(WindowFact(span=self._span(quote), text=quote, op=op, value=value, unit=unit, relation=relation, anchor=anchor))
        return self

    def mention(self, quote, concept, type_, negated=False, nth=0):
        self.mentions.append(Mention(concept=concept, type=type_, span=self._span(quote, nth), text=quote, negated=negated))
        return self

    def cue(self, quote, category, nth=0):
        self.cues.append(Cue(category=category, span=self._span(quote, nth), text=quote))
        return self

    def compile(self):
        facts = CriterionFacts(
            criterion=self.criterion,
            thresholds=tuple(self.thresholds),
            windows=tuple(self.windows),
            mentions=tuple(self.mentions),
            cues=tuple(self.cues),
            **read(self.criterion),
        )
        protocol = ProtocolFacts(document="t.txt", text=self.text, annotations=Annotations(document="t.txt"), criteria=(facts,))
        return compile_facts(protocol)

    def rule(self) -> str:
        return expr_text(self.compile().protocol.criteria[0].rule)


def read(criterion: CriterionItem) -> dict:
    """What the parser reads of a criterion's text for the compiler: its phrases, sentences and
    marks."""
    text, base = criterion.text, criterion.span[0]
    return {
        "phrases": tuple(scan(text, base)),
        "sentences": tuple(sentences(text, base)),
        "marks": tuple(marks(text, base)),
    }


def test_range_and_score():
    sketch = Sketch("Age: 18-75 years old; ECOG PS score: 0-1", "inclusion", "I2")
    sketch.threshold("Age: 18-75 years", ">=", 18, "a", "age").threshold("Age: 18-75 years", "<=", 75, "a", "age")
    sketch.threshold("ECOG PS score: 0-1", ">=", 0, None, "ecog").threshold("ECOG PS score: 0-1", "<=", 1, None, "ecog")
    assert sketch.rule() == "age in [18 a .. 75 a] and ecog in [0 .. 1]"


def test_listed_events_share_one_window():
    text = "Received major surgical treatment, open biopsy, or significant traumatic injury within 4 weeks prior to randomization"
    sketch = Sketch(text)
    sketch.mention("major surgical treatment", "major_surgery", "procedure").mention("open biopsy", "open_biopsy", "procedure")
    sketch.mention("traumatic injury", "trauma", "event").cue("significant", "vague")
    sketch.window("within 4 weeks prior to randomization", "<=", 4, "wk", "before", "randomization")
    assert sketch.rule().startswith(
        "has any(procedure major_surgery, procedure biopsy, event trauma) within 4 wk before randomization"
    )


def test_two_windows_make_two_alternatives():
    text = "Received radiation therapy within 3 weeks prior to the start of study treatment and endocrine therapy within 2 weeks prior to the start of study treatment"
    sketch = Sketch(text)
    sketch.mention("radiation therapy", "radiotherapy", "treatment").mention("endocrine therapy", "endocrine_therapy", "treatment")
    sketch.window("within 3 weeks prior to the start of study treatment", "<=", 3, "wk", "before", "start of study treatment")
    sketch.window("within 2 weeks prior to the start of study treatment", "<=", 2, "wk", "before", "start of study treatment")
    rule = sketch.rule()
    assert "has treatment radiotherapy within 3 wk before first_dose" in rule
    assert "has treatment endocrine_therapy within 2 wk before first_dose" in rule


def test_negated_history_in_an_inclusion():
    sketch = Sketch("No history of interstitial lung disease", "inclusion", "I1")
    sketch.mention("interstitial lung disease", "interstitial_lung_disease", "condition", negated=True)
    assert sketch.rule() == "not has condition interstitial_lung_disease"


def test_grade_threshold_filters_the_condition_it_qualifies():
    text = "Unrelieved toxic reactions above CTC AE grade 1 caused by any previous treatment"
    sketch = Sketch(text).mention("toxic reactions", "treatment_toxicity", "condition")
    sketch.threshold("above CTC AE grade 1", ">", 1, None, "ctcae grade")
    assert sketch.rule() == "has condition treatment_toxicity(grade > 1)"


def test_dipstick_and_24_hour_protein():
    text = "Urine routine shows urinary protein ≥++and confirms 24-hour urinary protein quantification>1.0 g"
    sketch = Sketch(text)
    sketch.threshold("urinary protein ≥++", ">=", "++", None, "urine protein dipstick")
    sketch.threshold("24-hour urinary protein quantification>1.0 g", ">", 1.0, "g/(24.h)", "urine protein 24h")
    rule = sketch.rule()
    assert '>= "++"' in rule and "> 1.0 g/(24.h)" in rule and " and " in rule


def test_count_of_an_entity():
    sketch = Sketch("Have at least one measurable lesion according to RECIST 1.1 criteria;", "inclusion", "I7")
    sketch.threshold("at least one", ">=", 1, None, "measurable lesion").mention("measurable lesion", "measurable_lesion", "condition")
    assert sketch.rule() == "count(condition measurable_lesion) >= 1"


def test_conditional_interval_with_exception():
    text = (
        "If receiving (new) adjuvant therapy, it is required that the time interval between the end of systemic therapy "
        "(excluding endocrine therapy) and the discovery of recurrence/metastasis be greater than 12 months"
    )
    sketch = Sketch(text, "inclusion", "I6").cue("If", "conditional").cue("excluding", "exception")
    sketch.mention("adjuvant therapy", "adjuvant_therapy", "treatment").mention("systemic therapy", "systemic_therapy", "treatment")
    sketch.mention("endocrine therapy", "endocrine_therapy", "treatment").mention("recurrence", "recurrence", "event")
    sketch.window("greater than 12 months", ">", 12, "mo", "before", "discovery of recurrence/metastasis")
    assert sketch.rule() == (
        "if has treatment adjuvant_therapy within 0 d during screening then "
        "interval(end treatment systemic_anticancer_therapy except endocrine_therapy, start event recurrence) > 12 mo"
    )


def test_categorical_biomarker_status():
    sketch = Sketch("HER2 positive, recurrent or metastatic invasive breast cancer", "inclusion", "I3")
    sketch.mention("HER2", "her2", "observation").mention("invasive breast cancer", "breast_cancer", "condition")
    now = "within 0 d during screening"  # a present-tense diagnosis is the state at screening
    assert sketch.rule() == f'her2_status = "positive" and has condition breast_cancer {now}'


def test_vague_criterion_is_unresolved_with_a_located_warning():
    sketch = Sketch("Good major organ function", "inclusion", "I8").cue("Good", "vague")
    compilation = sketch.compile()
    assert compilation.protocol.criteria[0].rule.kind == "unresolved"
    (diagnostic,) = compilation.diagnostics
    assert diagnostic.code == "E201" and diagnostic.severity == "warning"
    assert diagnostic.headline() == 't.txt:1:1: warning[E201]: vague criterion "Good major organ function": \'Good\' is not defined by a measurable threshold'
    assert compilation.coverage.none == 1


def test_judgement_criterion_is_a_note():
    sketch = Sketch("According to the researcher's judgment, there are situations that endanger the subjects").cue(
        "researcher's judgment", "judgement"
    )
    compilation = sketch.compile()
    assert compilation.protocol.criteria[0].rule.reason == "judgement"
    assert compilation.diagnostics[0].severity == "note"


def test_partly_compiled_criterion_keeps_the_unresolved_part():
    sketch = Sketch("Active viral hepatitis with poor control").cue("poor", "vague")
    sketch.mention("viral hepatitis", "viral_hepatitis", "condition").cue("Active", "current")
    compilation = sketch.compile()
    rule = expr_text(compilation.protocol.criteria[0].rule)
    now = "within 0 d during screening"
    assert rule.startswith(f'has condition viral_hepatitis(status = "active") {now} and unresolved vague')
    assert compilation.coverage.partial == 1 and compilation.diagnostics[0].code == "E210"


def test_no_criteria_is_a_note_not_an_error():
    compilation = compile_facts(ProtocolFacts(document="r.txt", text="Title\n", annotations=Annotations(document="r.txt")))
    assert [d.code for d in compilation.diagnostics] == ["E200"]
    assert parse_rules(to_text(compilation.protocol)) == compilation.protocol


# --- end to end: criterion text → rule (tests/fixtures/compiler/criteria.tsv) ------------------------------------

FIXTURES = fixture_path("compiler")


def _criteria_cases() -> list[list[str]]:
    lines = (FIXTURES / "criteria.tsv").read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


def _compiled(text: str):
    return compile_source(source_from_text(text, "t.txt")).protocol


def _rules(text: str) -> list[str]:
    """The rules, as DSL text, of every criterion of `text`."""
    return [expr_text(c.rule) for c in _compiled(text).criteria]


def _rule_of(kind: str, text: str) -> str:
    """The rule, as DSL text, of `text` compiled as the one criterion of its section."""
    heading = "Inclusion Criteria:" if kind == "inclusion" else "Exclusion Criteria:"
    (criterion,) = _compiled(f"Eligibility\n{heading}\n- {text}\n").criteria
    return expr_text(criterion.rule)


@pytest.mark.parametrize(("kind", "text", "expected"), _criteria_cases(), ids=lambda value: value[:40])
def test_criterion_compiles_to_its_rule(kind, text, expected):
    assert _rule_of(kind, text.replace(chr(92) + "n", chr(10))) == expected


@pytest.mark.parametrize(("kind", "text", "expected"), fixture_cases("compiler", "joins.tsv"), ids=lambda value: value[:40])
def test_parts_and_left_over_phrases_join_as_written(kind, text, expected):
    """An alternative joins with `or`, a modifier narrows its atom, an exception only removes patients (joins.tsv)."""
    assert _rule_of(kind, text) == expected


@pytest.mark.parametrize(("kind", "text", "expected"), fixture_cases("compiler", "pairs.tsv"), ids=lambda value: value[:40])
def test_a_pair_of_values_joins_its_members_as_its_fact_says(kind, text, expected):
    """ "BP > 140/90 mmHg": systolic > 140 or diastolic > 90 beyond the limit, and within it (pairs.tsv)."""
    assert _rule_of(kind, text) == expected


@pytest.mark.parametrize(("kind", "text", "expected"), fixture_cases("compiler", "phrase_groups.tsv"), ids=lambda value: value[:40])
def test_a_left_over_word_narrows_a_phrase_of_atoms_together(kind, text, expected):
    """ "Uncontrolled BP ≥ 170/100": both members narrowed, and no left-over word lost (phrase_groups.tsv)."""
    assert _rule_of(kind, text) == expected


@pytest.mark.parametrize(("kind", "text", "expected"), fixture_cases("compiler", "since.tsv"), ids=lambda value: value[:40])
def test_a_window_counted_from_a_record_dates_that_record(kind, text, expected):
    """ "N since diagnosis of X" dates X's own record; "N since the most recent X" asks for none or one so recent (since.tsv)."""
    assert _rule_of(kind, text) == expected


@pytest.mark.parametrize(("kind", "text", "expected"), fixture_cases("compiler", "index_events.tsv"), ids=lambda value: value[:40])
def test_the_trials_index_event_is_no_requirement(kind, text, expected):
    """ "for the current stroke" names the trial's index event: an and-ed unresolved part, never
    `has condition stroke` (index_events.tsv)."""
    assert _rule_of(kind, text) == expected


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    fixture_cases("compiler", "severity.tsv"),
    ids=lambda value: value[:40],
)
def test_a_degree_before_a_condition_filters_its_severity(kind, text, expected):
    """"severe X" is X with a severity of severe or worse, "mild to moderate X" of moderate or
    milder (severity.tsv); a degree that is part of a concept's name is no filter."""
    assert _rule_of(kind, text) == expected


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    fixture_cases("compiler", "indication_ties.tsv") + fixture_cases("compiler", "non_prefixes.tsv"),
    ids=lambda value: value[:40],
)
def test_words_no_record_holds_stay_unresolved(kind, text, expected):
    """"X that required treatment with Y" is never `X and Y` alone, no record says Y was for X
    (indication_ties.tsv); "non-insulin antidiabetic agent" is the class except insulin, never
    `not insulin`, while "non-smoking women" is `not smoking` (non_prefixes.tsv)."""
    assert _rule_of(kind, text) == expected


@pytest.mark.parametrize(("kind", "text", "expected"), fixture_cases("compiler", "breadth.tsv"), ids=lambda value: value[:40])
def test_a_mention_links_to_a_concept_as_broad_as_its_words(kind, text, expected):
    """"T2DM" is type 2 diabetes, "heart disease" no cardiovascular disease, "acute or chronic pancreatitis" any (breadth.tsv)."""
    assert _rule_of(kind, text) == expected


# --- facts → rules -------------------------------------------------------------------------------------------------


def test_an_unknown_measure_is_unresolved_never_a_placeholder_concept():
    unnamed = Sketch("Walking speed <1 m/sec on the 4 m walk test", "inclusion", "I5").threshold("<1 m/sec", "<", 1, "m/s")
    assert unnamed.rule() == "unresolved unsupported \"'<1 m/sec': what it measures is not a known concept\""
    named = Sketch("Walking speed <1 m/sec on the 4 m walk test", "inclusion", "I5").threshold("<1 m/sec", "<", 1, "m/s")
    named.mention("Walking speed", "gait_speed", "observation")
    assert named.rule() == "gait_speed < 1 m/s"


def test_a_comparison_is_shared_by_the_names_listed_before_it():
    sketch = Sketch("INR or aPTT ≤ 1.5 x ULN", "inclusion", "I1").threshold("aPTT ≤ 1.5 x ULN", "<=", 1.5, "{ULN}", "aptt")
    sketch.mention("INR", "inr", "observation").mention("aPTT", "aptt", "observation")
    assert sketch.rule() == "inr <= 1.5 {ULN} or aptt <= 1.5 {ULN}"


def test_a_value_for_one_sex_applies_to_that_sex():
    text = "QTcF > 450 msec (men) or >470 msec (women)"
    sketch = Sketch(text).mention("QTcF", "qtc", "observation")
    sketch.threshold("QTcF > 450 msec", ">", 450, "ms", "qtc").threshold(">470 msec", ">", 470, "ms")
    assert sketch.rule() == 'sex = "male" and qtc > 450 ms or sex = "female" and qtc > 470 ms'


def test_listed_exclusions_are_alternatives():
    sketch = Sketch("Drug abuse and mental disorders").mention("Drug abuse", "substance_abuse", "condition")
    sketch.mention("mental disorders", "mental_disorder", "condition", nth=0)
    now = "within 0 d during screening"
    assert sketch.rule() == f"has any(condition substance_abuse, condition mental_disorder) {now}"
    sketch = Sketch("Active infection requiring intravenous antibiotics").mention("Active infection", "infection", "condition")
    sketch.mention("antibiotics", "antibiotics", "treatment")
    need = "unresolved unsupported \"'requiring intravenous antibiotics' is a need, which no record holds\""
    assert sketch.rule() == f"has condition infection(status = \"active\") within 0 d during screening and {need}"


def test_other_malignancy_leaves_out_the_trial_disease():
    text = "Metastatic breast cancer\nOther malignant tumors within the past 5 years"
    inclusion, exclusion = Sketch(text, "inclusion", "I1"), Sketch(text)
    inclusion.criterion = CriterionItem(id="I1", kind="inclusion", span=(0, 24), text=text[:24])
    inclusion.mention("breast cancer", "breast_cancer", "condition")
    exclusion.criterion = CriterionItem(id="E1", kind="exclusion", span=(25, len(text)), text=text[25:])
    exclusion.mentions.append(Mention(concept="malignancy", type="condition", span=(25, 47), text="Other malignant tumors"))
    exclusion.windows.append(WindowFact(span=(48, len(text)), text=text[48:], op="<=", value=5, unit="a", relation="before", anchor=None))
    criteria = tuple(
        CriterionFacts(
            criterion=s.criterion,
            mentions=tuple(s.mentions),
            windows=tuple(s.windows),
            **read(s.criterion),
        )
        for s in (inclusion, exclusion)
    )
    protocol = compile_facts(ProtocolFacts(document="t.txt", text=text, annotations=Annotations(document="t.txt"), criteria=criteria)).protocol
    assert expr_text(protocol.criteria[1].rule) == "has condition malignancy except breast_cancer within 5 a before screening"


def test_lead_ins_negate_their_items_or_make_them_alternatives():
    text = (
        "Eligibility\nInclusion Criteria:\n"
        "- No prior treatment for prostate cancer, including any of the following:\n- Radiotherapy\n- Chemotherapy\n"
        "- Female participant is not pregnant and at least 1 of the following conditions apply:\n"
        "- Not a woman of childbearing potential (WOCBP).\n- WOCBP who agrees to follow the contraceptive guidance.\n"
        "- Female participant must agree not to breastfeed.\n"
    )
    rules = _rules(text)
    qualifier = "unresolved ambiguous \"as the lead-in 'No prior treatment for prostate cancer, including any of the following:' qualifies it\""
    assert rules[1] == f"not (has treatment radiotherapy and {qualifier})"
    assert rules[2] == f"not (has treatment chemotherapy and {qualifier})"
    consent = "unresolved consent \"depends on 'agrees to', which no record holds\""
    now = "within 0 d during screening"
    assert rules[4] == rules[5] == f"not has condition childbearing_potential {now} or {consent}"
    assert rules[6].startswith("unresolved consent")


def test_a_lead_in_defined_either_by_its_items_is_their_or():
    """5c: "X defined either by:" is no criterion of its own, and any one of its items defines X."""
    text = (
        "Eligibility\nInclusion Criteria:\n"
        "- Renal impairment defined either by:\n  - eGFR >= 50 mL/min/1.73 m2\n  - serum creatinine > 2 mg/dL\n"
        "- Age >= 18 years\n"
    )
    rules = _rules(text)
    assert rules[0].startswith("unresolved no_content")
    assert rules[1] == rules[2] == "egfr >= 50 mL/min/{1.73_m2} or creatinine > 2 mg/dL"
    assert rules[3] == "age >= 18 a"


def test_a_lead_in_dates_the_items_under_it():
    """5f: an item keeps its lead-in's window and modality; a heading-only lead-in is no rule; an item listed under one
    branch of an alternative leaves the other branch open."""
    text = (
        "Eligibility\nInclusion Criteria:\n\n"
        "* Body mass index of (a) >= 35 kg/m2, or (b) >= 30 kg/m2 and at least one of the following conditions:\n\n"
        "  * Hypertension\n\n"
        "Exclusion Criteria:\n\n"
        "* Is taking or plans to take any of the following medications:\n\n"
        "  * Amiodarone\n"
        "  * Treatment within the last 8 weeks with:\n\n"
        "    * fluconazole\n"
        "* Adequate liver function, defined by the following laboratory results obtained within 14 days prior to screening:\n\n"
        "  * ALT <= 3 x ULN\n"
    )
    rules = _rules(text)
    branch = "one branch of the lead-in 'Body mass index of (a) >= 35 kg/m2, or (b) >= 30 kg/m2 and at least one of the following conditions:', whose other branch it leaves open"
    now = "within 0 d during screening"
    assert rules[1] == f'has condition hypertension {now} or unresolved ambiguous "{branch}"'
    assert rules[2].startswith("unresolved no_content") and rules[4].startswith("unresolved no_content")
    planned = "unresolved judgement \"the lead-in's 'plans to' asks for a forecast, which no record holds\""
    assert rules[3] == f"has treatment amiodarone within 0 d during screening or {planned}"
    assert rules[5] == "has treatment fluconazole within 8 wk before screening"  # the nearest lead-in dates it
    assert rules[7] == "alt <= 3 {ULN} within 14 d before screening"
    assert rules[6].startswith('unresolved no_content "\'Adequate liver function')  # a definition's heading


def test_check_reports_an_exclusion_that_an_inclusion_requires():
    rules = (
        'eligo 1\nprotocol "t" {\n'
        '  inclusion I7 at 1:1 span 0..1 "lesion" {\n    count(condition measurable_lesion) >= 1\n  }\n'
        '  exclusion E2 at 2:1 span 1..2 "lesions" {\n    has any(condition cns_metastasis, condition measurable_lesion)\n  }\n'
        '  exclusion E3 at 3:1 span 2..3 "brain" {\n    has condition cns_metastasis\n  }\n'
        "}\n"
    )
    findings = [(d.code, d.message) for d in check_protocol(parse_rules(rules), rules)]
    assert findings == [("C105", "E2: an inclusion requires what this exclusion rules out: no patient can be eligible")]


def test_a_permission_is_a_note_and_a_heading_no_criterion():
    text = "Eligibility\nInclusion Criteria:\n- Age >= 18 years\n- Patients with brain metastases may be included\n- Hepatic:\n"
    compilation = compile_text(text, "t.txt")
    codes = {d.code: d.severity for d in compilation.diagnostics}
    assert codes.get("E207") == "note" and codes.get("E206") == "warning" and "E211" not in codes
    assert compilation.coverage.full == 2  # the age, and the permission: it says all it means


def test_a_population_heading_scopes_the_items_under_it():
    text = (
        "Eligibility\nInclusion Criteria:\n\nHealthy volunteers:\n\n- Body weight >= 50 kg\n\n"
        "Patients with asthma:\n\n- Age 18 to 65 years\n\nPatient characteristics:\n\n- BMI <= 35 kg/m2\n\n"
        "Exclusion Criteria:\n\n- Current smoking\n\nHealthy volunteers:\n\n- Pregnancy\n"
    )
    rules = _rules(text)
    volunteers = "unresolved unsupported \"applies to 'Healthy volunteers' only\""
    assert rules[0] == f"weight >= 50 kg or {volunteers}"
    assert rules[1] == "if has condition asthma then age in [18 a .. 65 a]"  # a heading naming a condition defines its cohort
    assert rules[2] == "if has condition asthma then bmi <= 35 kg/m2"  # "Patient characteristics:" names no cohort
    assert not rules[3].endswith("only\"")  # a new section ends the scope
    assert rules[4] == f"has condition pregnancy within 0 d during screening and {volunteers}"
    alone = "Eligibility\nInclusion Criteria:\n\nHealthy volunteers:\n\n- Body weight >= 50 kg\n"
    assert [expr_text(c.rule) for c in _compiled(alone).criteria] == ["weight >= 50 kg"]  # the whole population


def test_a_population_heading_keeps_the_subtype_it_names():
    """ "Patients with type 1 diabetes:" is the cohort of type 1 diabetes, not of any diabetes (4c)."""
    text = (
        "Eligibility\nInclusion Criteria:\n\nHealthy volunteers:\n\n- Body weight >= 50 kg\n\n"
        "Patients with type 1 diabetes:\n\n- Age 18 to 65 years\n"
    )
    rules = _rules(text)
    assert rules[1] == "if has condition type_1_diabetes_mellitus then age in [18 a .. 65 a]"


def test_a_site_scope_limits_the_items_under_it_only():
    text = (
        "Eligibility\nExclusion Criteria:\n* Current smoking\n* Participants in Utopia only:\n"
        "    * Myocardial infarction\n* Age > 80 years\n* Prior rituximab (applicable to sites in Utopia only)\n"
    )
    rules = _rules(text)
    assert rules[1].endswith("and unresolved unsupported \"applies to 'Participants in Utopia only' only\"")
    assert rules[0].startswith("has") and rules[2] == "age > 80 a"  # neither before nor after the heading's items
    assert rules[3].startswith("has treatment rituximab and unresolved") and rules[3].endswith("applies to one cohort only\"")
    indented = (FIXTURES.parent / "criteria" / "scope_heading_indented.txt").read_text(encoding="utf-8")
    rules = [expr_text(c.rule) for c in _compiled(indented).criteria]  # a heading line with no colon, after a blank
    assert not rules[1].endswith("only\"") and all(r.endswith("'Additional exclusion criteria - Utopia only' only\"") for r in rules[2:])


@pytest.mark.parametrize(("kind", "lead", "item", "expected"), fixture_cases("compiler", "lead_ins.tsv"), ids=lambda value: value[:40])
def test_an_item_takes_what_its_lead_in_asks(kind, lead, item, expected):
    """5f: an item listed under a lead-in that asks the investigator's judgement is never decided without it (lead_ins.tsv)."""
    heading = "Inclusion Criteria:" if kind == "inclusion" else "Exclusion Criteria:"
    criteria = _compiled(f"Eligibility\n{heading}\n\n* {lead}\n\n  * {item}\n").criteria
    assert expr_text(criteria[1].rule) == expected


@pytest.mark.parametrize(("kind", "lead", "items", "expected"), fixture_cases("compiler", "listed_items.tsv"), ids=lambda value: value[:40])
def test_items_of_an_undecided_lead_in_are_read_both_ways(kind, lead, items, expected):
    """2a, 5f: an inclusion's items may be alternatives or all required; only what both readings agree on decides (listed_items.tsv)."""
    heading = "Inclusion Criteria:" if kind == "inclusion" else "Exclusion Criteria:"
    listed = "".join(f"  * {item}\n" for item in items.split(" | "))
    criteria = _compiled(f"Eligibility\n{heading}\n\n* {lead}\n\n{listed}").criteria
    assert expr_text(criteria[1].rule) == expected


@pytest.mark.parametrize(("text", "expected"), fixture_cases("compiler", "leaf_concepts.tsv"), ids=lambda value: value[:40])
def test_a_condition_without_subtypes_is_warned(text, expected):
    """4b: a condition whose code the terminology places nothing under is named in an E221 warning (leaf_concepts.tsv)."""
    found = [d.message.rsplit(": ", 1)[-1] for d in compile_text(f"Exclusion Criteria:\n\n* {text}\n").diagnostics if d.code == "E221"]
    assert (",".join(found) or "-") == expected


STRUCTURE = fixture_cases("compiler", "structure.tsv")


@pytest.mark.parametrize(("text", "number", "expected"), STRUCTURE, ids=lambda value: value[:40])
def test_lines_that_organise_a_list_scope_their_items(text, number, expected):
    """5a, 5b, 5c, 5f, 5l, 6g: a group heading written as an item, a stage heading, a group's
    lead-in or a scope note heads the items after it and is no rule; a washout lead-in's items are
    no required use (structure.tsv)."""
    criteria = _compiled(text.replace("\\n", "\n")).criteria
    assert expr_text(criteria[int(number)].rule) == expected

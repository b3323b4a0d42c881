"""The scorer: matching rules of `eligo-gold/1`, one-to-one matching, ignore regions, figures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from fixture_files import fixture_path

from eligo.annotations import DEFAULT_ANNOTATED, LIST_NAMES, Annotations
from eligo.scoring.loading import EvalError, load_gold, load_predictions
from eligo.scoring.report import as_dict
from eligo.scoring.scoring import max_matching, same_value, score

FIXTURES = fixture_path("scoring")


def doc(annotated=LIST_NAMES, **lists) -> Annotations:
    return Annotations(document="d.txt", annotated=list(annotated), **lists)


def item(start: int, end: int, **fields) -> dict:
    return {"span": (start, end), "text": "x" * (end - start), **fields}


def thr(start, end, op=">=", value=18, unit="a", **extra) -> dict:
    return item(start, end, op=op, value=value, unit=unit, **extra)


def win(start, end, op="<=", value=4, unit="wk", relation="before") -> dict:
    return item(start, end, op=op, value=value, unit=unit, relation=relation)


def crit(start, end, kind="inclusion") -> dict:
    return item(start, end, id="I1", kind=kind)


def counts(gold: Annotations, prediction: Annotations, name: str) -> tuple[int, int, int]:
    figures = score([(gold, prediction)]).lists[name]
    return figures.tp, figures.fp, figures.fn


# --- matching rules, one list at a time ------------------------------------------------


def test_overlapping_spans_with_equal_fields_match_and_disjoint_ones_do_not():
    gold = doc(thresholds=[thr(10, 20)])
    assert counts(gold, doc(thresholds=[thr(15, 30)]), "thresholds") == (1, 0, 0)
    assert counts(gold, doc(thresholds=[thr(20, 30)]), "thresholds") == (0, 1, 1)  # [10,20) and [20,30) only touch


@pytest.mark.parametrize(
    ("end", "matches"),
    [(80, True), (79, False), (125, True), (126, False), (100, True)],  # Jaccard 0.80, 0.79, 0.80, 0.794, 1
)
def test_criteria_match_from_jaccard_0_8_exactly(end, matches):
    gold = doc(criteria=[crit(0, 100)])
    expected = (1, 0, 0) if matches else (0, 1, 1)
    assert counts(gold, doc(criteria=[crit(0, end)]), "criteria") == expected


def test_criteria_need_the_same_kind():
    gold = doc(criteria=[crit(0, 100)])
    assert counts(gold, doc(criteria=[crit(0, 100, kind="exclusion")]), "criteria") == (0, 1, 1)


@pytest.mark.parametrize("change", [{"op": ">"}, {"unit": "mo"}, {"unit": None}, {"value": 19}, {"value": "18"}])
def test_a_threshold_with_another_op_unit_or_value_is_a_false_positive_and_a_miss(change):
    gold = doc(thresholds=[thr(0, 10)])
    assert counts(gold, doc(thresholds=[thr(0, 10, **change)]), "thresholds") == (0, 1, 1)


def test_threshold_numbers_match_within_relative_1e_9_and_strings_case_insensitively():
    assert counts(doc(thresholds=[thr(0, 5, value=2.5)]), doc(thresholds=[thr(0, 5, value=2.5 * (1 + 5e-10))]), "thresholds") == (1, 0, 0)
    assert counts(doc(thresholds=[thr(0, 5, value=2.5)]), doc(thresholds=[thr(0, 5, value=2.5 * (1 + 5e-9))]), "thresholds") == (0, 1, 1)
    assert counts(doc(thresholds=[thr(0, 5, value=1000)]), doc(thresholds=[thr(0, 5, value=1000.0)]), "thresholds") == (1, 0, 0)
    gold = doc(thresholds=[thr(0, 5, value="Positive", unit=None)])
    assert counts(gold, doc(thresholds=[thr(0, 5, value="POSITIVE", unit=None)]), "thresholds") == (1, 0, 0)
    assert not same_value(0, 1e-12)  # relative tolerance: no absolute slack around zero
    assert same_value(0, 0.0) and not same_value(None, 0) and same_value(None, None)


@pytest.mark.parametrize("change", [{"relation": "after"}, {"op": "<"}, {"unit": "d"}, {"value": 28}])
def test_a_window_needs_op_value_unit_and_relation(change):
    gold = doc(windows=[win(0, 10)])
    assert counts(gold, doc(windows=[win(0, 10)]), "windows") == (1, 0, 0)
    assert counts(gold, doc(windows=[win(0, 10, **change)]), "windows") == (0, 1, 1)


def test_endpoints_match_on_kind_and_interventions_on_name_case_insensitively():
    gold = doc(endpoints=[item(0, 9, kind="primary")], interventions=[item(20, 30, name="Capecitabine")])
    prediction = doc(endpoints=[item(0, 5, kind="primary")], interventions=[item(22, 28, name="capecitabine")])
    assert counts(gold, prediction, "endpoints") == (1, 0, 0)
    assert counts(gold, prediction, "interventions") == (1, 0, 0)
    wrong = doc(endpoints=[item(0, 9, kind="secondary")], interventions=[item(20, 30, name="capecitabin")])
    assert counts(gold, wrong, "endpoints") == (0, 1, 1)
    assert counts(gold, wrong, "interventions") == (0, 1, 1)


# --- one-to-one ------------------------------------------------------------------------


def test_two_predictions_on_one_gold_item_are_one_tp_and_one_fp():
    gold = doc(thresholds=[thr(0, 10)])
    assert counts(gold, doc(thresholds=[thr(0, 10), thr(2, 8)]), "thresholds") == (1, 1, 0)


def test_a_range_is_two_items_on_one_span_each_matched_once():
    gold = doc(thresholds=[thr(0, 10, ">=", 18), thr(0, 10, "<=", 75)])
    assert counts(gold, doc(thresholds=[thr(0, 10, "<=", 75), thr(0, 10, ">=", 18)]), "thresholds") == (2, 0, 0)
    assert counts(gold, doc(thresholds=[thr(0, 10, ">=", 18), thr(0, 10, ">=", 18)]), "thresholds") == (1, 1, 1)


def test_matching_is_maximum_where_a_greedy_pairing_loses_a_match():
    # Prediction 0 may pair with gold 0 or 1, prediction 1 only with gold 0: first-come pairing
    # (0→0) strands prediction 1; augmenting paths give 0→1, 1→0.
    assert max_matching([[0, 1], [0]]) == {0: 1, 1: 0}
    # The same through the scorer: long criterion spans overlap both gold items, Jaccard decides.
    gold = doc(criteria=[crit(0, 10), crit(2, 12)])
    prediction = doc(criteria=[crit(1, 11), crit(0, 10)])  # p0 fits both (J 0.82), p1 only g0
    assert counts(gold, prediction, "criteria") == (2, 0, 0)
    assert counts(gold, doc(criteria=prediction.criteria[::-1]), "criteria") == (2, 0, 0)


# --- ignore regions and annotated lists ------------------------------------------------


def test_a_prediction_on_an_ignored_gold_item_counts_neither_way_and_the_item_is_never_missed():
    gold = doc(thresholds=[item(0, 12, ignore=True)])
    assert counts(gold, doc(thresholds=[thr(4, 12, "=", "positive", None)]), "thresholds") == (0, 0, 0)
    assert counts(gold, doc(), "thresholds") == (0, 0, 0)
    assert counts(gold, doc(thresholds=[thr(12, 20)]), "thresholds") == (0, 1, 0)  # outside the region


def test_ignore_absorbs_only_predictions_that_match_nothing_real():
    # Gold: a real item [0,10) and an ignored one [8,20). p0 overlaps both, p1 only the real one,
    # both match it. Best: p1 → TP, p0 absorbed by the ignored region; in either order.
    gold = doc(thresholds=[thr(0, 10), item(8, 20, ignore=True)])
    for prediction in ([thr(5, 12), thr(0, 6)], [thr(0, 6), thr(5, 12)]):
        assert counts(gold, doc(thresholds=prediction), "thresholds") == (1, 0, 0)
    # an ignored item of another list absorbs nothing
    gold = doc(windows=[item(0, 20, ignore=True)])
    assert counts(gold, doc(thresholds=[thr(0, 5)]), "thresholds") == (0, 1, 0)


def test_a_prediction_marked_ignore_is_not_a_prediction():
    assert counts(doc(thresholds=[]), doc(thresholds=[thr(0, 5, ignore=True)]), "thresholds") == (0, 0, 0)


def test_only_annotated_lists_are_scored():
    gold = doc(annotated=["thresholds"], thresholds=[thr(0, 5)])
    prediction = doc(thresholds=[thr(0, 5)], windows=[win(0, 5)], criteria=[crit(0, 5)])
    scores = score([(gold, prediction)])
    assert set(scores.lists) == {"thresholds"}
    assert (scores.lists["thresholds"].tp, scores.lists["thresholds"].fp) == (1, 0)
    assert set(score([(gold, prediction)], lists=["windows"]).lists) == set()


def test_figures_are_micro_averaged_and_none_when_there_is_nothing_to_count():
    # doc A: 1 TP; doc B: 0 TP, 1 FP, 3 FN → micro P = 1/2, R = 1/4 (a macro average would give R 1/2).
    a = (doc(thresholds=[thr(0, 5)]), doc(thresholds=[thr(0, 5)]))
    b = (doc(thresholds=[thr(0, 5), thr(10, 15), thr(20, 25)]), doc(thresholds=[thr(40, 45)]))
    figures = score([a, b]).lists["thresholds"]
    assert (figures.documents, figures.precision, figures.recall, figures.f1) == (2, 0.5, 0.25, 2 / 6)
    empty = score([(doc(), doc())]).lists["windows"]
    assert (empty.precision, empty.recall, empty.f1) == (None, None, None)


def test_field_accuracy_of_matched_items():
    tf = {"text": "Up to 24 months", "op": "<=", "value": 24, "unit": "mo", "anchor": None}
    gold = doc(
        endpoints=[item(0, 10, kind="primary", name="Overall Survival", abbreviation="OS", time_frame=tf)],
        interventions=[item(20, 30, name="drug", dose={"value": 5, "unit": "mg"}, route="oral", frequency="QD", days=[(1, 21)], cycle=None)],
    )
    prediction = doc(
        endpoints=[item(0, 10, kind="primary", name="overall  survival", abbreviation="os", time_frame={**tf, "anchor": "randomization"})],
        interventions=[item(20, 30, name="DRUG", dose={"value": 5.0, "unit": "mg"}, route="Oral", frequency="BID", days=[(1, 14)], cycle={"value": 21, "unit": "d"})],
    )
    fields = as_dict(score([(gold, prediction)]))["lists"]
    accuracy = {name: {f: c["accuracy"] for f, c in data["fields"].items()} for name, data in fields.items() if data["fields"]}
    assert accuracy == {
        "endpoints": {"name": 1.0, "abbreviation": 0.0, "time_frame": 0.0},  # case folds for names only; anchor differs
        "interventions": {"dose": 1.0, "route": 1.0, "frequency": 0.0, "days": 0.0, "cycle": 0.0},
    }


def test_field_accuracy_compares_the_closest_pairing():
    # Two primary endpoints on one span, one predicted: pairing it with either is a maximum
    # matching, but only B–B compares the items a reader would pair (first-come gives B–A).
    gold = doc(endpoints=[item(0, 50, kind="primary", name="A"), item(0, 50, kind="primary", name="B")])
    prediction = doc(endpoints=[item(0, 50, kind="primary", name="B")])
    assert as_dict(score([(gold, prediction)]))["lists"]["endpoints"]["fields"]["name"]["accuracy"] == 1.0


# --- a whole document, by hand ---------------------------------------------------------


def test_figures_checked_by_hand_on_one_document():
    # Spans: "Age 18-75 years" [0,15), "ANC >= 1.5 x10^9/L" [17,35), "within 4 weeks" [48,62), "HIV positive" [64,76).
    text = "Age 18-75 years; ANC >= 1.5 x10^9/L; no surgery within 4 weeks; HIV positive"
    spans = {"age": (0, 15), "anc": (17, 35), "within": (48, 62), "hiv": (64, 76)}

    def at(key, **fields):
        start, end = spans[key]
        return {"span": (start, end), "text": text[start:end], **fields}

    gold = doc(
        thresholds=[
            at("age", op=">=", value=18, unit="a"),
            at("age", op="<=", value=75, unit="a"),
            at("anc", op=">=", value=1.5, unit="10*9/L"),
            at("hiv", ignore=True),
        ],
        windows=[at("within", op="<=", value=4, unit="wk", relation="before")],
    )
    prediction = doc(
        thresholds=[
            at("age", op=">=", value=18, unit="a"),  # TP (age >= 18)
            at("age", op=">=", value=18, unit="a"),  # FP: the gold item is taken, one-to-one
            at("anc", op=">=", value=1.5, unit="10*9/L"),  # TP
            at("within", op="<=", value=4, unit="wk"),  # FP: a window predicted as a threshold
            at("hiv", op="=", value="positive", unit=None),  # neither: on the ignored item
        ],  # age <= 75 is never predicted: FN
        windows=[at("within", op="<=", value=4, unit="wk", relation="after")],  # FP and FN: relation
    )
    assert [text[s:e] for s, e in spans.values()] == ["Age 18-75 years", "ANC >= 1.5 x10^9/L", "within 4 weeks", "HIV positive"]
    figures = as_dict(score([(gold, prediction)]))["lists"]
    # thresholds: TP 2, FP 2, FN 1 → P 2/4 = 0.5, R 2/3 = 0.6667, F1 2·2/(2·2+2+1) = 4/7 = 0.5714
    assert {k: figures["thresholds"][k] for k in ("tp", "fp", "fn", "precision", "recall", "f1")} == {
        "tp": 2, "fp": 2, "fn": 1, "precision": 0.5, "recall": 0.6667, "f1": 0.5714
    }
    # windows: TP 0, FP 1, FN 1 → all 0
    assert {k: figures["windows"][k] for k in ("tp", "fp", "fn", "precision", "recall", "f1")} == {
        "tp": 0, "fp": 1, "fn": 1, "precision": 0.0, "recall": 0.0, "f1": 0.0
    }


# --- a deliberately wrong prediction file ----------------------------------------------


def _fixture_scores(pred_dir: Path) -> dict:
    documents = load_gold(FIXTURES / "gold")
    predictions = load_predictions(pred_dir, documents)
    return as_dict(score((d.gold, p) for d, p in zip(documents, predictions)))["lists"]


def test_gold_scored_against_itself_is_perfect():
    figures = _fixture_scores(FIXTURES / "gold")
    assert {name: (data["precision"], data["recall"], data["f1"]) for name, data in figures.items()} == {
        name: (1.0, 1.0, 1.0) for name in DEFAULT_ANNOTATED
    }
    assert all(c["accuracy"] == 1.0 for data in figures.values() for c in data["fields"].values())


def test_a_deliberately_wrong_prediction_lowers_each_score_as_expected():
    # corrupted/tiny.json is gold/tiny.json with these changes:
    #   criteria: I2 kind flipped (FP + FN), E2 dropped (FN)                 → TP 4 FP 1 FN 2
    #   thresholds: AST op > → >= (FP + FN), ECOG <= 1 dropped (FN), spurious "4 weeks" (FP),
    #               "positive" predicted on the ignored "HIV positive" (neither) → TP 4 FP 2 FN 2
    #   windows: relation before → after                                     → TP 0 FP 1 FN 1
    #   endpoints: PFS kind secondary → other; ORR abbreviation dropped       → TP 1 FP 1 FN 1
    #   interventions: oxaliplatin misspelt; capecitabine dose 1000 → 1250    → TP 1 FP 1 FN 1
    figures = _fixture_scores(FIXTURES / "corrupted")
    expected = {
        "criteria": (4, 1, 2, 0.8, 0.6667, 0.7273),  # F1 = 8/11
        "thresholds": (4, 2, 2, 0.6667, 0.6667, 0.6667),
        "windows": (0, 1, 1, 0.0, 0.0, 0.0),
        "endpoints": (1, 1, 1, 0.5, 0.5, 0.5),
        "interventions": (1, 1, 1, 0.5, 0.5, 0.5),
    }
    keys = ("tp", "fp", "fn", "precision", "recall", "f1")
    assert {name: tuple(data[k] for k in keys) for name, data in figures.items()} == expected
    accuracy = {f"{name}.{f}": c["accuracy"] for name, data in figures.items() for f, c in data["fields"].items()}
    assert accuracy == {
        "endpoints.name": 1.0, "endpoints.abbreviation": 0.0, "endpoints.time_frame": 1.0,
        "interventions.dose": 0.0, "interventions.route": 1.0, "interventions.frequency": 1.0,
        "interventions.days": 1.0, "interventions.cycle": 1.0,
    }


# --- loading ---------------------------------------------------------------------------


def _gold_dir(tmp_path: Path, gold: str, text: str = "Age 18 years\n") -> Path:
    (tmp_path / "gold").mkdir()
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "d.txt").write_text(text, encoding="utf-8", newline="")
    (tmp_path / "gold" / "d.json").write_text(gold, encoding="utf-8")
    return tmp_path / "gold"


def _messages(gold_dir: Path) -> list[str]:
    with pytest.raises(EvalError) as caught:
        load_gold(gold_dir)
    return [d.headline() for d in caught.value.diagnostics]


def test_a_span_that_does_not_match_names_file_list_index_and_both_strings(tmp_path):
    gold = '{"format": "eligo-gold/1", "document": "d.txt", "thresholds": [{"span": [0, 6], "text": "Age 18", "op": ">=", "value": 18, "unit": "a"}, {"span": [1, 7], "text": "Age 18", "op": ">=", "value": 18, "unit": "a"}]}'
    [message] = _messages(_gold_dir(tmp_path, gold))
    assert str(tmp_path / "gold" / "d.json") in message and "G002" in message
    assert "thresholds[1]" in message and "'Age 18'" in message and "'ge 18 '" in message


@pytest.mark.parametrize(
    ("gold", "expected"),
    [
        ("{not json", "not JSON"),
        ("[1, 2]", "top level is a JSON list"),
        ('{"format": "eligo-gold/2", "document": "d.txt"}', "format 'eligo-gold/2': expected 'eligo-gold/1'"),
        ('{"document": "d.txt"}', 'no "format" field'),
        ('{"format": "eligo-gold/1", "document": "d.txt", "thresholds": [{"span": [0, 3], "text": "Age", "op": "=>"}]}', "thresholds[0].op"),
        ('{"format": "eligo-gold/1", "document": "d.txt", "colour": "red"}', "colour: Extra inputs are not permitted"),
        ('{"format": "eligo-gold/1", "document": "missing.txt"}', "document 'missing.txt' not found"),
    ],
)
def test_invalid_gold_is_rejected_clearly(tmp_path, gold, expected):
    [message] = _messages(_gold_dir(tmp_path, gold))
    assert expected in message, message


def test_every_bad_file_is_reported_and_a_missing_prediction_is_none(tmp_path):
    gold_dir = _gold_dir(tmp_path, '{"format": "eligo-gold/1", "document": "d.txt"}')
    (gold_dir / "e.json").write_text('{"format": "eligo-gold/1", "document": "d.txt"}', encoding="utf-8")
    (gold_dir / "f.json").write_text("{", encoding="utf-8")
    assert [m.split("error")[1][:6] for m in _messages(gold_dir)] == ["[G004]", "[G001]"]
    (gold_dir / "e.json").unlink()
    (gold_dir / "f.json").unlink()
    documents = load_gold(gold_dir)
    assert load_predictions(tmp_path / "texts", documents) == [None]


def test_a_prediction_of_another_document_is_rejected(tmp_path):
    gold_dir = _gold_dir(tmp_path, '{"format": "eligo-gold/1", "document": "d.txt"}')
    pred = tmp_path / "pred"
    pred.mkdir()
    (pred / "d.json").write_text('{"format": "eligo-gold/1", "document": "other.txt"}', encoding="utf-8")
    with pytest.raises(EvalError, match="G005.*predicts 'other.txt', not 'd.txt'"):
        load_predictions(pred, load_gold(gold_dir))


@pytest.mark.parametrize("corpus", ["lct-dev", "chia-dev"])
def test_real_gold_scored_against_itself_is_perfect(shared_data, corpus):
    gold_dir = shared_data / corpus / "gold"
    if not gold_dir.is_dir():
        pytest.skip(f"{gold_dir} is not available")
    documents = load_gold(gold_dir)
    figures = as_dict(score((d.gold, d.gold) for d in documents))
    assert figures["documents"] == len(documents) > 100
    for data in figures["lists"].values():
        assert (data["fp"], data["fn"], data["f1"]) == (0, 0, 1.0)


def test_the_scorer_does_not_import_spacy():
    code = "import sys, eligo.scoring.loading, eligo.scoring.report, eligo.scoring.scoring; print('spacy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"


# --- mentions and relations ----------------------------------------------------------


def mention(start, end, type="condition") -> dict:
    return item(start, end, type=type)


def relation(kind, head, dependent) -> dict:
    span = (min(head[0], dependent[0]), max(head[1], dependent[1]))
    return item(*span, kind=kind, head=head, dependent=dependent)


def test_mentions_match_by_overlap_and_report_type_accuracy():
    gold = doc(mentions=[mention(0, 10), mention(20, 30, "drug")])
    prediction = doc(mentions=[mention(2, 8), mention(22, 40, "condition")])
    figures = as_dict(score([(gold, prediction)]))["lists"]["mentions"]
    assert (figures["tp"], figures["fp"], figures["fn"]) == (2, 0, 0)
    assert figures["fields"]["type"]["accuracy"] == 0.5


def test_a_span_covering_other_gold_mentions_is_too_wide_and_matches_nothing():
    gold = doc(mentions=[mention(0, 10), mention(20, 30), mention(40, 50)])
    line = doc(mentions=[mention(0, 50)])
    assert counts(gold, line, "mentions") == (0, 1, 3)
    # wholly containing only the gold span it matches is fine
    assert counts(gold, doc(mentions=[mention(0, 15)]), "mentions") == (1, 0, 2)


def test_relations_match_kind_head_and_dependent_and_or_either_way_round():
    gold = doc(relations=[relation("or", (0, 5), (10, 15)), relation("value", (20, 25), (26, 30))])
    prediction = doc(relations=[relation("or", (10, 15), (0, 5)), relation("value", (26, 30), (20, 25))])
    figures = as_dict(score([(gold, prediction)]))["lists"]["relations"]
    assert (figures["tp"], figures["fp"], figures["fn"]) == (1, 1, 1)
    assert {kind: (data["tp"], data["fp"], data["fn"]) for kind, data in figures["kinds"].items()} == {
        "or": (1, 0, 0), "qualifier": (0, 0, 0), "temporal": (0, 0, 0), "value": (0, 1, 1), "negation": (0, 0, 0),
    }


def test_a_relation_whose_span_is_not_its_ends_is_refused():
    bad = {"span": (0, 30), "text": "x" * 30, "kind": "or", "head": (0, 5), "dependent": (10, 15)}
    assert doc(relations=[bad]).span_errors("x" * 40)
    with pytest.raises(ValueError, match="needs kind, head and dependent"):
        doc(relations=[item(0, 5, kind="or")])

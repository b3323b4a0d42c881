"""`eligo eval` on the command line: tables, JSON, baselines, refused inputs."""

from __future__ import annotations

import json
import shutil

from fixture_files import ROOT, fixture_path

from eligo.annotations import Annotations
from eligo.cli.app import Exit
from eligo.cli.verbs import score

FIXTURES = fixture_path("scoring")
GOLD, CORRUPTED, TEXTS = FIXTURES / "gold", FIXTURES / "corrupted", FIXTURES / "texts"


def rows(output: str) -> dict[str, list[str]]:
    """Table rows by their first cell (the first table only: later tables repeat list names)."""
    table = output.split("field accuracy")[0]
    return {cells[0]: cells[1:] for line in table.splitlines() if line.count("│") >= 4 for cells in [[c.strip() for c in line.strip("│").split("│")]]}


def test_table_of_counts_and_figures_then_field_accuracy(cli):
    result = cli("eval", "--gold", GOLD, "--pred", CORRUPTED)
    assert result.exit_code == Exit.OK, result.output
    table = rows(result.stdout)
    assert table["criteria"] == ["1", "4", "1", "2", "0.800", "0.667", "0.727"]
    assert table["windows"] == ["1", "0", "1", "1", "0.000", "0.000", "0.000"]
    assert ": 1 document\n" in result.stdout and "field accuracy" in result.stdout
    assert "abbreviation" in result.stdout.split("field accuracy")[1]


def test_json_for_tools(cli):
    result = cli("eval", "--gold", GOLD, "--pred", CORRUPTED, "--json")
    assert result.exit_code == Exit.OK
    figures = json.loads(result.stdout)
    assert figures["documents"] == 1 and figures["missing_predictions"] == []
    assert figures["lists"]["thresholds"] | {"fields": None} == {
        "documents": 1, "tp": 4, "fp": 2, "fn": 2, "precision": 0.6667, "recall": 0.6667, "f1": 0.6667, "fields": None
    }
    assert figures["lists"]["interventions"]["fields"]["dose"] == {"equal": 0, "compared": 1, "accuracy": 0.0}


def test_lists_restricts_what_is_scored(cli):
    result = cli("eval", "--gold", GOLD, "--pred", CORRUPTED, "--json", "--lists", "windows,criteria")
    assert list(json.loads(result.stdout)["lists"]) == ["criteria", "windows"]
    result = cli("eval", "--gold", GOLD, "--pred", CORRUPTED, "--lists", "thresholds", "--lists", "dates")
    assert result.exit_code == Exit.USAGE and "unknown list 'dates'" in result.stderr


def test_a_missing_prediction_is_scored_as_empty_and_reported(cli, tmp_path):
    result = cli("eval", "--gold", GOLD, "--pred", tmp_path, "--json")
    assert result.exit_code == Exit.OK
    assert "warning[G010]: no prediction for tiny.txt; scored as an empty prediction" in result.stderr
    figures = json.loads(result.stdout)
    assert figures["missing_predictions"] == ["tiny.txt"]
    assert (figures["lists"]["criteria"]["tp"], figures["lists"]["criteria"]["fn"], figures["lists"]["criteria"]["recall"]) == (0, 6, 0.0)
    assert figures["lists"]["criteria"]["precision"] is None
    table = cli("eval", "--gold", GOLD, "--pred", tmp_path)
    assert "1 of 1 documents had no prediction" in table.stdout and rows(table.stdout)["criteria"][4] == "-"


def test_a_span_mismatch_is_a_clear_error_without_traceback(cli, tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    data = json.loads((GOLD / "tiny.json").read_text(encoding="utf-8"))
    data["thresholds"][4]["span"] = [140, 159]  # one code point late: "≥" counted as 2 would do this
    (gold / "tiny.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = cli("eval", "--gold", gold, "--texts", TEXTS)
    assert result.exit_code == Exit.BAD_INPUT
    assert f"{gold / 'tiny.json'}: error[G002]: span does not match {TEXTS / 'tiny.txt'}: thresholds[4]" in result.stderr
    assert "'Hemoglobin ≥ 9 g/dL' != document[140:159] 'emoglobin ≥ 9 g/dL.'" in result.stderr
    assert "Traceback" not in result.output and result.stdout == ""


def test_a_bad_prediction_and_an_unfound_text_are_clear_errors(cli, tmp_path):
    pred = tmp_path / "pred"
    pred.mkdir()
    (pred / "tiny.json").write_text('{"format": "eligo-gold/1", "document": "tiny.txt", "windows": [{"span": [0, 4]}]}', encoding="utf-8")
    result = cli("eval", "--gold", GOLD, "--pred", pred)
    assert result.exit_code == Exit.BAD_INPUT and "error[G001]: not valid eligo-gold/1: windows[0].text: Field required" in result.stderr
    shutil.copy(GOLD / "tiny.json", tmp_path / "tiny.json")
    result = cli("eval", "--gold", tmp_path)
    assert result.exit_code == Exit.BAD_INPUT and "error[G003]: document 'tiny.txt' not found" in result.stderr and "--texts" in result.stderr


def test_missing_directories_are_usage_errors(cli, tmp_path):
    assert cli("eval", "--gold", tmp_path / "nowhere").exit_code == Exit.USAGE
    result = cli("eval", "--gold", tmp_path)
    assert result.exit_code == Exit.BAD_INPUT and "error[G006]: no gold files" in result.stderr


def test_baseline_written_then_held_then_failed(cli, tmp_path):
    baseline = tmp_path / "baseline.json"
    assert cli("eval", "--gold", GOLD, "--pred", CORRUPTED, "--write-baseline", baseline).exit_code == Exit.OK
    assert json.loads(baseline.read_text(encoding="utf-8")) == {
        "criteria": 0.7273, "thresholds": 0.6667, "windows": 0.0, "endpoints": 0.5, "interventions": 0.5
    }
    assert cli("eval", "--gold", GOLD, "--pred", CORRUPTED, "--baseline", baseline).exit_code == Exit.OK
    result = cli("eval", "--gold", GOLD, "--pred", GOLD, "--baseline", baseline)  # better everywhere
    assert result.exit_code == Exit.OK and "above baseline: windows: F1 1.000 > baseline 0.000" in result.stderr
    baseline.write_text('{"criteria": 0.73, "thresholds": 0.7}', encoding="utf-8")
    result = cli("eval", "--gold", GOLD, "--pred", CORRUPTED, "--baseline", baseline)  # 0.727 is within tolerance of 0.73
    assert result.exit_code == Exit.FINDINGS
    assert "thresholds: F1 0.667 < baseline 0.700" in result.stderr and "criteria" not in result.stderr
    assert cli("eval", "--gold", GOLD, "--pred", CORRUPTED, "--baseline", baseline, "--lists", "criteria").exit_code == Exit.OK


def test_a_bad_baseline_is_refused_before_scoring(cli, tmp_path):
    baseline = tmp_path / "baseline.json"
    baseline.write_text('{"criteria": 1.5}', encoding="utf-8")
    result = cli("eval", "--gold", GOLD, "--pred", CORRUPTED, "--baseline", baseline)
    assert result.exit_code == Exit.BAD_INPUT and "error[G007]" in result.stderr and "criteria" in result.stderr
    assert result.stdout == ""


def test_the_pipeline_is_scored_when_no_predictions_are_given(cli, tmp_path):
    # texts found through --texts when they are not beside the gold
    gold = tmp_path / "elsewhere"
    shutil.copytree(GOLD, gold)
    result = cli("eval", "--gold", gold, "--texts", TEXTS, "--json")
    assert result.exit_code == Exit.OK, result.output
    figures = json.loads(result.stdout)
    assert figures["documents"] == 1 and set(figures["lists"]) == {"criteria", "thresholds", "windows", "endpoints", "interventions"}
    assert figures["lists"]["criteria"]["tp"] + figures["lists"]["criteria"]["fn"] == 6


def test_pipeline_spans_that_do_not_match_are_an_internal_error(cli, monkeypatch):
    def misaligned(source, kind=None):
        return Annotations(document=source.name, windows=[{"span": (0, 4), "text": "Tiny!"}])

    monkeypatch.setattr(score, "extract", misaligned)
    result = cli("eval", "--gold", GOLD)
    assert result.exit_code == Exit.INTERNAL
    assert "error[G002]: span does not match" in result.stderr and "windows[0]: text 'Tiny!' != document[0:4] 'Tiny'" in result.stderr


def test_the_corpus_holds_its_committed_baseline(cli):
    """The pipeline's F1 per list on corpus/gold never drops below corpus/baseline.json."""
    corpus = ROOT / "corpus"
    result = cli("eval", "--gold", corpus / "gold", "--baseline", corpus / "baseline.json")
    assert result.exit_code == Exit.OK, result.output


def test_codes_and_linking_accuracy(cli, tmp_path):
    linking = fixture_path("terminology", "linking.jsonl")
    result = cli("eval", "--gold", GOLD, "--pred", CORRUPTED, "--json", "--codes", "--linking", linking)
    assert result.exit_code == Exit.OK, result.output
    figures = json.loads(result.stdout)
    assert 0 < figures["codes"]["coded"] <= figures["codes"]["atoms"]
    assert (figures["linking"]["mentions"], figures["linking"]["correct"]) == (5, 4)
    assert figures["linking"]["by_type"]["drug"] == {"mentions": 1, "accuracy": 1.0}
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x"}\n', encoding="utf-8")
    refused = cli("eval", "--gold", GOLD, "--pred", CORRUPTED, "--linking", bad)
    assert refused.exit_code == Exit.BAD_INPUT and "G011" in refused.output

"""`tools/eval_errors.py`: its FP and FN rows are the errors `eligo eval` counts, with causes."""

from __future__ import annotations

import importlib.util
import json

from fixture_files import ROOT, fixture_path

FIXTURES = fixture_path("scoring")
GOLD, CORRUPTED, TEXTS = FIXTURES / "gold", FIXTURES / "corrupted", FIXTURES / "texts"
CAUSES = ("taken", "op", "value", "relation", "fields", "no gold on line", "alone")


def _tool():
    spec = importlib.util.spec_from_file_location("eval_errors", ROOT / "tools" / "eval_errors.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rows_are_the_errors_eval_counts(capsys, cli):
    lists = "thresholds,windows"
    args = ["--gold", str(GOLD), "--pred", str(CORRUPTED), "--texts", str(TEXTS), "--lists", lists]
    assert _tool().main(args) == 0
    header, *rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    figures = json.loads(cli("eval", *args, "--json").stdout)["lists"]
    for name in ("thresholds", "windows"):
        for error, count in (("FP", "fp"), ("FN", "fn")):
            found = [row for row in rows if row[1] == error and row[2] == name]
            assert len(found) == figures[name][count], (name, error)
    assert rows and all(len(row) == len(header) for row in rows)
    assert all(row[3] in CAUSES or row[3].startswith("unit ") for row in rows)


def test_relation_rows_say_which_end_is_wrong(capsys, cli):
    folder = FIXTURES / "relations"
    args = ["--gold", str(folder / "gold"), "--pred", str(folder / "pred")]
    args += ["--texts", str(folder / "texts"), "--lists", "relations"]
    assert _tool().main(args) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()[1:]]
    assert sorted((row[1], row[3], row[5]) for row in rows) == [
        ("FN", "head", "negation 'hepatitis B'>'No'"),
        ("FN", "head", "temporal 'stroke'>'within 6 months'"),
        ("FN", "inside a mention", "qualifier 'hepatitis B'>'active'"),
        ("FP", "head", "negation 'active hepatitis B'>'No'"),
        ("FP", "head", "temporal 'seizures'>'within 6 months'"),
        ("FP", "unmarked", "temporal 'stroke'>'History'"),
    ]
    figures = json.loads(cli("eval", *args, "--json").stdout)["lists"]["relations"]
    assert (figures["fp"], figures["fn"]) == (3, 3)

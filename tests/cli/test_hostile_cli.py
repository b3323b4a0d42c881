"""Hostile use of the command line: devices, clashing outputs, stdout, exit codes, debugging.

Every case answers with a one-line message and the exit code of the README's
table (generated from `eligo.cli.app.MEANINGS`), never a traceback, a silent
overwrite or a half-written file.
"""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest
from fixture_files import GOOD, ROOT

import eligo.grammar.load
from eligo.cli.app import Exit, exit_code_table, run
from eligo.diagnostics import Diagnostic, Position
from eligo.files import TooLarge, read_limited
from eligo.grammar.parse import RulesError, parse_rules
from eligo.source import InputError, read_source


def test_the_readme_exit_code_table_is_generated_from_the_code():
    assert exit_code_table() in (ROOT / "README.md").read_text(encoding="utf-8")
    assert [int(code) for code in Exit] == [0, 1, 2, 3, 4, 5, 70]


# --- reading: devices and pipes are read up to the limit, never further -------------------------


def test_a_device_is_read_only_up_to_the_limit():
    with pytest.raises(TooLarge):
        read_limited(Path("/dev/zero"), 4096)
    with pytest.raises(InputError, match="limit"):
        read_source("/dev/zero")


@pytest.mark.parametrize("verb", ["compile", "extract", "check"])
def test_verbs_refuse_an_endless_device(cli, verb):
    result = cli(verb, "/dev/zero")
    assert result.exit_code == Exit.BAD_INPUT and "limit" in result.output


def test_a_fifo_fed_without_end_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr("eligo.source.MAX_BYTES", 100_000)
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    stop = threading.Event()

    def feed():
        with open(fifo, "wb") as stream:
            try:
                while not stop.is_set():
                    stream.write(b"- Age >= 18 years\n" * 4096)
            except BrokenPipeError:
                pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    with pytest.raises(InputError, match="limit"):
        read_source(fifo)
    stop.set()
    writer.join(timeout=5)


# --- outputs ----------------------------------------------------------------------------------


@pytest.fixture()
def twins(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(GOOD, encoding="utf-8")
    return [tmp_path / "a" / "x.txt", tmp_path / "b" / "x.txt"]


@pytest.mark.parametrize("verb", ["compile", "extract"])
def test_two_inputs_of_the_same_name_are_refused_under_o(cli, tmp_path, twins, verb):
    result = cli(verb, *map(str, twins), "-o", str(tmp_path / "out"))
    assert result.exit_code == Exit.USAGE and "x.*" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("verb", ["compile", "extract"])
def test_an_unwritable_destination_is_the_users_error_found_first(cli, tmp_path, verb):
    protocol = tmp_path / "p.txt"
    protocol.write_text(GOOD, encoding="utf-8")
    (tmp_path / "file").write_text("", encoding="utf-8")
    result = cli(verb, str(protocol), "-o", str(tmp_path / "file" / "out"))
    assert result.exit_code == Exit.CANNOT_WRITE and "cannot write to" in result.output
    assert "internal error" not in result.output and "criteria" not in result.output  # nothing was compiled


def test_output_files_honour_the_umask(cli, tmp_path):
    protocol = tmp_path / "p.txt"
    protocol.write_text(GOOD, encoding="utf-8")
    previous = os.umask(0o022)
    try:
        assert cli("compile", str(protocol), "-o", str(tmp_path / "out"), "-q").exit_code == 0
    finally:
        os.umask(previous)
    modes = {path.name: stat.S_IMODE(path.stat().st_mode) for path in (tmp_path / "out").iterdir()}
    assert modes == {"p.eligo": 0o644, "p.json": 0o644}


def test_rules_that_the_readers_would_refuse_are_not_written(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(eligo.grammar.load, "MAX_RULES_BYTES", 200)
    protocol = tmp_path / "p.txt"
    protocol.write_text(GOOD, encoding="utf-8")
    result = cli("compile", str(protocol), "-o", str(tmp_path / "out"))
    assert result.exit_code == Exit.BAD_INPUT and "E005" in result.output
    assert not list((tmp_path / "out").iterdir())


def test_dash_is_stdout_and_json_goes_there_as_json_lines(cli, tmp_path, twins, monkeypatch):
    monkeypatch.chdir(tmp_path)
    one = cli("compile", str(twins[0]), "-o", "-", "-q")
    assert one.exit_code == 0 and one.stdout.startswith("eligo 1\n") and not Path("-").exists()
    lines = cli("compile", *map(str, twins), "--json", "-q").stdout.splitlines()
    assert [json.loads(line)["format"] for line in lines] == ["eligo-rules/1", "eligo-rules/1"]
    extracted = cli("extract", *map(str, twins)).stdout.splitlines()
    assert [json.loads(line)["format"] for line in extracted] == ["eligo-gold/1", "eligo-gold/1"]


def test_several_protocols_as_rule_text_on_stdout_are_refused(cli, twins):
    result = cli("compile", *map(str, twins), "-q")
    assert result.exit_code == Exit.USAGE and "--json" in result.output and not result.stdout


# --- headerless criteria files ------------------------------------------------------------------


def test_a_headerless_file_needs_a_kind(cli, tmp_path):
    bare = tmp_path / "criteria.txt"
    bare.write_text("Pregnancy\nActive infection\n", encoding="utf-8")
    refused = cli("compile", str(bare))
    assert refused.exit_code == Exit.BAD_INPUT and "E006" in refused.output and "--kind" in refused.output
    assert cli("extract", str(bare)).exit_code == Exit.BAD_INPUT
    given = cli("compile", str(bare), "--kind", "exclusion", "-q")
    assert given.exit_code == 0 and "exclusion E1" in given.stdout and "inclusion" not in given.stdout
    named = tmp_path / "criteria_exc.txt"
    named.write_text("Pregnancy\n", encoding="utf-8")
    assert "exclusion E1" in cli("compile", str(named), "-q").stdout


def test_an_unknown_kind_is_a_usage_error(cli, tmp_path):
    bare = tmp_path / "criteria.txt"
    bare.write_text("Pregnancy\n", encoding="utf-8")
    result = cli("compile", str(bare), "--kind", "foo")
    assert result.exit_code == Exit.USAGE and "internal error" not in result.output


# --- --debug anywhere, located and clipped diagnostics ------------------------------------------


def test_debug_is_accepted_anywhere_on_the_command_line(monkeypatch, capsys):
    monkeypatch.setenv("ELIGO_DEBUG", "0")  # and restored when the test ends: run() sets it

    def broken():
        raise RuntimeError("boom")

    monkeypatch.setattr("eligo.cli.verbs.schema.schema_text", broken)
    with pytest.raises(SystemExit) as exited:
        run(["schema"])
    assert exited.value.code == Exit.INTERNAL and "--debug" in capsys.readouterr().err
    with pytest.raises(RuntimeError, match="boom"):
        run(["schema", "--debug"])


def test_too_deep_nesting_points_at_its_criterion():
    deep = "not " * 1_000 + "a > 1"
    text = f'eligo 1\nprotocol "x" {{\n  inclusion I1 at 1:1 span 0..1 "t" {{\n    a > 1\n  }}\n  inclusion I2 at 2:1 span 2..3 "u" {{\n    {deep}\n  }}\n}}\n'
    with pytest.raises(RulesError) as error:
        parse_rules(text, "deep.eligo")
    assert error.value.diagnostic.code == "R003" and error.value.diagnostic.start.line == 7


def test_a_long_source_line_is_clipped_around_the_caret():
    line = "x" * 10_000 + "ERROR" + "y" * 10_000
    at = line.index("ERROR")
    diagnostic = Diagnostic(code="R001", severity="error", message="m", start=Position.at(line, at), end=Position.at(line, at + 5))
    shown, caret = diagnostic.render(line).splitlines()[1:3]
    assert len(shown) < 200 and shown[caret.index("^") : caret.index("^") + 5] == "ERROR" and caret.count("^") == 5


def test_check_locates_each_diagnostic_in_its_own_criterion(cli, tmp_path):
    rules = tmp_path / "r.eligo"
    rules.write_text(
        'eligo 1\nprotocol "x" {\n  inclusion I0 at 1:1 span 0..1 "see inclusion I1 at screening" {\n    age > 18 a\n  }\n\n'
        '  inclusion I1 at 2:1 span 2..3 "t" {\n    frobnication >= 2\n  }\n}\n',
        encoding="utf-8",
    )
    result = cli("check", str(rules))
    assert f"{rules}:8:5: warning[C101]" in result.output

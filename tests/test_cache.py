"""Speed without changed output: the result cache, `--jobs` and what a verb imports.

Each run is a fresh `eligo` process, so these check what a user gets: an
unchanged protocol answered from the cache (without importing spaCy), the same
bytes from any job count, and `--help` and `check` free of spaCy.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from fixture_files import ROOT

from eligo.cache import NO_CACHE_ENV
from eligo.cli.batch import MAX_JOBS, cores, jobs_value
from eligo.terminology.store import Terminology

PROTOCOLS = sorted((ROOT / "corpus" / "protocols").glob("*.txt"))
NLP = ("spacy", "scispacy", "negspacy", "thinc")
# runs `eligo` and reports on stderr's last line which NLP modules the process imported
ELIGO = (
    "import atexit, json, sys\n"
    f"atexit.register(lambda: print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {NLP!r})), file=sys.stderr))\n"
    "from eligo.cli import main\n"
    "sys.argv = ['eligo', *sys.argv[1:]]\n"
    "main()\n"
)


def eligo(*args: str, cache: Path | None = None) -> tuple[int, str, str, list[str]]:
    """Exit code, stdout, stderr without its last line, and the NLP modules imported."""
    env = {key: value for key, value in os.environ.items() if key != NO_CACHE_ENV}
    if cache is None:
        env[NO_CACHE_ENV] = "1"
    else:
        env["ELIGO_CACHE_DIR"] = str(cache)
    done = subprocess.run([sys.executable, "-c", ELIGO, *args], capture_output=True, text=True, env=env, cwd=ROOT)
    *said, imported = done.stderr.splitlines()
    return done.returncode, done.stdout, "\n".join(said), json.loads(imported)


@pytest.fixture()
def cache(tmp_path):
    """An empty result cache that shares the built terminology (building it takes some 20 s)."""
    folder = tmp_path / "cache"
    folder.mkdir()
    store = Terminology.load().path
    (folder / store.name).symlink_to(store)
    return folder


def entries(cache: Path) -> list[Path]:
    return sorted((cache / "results").rglob("*.json")) if (cache / "results").is_dir() else []


def test_an_unchanged_protocol_is_answered_from_the_cache_without_the_parser(cache, tmp_path):
    protocol = tmp_path / "p.txt"
    protocol.write_text("Inclusion Criteria:\n- Age >= 18 years\n- ANC >= 1.5 x 10^9/L\nExclusion Criteria:\n- Pregnancy\n", encoding="utf-8")
    first = eligo("compile", str(protocol), "--json", cache=cache)
    assert first[0] == 0 and "spacy" in first[3] and len(entries(cache)) == 2  # the result, the command's output
    again = eligo("compile", str(protocol), "--json", cache=cache)
    assert again[:3] == first[:3] and again[3] == []
    uncached = eligo("compile", str(protocol), "--json", "--no-cache", cache=cache)
    assert uncached[:3] == first[:3] and "spacy" in uncached[3]

    protocol.write_text(protocol.read_text(encoding="utf-8").replace("18 years", "21 years"), encoding="utf-8")
    edited = eligo("compile", str(protocol), "--json", cache=cache)
    assert edited[0] == 0 and "21" in edited[1] and "spacy" in edited[3] and len(entries(cache)) == 4


def test_a_repeated_command_is_replayed_without_importing_the_command_line(cache, tmp_path):
    """A hit imports neither Typer, rich nor pydantic (their imports alone take longer than 100 ms)."""
    protocol = tmp_path / "p.txt"
    protocol.write_text("Inclusion Criteria:\n- Good general health\n", encoding="utf-8")
    watch = ("typer", "rich", "pydantic", *NLP)
    script = ELIGO.replace(repr(NLP), repr(watch))
    env = {key: value for key, value in os.environ.items() if key != NO_CACHE_ENV} | {"ELIGO_CACHE_DIR": str(cache)}
    runs = [subprocess.run([sys.executable, "-c", script, "compile", str(protocol)], capture_output=True, text=True, env=env, cwd=ROOT) for _ in range(2)]
    said = [run.stderr.splitlines() for run in runs]
    assert runs[0].returncode == runs[1].returncode == 0 and runs[0].stdout == runs[1].stdout and said[0][:-1] == said[1][:-1]
    assert "E201" in runs[1].stderr and "typer" in said[0][-1] and json.loads(said[1][-1]) == []
    written = tmp_path / "out"
    assert eligo("compile", str(protocol), "-o", str(written), cache=cache)[0] == 0 and (written / "p.eligo").is_file()


def test_an_entry_that_cannot_be_read_is_compiled_again(cache, tmp_path):
    protocol = tmp_path / "p.txt"
    protocol.write_text("Exclusion Criteria:\n- Pregnancy or breast feeding\n", encoding="utf-8")
    first = eligo("extract", str(protocol), cache=cache)
    for entry in entries(cache):
        entry.write_text('{"json": ', encoding="utf-8")
    again = eligo("extract", str(protocol), cache=cache)
    assert first[0] == 0 and again[:3] == first[:3] and "spacy" in again[3]


def test_a_refused_input_is_refused_again_from_the_cache(cache, tmp_path):
    protocol = tmp_path / "bare.txt"
    protocol.write_text("- Age >= 18 years\n", encoding="utf-8")
    first = eligo("compile", str(protocol), cache=cache)
    again = eligo("compile", str(protocol), cache=cache)
    assert first[0] == 3 and "E006" in first[2] and again[:3] == first[:3] and again[3] == []


@pytest.mark.parametrize(("verb", "jobs"), [("compile", ("1", "3", "auto")), ("extract", ("1", "auto"))])
def test_output_is_the_same_bytes_for_any_job_count(verb, jobs):
    inputs = [str(p) for p in PROTOCOLS[:8]]
    runs = [eligo(verb, *inputs, "--json", "--jobs", count) if verb == "compile" else eligo(verb, *inputs, "--jobs", count) for count in jobs]
    assert runs[0][0] == 0 and runs[0][1].count("\n") >= len(inputs)
    assert all(run[:3] == runs[0][:3] for run in runs[1:])


def test_jobs_is_a_number_or_auto():
    assert jobs_value("auto") == jobs_value("AUTO") == min(MAX_JOBS, cores())
    assert jobs_value("3") == 3
    for bad in ("0", str(MAX_JOBS + 1), "x", ""):
        with pytest.raises(typer.BadParameter):
            jobs_value(bad)


@pytest.mark.parametrize("args", [("--help",), ("compile", "--help"), ("check", "compiled/000_0f814b264ca6570a.eligo"), ("schema",)])
def test_help_check_and_schema_do_not_import_spacy(args):
    code, _, said, imported = eligo(*args)
    assert code == 0, said
    assert imported == []


def test_stdout_is_the_output_as_made(tmp_path):
    """Rules on stdout keep what the protocol wrote: no emoji for `:name:` (rich's print made one)."""
    protocol = tmp_path / "p.txt"
    protocol.write_text("Inclusion Criteria:\n- Age >= 18 years :smile:\n", encoding="utf-8")
    code, text, said, _ = eligo("compile", str(protocol))
    _, json_text, _, _ = eligo("compile", str(protocol), "--json")
    assert code == 0, said
    assert ":smile:" in text and ":smile:" in json_text and "\U0001f604" not in text + json_text

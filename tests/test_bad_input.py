"""Bad and hostile input: every verb answers with a message and a documented exit code.

No traceback, no partial output file, and the other files of a batch still processed.
"""

from __future__ import annotations

import os

import pytest
from fixture_files import FUZZ_EXAMPLES, GOOD, ROOT, assert_linear
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import eligo.source
from eligo.parser import analyse
from eligo.source import source_from_text

BAD_FILES = {
    "empty.txt": b"",
    "blank.txt": b" \n\t \n",
    "binary.pdf.txt": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x01\x02",
    "nul.txt": b"\x00\x01\x02\x03" * 64,
}


@pytest.fixture()
def batch(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, content in BAD_FILES.items():
        (folder / name).write_bytes(content)
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    return folder


@pytest.mark.parametrize("verb", ["compile", "extract"])
def test_a_batch_with_bad_files_reports_them_and_processes_the_rest(cli, batch, tmp_path, verb):
    out = tmp_path / "out"
    result = cli(verb, str(batch), "-o", str(out))
    assert result.exit_code == 3
    for name in BAD_FILES:
        assert name in result.output
    written = sorted(p.name for p in out.iterdir())
    assert [n for n in written if n.startswith("good.")] and not [n for n in written if not n.startswith("good.")]


@pytest.mark.parametrize("verb", ["compile", "extract"])
@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_each_bad_file_alone(cli, tmp_path, verb, name):
    path = tmp_path / name
    path.write_bytes(BAD_FILES[name])
    result = cli(verb, str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 3 and str(path) in result.output
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


@pytest.mark.parametrize("verb", ["compile", "extract", "check", "screen", "screen-patient"])
def test_a_missing_path_is_a_usage_error_for_every_verb(cli, tmp_path, verb):
    rules = tmp_path / "r.eligo"
    rules.write_text('eligo 1\nprotocol "x" {\n}\n', encoding="utf-8")
    args = {
        "screen": ["screen", str(tmp_path / "missing.txt"), str(rules)],
        "screen-patient": ["screen", str(rules), str(tmp_path / "missing.txt")],
    }.get(verb, [verb, str(tmp_path / "missing.txt")])
    result = cli(*args)
    assert result.exit_code == 2 and "missing.txt" in result.output


def test_unreadable_file_in_a_directory(cli, batch, tmp_path, monkeypatch):
    locked = batch / "locked.txt"
    locked.write_text(GOOD, encoding="utf-8")
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads every file: refuse this one as the kernel would refuse a user
        read_limited = eligo.source.read_limited

        def refuse(path, limit):
            if path.name == "locked.txt":
                raise PermissionError(13, "Permission denied", str(path))
            return read_limited(path, limit)

        monkeypatch.setattr(eligo.source, "read_limited", refuse)
    result = cli("compile", str(batch), "-o", str(tmp_path / "out"))
    assert result.exit_code == 3 and "locked.txt" in result.output and "permission denied" in result.output


def test_oversized_protocol_is_refused(cli, tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    big.write_text(GOOD + "- Pregnancy\n" * 2_000_000, encoding="utf-8")  # about 24 MB
    result = cli("compile", str(big), "-o", str(tmp_path / "out"))
    assert result.exit_code == 3 and "limit" in result.output


def test_a_protocol_without_eligibility_compiles_with_a_note(cli, tmp_path):
    record = ROOT / "corpus" / "protocols" / "001_59815f63e06642be.txt"
    result = cli("compile", str(record))
    assert result.exit_code == 0 and "note[E200]: no eligibility criteria found" in result.output


# --- rules files -----------------------------------------------------------------------------

RULES_CASES = {
    "syntax.eligo": ('eligo 1\nprotocol "x" {\n  inclusion I1 at 1:1 span 0..1 "t" {\n    age >=\n  }\n}\n', 4, "syntax.eligo:5:3"),
    "deep.eligo": ('eligo 1\nprotocol "x" {\n  inclusion I1 at 1:1 span 0..1 "t" {\n    ' + "not " * 10_000 + "a > 1\n  }\n}\n", 4, "nested more than"),
    "parens.eligo": ('eligo 1\nprotocol "x" {\n  inclusion I1 at 1:1 span 0..1 "t" {\n    ' + "(" * 100_000 + "\n  }\n}\n", 4, "parens.eligo:"),
    "empty.eligo": ("", 3, "empty rules file"),
    "binary.eligo": ("\x00\x01\x02", 3, "binary"),
    "bad.json": ('{"id": "x", "criteria": [{"id": 1}]}', 4, "invalid rules JSON"),
}


@pytest.mark.parametrize("name", sorted(RULES_CASES))
@pytest.mark.parametrize("verb", ["check", "screen"])
def test_bad_rules_files(cli, tmp_path, name, verb):
    text, code, expected = RULES_CASES[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    patient = tmp_path / "p.json"
    patient.write_text('{"id": "p"}', encoding="utf-8")
    args = ["check", str(path)] if verb == "check" else ["screen", str(path), str(patient)]
    result = cli(*args)
    assert result.exit_code == code and expected in result.output


def test_unknown_concepts_and_units_are_reported_by_check(cli, tmp_path):
    path = tmp_path / "r.eligo"
    path.write_text(
        'eligo 1\nprotocol "x" {\n  inclusion I1 at 1:1 span 0..1 "t" {\n    age > 18 mg/dL and frobnication >= 2 zorkmids\n  }\n}\n',
        encoding="utf-8",
    )
    result = cli("check", str(path))
    assert result.exit_code == 1
    assert "C103" in result.output and "C101" in result.output and "C102" in result.output


def test_eval_with_invalid_gold(cli, tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "d.txt").write_text(GOOD, encoding="utf-8")
    (gold / "d.json").write_text(
        '{"format": "eligo-gold/1", "document": "d.txt", "annotated": ["criteria"], '
        '"criteria": [{"id": "I1", "kind": "inclusion", "span": [0, 5], "text": "Wrong"}]}',
        encoding="utf-8",
    )
    result = cli("eval", "--gold", str(gold))
    assert result.exit_code == 3 and "d.json" in result.output


# --- time and fuzz ------------------------------------------------------------------------------


def _analyse(text: str) -> object:
    return analyse(source_from_text("Inclusion Criteria:\n- " + text + "\n", "x.txt"))


@pytest.mark.parametrize(
    "unit",
    ["1", "(", "≥", "≥ 1 ", "18-", "1.5 x ULN, ", "within 4 weeks ", "a (b) ", "Ⅻ漢字ß ",
     "No history of HIV infection within 6 months; ALT ≤ 2.5 × ULN (upper limit of normal)\n- "],  # many criteria, concepts, negations
)
def test_adversarial_lines_take_time_proportional_to_their_length(unit):
    _analyse("warm up")
    assert_linear(_analyse, lambda size: unit * (size // len(unit)), 100_000)


adversarial = st.one_of(
    st.text(max_size=300),
    st.text(alphabet="0123456789.,-<>=≥≤()[]+/x ", max_size=300),
    st.lists(st.sampled_from(["≥", "<=", "at least", "18", "-", "75", "years", "(", ")", "within", "weeks", "prior to", "ULN", "x", "10^9/L", "no", "if", "except", "\n- ", "Inclusion Criteria:\n", "漢字", "ß", "\u200b"]), max_size=80).map(" ".join),
)


@settings(max_examples=FUZZ_EXAMPLES, deadline=10_000, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(adversarial)
def test_fuzz_the_whole_pipeline(text):
    facts = analyse(source_from_text(text or " ", "fuzz.txt"))
    assert not facts.annotations.span_errors(text or " ")


@pytest.mark.parametrize("verb", ["compile", "extract"])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_bug_on_one_file_is_reported_and_the_batch_goes_on(cli, batch, tmp_path, monkeypatch, verb, jobs):
    """An internal error is that file's E900 error and exit 70; the other files are still written."""
    import eligo.parser

    real = eligo.parser.analyse

    def flaky(source, kind=None, **options):
        if source.name == "crash.txt":
            raise RuntimeError("boom")
        return real(source, kind, **options)

    monkeypatch.setattr(eligo.parser, "analyse", flaky)
    (batch / "crash.txt").write_text(GOOD, encoding="utf-8")
    for name in BAD_FILES:
        (batch / name).unlink()
    out = tmp_path / "out"
    result = cli(verb, str(batch), "-o", str(out), "--jobs", jobs)
    assert result.exit_code == 70 and "E900" in result.output and "crash.txt" in result.output and "boom" in result.output
    assert sorted(p.stem for p in out.iterdir()) in (["good"], ["good", "good"])

"""Regular expressions from the table are the patterns `re` would compile, and the table is kept."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from eligo.cli import regex_table

# made-up patterns: named groups, inline flags, classes, bytes, a look-behind
PATTERNS = [
    (r"(?P<value>\d+(?:\.\d+)?)\s*(?P<unit>mg/dL|g/L)", 0),
    (r"(?i)\bno(?:t|n)?\s+(?:history|evidence)\b", 0),
    (r"[^\W\d_]{2,}(?<!xx)", re.UNICODE),
    (rb"\x00(?P<tag>[a-z]+)\x01", 0),
    (r"^\s*[-*]\s+(.*)$", re.MULTILINE | re.IGNORECASE),
]
TEXTS = ["Creatinine 1.5 mg/dL", "NOT history of x", "abc xx def", "- Item one\n* two"]


def _table(path: Path) -> regex_table._Table:
    return regex_table._Table(path, re._compiler.compile)  # type: ignore[attr-defined]


def test_patterns_from_the_table_match_as_res_own(tmp_path: Path) -> None:
    path = tmp_path / "table.marshal"
    first = _table(path)
    made = [first.compile(pattern, flags) for pattern, flags in PATTERNS]
    first.save()
    second = _table(path)
    assert set(second.entries) == {(pattern, int(flags)) for pattern, flags in PATTERNS}
    second.original = None  # a pattern of the table never reaches `re`'s own compiler
    kept = [second.compile(pattern, flags) for pattern, flags in PATTERNS]
    for (pattern, flags), new, old in zip(PATTERNS, kept, made):
        own = re._compiler.compile(pattern, flags)  # type: ignore[attr-defined]
        assert (new.pattern, new.flags, new.groups, dict(new.groupindex)) == (
            own.pattern,
            own.flags,
            own.groups,
            dict(own.groupindex),
        )
        assert new == own and old == own  # `Pattern.__eq__` compares the compiled code
        for text in TEXTS:
            subject = text.encode() if isinstance(pattern, bytes) else text
            assert [m.span() for m in new.finditer(subject)] == [
                m.span() for m in own.finditer(subject)
            ]


def test_an_unreadable_table_is_no_table_and_an_unchanged_one_is_not_rewritten(
    tmp_path: Path,
) -> None:
    path = tmp_path / "table.marshal"
    path.write_bytes(b"not marshal data")
    table = _table(path)
    assert table.entries == {}
    assert table.compile("a+b", 0).fullmatch("aab")
    table.save()
    assert path.read_bytes() != b"not marshal data"
    stamp = path.stat().st_mtime_ns
    again = _table(path)
    again.compile("a+b", 0)
    again.save()
    assert path.stat().st_mtime_ns == stamp


def test_a_table_past_its_size_keeps_what_the_last_run_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(regex_table, "_MAX_PATTERNS", 2)
    path = tmp_path / "table.marshal"
    table = _table(path)
    for word in ("one", "two", "three"):
        table.compile(word, 0)
    table.save()
    assert len(_table(path).entries) == 3
    last = _table(path)
    last.compile("four", 0)
    last.save()
    assert set(_table(path).entries) == {("four", 0)}


def test_an_invalid_pattern_raises_res_error(tmp_path: Path) -> None:
    with pytest.raises(re.error):
        _table(tmp_path / "table.marshal").compile("(unclosed", 0)


def test_a_pattern_of_a_str_subclass_is_compiled_by_re_and_not_kept(tmp_path: Path) -> None:
    class Text(str):
        pass

    table = _table(tmp_path / "table.marshal")
    assert table.compile(Text("a+b"), 0).fullmatch("ab")
    table.save()
    assert not table.entries and not (tmp_path / "table.marshal").exists()


def test_an_entry_this_python_refuses_falls_back_to_res_own_and_is_dropped(tmp_path: Path) -> None:
    table = _table(tmp_path / "table.marshal")
    pattern, flags = PATTERNS[0]
    table.entries[(pattern, flags)] = (flags, [999, 1, 2], 2, {}, (None, None, None))  # no such opcode
    compiled = table.compile(pattern, flags)
    assert compiled == re._compiler.compile(pattern, flags)  # type: ignore[attr-defined]
    assert (pattern, flags) not in table.entries

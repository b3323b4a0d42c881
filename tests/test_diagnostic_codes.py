"""One registry of diagnostic codes: every code the package emits is registered, every registered code is emitted,
and README.md's table is generated from the registry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from eligo.diagnostics import Diagnostic, code_table, codes, diagnostic

ROOT = Path(__file__).resolve().parents[1]
LITERAL = re.compile(r"""["']([A-Z][0-9]{3})["']""")


def _literals() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "eligo").rglob("*.py")):
        for code in LITERAL.findall(path.read_text(encoding="utf-8")):
            found.setdefault(code, []).append(str(path.relative_to(ROOT)))
    return found


def _slug(heading: str) -> str:
    return re.sub(r"[^a-z0-9 -]", "", heading.lower()).strip().replace(" ", "-")


def test_readme_table_is_the_registry():
    assert code_table() in (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_code_in_the_package_is_registered_and_every_registered_code_is_used():
    literals = _literals()
    assert set(literals) - set(codes()) == set(), "unregistered codes"
    assert set(codes()) - set(literals) == set(), "registered codes that nothing emits"


def test_where_each_code_is_documented_exists():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    anchors = {_slug(h) for h in re.findall(r"^#+ (.+)$", readme, re.M)}
    for entry in codes().values():
        path, _, anchor = entry.documented.partition("#")
        assert (ROOT / path).is_file(), entry.code
        if anchor:
            assert path == "README.md" and anchor in anchors, (entry.code, entry.documented)


@pytest.mark.parametrize("code, severity", [("E999", "error"), ("E001", "warning"), ("C101", "error")])
def test_an_unregistered_code_or_another_severity_is_refused(code, severity):
    with pytest.raises(ValidationError):
        Diagnostic(code=code, severity=severity, message="m")


def test_diagnostic_takes_severity_and_hint_from_the_registry():
    made = diagnostic("E002", "empty protocol", path="p.txt")
    assert (made.severity, made.hint) == ("error", "give a file with protocol text")
    assert diagnostic("E003", "binary", hint="export it as text").hint == "export it as text"
    with pytest.raises(KeyError):
        diagnostic("X123", "m")

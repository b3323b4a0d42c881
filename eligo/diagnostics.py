"""Diagnostics as data: what the library reports and the CLI renders, and the one registry of their
codes.

Every stage (reading, compiling, checking, parsing DSL) returns a list of
`Diagnostic`; none prints. The CLI renders them compiler-style and turns the
worst severity into the exit code. Every code is registered once, with its
severity, title, default hint and where it is documented, in
`eligo/data/diagnostics.jsonl` (`codes()`); a `Diagnostic` of an unregistered
code, or of another severity than its code's, is refused, and README.md's
table of codes is `code_table()`.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from eligo.datafiles import load_jsonl

Severity = Literal["error", "warning", "note"]
SEVERITY_RANK: dict[str, int] = {"note": 0, "warning": 1, "error": 2}
SHOWN_COLUMNS = 120  # a source line longer than this is shown clipped around the caret


@lru_cache(maxsize=2)
def _line_starts(text: str) -> tuple[int, ...]:
    """Where each line of `text` starts: computed once per text, so locating
    thousands of diagnostics in a large protocol stays linear."""
    starts = [0]
    find = text.find
    at = find("\n")
    while at != -1:
        starts.append(at + 1)
        at = find("\n", at + 1)
    return tuple(starts)


def line_of(text: str, line: int) -> str:
    """The 1-based `line` of `text`, without its line break."""
    starts = _line_starts(text)
    end = starts[line] - 1 if line < len(starts) else len(text)
    return text[starts[line - 1] : end]


class DiagnosticCode(BaseModel):
    """One registered code: `E0xx` reading, `E2xx` compiling, `E9xx` internal, `Cxxx` checking
    rules, `Rxxx` reading rules, `Gxxx` evaluating against gold."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    code: str = Field(pattern=r"^[A-Z][0-9]{3}$")
    severity: Severity
    title: str
    hint: str | None = None
    documented: str  # where the code is explained: README.md#<section> or another file


@lru_cache(maxsize=1)
def codes() -> dict[str, DiagnosticCode]:
    """The registry, by code, in the order of the data file."""
    entries = load_jsonl("eligo.data", "diagnostics.jsonl", DiagnosticCode)
    registry = {entry.code: entry for entry in entries}
    if len(registry) != len(entries):
        raise ValueError("eligo/data/diagnostics.jsonl registers a code twice")
    return registry


def code_table() -> str:
    """README.md's table of diagnostic codes, from the registry."""
    rows = [
        f"| {c.code} | {c.severity} | {_cell(c.title)} | {_cell(c.hint or '')} | "
        f"{_documented_link(c.documented)} |"
        for c in codes().values()
    ]
    return (
        "\n".join(
            [
                "| code | severity | what | hint | documented |",
                "| --- | --- | --- | --- | --- |",
                *rows,
            ]
        )
        + "\n"
    )


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("*", "\\*")


def _documented_link(where: str) -> str:
    return f"[{where.split('#')[-1].replace('-', ' ')}]({where.removeprefix('README.md')})"


class Position(BaseModel):
    """A place in a source: code-point offset, 1-based line and column."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    offset: int
    line: int
    col: int

    @classmethod
    def at(cls, text: str, offset: int) -> Position:
        offset = max(0, min(offset, len(text)))
        starts = _line_starts(text)
        line = bisect_right(starts, offset)
        return cls(offset=offset, line=line, col=offset - starts[line - 1] + 1)


class Diagnostic(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    code: str
    severity: Severity
    message: str
    path: str | None = None
    start: Position | None = None
    end: Position | None = None
    hint: str | None = None

    @model_validator(mode="after")
    def _registered(self) -> Diagnostic:
        entry = codes().get(self.code)
        if entry is None:
            raise ValueError(
                f"unregistered diagnostic code {self.code!r}: add it to "
                "eligo/data/diagnostics.jsonl"
            )
        if entry.severity != self.severity:
            raise ValueError(f"{self.code} is registered as {entry.severity}, not {self.severity}")
        return self

    def location(self) -> str:
        where = self.path or "<input>"
        if self.start is not None:
            where += f":{self.start.line}:{self.start.col}"
        return where

    def headline(self) -> str:
        return f"{self.location()}: {self.severity}[{self.code}]: {self.message}"

    def render(self, source: str | None = None) -> str:
        """The headline, the source line with a caret under the span, and the hint."""
        lines = [self.headline()]
        if source is not None and self.start is not None:
            line_text = line_of(source, self.start.line).rstrip("\r")
            column = self.start.col - 1
            width = 1
            if self.end is not None and self.end.line == self.start.line:
                width = max(1, self.end.col - self.start.col)
            width = min(width, max(1, len(line_text) - column), SHOWN_COLUMNS // 2)
            if len(line_text) > SHOWN_COLUMNS:  # a long line is clipped around the caret
                first = max(0, min(column - SHOWN_COLUMNS // 4, len(line_text) - SHOWN_COLUMNS))
                clipped = line_text[first : first + SHOWN_COLUMNS]
                before, after = (
                    ("…" if first else ""),
                    ("…" if first + SHOWN_COLUMNS < len(line_text) else ""),
                )
                line_text, column = before + clipped + after, column - first + len(before)
            lines.append(f"  {line_text}")
            lines.append("  " + " " * column + "^" * width)
        if self.hint:
            lines.append(f"  hint: {self.hint}")
        return "\n".join(lines)


def diagnostic(
    code: str,
    message: str,
    *,
    path: str | None = None,
    start: Position | None = None,
    end: Position | None = None,
    hint: str | None = None,
) -> Diagnostic:
    """A diagnostic of a registered `code`: its severity from the registry, and its hint unless
    `hint` says more."""
    entry = codes()[code]
    return Diagnostic(
        code=code,
        severity=entry.severity,
        message=message,
        path=path,
        start=start,
        end=end,
        hint=hint or entry.hint,
    )


def span_diagnostic(
    code: str,
    severity: Severity,
    message: str,
    text: str,
    start: int,
    end: int | None = None,
    *,
    path: str | None = None,
    hint: str | None = None,
) -> Diagnostic:
    """A diagnostic located at `text[start:end]`; `severity` must be the registered one of
    `code`."""
    located = diagnostic(
        code,
        message,
        path=path,
        start=Position.at(text, start),
        end=Position.at(text, end if end is not None else start),
        hint=hint,
    )
    if located.severity != severity:
        raise ValueError(f"{code} is registered as {located.severity}, not {severity}")
    return located


def worst(diagnostics: list[Diagnostic]) -> Severity | None:
    if not diagnostics:
        return None
    return max((d.severity for d in diagnostics), key=SEVERITY_RANK.__getitem__)

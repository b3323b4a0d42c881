"""Diagnostics as data: what the library reports and the CLI renders.

Every stage (reading, compiling, checking, parsing DSL) returns a list of
`Diagnostic`; none prints. The CLI renders them compiler-style and turns the
worst severity into the exit code.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

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
                before, after = ("…" if first else ""), ("…" if first + SHOWN_COLUMNS < len(line_text) else "")
                line_text, column = before + clipped + after, column - first + len(before)
            lines.append(f"  {line_text}")
            lines.append("  " + " " * column + "^" * width)
        if self.hint:
            lines.append(f"  hint: {self.hint}")
        return "\n".join(lines)


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
    """A diagnostic located at `text[start:end]`."""
    return Diagnostic(
        code=code,
        severity=severity,
        message=message,
        path=path,
        start=Position.at(text, start),
        end=Position.at(text, end if end is not None else start),
        hint=hint,
    )


def worst(diagnostics: list[Diagnostic]) -> Severity | None:
    if not diagnostics:
        return None
    return max((d.severity for d in diagnostics), key=SEVERITY_RANK.__getitem__)

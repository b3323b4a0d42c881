"""The lines of a protocol file with their offsets, and the marker that opens a list item.

Why a module: sections, the record layout and criteria all cut a file into lines
and ask whether a line is a bulleted item; one reading of both serves them all.
"""

from __future__ import annotations

import re

_LINE = re.compile(r"[^\n]*")
BULLET = re.compile(r"[ \t]*(?:[-*•·▪◦‣●○–—+]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)])[ \t]")


class Line:
    __slots__ = ("start", "end", "text")

    def __init__(self, start: int, end: int, text: str):
        self.start, self.end, self.text = start, end, text

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def lines_of(text: str) -> list[Line]:
    """Every line with its offsets; the end excludes the line break (and a CR before it)."""
    found = []
    for match in _LINE.finditer(text):
        start, end = match.span()
        if start == end and start > 0 and text[start - 1] != "\n":
            continue
        line = match.group().rstrip("\r")
        found.append(Line(start, start + len(line), line))
    return found

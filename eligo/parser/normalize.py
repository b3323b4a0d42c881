"""A normalised copy of the text for the NLP, with an exact map back to the original.

Words with non-ASCII characters go through ftfy (mojibake such as `ã€‚` back to
`。`) and NFKC (full-width `（ORR）` to `(ORR)`, `½` to `1⁄2`, `≧` stays a
comparator); everything else is copied as is. The normalised text is built
piece by piece, one word (at most `_RUN` characters) at a time, and each piece
records where it came from: a span of the normalised text maps back to the
original span that holds the same characters, on lines of any length, in time
and memory linear in the text. Only inside a changed word does a small
difflib alignment (of at most `_RUN` characters) say which characters changed.
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import ftfy

_LINE = re.compile(r"[^\n]*\n|[^\n]+")
# spaCy's tokenizer peels affixes off a token one at a time: quadratic in its length.
# Runs longer than this get a space inserted every `_RUN` characters (mapped exactly).
_RUN = 64
_LONG_RUN = re.compile(r"\S{%d,}" % (_RUN + 1))
# The pieces a changed line is normalised in: words split at ASCII white space only
# (mojibake may hold a no-break space), cut every `_RUN` characters.
_WORD = re.compile(r"[^ \t\r\n\f\v]{1,%d}" % _RUN)


@dataclass(frozen=True)
class Block:
    """A stretch of normalised text [norm_start, norm_end) from original [orig_start, orig_end)."""

    norm_start: int
    norm_end: int
    orig_start: int
    orig_end: int
    equal: bool


class Normalized:
    def __init__(self, text: str, blocks: list[Block]):
        self.text = text
        self._blocks = blocks
        self._starts = [b.norm_start for b in blocks]

    def _block(self, offset: int) -> Block:
        return self._blocks[max(0, bisect.bisect_right(self._starts, offset) - 1)]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original [start, end) of the normalised [start, end)."""
        first = self._block(start)
        begin = first.orig_start + (start - first.norm_start) if first.equal else first.orig_start
        if end <= start:
            return begin, begin
        last = self._block(end - 1)
        finish = last.orig_start + (end - last.norm_start) if last.equal else last.orig_end
        return begin, max(begin, finish)


@lru_cache(maxsize=8192)
def _fixed(word: str) -> tuple[str, tuple[tuple[int, int, bool], ...]]:
    """A non-ASCII word normalised, and its alignment: (normalised length, original length, equal) runs."""
    fixed = ftfy.fix_text(word, normalization="NFKC", fix_line_breaks=False, uncurl_quotes=False, unescape_html=False)
    fixed = unicodedata.normalize("NFKC", fixed)
    if fixed == word:
        return word, ((len(word), len(word), True),)
    matcher = difflib.SequenceMatcher(None, word, fixed, autojunk=False)
    return fixed, tuple((j2 - j1, i2 - i1, tag == "equal") for tag, i1, i2, j1, j2 in matcher.get_opcodes())


class _Builder:
    """The normalised text and its blocks, appended piece by piece."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.blocks: list[Block] = []
        self.norm = self.orig = 0

    def add(self, text: str, o_len: int, equal: bool) -> None:
        n_len = len(text)
        self.pieces.append(text)
        blocks = self.blocks
        if blocks and equal and blocks[-1].equal:
            last = blocks.pop()
            blocks.append(Block(last.norm_start, self.norm + n_len, last.orig_start, self.orig + o_len, True))
        elif n_len or o_len:
            blocks.append(Block(self.norm, self.norm + n_len, self.orig, self.orig + o_len, equal))
        self.norm += n_len
        self.orig += o_len

    def add_unchanged(self, line: str) -> None:
        """An ASCII line: copied, with a space every `_RUN` characters of a long run."""
        cursor = 0
        for run in _LONG_RUN.finditer(line):
            self.add(line[cursor : run.start()], run.start() - cursor, True)
            for chunk_start in range(run.start(), run.end(), _RUN):
                if chunk_start > run.start():
                    self.add(" ", 0, False)
                chunk = line[chunk_start : min(chunk_start + _RUN, run.end())]
                self.add(chunk, len(chunk), True)
            cursor = run.end()
        self.add(line[cursor:], len(line) - cursor, True)

    def add_changed(self, line: str) -> None:
        """A line with non-ASCII characters: normalised word by word."""
        cursor = 0
        for word in _WORD.finditer(line):
            start = word.start()
            if start > cursor:
                self.add(line[cursor:start], start - cursor, True)
            elif start and start == cursor:
                self.add(" ", 0, False)  # a long run cut into pieces
            text = word.group()
            if text.isascii():
                self.add(text, len(text), True)
            else:
                fixed, runs = _fixed(text)
                at = 0
                for n_len, o_len, equal in runs:
                    self.add(fixed[at : at + n_len], o_len, equal)
                    at += n_len
            cursor = word.end()
        self.add(line[cursor:], len(line) - cursor, True)


def normalize(text: str) -> Normalized:
    builder = _Builder()
    for match in _LINE.finditer(text):
        line = match.group()
        if line.isascii():
            builder.add_unchanged(line)
        else:
            builder.add_changed(line)
    if not builder.blocks:
        builder.blocks.append(Block(0, 0, 0, 0, True))
    return Normalized("".join(builder.pieces), builder.blocks)

"""A normalised copy of the text for the NLP, with an exact map back to the original.

Lines with non-ASCII characters go through ftfy (mojibake such as `ã€‚` back to
`。`) and NFKC (full-width `（ORR）` to `(ORR)`, `≧` stays a comparator); every
other line is copied as is. Where a line changed, difflib aligns it with the
original, so a span of the normalised text maps back to the original span that
holds the same characters.
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from dataclasses import dataclass

import ftfy

_LINE = re.compile(r"[^\n]*\n|[^\n]+")
_MAX_ALIGNED_LINE = 2_000  # difflib is quadratic; a longer changed line maps as one block
# spaCy's tokenizer peels affixes off a token one at a time: quadratic in its length.
# Runs longer than this get a space inserted every `_RUN` characters (mapped exactly).
_RUN = 64
_LONG_RUN = re.compile(r"\S{%d,}" % (_RUN + 1))


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


def _fix(line: str) -> str:
    if line.isascii():
        return line
    fixed = ftfy.fix_text(line, normalization="NFKC", fix_line_breaks=False, uncurl_quotes=False)
    return unicodedata.normalize("NFKC", fixed)


def normalize(text: str) -> Normalized:
    pieces: list[str] = []
    blocks: list[Block] = []
    norm = orig = 0

    def add(n_len: int, o_len: int, equal: bool) -> None:
        nonlocal norm, orig
        if blocks and equal and blocks[-1].equal:
            last = blocks.pop()
            blocks.append(Block(last.norm_start, norm + n_len, last.orig_start, orig + o_len, True))
        elif n_len or o_len:
            blocks.append(Block(norm, norm + n_len, orig, orig + o_len, equal))
        norm += n_len
        orig += o_len

    def add_unchanged(line: str) -> None:
        cursor = 0
        for run in _LONG_RUN.finditer(line):
            pieces.append(line[cursor : run.start()])
            add(run.start() - cursor, run.start() - cursor, True)
            for chunk_start in range(run.start(), run.end(), _RUN):
                chunk = line[chunk_start : min(chunk_start + _RUN, run.end())]
                if chunk_start > run.start():
                    pieces.append(" ")
                    add(1, 0, False)
                pieces.append(chunk)
                add(len(chunk), len(chunk), True)
            cursor = run.end()
        pieces.append(line[cursor:])
        add(len(line) - cursor, len(line) - cursor, True)

    for match in _LINE.finditer(text):
        line = match.group()
        fixed = _fix(line)
        if fixed == line:
            add_unchanged(line)
            continue
        fixed = _LONG_RUN.sub(lambda run: " ".join(run.group()[i : i + _RUN] for i in range(0, len(run.group()), _RUN)), fixed)
        pieces.append(fixed)
        if len(line) > _MAX_ALIGNED_LINE:
            add(len(fixed), len(line), False)
        else:
            matcher = difflib.SequenceMatcher(None, line, fixed, autojunk=False)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes():
                add(j2 - j1, i2 - i1, tag == "equal")
    if not blocks:
        blocks.append(Block(0, 0, 0, 0, True))
    return Normalized("".join(pieces), blocks)

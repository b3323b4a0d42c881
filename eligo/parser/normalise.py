"""A normalised copy of the text for the NLP, with an exact map back to the original.

Words with non-ASCII characters go through ftfy (mojibake such as `ã€‚` back to
`。`) and NFKC (full-width `（ORR）` to `(ORR)`, `½` to `1⁄2`, `≧` stays a
comparator); everything else is copied as is. The normalised text is built
piece by piece, one word (at most `_RUN` characters) at a time, and each piece
records where it came from: a span of the normalised text maps back to the
original span that holds the same characters, on lines of any length, in time
and memory linear in the text. NFKC is applied one character (with its
combining marks) at a time, so `½` maps to the `1⁄2` it became; only ftfy's
repairs (mojibake) are aligned, by difflib within one word of at most `_RUN`
characters, and a repaired stretch maps as one block.

CT.gov's markdown layout escapes punctuation with a backslash (`\\<-2.5 SD`,
`kg/m\\^2`, `\\[18-30\\]`); the backslash is dropped from the normalised copy
(it maps to nothing), so comparisons and units read as they would in print. An export's escape of a
character it could not encode (`<U+2266>11 g/dl`, `38<U+2103>`) is read as that
character (`≦11 g/dl`, `38°C`), the whole escape mapping to it.
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_LINE = re.compile(r"[^\n]*\n|[^\n]+")
# spaCy's tokenizer peels affixes off a token one at a time: quadratic in its length.
# Runs longer than this get a space inserted every `_RUN` characters (mapped exactly).
_RUN = 64
_LONG_RUN = re.compile(rf"\S{{{_RUN + 1},}}")
# The pieces a changed line is normalised in: words split at ASCII white space only
# (mojibake may hold a no-break space), cut every `_RUN` characters.
_WORD = re.compile(rf"[^ \t\r\n\f\v]{{1,{_RUN}}}")
# A markdown backslash before ASCII punctuation (or its full-width form, which NFKC makes ASCII).
_PUNCTUATION = "".join(
    c + chr(ord(c) + 0xFEE0) for c in map(chr, range(0x21, 0x7F)) if not c.isalnum()
)
# ... and the `<U+2266>` an export writes for a character it could not encode (R's escape): the
#     character itself.
_ESCAPE = re.compile(
    r"\\(?=[" + re.escape(_PUNCTUATION) + r"])|<U\+(?P<code>(?:10|0?[0-9A-Fa-f])?[0-9A-Fa-f]{4})>"
)
_CLUSTER = re.compile(
    r"(?s).[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u3099\u309a]*"
)


@dataclass(frozen=True)
class Block:
    """A stretch of normalised text [norm_start, norm_end) from original [orig_start, orig_end)."""

    norm_start: int
    norm_end: int
    orig_start: int
    orig_end: int
    equal: bool


class Normalised:
    """The normalised text, and its blocks in order: where each stretch of it came from."""

    def __init__(self, text: str, blocks: list[Block]):
        self.text = text
        self._blocks = blocks
        self._starts = [b.norm_start for b in blocks]
        # most protocols need no change: one unchanged block, whose offsets are the original's
        self._unchanged = len(blocks) == 1 and blocks[0].equal and blocks[0].orig_start == 0

    def _block(self, offset: int) -> Block:
        return self._blocks[max(0, bisect.bisect_right(self._starts, offset) - 1)]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original [start, end) of the normalised [start, end)."""
        if self._unchanged:
            return start, max(start, end)
        first = self._block(start)
        begin = first.orig_start + (start - first.norm_start) if first.equal else first.orig_start
        if end <= start:
            return begin, begin
        last = self._block(end - 1)
        finish = last.orig_start + (end - last.norm_start) if last.equal else last.orig_end
        return begin, max(begin, finish)


Runs = tuple[tuple[int, int, bool], ...]  # (normalised length, original length, unchanged)


def _fix_text(text: str) -> str:
    """ftfy's repairs of `text`; ftfy is imported on the first non-ASCII line, since compiling its
    regular expressions costs a third of a compile's cold start and most protocols are ASCII."""
    import ftfy

    repair = ftfy.TextFixerConfig(
        normalization=None,
        fix_line_breaks=False,
        uncurl_quotes=False,
        unescape_html=False,
        fix_latin_ligatures=False,
        fix_character_width=False,  # NFKC does both, character by character
    )
    return ftfy.fix_text(text, repair)


def _repaired(word: str) -> tuple[str, Runs]:
    """ftfy's repairs (mojibake) of a word, aligned by difflib."""
    repaired = _fix_text(word)
    if repaired == word:
        return word, ((len(word), len(word), True),)
    matcher = difflib.SequenceMatcher(None, word, repaired, autojunk=False)
    runs = tuple(
        (j2 - j1, i2 - i1, tag == "equal") for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    )
    if any(
        n_len and not o_len for n_len, o_len, _ in runs
    ):  # a repaired character from nowhere: the
        return repaired, (
            (len(repaired), len(word), False),
        )  # alignment failed, the word is one replacement
    return repaired, runs


@lru_cache(maxsize=8192)
def _fixed(word: str, repair: bool) -> tuple[str, Runs]:
    """A non-ASCII word normalised, and which characters became which: ftfy's repairs when
    `repair`, then NFKC one character (with its combining marks) at a time."""
    repaired, repairs = _repaired(word) if repair else (word, ((len(word), len(word), True),))
    if repaired is word and unicodedata.is_normalized("NFKC", word):
        return word, repairs
    pieces: list[str] = []
    runs: list[tuple[int, int, bool]] = []
    at = 0
    for n_len, o_len, equal in repairs:
        part = repaired[at : at + n_len]
        at += n_len
        if not equal:
            form = unicodedata.normalize("NFKC", part)
            pieces.append(form)
            runs.append((len(form), o_len, False))
            continue
        for cluster in _CLUSTER.findall(part):
            form = unicodedata.normalize("NFKC", cluster)
            pieces.append(form)
            runs.append((len(form), len(cluster), form == cluster))
    fixed = "".join(pieces)
    if fixed != unicodedata.normalize(
        "NFKC", repaired
    ):  # composition across clusters (Hangul jamo)
        fixed = unicodedata.normalize("NFKC", repaired)
        return fixed, ((len(fixed), len(word), False),)
    return fixed, tuple(runs)


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
            blocks.append(
                Block(last.norm_start, self.norm + n_len, last.orig_start, self.orig + o_len, True)
            )
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
        """A line with non-ASCII characters: normalised word by word (ftfy word by word only
        when it repairs something in the line: one call for a line that needs none)."""
        repair = _fix_text(line) != line
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
                fixed, runs = _fixed(text, repair)
                at = 0
                for n_len, o_len, equal in runs:
                    self.add(fixed[at : at + n_len], o_len, equal)
                    at += n_len
            cursor = word.end()
        self.add(line[cursor:], len(line) - cursor, True)


def _add_line(builder: _Builder, line: str) -> None:
    if line.isascii():
        builder.add_unchanged(line)
    else:
        builder.add_changed(line)


def normalise(text: str) -> Normalised:
    builder = _Builder()
    for match in _LINE.finditer(text):
        line = match.group()
        cursor = 0
        if "\\" in line or "<U+" in line:
            for escape in _ESCAPE.finditer(line):
                code = int(escape.group("code"), 16) if escape.group("code") else None
                if code is not None and unicodedata.category(chr(code))[0] in "CZ":
                    continue  # a control, surrogate or space character is left as written
                _add_line(builder, line[cursor : escape.start()])
                builder.add(
                    "" if code is None else unicodedata.normalize("NFKC", chr(code)),
                    len(escape.group()),
                    False,
                )
                cursor = escape.end()
        _add_line(builder, line[cursor:])
    if not builder.blocks:
        builder.blocks.append(Block(0, 0, 0, 0, True))
    return Normalised("".join(builder.pieces), builder.blocks)

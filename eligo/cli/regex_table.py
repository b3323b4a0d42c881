"""Regular expressions compiled once per machine, not once per process, for the command line.

A cold `eligo compile` compiles some 600 regular expressions: scispaCy's
tokenizer rules, spaCy's, rich's, and Eligo's own pattern tables. Python's `re`
parses and translates each one in pure Python (`re._parser`, `re._compiler`),
a fifth of the cold start, and then hands the result, a list of integers, to
the C engine (`_sre.compile`), which is fast. The translation depends only on
the pattern, its flags and the Python version, so `install` keeps it: a
pattern the process's `re` has not compiled before is looked up in a table
under the user cache directory (`regex/<python>-<sre magic>.marshal`) and
given to `_sre.compile` directly; a pattern the table lacks is compiled as
`re` always does, and the table is rewritten at exit with it. The pattern
objects are the same either way (`_sre.compile` checks the code it is given).

Only the command line installs it, as it installs `spacy_start`: a library
user's `re` is left alone. A table that cannot be read is no table; one that
cannot be written only costs the next run its time. Patterns made from the
input (a document's drug names as one alternation, say) would grow the table
with every new text, and reading a larger table costs every start more (about
1 ms a hundred patterns), so a table past `_MAX_PATTERNS` entries is
rewritten with only what the last run used: a batch leaves its own patterns,
the next single compile its fewer.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import atexit
import marshal
import os
import re
import sys
from pathlib import Path
from typing import Any

_MAX_PATTERNS = 2_000

# (pattern, flags) -> (flags, code, groups, group index, index group), what `_sre.compile` takes
_Entry = tuple[int, list[int], int, dict[str, int], tuple[Any, ...]]


class _Table:
    """The patterns this Python has translated, read from `path`, and those added since."""

    def __init__(self, path: Path, original: Any):
        self.path = path
        self.original = original
        self.entries: dict[tuple[str | bytes, int], _Entry] = {}
        self.used: set[tuple[str | bytes, int]] = set()
        self.added = False
        try:
            loaded = marshal.loads(path.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            loaded = None
        if isinstance(loaded, dict):
            self.entries = loaded

    def compile(self, pattern: Any, flags: int = 0) -> Any:
        """`re._compiler.compile`, from the table when the pattern is in it."""
        if type(pattern) not in (str, bytes) or flags & re.DEBUG:  # marshal keeps no subclass
            return self.original(pattern, flags)
        key = (pattern, int(flags))  # `re` passes plain ints; marshal takes no `RegexFlag`
        try:
            entry = self.entries.get(key)
            if entry is None:
                entry = _translated(pattern, key[1])
                self.entries[key] = entry
                self.added = True
            compiled = _sre.compile(pattern, *entry)
        except Exception:  # noqa: BLE001 - a bad pattern, or an entry this Python refuses: `re` decides
            self.entries.pop(key, None)
            return self.original(pattern, flags)
        self.used.add(key)
        return compiled

    def save(self) -> None:
        """Write the table aside and rename it into place, if this run added to it."""
        if not self.added:
            return
        entries = self.entries
        if len(entries) > _MAX_PATTERNS:
            entries = {key: entries[key] for key in self.used}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            aside = self.path.with_name(f"{self.path.name}.{os.getpid()}")
            aside.write_bytes(marshal.dumps(entries))
            os.replace(aside, self.path)
        except (OSError, ValueError):
            pass


def _translated(pattern: str | bytes, flags: int) -> _Entry:
    """What `re._compiler.compile` gives `_sre.compile` for `pattern` (the same steps)."""
    compiler = re._compiler  # type: ignore[attr-defined]
    parsed = re._parser.parse(pattern, flags)
    code = [int(word) for word in compiler._code(parsed, flags)]  # named opcodes as plain ints
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[Any] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup)


def table_path() -> Path:
    """This Python's table in the user cache directory."""
    from eligo.cache import cache_dir

    version = "-".join(map(str, sys.version_info[:3]))
    return cache_dir() / "regex" / f"{sys.implementation.name}-{version}-{_sre.MAGIC}.marshal"


def install() -> None:
    """Compile this process's new regular expressions through the table (once per process)."""
    compiler = re._compiler  # type: ignore[attr-defined]
    if sys.implementation.name != "cpython" or isinstance(
        getattr(compiler.compile, "__self__", None), _Table
    ):
        return
    table = _Table(table_path(), compiler.compile)
    compiler.compile = table.compile
    atexit.register(table.save)

"""Answer a repeated `eligo compile` or `eligo extract` from the cache before the command line is
imported.

Authors recompile the same protocol many times. The result cache (`eligo.cache`)
spares the parser, but importing the command line alone (Typer, rich, pydantic,
the verbs) takes several times the 100 ms a recompile should take. So `main`
asks this module first. When a command's output depends only on its arguments,
the files they name and the code, its whole output (stdout, stderr and exit
code) is kept in the cache under a digest of those, and an unchanged command is
replayed from that entry without importing anything else. Such a command is
`compile` or `extract` with the cache on, stderr off a terminal (where a
spinner would be drawn), no `-o` (it writes files), no directory and no stdin
among its arguments; any other command runs as before. A miss runs the command,
copying what it writes; an internal error or an interruption is not kept.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from eligo import cache

_VERBS = {"compile", "extract"}
# output options (they write files) and those that make the run not a plain compile
_NOT_REPLAYED = {"-o", "--output", "--no-cache", "--debug", "--help", "--version", "-"}
_NOT_KEPT = {70, 130}  # an internal error, an interruption


def entry_name(args: list[str]) -> str | None:
    """The cache entry of the whole output of `eligo args`, or None when that output is not
    replayed."""
    if not args or args[0] not in _VERBS or not cache.enabled() or sys.stderr.isatty():
        return None
    if any(arg.split("=", 1)[0] in _NOT_REPLAYED or arg.startswith("-o") for arg in args):
        return None
    parts = ["replay", os.getcwd(), str(sys.stdout.isatty()), *args, "\0"]
    for arg in args:
        if os.path.isdir(arg):
            return None
        if os.path.isfile(arg):
            try:
                data = Path(arg).read_bytes()
            except OSError:
                return None
            parts.append(f"{arg}\0{hashlib.sha256(data).hexdigest()}")
    return cache.key("command", parts)


class _Copy:
    """A text stream that writes through to `stream` and keeps a copy of what was written."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.written: list[str] = []

    def write(self, text: str) -> int:
        count = self._stream.write(text)
        self.written.append(text)
        return count

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def run(command: Callable[[], None], args: list[str]) -> None:
    """`command()`, the CLI on `args`, or its output replayed from the cache; exits with its
    code."""
    name = entry_name(args)
    if name is None:
        command()
        return
    found = cache.load(name)
    if found is not None and {"stdout", "stderr", "code"} <= found.keys():
        sys.stdout.write(found["stdout"])
        sys.stdout.flush()
        sys.stderr.write(found["stderr"])
        sys.stderr.flush()
        sys.exit(found["code"])
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = copies = _Copy(stdout), _Copy(stderr)
    code: int | None = None  # stays None for an exception, or an exit with a message
    try:
        command()
        code = 0
    except SystemExit as done:
        code = 0 if done.code is None else done.code if isinstance(done.code, int) else None
        raise
    finally:
        sys.stdout, sys.stderr = stdout, stderr
        if code is not None and code not in _NOT_KEPT:
            written = ["".join(copy.written) for copy in copies]
            cache.store(name, {"stdout": written[0], "stderr": written[1], "code": code})

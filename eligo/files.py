"""Reading and writing files the way every verb must: bounded reads, atomic writes.

A size on disk says nothing about a device or a pipe (`/dev/zero`, a FIFO), so
the limit applies to the bytes read: at most `limit + 1` are ever read. Writes
go through a temporary file renamed into place (never a half-written file) and
get the permissions the umask gives a new file (0644 under the usual 022), not
the 0600 of a temporary file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class TooLarge(Exception):
    """More than `limit` bytes could be read."""

    def __init__(self, limit: int):
        super().__init__(f"over the {limit:,}-byte limit")
        self.limit = limit


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of `path`, or `TooLarge` as soon as more than `limit` are read; `OSError` as `open`
    raises it."""
    with open(path, "rb") as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(limit)
    return data


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file, so no half-written file is ever left."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(handle, 0o666 & ~_umask())
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def writable_directory(path: Path) -> str | None:
    """Why files cannot be written into directory `path` (creating it if needed), or None when they
    can."""
    try:
        if path.exists() and not path.is_dir():
            return "exists and is not a directory"
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as error:
        return error.strerror or str(error)
    return None

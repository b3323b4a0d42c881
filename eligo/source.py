"""Reading protocol files: decoding, and refusing what is not protocol text.

The decoded text is the one every span indexes (UTF-8 with the BOM dropped and
no newline translation, as `eligo-gold/1` requires). Files in UTF-16 or a
Windows code page are decoded too, with a warning naming the encoding, and
their spans index the decoded text. Empty, binary and oversized inputs raise
`InputError` carrying a diagnostic that names the file; the size limit counts
the bytes read, so a device or a pipe is never read past it.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from eligo.diagnostics import Diagnostic, diagnostic
from eligo.files import TooLarge, read_limited

MAX_BYTES = 10 * 2**20
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")  # C0 controls but tab, LF, FF, CR; DEL


class InputError(Exception):
    """An input that cannot be read as protocol text."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.headline())
        self.diagnostic = diagnostic


@dataclass(frozen=True)
class Source:
    path: str
    name: str
    text: str
    encoding: str = "utf-8"
    diagnostics: tuple[Diagnostic, ...] = field(default=())


def _refuse(path: str, code: str, message: str, hint: str | None = None) -> InputError:
    return InputError(diagnostic(code, message, path=path, hint=hint))


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), "utf-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    if (
        len(data) >= 4
        and data.count(0) * 3 >= len(data)
        and data[1::2].count(0) * 2 >= len(data) // 2
    ):
        return data.decode("utf-16-le"), "utf-16-le"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def decode(data: bytes, path: str, allow_empty: bool = False) -> Source:
    """Decode bytes read from `path` into a `Source`, or raise `InputError`."""
    if (
        data.startswith(b"%PDF")
        or data.startswith(b"PK\x03\x04")
        or data.startswith(b"\xd0\xcf\x11\xe0")
    ):
        raise _refuse(
            path,
            "E003",
            "binary document (PDF, Word or zip), not text",
            "export the protocol as plain text first",
        )
    text, encoding = _decode(data)
    if "\x00" in text:
        raise _refuse(path, "E003", "binary data (NUL bytes), not text")
    sample = text[:65536]
    if sample and len(_CONTROL.findall(sample)) > len(sample) // 100 + 8:
        raise _refuse(path, "E003", "binary data (control characters), not text")
    if not text.strip() and not allow_empty:
        raise _refuse(
            path, "E002", "empty protocol" if not text else "protocol holds only white space"
        )
    diagnostics: tuple[Diagnostic, ...] = ()
    if encoding != "utf-8":
        diagnostics = (
            diagnostic(
                "E010", f"not UTF-8: decoded as {encoding}; spans index the decoded text", path=path
            ),
        )
    return Source(
        path=path, name=Path(path).name, text=text, encoding=encoding, diagnostics=diagnostics
    )


def read_source(path: Path | str, allow_empty: bool = False) -> Source:
    """Read and decode a protocol file, or raise `InputError` with a clear diagnostic.

    `allow_empty` admits empty and white-space files (an evaluation corpus may hold one).
    """
    path = Path(path)
    name = str(path)
    try:
        if path.is_dir():
            raise _refuse(name, "E001", "is a directory, not a protocol file")
        data = read_limited(path, MAX_BYTES)
    except TooLarge:
        raise _refuse(name, "E004", f"more than {MAX_BYTES:,} bytes, over the limit") from None
    except FileNotFoundError:
        raise _refuse(name, "E001", "no such file") from None
    except PermissionError:
        raise _refuse(name, "E001", "permission denied") from None
    except OSError as error:
        raise _refuse(name, "E001", f"cannot read: {error.strerror or error}") from None
    return decode(data, name, allow_empty)


def source_from_text(text: str, name: str = "<text>") -> Source:
    """A `Source` for text already in memory (library use, tests)."""
    return Source(path=name, name=name, text=text)

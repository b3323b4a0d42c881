"""Eligo's user cache directory, and the content-hash cache of what the batch verbs produce.

Authors recompile the same protocol many times while they edit it. An entry
maps a digest of everything a result depends on to that result: the input (its
text, name and reading diagnostics), the verb and its options, and the version
of the code and data (`code_version`: every file of the installed `eligo`
package, lexicon, terminology and compiler included, and the versions of the
libraries whose behaviour the output depends on). So an entry is never stale:
any change gives a new key, and an unchanged protocol is answered without
importing spaCy or running the parser (well under 100 ms). Reading and hashing
the package's 15 MB on every start would cost most of that, so the digest is
kept under a signature of the files' names, sizes and modification times and
of the installed distributions (`*.dist-info`), as Python keeps its `.pyc`
files; a changed file or library changes the signature, and the digest is
computed again.

The unit is the protocol, not the criterion: a criterion's rule depends on the
rest of its protocol (abbreviations defined elsewhere, the trial's disease that
"other malignancy" leaves out, list lead-ins, absolute spans and line numbers),
so a per-criterion key would need all of that in it, and would be wrong the day
a new dependency is added.

Entries are JSON files written aside and renamed, so a crash leaves none half
written; an entry that cannot be read or decoded is a miss; a cache directory
that cannot be written is no error (the result is just not kept). `--no-cache`
(the `ELIGO_NO_CACHE` environment variable, which worker processes inherit)
turns it off. Old versions' entries are never read again and may be deleted
(`rm -r ~/.cache/eligo/results`).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

NO_CACHE_ENV = "ELIGO_NO_CACHE"
# libraries whose versions change what Eligo outputs (the tokenizer, NegEx, units, the rule grammar,
# JSON)
_LIBRARIES = ("spacy", "scispacy", "negspacy", "pint", "ucumvert", "lark", "pydantic", "ftfy")
_PACKAGE = Path(__file__).resolve().parent


def cache_dir() -> Path:
    """`$ELIGO_CACHE_DIR`, else `$XDG_CACHE_HOME/eligo`, else `~/.cache/eligo`."""
    if os.environ.get("ELIGO_CACHE_DIR"):
        return Path(os.environ["ELIGO_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "eligo"


def enabled() -> bool:
    return os.environ.get(NO_CACHE_ENV) != "1"


def disable() -> None:
    """Turn the cache off for this process and the worker processes it starts (`--no-cache`)."""
    os.environ[NO_CACHE_ENV] = "1"


def _package_files() -> list[Path]:
    files: list[Path] = []
    for folder, subfolders, names in os.walk(_PACKAGE):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        files.extend(Path(folder, name) for name in names)
    return sorted(files)


def _signature(files: list[Path]) -> str:
    """Names, sizes and modification times of `files`, and the installed distributions."""
    digest = hashlib.sha256()
    for path in files:
        status = path.stat()
        digest.update(
            f"{path}\0{status.st_size}\0{status.st_mtime_ns}\0".encode("utf-8", "surrogatepass")
        )
    for folder in sys.path:
        try:
            names = sorted(
                name for name in os.listdir(folder or ".") if name.endswith(".dist-info")
            )
        except OSError:
            continue
        digest.update(f"{folder}\0{names}\0".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of every file of the `eligo` package (code and data) and of the libraries'
    versions."""
    files = _package_files()
    memo = cache_dir() / "versions" / _signature(files)
    try:
        return memo.read_text(encoding="ascii").strip()
    except OSError:
        pass
    from importlib import metadata

    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(_PACKAGE)).encode() + b"\0" + path.read_bytes() + b"\0")
    for name in _LIBRARIES:
        digest.update(f"{name}=={metadata.version(name)}\0".encode())
    version = digest.hexdigest()
    try:
        from eligo.files import write_atomic

        write_atomic(memo, version)
    except OSError:
        pass
    return version


def key(verb: str, parts: Iterable[str]) -> str:
    """The entry name of a result of `verb` from `parts` (its input and options) with this code."""
    digest = hashlib.sha256(f"{code_version()}\0{verb}\0".encode())
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0\1")
    return digest.hexdigest()


def _entry(name: str) -> Path:
    return cache_dir() / "results" / name[:2] / f"{name}.json"


def load(name: str) -> dict | None:
    """The result stored under `name`, or None (no entry, or one that cannot be read)."""
    try:
        value = json.loads(_entry(name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def store(name: str, value: dict) -> None:
    """Keep `value` under `name`; a cache that cannot be written only costs the next run its
    time."""
    from eligo.files import write_atomic

    try:
        write_atomic(_entry(name), json.dumps(value, ensure_ascii=False))
    except OSError:
        pass

"""The terminology's SQLite file, written once from the shipped data.

The package ships the vocabularies compactly (`data/built/*.jsonl.gz`, 2.8 MB in
all, written by `build.py`) and the curated files (`data/*.jsonl`). A lookup
table over some 400,000 aliases does not fit that budget nor a fast cold start
as Python dicts, so the first use writes them into one SQLite file in the user's
cache (`$ELIGO_CACHE_DIR`, else `$XDG_CACHE_HOME/eligo`, else `~/.cache/eligo`),
named by a digest of the shipped files and of this module: a new version of the
data or of the table layout gets a new file, and a build in progress is never
seen half-written (written aside, then renamed; a read-only home falls back to
the system's temporary directory). Building takes some 15 s once. No network, ever.
`eligo.terminology.store` reads it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import sqlite3
import sys
import tempfile
import zlib
from array import array
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from eligo.cache import cache_dir
from eligo.lexicon import surface_key

DATA = "eligo.terminology.data"
BUILT = ("mondo", "hpo", "icd10cm", "drugbank", "snomed")
CURATED = ("labs.jsonl", "drug_classes.jsonl", "abbreviations.jsonl", "compositional.jsonl")
CODE_PARENTS = "code_parents.jsonl"  # edges given or taken away (`curated.CodeParents`)
# which concept an alias names when several do: curated first, then the source made for the type
RANK = {"curated": 0, "mondo": 1, "drugbank": 1, "hpo": 2, "snomed": 3, "icd10cm": 4}
# the rank of an abbreviation with several meanings ("ASA": aspirin, the ASA score): never an alias
# by itself, only where the mention's type leaves one meaning (`lookup_keys(..., ambiguous=True)`)
AMBIGUOUS = 50
SCHEMA = """
CREATE TABLE concept (
  code TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, source TEXT NOT NULL, unit TEXT);
CREATE TABLE alias (
  key TEXT NOT NULL, code TEXT NOT NULL, rank INTEGER NOT NULL, PRIMARY KEY (key, code)
) WITHOUT ROWID;
CREATE TABLE parent (code TEXT NOT NULL, parent TEXT NOT NULL, PRIMARY KEY (code, parent))
  WITHOUT ROWID;
CREATE TABLE xref (code TEXT NOT NULL, other TEXT NOT NULL, PRIMARY KEY (code, other))
  WITHOUT ROWID;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE filter (name TEXT PRIMARY KEY, hashes BLOB NOT NULL);
CREATE VIRTUAL TABLE gram USING fts5(key, tokenize='trigram', detail='none');
"""


def data_files() -> list[tuple[str, bytes]]:
    root = resources.files(DATA)
    files = [
        (f"built/{n}.jsonl.gz", (root / "built" / f"{n}.jsonl.gz").read_bytes()) for n in BUILT
    ]
    files += [
        (name, (root / name).read_bytes())
        for name in (*CURATED, CODE_PARENTS)
        if (root / name).is_file()
    ]
    return files


def digest(files: list[tuple[str, bytes]]) -> str:
    """Names the cache file: the shipped data and this module (which lays the tables out)."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for name, content in files:
        digest.update(name.encode() + b"\0" + content)
    return digest.hexdigest()[:16]


def curated_records(name: str, content: bytes) -> Iterable[dict]:
    """Curated lines as build records (validated by `eligo.terminology.curated` when the tests load
    them)."""
    for line in content.decode("utf-8").splitlines():
        if line.strip():
            yield json.loads(line)


def write_store(path: Path, files: list[tuple[str, bytes]]) -> None:
    db = sqlite3.connect(path)
    db.executescript(SCHEMA)
    aliases: dict[tuple[str, str], int] = {}

    def alias(text: str, code: str, rank: int) -> None:
        key = surface_key(text)
        # "St. John's Wort" is also "st john s wort": the words of its identifier `st_john_s_wort`
        for variant in {key, key.replace("'", " ").replace("’", " ")}:
            if variant and aliases.get((variant, code), 99) > rank:
                aliases[(variant, code)] = rank

    concepts: list[tuple[str, str, str, str, str | None]] = []
    parents: set[tuple[str, str]] = set()
    cuts: set[tuple[str, str]] = set()
    apart: set[tuple[str, str]] = set()  # cross-codes taken away (`not_same`)
    xrefs: set[tuple[str, str]] = set()
    members: list[tuple[str, str]] = []
    groups: dict[str, str] = {}  # ATC groups curated classes name, with ATC's name of each
    for name, content in files:
        if name.startswith("built/"):
            source = name.removeprefix("built/").removesuffix(".jsonl.gz")
            rank = RANK[source]
            for line in gzip.decompress(content).decode("utf-8").splitlines():
                record = json.loads(line)
                code = record["code"]
                concepts.append((code, record["name"], record["type"], source, None))
                alias(record["name"], code, rank * 2)
                for text in record.get("aliases", ()):
                    alias(text, code, rank * 2 + 1)
                parents.update((code, p) for p in record.get("parents", ()))
                xrefs.update((code, x) for x in record.get("xrefs", ()))
            continue
        if name == CODE_PARENTS:
            for record in curated_records(name, content):
                parents.update((record["code"], p) for p in record.get("parents", ()))
                cuts.update((record["code"], p) for p in record.get("not_parents", ()))
                apart.update((record["code"], x) for x in record.get("not_same", ()))
            continue
        for record in curated_records(name, content):
            code = record["id"]
            concepts.append((code, record["name"], record["type"], "curated", record.get("unit")))
            alias(
                record["name"], code, 1
            )  # the name too: a linked concept's identifier is a slug of it
            for text in record.get("phrases", ()):
                alias(text, code, AMBIGUOUS if record.get("ambiguous") else 0)
            parents.update((code, p) for p in record.get("parents", ()))
            for system, value in (record.get("xrefs") or {}).items():
                xrefs.add((code, f"{system.upper()}:{value}"))
            members.extend((m, code) for m in record.get("members", ()))
            for group, group_name in (record.get("atc") or {}).items():
                groups.setdefault(f"ATC:{group}", group_name)
                parents.add((f"ATC:{group}", code))
    listed = {code for code, *_ in concepts}
    concepts += [
        (c, n, "drug_class", "curated", None) for c, n in groups.items() if c not in listed
    ]
    parents |= atc_tree({code for code, *_ in concepts if code.startswith("ATC:")})
    db.executemany("INSERT OR IGNORE INTO concept VALUES (?, ?, ?, ?, ?)", concepts)
    db.executemany(
        "INSERT INTO alias VALUES (?, ?, ?)", [(k, c, r) for (k, c), r in aliases.items()]
    )
    # a class's member ingredients: the drug the name names gets the class as a parent
    for member, code in members:
        drug = db.execute(
            "SELECT alias.code FROM alias JOIN concept USING (code) WHERE key = ? AND "
            "concept.type = 'drug' ORDER BY rank LIMIT 1",
            (surface_key(member),),
        ).fetchone()
        parents.add((drug[0] if drug else member, code))
    db.executemany("INSERT OR IGNORE INTO parent VALUES (?, ?)", parents - cuts)
    db.execute("CREATE INDEX parent_of ON parent (parent)")  # what lies below a code
    apart |= {(b, a) for a, b in apart}
    both = xrefs | {(b, a) for a, b in xrefs}
    db.executemany("INSERT OR IGNORE INTO xref VALUES (?, ?)", both - apart)
    keys = sorted({k for k, _ in aliases})
    db.executemany("INSERT INTO gram (key) VALUES (?)", [(k,) for k in keys])
    db.executemany(
        "INSERT INTO filter VALUES (?, ?)",
        [("alias", hashes(keys)), ("prefix", hashes(prefixes(keys)))],
    )
    db.execute("INSERT INTO meta VALUES ('format', 'eligo-terminology/1')")
    db.commit()
    db.close()


def atc_tree(codes: set[str]) -> set[tuple[str, str]]:
    """ATC's own tree among the listed ATC codes: each one under the longest listed code it begins
    with (N06AB, SSRIs, under N06A, antidepressants, when both are listed), so a class named by a
    group takes every listed group below it."""
    edges = set()
    for code in codes:
        above = [c for c in codes if c != code and code.startswith(c)]
        if above:
            edges.add((code, max(above, key=len)))
    return edges


def prefixes(keys: Iterable[str]) -> set[str]:
    """Every proper word prefix of the keys ("eastern cooperative" of "eastern cooperative oncology
    group"): no alias begins with a word n-gram that is none of them (`Terminology.extendable`)."""
    found: set[str] = set()
    for key in keys:
        at = key.find(" ")
        while at > 0:
            found.add(key[:at])
            at = key.find(" ", at + 1)
    return found


def hashes(keys: Iterable[str]) -> bytes:
    """The sorted CRC-32s of `keys`, little-endian, four bytes each (a `_Filter`)."""
    hashes = array("I", sorted({zlib.crc32(key.encode("utf-8", "surrogatepass")) for key in keys}))
    if sys.byteorder != "little":
        hashes.byteswap()
    return hashes.tobytes()


def built(folder: Path, name: str, files: list[tuple[str, bytes]]) -> Path:
    """The store in `folder`, written aside and renamed into place if missing (other versions stay:
    worktrees share it)."""
    path = folder / name
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
    os.close(handle)
    try:
        Path(temporary).unlink()
        write_store(Path(temporary), files)
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)
    return path


def store_path() -> Path:
    """The store's file for the shipped data, written first if missing (in the system's temporary
    directory when the user's cache cannot be written)."""
    files = data_files()
    name = f"terminology-{digest(files)}.sqlite"
    try:
        return built(cache_dir(), name, files)
    except OSError:
        return built(Path(tempfile.gettempdir()) / f"eligo-{os.getuid()}", name, files)

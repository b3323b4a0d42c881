"""The terminology on disk, read lazily: one SQLite file written once from the shipped data
(`store_file.py`); opening it costs milliseconds and every query reads only the pages it needs.

No spaCy here: the evaluator and the checker (`eligo.grammar`) read the same
store through `Terminology.load()`.

Concept codes are `SYSTEM:code` (MONDO, HP, ICD10CM, DRUGBANK, LOINC, SNOMED,
ATC, ELIGO for curated concepts without a standard code); cross-codes add
UMLS and MESH. Hierarchy: `parents` edges, and cross-codes as equivalences, so
ICD-10-CM A18.0 is under A15-A19, which is MONDO's tuberculosis (a chain of cross-codes never
comes back into a system it passed through: `Terminology.closure`).
"""

from __future__ import annotations

import sqlite3
import sys
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from eligo.lexicon import surface_key
from eligo.terminology.store_file import AMBIGUOUS, RANK, store_path


@dataclass(frozen=True)
class TermConcept:
    code: str
    name: str
    type: str
    source: str
    unit: str | None = None


_REMEMBERED_KEYS = (
    100_000  # keys whose alias rows a process keeps (some 15 MB), then forgets at once
)


# n-grams whose prefix-filter answer a process keeps (a few MB), then forgets at once
_REMEMBERED_PREFIXES = 30_000


class _Filter:
    """Whether a key may be in a set of keys, from their sorted CRC-32s: never no for one of them,
    and seldom yes for another (about one in 15,000 shares a hash with one of 300,000 keys), so a
    no spares the store a probe and a yes costs at most one that finds nothing."""

    def __init__(self, blob: bytes | None):
        self.hashes = array("I")
        if blob is not None and self.hashes.itemsize == 4:
            self.hashes.frombytes(blob)
            if sys.byteorder != "little":
                self.hashes.byteswap()
        self.known = blob is not None and self.hashes.itemsize == 4

    def held(self, keys: Iterable[str]) -> set[str]:
        """The keys that may be in the set (all of them when the store has no filter)."""
        if not self.known:
            return set(keys)
        hashes, size, found = self.hashes, len(self.hashes), set()
        for key in keys:
            value = zlib.crc32(key.encode("utf-8", "surrogatepass"))
            at = bisect_left(hashes, value)
            if at < size and hashes[at] == value:
                found.add(key)
        return found


# systems whose codes are hierarchical by their characters, with the length of the shortest group a
# code may fall back to (ICD-10-CM's three-character category, ATC's therapeutic subgroup)
_PREFIX_SYSTEMS = {"ICD10CM": 3, "ATC": 3}


# the one-edge queries `_edges` remembers: a code's parents, its cross-codes
_UP = "SELECT parent FROM parent WHERE code = ?"
_ACROSS = "SELECT other FROM xref WHERE code = ? ORDER BY other"


def _system(code: str) -> str:
    return code.partition(":")[0]


class Terminology:
    """Read access to the built store; one per process (`load()`)."""

    def __init__(self, path: Path):
        self.path = path
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._rows: dict[str, tuple[tuple[int, TermConcept], ...]] = {}
        self._filters: dict[str, _Filter] = {}
        self._prefixes: dict[str, bool] = {}

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> Terminology:
        return cls(store_path())

    def concept(self, code: str) -> TermConcept | None:
        row = self._db.execute(
            "SELECT code, name, type, source, unit FROM concept WHERE code = ?", (code,)
        ).fetchone()
        return TermConcept(*row) if row else None

    def lookup(self, surface: str, types: Iterable[str] | None = None) -> TermConcept | None:
        """The concept an alias names exactly (after normalising case and punctuation), best-ranked
        first."""
        found = self.lookup_keys([surface_key(surface)], types)
        return found.get(surface_key(surface))

    def lookup_keys(
        self, keys: Iterable[str], types: Iterable[str] | None = None, ambiguous: bool = False
    ) -> dict[str, TermConcept]:
        """For each normalised key an alias has, the best-ranked concept it names.

        `ambiguous`: only the abbreviations of several meanings instead, and only a key whose
        meanings of `types` are one concept. The rows of each key are remembered for the process (a
        batch asks for the same words again and again); the keys not seen yet are read with one
        query.
        """
        keys = list(dict.fromkeys(k for k in keys if k))
        if len(self._rows) > _REMEMBERED_KEYS:
            self._rows.clear()
        unseen = [k for k in keys if k not in self._rows]
        aliases = self._filter("alias").held(unseen)
        self._rows.update((k, ()) for k in unseen if k not in aliases)  # most n-grams name nothing
        unseen = [k for k in unseen if k in aliases]
        read: dict[str, list[tuple[int, TermConcept]]] = {}
        for chunk in range(0, len(unseen), 500):
            part = unseen[chunk : chunk + 500]
            rows = self._db.execute(
                "SELECT key, rank, concept.code, name, type, source, unit FROM alias JOIN "
                f"concept USING (code) WHERE key IN ({','.join('?' * len(part))})",
                part,
            )
            for key, rank, *concept in rows:
                read.setdefault(key, []).append((rank, TermConcept(*concept)))
        for key in unseen:
            self._rows[key] = tuple(read.get(key, ()))
        wanted = set(types) if types is not None else None
        found: dict[str, TermConcept] = {}
        remembered = self._rows
        for key in keys:
            if not remembered[key]:  # most word n-grams name nothing
                continue
            ranked = [
                (rank, term.code, term)
                for rank, term in remembered[key]
                if (wanted is None or term.type in wanted) and (rank >= AMBIGUOUS) == ambiguous
            ]
            if ranked and (not ambiguous or len({code for _, code, _ in ranked}) == 1):
                found[key] = min(ranked, key=lambda row: row[:2])[2]
        return found

    def _filter(self, name: str) -> _Filter:
        """The store's filter of alias keys (`alias`) or of their proper word prefixes (`prefix`),
        read on first use."""
        if name not in self._filters:
            row = self._db.execute("SELECT hashes FROM filter WHERE name = ?", (name,)).fetchone()
            self._filters[name] = _Filter(row[0] if row else None)
        return self._filters[name]

    def extendable(self, keys: Iterable[str]) -> set[str]:
        """The keys that may be a proper word prefix of some alias's key ("eastern cooperative"):
        an n-gram one word longer may still be an alias only after one of these (the linker grows
        its word n-grams from them alone). Each key's answer is remembered for the process, as
        `lookup_keys` remembers its rows: a batch grows the same n-grams again and again."""
        known = self._prefixes
        if len(known) > _REMEMBERED_PREFIXES:
            known.clear()
        keys = list(keys)
        unseen = [k for k in keys if k not in known]
        if unseen:
            held = self._filter("prefix").held(unseen)
            known.update((k, k in held) for k in unseen)
        return {k for k in keys if known[k]}

    def curated_alias(self, key: str, code: str) -> bool:
        """Whether `key` is a phrase of a curated line for `code` (rank 0: an abbreviation or a
        compositional phrase checked by hand), even where the concept is a vocabulary's ("T2D" of
        MONDO's type 2 diabetes mellitus). Reads the rows `lookup_keys` remembered, else the
        store."""
        return any(rank == 0 and term.code == code for rank, term in self._key_rows(key))

    def _key_rows(self, key: str) -> tuple[tuple[int, TermConcept], ...]:
        """Every (rank, concept) row of a key, as `lookup_keys` remembered them."""
        if key not in self._rows:
            self.lookup_keys([key])
        return self._rows[key]

    def vocabulary_name(self, key: str, sources: frozenset[str]) -> bool:
        """Whether `key` is the preferred name (not a synonym) of a concept of one of `sources`
        ("migraine" is HPO's name, though MONDO's best-ranked concept only has it as a
        synonym)."""
        rows = self._key_rows(key)
        return any(term.source in sources and rank == RANK[term.source] * 2 for rank, term in rows)

    def parents(self, code: str) -> list[str]:
        return list(self._edges(_UP, code))

    def xrefs(self, code: str) -> list[str]:
        return list(self._edges(_ACROSS, code))

    @lru_cache(maxsize=16384)  # noqa: B019 - one Terminology per process (`load()`), kept for its whole life
    def _edges(self, query: str, code: str) -> tuple[str, ...]:
        """The codes one edge query gives for `code`, remembered for the process: a batch asks for
        the parents and cross-codes of the same concepts again and again."""
        return tuple(row[0] for row in self._db.execute(query, (code,)))

    @lru_cache(maxsize=4096)  # noqa: B019 - one Terminology per process (`load()`), kept for its whole life
    def closure(self, code: str) -> frozenset[str]:
        """`code`, its cross-coded equivalents and everything above them: what a record of `code`
        also counts as. An ICD-10-CM or ATC code the store lacks (a laterality or encounter
        character: E11.3311, S72.001A; one drug of an ATC group) counts as the nearest code its
        characters begin with."""
        known = self._listed_prefix(code)
        return frozenset(c for level in self.levels(known) for c in level) | {code}

    def listed(self, code: str) -> bool:
        """Whether a record of `code` counts as something the store lists: the code, or for a code
        of a system hierarchical by its characters, a group it begins with (ATC J07BD52, a measles
        vaccine, in J07 vaccines; ICD-10-CM E11.3311 in E11.331)."""
        return self.concept(self._listed_prefix(code)) is not None

    def _listed_prefix(self, code: str) -> str:
        """`code`, or for a code of a system hierarchical by its characters (ICD-10-CM, ATC) that
        the store does not list, the longest listed code it begins with, down to the system's
        shortest group (E11.3311 -> E11.331; ATC C09AA05, ramipril -> C09AA, ACE inhibitors)."""
        system = _system(code)
        if system not in _PREFIX_SYSTEMS or self.concept(code) is not None:
            return code
        floor = len(system) + 1 + _PREFIX_SYSTEMS[system]
        shorter = code.rstrip(".")[:-1].rstrip(".")
        while len(shorter) > floor and self.concept(shorter) is None:
            shorter = shorter[:-1].rstrip(".")
        return shorter if len(shorter) >= floor and self.concept(shorter) is not None else code

    @lru_cache(maxsize=4096)  # noqa: B019 - one Terminology per process (`load()`), kept for its whole life
    def has_subtypes(self, code: str) -> bool:
        """Whether some concept lies below `code` or below one of its cross-coded equivalents."""
        below = sorted(self.equivalents(code))
        marks = ",".join("?" * len(below))
        query = f"SELECT 1 FROM parent WHERE parent IN ({marks}) LIMIT 1"
        return self._db.execute(query, below).fetchone() is not None

    @lru_cache(maxsize=4096)  # noqa: B019 - one Terminology per process (`load()`), kept for its whole life
    def equivalents(self, code: str) -> frozenset[str]:
        """`code` and its cross-coded equivalents, without parents."""
        return frozenset(c for level in self.levels(code, parents=False) for c in level)

    def levels(self, code: str, parents: bool = True) -> Iterator[list[str]]:
        """`code`, then the codes one parent edge or cross-code away, then two, ... each once.

        A chain of cross-codes never comes back into a system it has passed through: MONDO's
        neoplasm -> HPO's neoplasm -> SNOMED's malignant neoplasm -> MONDO's cancer would make two
        MONDO concepts, one below the other, the same (every benign neoplasm a malignancy), and
        MONDO's cervical dystonia -> HPO's torticollis -> MONDO's inherited torticollis two
        unrelated ones. A parent edge stays in its system and starts a new chain."""
        seen = {code}
        chains = {code: frozenset({_system(code)})}  # systems each cross-code chain passed
        frontier = [code]
        while frontier:
            yield frontier
            # each code's edges as `parents` and `xrefs` remember them for the process (closures
            # of a batch's concepts climb the same hierarchies); cross-codes by code, then by the
            # other code, the order of the store's index
            codes = sorted(frontier)
            found: list[tuple[str, frozenset[str]]] = []
            if parents:
                found += [
                    (parent, frozenset({_system(parent)}))
                    for parent in dict.fromkeys(p for c in codes for p in self._edges(_UP, c))
                ]
            for source, other in ((c, o) for c in codes for o in self._edges(_ACROSS, c)):
                if _system(other) not in chains[source]:
                    found.append((other, chains[source] | {_system(other)}))
            frontier = []
            for reached, chain in found:
                if reached not in seen:
                    seen.add(reached)
                    chains[reached] = chain
                    frontier.append(reached)

    def _descend(self, code: str, limit: int) -> Iterator[list[str]]:
        """`code`, then what lies one parent edge below or one cross-code away, then two, ... each
        once, until `limit` codes were seen."""
        seen, frontier = {code}, [code]
        while frontier and len(seen) <= limit:
            yield sorted(frontier)
            marks = ",".join("?" * len(frontier))
            rows = self._db.execute(
                f"SELECT code FROM parent WHERE parent IN ({marks}) UNION "
                f"SELECT other FROM xref WHERE code IN ({marks})",
                frontier + frontier,
            )
            frontier = [c for (c,) in rows if c not in seen]
            seen.update(frontier)

    @lru_cache(maxsize=4096)  # noqa: B019 - one Terminology per process (`load()`), kept for its whole life
    def reached_from(self, code: str, systems: frozenset[str], limit: int = 3000) -> str | None:
        """A code of `systems` (the ones patient records carry: ICD10CM, SNOMED) whose closure holds
        `code`, else None: what lies below `code` or is cross-coded to it, level by level (at most
        `limit` codes), each candidate checked by `closure`, the evaluator's own rule."""
        for level in self._descend(code, limit):
            for candidate in level:
                if _system(candidate) in systems and self._counts_as(candidate, code):
                    return candidate
        return None

    @lru_cache(maxsize=1024)  # noqa: B019 - one Terminology per process (`load()`), kept for its whole life
    def below(self, code: str, limit: int = 3000) -> frozenset[str]:
        """Every code whose closure holds `code` (`code` too): what a record may be and still count
        as `code`, found level by level (at most `limit` codes looked at)."""
        return frozenset(
            c for level in self._descend(code, limit) for c in level if code in self.closure(c)
        )

    @lru_cache(maxsize=1024)  # noqa: B019 - one Terminology per process (`load()`), kept for its whole life
    def overlapping(self, code: str) -> frozenset[str]:
        """Every code some concept below `code` also counts as: a record of one of them may be a
        `code` (diabetes may be type 1 diabetes), a record of any other cannot."""
        return frozenset(c for under in self.below(code) for c in self.closure(under))

    @lru_cache(maxsize=4096)  # noqa: B019 - one Terminology per process (`load()`), kept for its whole life
    def may_be(self, record: str, code: str) -> bool:
        """Whether a record of `record` may be a `code` without the terminology saying so: some
        concept lies below both. A SNOMED CT code has no hierarchy of its own here: its parents are
        the parts of its title (`routes.py`), so a concept below all of them lies below it
        ("Ketoacidosis due to type 1 diabetes mellitus" is below ketoacidosis and type 1 diabetes,
        so "Ketoacidosis due to diabetes mellitus" may be type 1)."""
        if self._listed_prefix(record) in self.overlapping(code):
            return True
        parts = set(self.parents(record)) if _system(record) == "SNOMED" else set()
        return bool(parts) and any(parts <= self.closure(under) for under in self.below(code))

    def _counts_as(self, candidate: str, code: str) -> bool:
        """`code in self.closure(candidate)`, level by level, stopping at the first level that
        holds `code`: what `reached_from` asks of each candidate below `code`, whose own closure
        (every level up to the roots, two queries each) is seldom needed whole."""
        if candidate == code:
            return True
        return any(code in level for level in self.levels(self._listed_prefix(candidate)))

    def similar(
        self, text: str, types: Iterable[str] | None = None, limit: int = 5
    ) -> list[tuple[float, str, TermConcept]]:
        """Concepts whose alias is closest to `text` by character-trigram cosine, best first, with
        that alias's key (candidates from the FTS index)."""
        key = surface_key(text)
        grams = _trigrams(key)
        if not grams:
            return []
        query = " OR ".join(f'"{g}"' for g in grams if '"' not in g)
        rows = self._db.execute(
            "SELECT key FROM gram WHERE gram MATCH ? ORDER BY rank LIMIT 200", (query,)
        ).fetchall()
        scored = sorted(((_cosine(grams, _trigrams(row[0])), row[0]) for row in rows), reverse=True)
        found = self.lookup_keys([k for _, k in scored[: limit * 4]], types)
        result = [(score, k, found[k]) for score, k in scored if k in found]
        return result[:limit]


def _trigrams(key: str) -> set[str]:
    padded = f" {key} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _cosine(a: set[str], b: set[str]) -> float:
    return len(a & b) / ((len(a) * len(b)) ** 0.5) if a and b else 0.0

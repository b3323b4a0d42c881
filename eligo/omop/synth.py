"""A seeded synthetic OMOP CDM v5.4 population, generated inside DuckDB so a million patients take
seconds.

Every random draw is a hash of (seed, person, record, draw), so the same seed
and size give the same database on any machine and thread count, and no
Python loop runs per patient. What is drawn comes from `catalog.py` (the
concepts, thresholds, units and categories of the protocols given) so every
kind of atom meets data on both sides of its line:

* persons: sex (4 % unknown), birth 10–90 years before screening (2 % with
  no month, so no birth date), 5 % without an observation period (history
  unknown); anchors per person (screening, randomization, first dose …; 3 %
  of them missing);
* conditions, drug exposures, procedures and observations (events) coded with
  the rules' concepts, their narrower child concepts and unrelated siblings,
  dated mostly before screening and clustered near it (windows), some after;
  conditions active, resolved or of unknown status, ending or open-ended;
* measurements around every threshold (5 % exactly on it), in the rule's unit,
  in another unit that converts to it, or without a unit; limits of normal
  for `{ULN}` rules; categories on ordinal scales; readings of one concept on
  the same day (so the latest is not always one reading).
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import duckdb

from eligo.grammar import ast
from eligo.omop.catalog import Catalog, build
from eligo.omop.query import anchors_used


def _sections() -> dict[str, str]:
    """The sections of synth.sql by name (`-- section: name` starts one)."""
    text = resources.files("eligo.omop").joinpath("synth.sql").read_text(encoding="utf-8")
    parts = re.split(r"(?m)^-- section: (\w+)\n", text)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


_SQL = _sections()


def _load(con: duckdb.DuckDBPyConnection, catalog: Catalog, anchors: tuple[str, ...]) -> None:
    con.executemany(
        "INSERT INTO concept VALUES (?, ?, ?, ?, ?, ?, ?, DATE '1970-01-01', DATE "
        "'2099-12-31', NULL)",
        catalog.concepts,
    )
    con.executemany(
        "INSERT INTO concept_relationship VALUES (?, ?, 'Maps to', DATE '1970-01-01', DATE "
        "'2099-12-31', NULL)",
        catalog.relationships,
    )
    con.executemany(
        "INSERT INTO concept_ancestor VALUES (?, ?, ?, ?)",
        [(a, d, n, n) for a, d, n in catalog.ancestors],
    )
    pools = [
        (kind, i, concept) for kind, ids in catalog.pools.items() for i, concept in enumerate(ids)
    ]
    if pools:
        con.executemany("INSERT INTO pool VALUES (?, ?, ?)", pools)
    if catalog.measures:
        con.executemany(
            "INSERT INTO spec VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(i, *row) for i, row in enumerate(catalog.measures)],
        )
    if catalog.categories:
        con.executemany(
            "INSERT INTO category VALUES (?, ?, ?)",
            [(i, *row) for i, row in enumerate(catalog.categories)],
        )
    con.executemany("INSERT INTO anchor_name VALUES (?, ?)", list(enumerate(anchors, start=1)))


def synthesize(path: Path, protocols: list[ast.Protocol], patients: int, seed: int = 0) -> None:
    """Write a new DuckDB file at `path` with `patients` synthetic persons for these protocols."""
    catalog = build(protocols)
    anchors = tuple(sorted({"screening"}.union(*(anchors_used(p) for p in protocols))))
    sizes = {kind: max(len(ids), 1) for kind, ids in catalog.pools.items()}
    con = duckdb.connect(str(path))
    try:
        con.execute(_SQL["schema"])
        _load(con, catalog, anchors)
        con.execute(_SQL["macros"].format(seed=int(seed)))
        con.execute(_SQL["people"].format(n=int(patients)))
        con.execute(
            _SQL["records"].format(
                conditions=sizes["condition"],
                treatments=sizes["treatment"],
                procedures=sizes["procedure"],
                events=sizes["event"],
            )
        )
        con.execute("CHECKPOINT")
    finally:
        con.close()

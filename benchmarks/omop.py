"""Measure screening an OMOP CDM: the DuckDB query against the Python evaluator, persons/s and peak memory.

    .venv/bin/python benchmarks/omop.py [--sizes 10000 100000] [--rules compiled/000_0f814b264ca6570a.json] [--sample 1000]

For each size a synthetic population (`eligo.omop.synth`, seed 1, made for the
protocol) is written to a temporary DuckDB file. Then each engine runs in a
fresh process, so that its peak resident memory is its own:

* duckdb: the protocol's query over the whole population, verdict rows to
  Parquet, as `eligo screen RULES --omop FILE -o verdicts.parquet` runs it
  (`eligo.omop.run.screen`); wall time, DuckDB's threads;
* python: the first `--sample` persons read as patient records
  (`eligo.omop.patients.load`, the differential test's twins) and screened by
  the Python evaluator, one thread. Its rate is per person, so a sample gives
  it; screening 100,000 persons this way would take minutes. Reading the
  records and screening them are timed apart: the `python` row is both, the
  `screen` row the evaluator alone (`eligo.grammar.screening.screen` on
  records already in memory).

Prints a table: engine, population, persons screened, seconds, persons/s, and
the peak RSS of the process with the RSS after imports beside it (what the
engine itself added). CPU-bound on a shared machine: figures vary by some 10 %.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_RULES = ROOT / "compiled" / "000_0f814b264ca6570a.json"


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def child(engine: str, database: Path, rules: Path, sample: int) -> dict[str, float]:
    """One engine's run, in this (fresh) process."""
    import duckdb

    from eligo.grammar.load import read_rules
    from eligo.grammar.screening import screen
    from eligo.omop import patients as twins
    from eligo.omop.run import screen as screen_omop

    protocol = read_rules(rules)[0]
    base = _rss_mib()
    if engine == "duckdb":
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            screen_omop(database, protocol, Path(out) / "verdicts.parquet", progress=False)
            seconds = time.perf_counter() - start
        con = duckdb.connect(str(database), read_only=True)
        persons = con.execute("SELECT COUNT(*) FROM person").fetchall()[0][0]
        con.close()
    else:
        con = duckdb.connect(str(database), read_only=True)
        start = time.perf_counter()
        twin = twins.bound(protocol, twins.mapped(con, protocol))
        patients = twins.load(con, protocol, persons=list(range(1, sample + 1)))
        read = time.perf_counter()
        for patient in patients:
            screen(twin, patient)
        seconds = time.perf_counter() - start
        persons = len(patients)
        con.close()
        return {"persons": persons, "seconds": seconds, "screen_seconds": start + seconds - read, "peak_mib": _rss_mib(), "base_mib": base}
    return {"persons": persons, "seconds": seconds, "peak_mib": _rss_mib(), "base_mib": base}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--rules", type=Path, default=DEFAULT_RULES)
    parser.add_argument("--sample", type=int, default=1000, help="persons the Python evaluator screens")
    parser.add_argument("--child", choices=["duckdb", "python"], help=argparse.SUPPRESS)
    parser.add_argument("--database", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.database, args.rules, args.sample)))
        return

    from eligo.grammar.load import read_rules
    from eligo.omop.synth import synthesize

    protocol = read_rules(args.rules)[0]
    print(f"# {platform.python_implementation()} {platform.python_version()}, {platform.machine()}; rules {args.rules.name} ({len(protocol.criteria)} criteria)")
    print(f"{'engine':<8} {'population':>10} {'screened':>9} {'seconds':>8} {'persons/s':>10} {'peak MiB':>9} {'after imports':>14}")
    with tempfile.TemporaryDirectory() as work:
        for size in args.sizes:
            database = Path(work) / f"synthetic_{size}.duckdb"
            start = time.perf_counter()
            synthesize(database, [protocol], size, seed=1)
            print(f"# synthesized {size:,} persons in {time.perf_counter() - start:.1f} s")
            for engine in ("duckdb", "python"):
                command = [sys.executable, __file__, "--child", engine, "--database", str(database), "--rules", str(args.rules), "--sample", str(min(args.sample, size))]
                found = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout.splitlines()[-1])
                rate = found["persons"] / found["seconds"]
                print(f"{engine:<8} {size:>10,} {found['persons']:>9,} {found['seconds']:>8.2f} {rate:>10,.0f} {found['peak_mib']:>9.0f} {found['base_mib']:>14.0f}", flush=True)
                if "screen_seconds" in found:  # the evaluator alone, on records already read
                    rate = found["persons"] / found["screen_seconds"]
                    print(f"{'screen':<8} {size:>10,} {found['persons']:>9,} {found['screen_seconds']:>8.2f} {rate:>10,.0f} {'':>9} {'':>14}", flush=True)
            database.unlink()


if __name__ == "__main__":
    main()

"""The full-size differential of the OMOP query: every compiled protocol, 10,000 synthetic persons, three engines.

    .venv/bin/python benchmarks/differential.py [--patients 10000] [--rules compiled] [--seed 7] [--no-spark]

`.ci/run` runs it after the test suite, which screens only 400 persons (and Spark on a few protocols) to stay
fast. A synthetic population made for all the protocols (`eligo.omop.synth`) is written to a temporary DuckDB
file and exported to Parquet for Spark. For each protocol the Python evaluator screens every person
(`eligo.omop.differential.python_verdicts`), and DuckDB's and Spark's verdict rows (`eligo.omop.spark.Views`,
pyspark in local mode, one session for the run) must equal its verdicts per person and criterion. Spark works
through the protocols in a thread of its own, in its JVM, while Python screens, so the two cores both work.

Prints one line per protocol (criteria, seconds per engine) and the total time; on any disagreement it prints
the patient, the Python trace and the SQL atoms' rows for the person, and exits 1 (as when Spark fails). Exits 2
when Spark cannot start (no Java), unless `--no-spark`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _timed(function: Any, *args: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    return function(*args), time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--rules", type=Path, default=ROOT / "compiled", help="a directory of compiled rules (*.json)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-spark", action="store_true", help="compare DuckDB only")
    args = parser.parse_args(argv)

    import duckdb

    from eligo.grammar.load import read_rules
    from eligo.omop.differential import compare, explain, python_verdicts, verdicts
    from eligo.omop.spark import Views, local_session
    from eligo.omop.synth import synthesize

    paths = sorted(args.rules.glob("*.json"))
    if not paths:
        print(f"{args.rules}: no compiled rules (*.json)", file=sys.stderr)
        return 2
    if not args.no_spark and shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        print("no Java runtime (java on PATH or JAVA_HOME): Spark cannot start; give --no-spark", file=sys.stderr)
        return 2
    protocols = [read_rules(path)[0] for path in paths]
    began = time.perf_counter()
    failed, crashed = 0, False
    with tempfile.TemporaryDirectory(prefix="eligo-differential-") as tmp:
        database = Path(tmp) / "synthetic.duckdb"
        synthesize(database, protocols, args.patients, seed=args.seed)
        con = duckdb.connect(str(database), read_only=True)
        spark: list[Future] = []
        pool = ThreadPoolExecutor(1)
        if not args.no_spark:
            con.execute(f"EXPORT DATABASE '{tmp}/parquet' (FORMAT PARQUET)")  # one Parquet file per CDM table
            views = Views(local_session(Path(tmp) / "parquet"))
            spark = [pool.submit(_timed, views.run, protocol) for protocol in protocols]
        print(f"{args.patients:,} persons, {len(protocols)} protocols, ready in {time.perf_counter() - began:.0f} s", flush=True)
        try:
            for i, (path, protocol) in enumerate(zip(paths, protocols)):
                screened, python_s = _timed(python_verdicts, con, protocol)
                found, duckdb_s = _timed(verdicts, con, protocol)
                compared, wrong = compare(screened, found, "duckdb")
                line = f"{path.stem}: {len(protocol.criteria)} criteria, {compared:,} verdicts; python {python_s:.1f} s, duckdb {duckdb_s:.1f} s"
                if spark:
                    try:
                        rows, spark_s = spark[i].result()
                    except Exception as error:  # Py4J's, from the JVM (out of memory, a query Spark rejects)
                        print(f"{line}; Spark failed: {str(error).splitlines()[0] if str(error) else type(error).__name__}")
                        failed, crashed = failed + 1, True
                        break
                    compared, also = compare(screened, {(str(r["person_id"]), r["criterion"]): r["verdict"] for r in rows}, "spark")
                    wrong += also
                    line += f", spark {spark_s:.1f} s"
                print(line + (f"; {len(wrong)} DISAGREEMENTS" if wrong else ""), flush=True)
                if wrong:
                    failed += 1
                    print(explain(con, protocol, wrong[0]), flush=True)
        finally:
            for future in spark:
                future.cancel()
            pool.shutdown()
            if spark and not crashed:
                views.session.stop()
            con.close()
    engines = "Python, DuckDB" + ("" if args.no_spark else ", Spark")
    verdict = f"{failed} protocols disagree" if failed else "all agree"
    print(f"{engines} on {len(protocols)} protocols x {args.patients:,} persons: {verdict}, {time.perf_counter() - began:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

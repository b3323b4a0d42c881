"""Measure Eligo's speed and memory: throughput, cold start and peak RSS.

    .venv/bin/python benchmarks/run.py [--jobs 1 2] [DIR ...]

Compiles every protocol of the given directories (default: the corpus and the
shared ctgov-dev and lct-dev texts) in a fresh process per configuration, and
prints protocols/s, criteria/s, criteria/s per core, cold start (process start
to first compiled protocol, imports and pipeline build included), peak RSS, and
how the cost grows with the size of one protocol (100 kB against 1 MB of
criteria drawn from the same files: linear is 10x), with the exact command and
the machine it ran on.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIRS = [ROOT / "corpus" / "protocols", ROOT.parent / "shared" / "data" / "ctgov-dev" / "texts", ROOT.parent / "shared" / "data" / "lct-dev" / "texts"]

WORKER = r"""
import json, sys, time
from pathlib import Path
from eligo.cli.batch import expand, run_batch
from eligo.cli.verbs.compile import compile_file
files = expand(Path(p) for p in sys.argv[2:])
jobs = int(sys.argv[1])
start = time.perf_counter()
protocols = criteria = failed = 0
for result in run_batch(compile_file, files, jobs):
    protocols += 1
    failed += result.failed
    criteria += result.coverage.total if result.coverage else 0
print(json.dumps({"protocols": protocols, "criteria": criteria, "failed": failed, "seconds": time.perf_counter() - start}))
"""

SCALING = r"""
import json, sys, time
from pathlib import Path
from eligo.cli.batch import expand
from eligo.api import compile_source
from eligo.source import source_from_text
criteria = "".join(p.read_text(encoding="utf-8").partition("Inclusion Criteria:")[2] for p in expand(Path(a) for a in sys.argv[1:]))
def protocol(size):
    return "Inclusion Criteria:\n" + (criteria * (size // max(1, len(criteria)) + 1))[:size]
compile_source(source_from_text(protocol(2_000), "warm.txt"))
seconds = {}
for size in (100_000, 1_000_000):
    text = protocol(size)
    runs = []
    for _ in range(2):  # best of two: the first run of a size still warms caches
        start = time.perf_counter()
        compile_source(source_from_text(text, f"{size}.txt"))
        runs.append(time.perf_counter() - start)
    seconds[size] = min(runs)
print(json.dumps(seconds))
"""

COLD = "from eligo.cli.verbs.compile import compile_file; import sys; compile_file(__import__('pathlib').Path(sys.argv[1]))"


def _child_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def cold_start(sample: Path, repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", COLD, str(sample)], check=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return min(times)


def throughput(dirs: list[Path], jobs: int) -> dict:
    process = subprocess.run([sys.executable, "-c", WORKER, str(jobs), *map(str, dirs)], check=True, cwd=ROOT, capture_output=True, text=True)
    return json.loads(process.stdout.strip().splitlines()[-1])


def scaling(dirs: list[Path]) -> dict[str, float]:
    process = subprocess.run([sys.executable, "-c", SCALING, *map(str, dirs)], check=True, cwd=ROOT, capture_output=True, text=True)
    return json.loads(process.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dirs", nargs="*", type=Path, default=[d for d in DEFAULT_DIRS if d.is_dir()])
    parser.add_argument("--jobs", nargs="+", type=int, default=[1, 2])
    args = parser.parse_args()
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}")
    sample = ROOT / "corpus" / "protocols" / "000_0f814b264ca6570a.txt"
    print(f"cold start (compile one protocol, best of 3): {cold_start(sample):.2f} s; peak RSS {_child_peak_mb():.0f} MB")
    for jobs in args.jobs:
        figures = throughput(args.dirs, jobs)
        seconds = figures["seconds"]
        print(
            f"--jobs {jobs}: {figures['protocols']} protocols ({figures['failed']} unreadable), {figures['criteria']} criteria in {seconds:.1f} s: "
            f"{figures['protocols'] / seconds:.1f} protocols/s, {figures['criteria'] / seconds:.0f} criteria/s, "
            f"{figures['criteria'] / seconds / jobs:.0f} criteria/s per core; peak RSS so far {_child_peak_mb():.0f} MB (largest process)"
        )
    grown = scaling(args.dirs)
    small, large = grown["100000"], grown["1000000"]
    print(f"one protocol of 100 kB: {small:.2f} s, of 1 MB: {large:.2f} s ({large / small:.1f}x for 10x the text); peak RSS {_child_peak_mb():.0f} MB")


if __name__ == "__main__":
    main()

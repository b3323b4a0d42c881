"""Measure Eligo's speed and memory, whole process: throughput, cold start, warm recompile, peak RSS, scaling.

    .venv/bin/python benchmarks/run.py [--jobs 1 2] [DIR ...]

Every figure is a fresh `eligo` process timed from start to exit, as a user
runs it, on the machine whose core count is printed:

* throughput: `eligo compile --json --no-cache --jobs N` over the given
  directories (default: the shared ctgov-dev and lct-dev texts), in criteria/s
  and criteria/s per core (divided by the job count), and criteria per CPU
  second (on a shared machine the wall clock also counts other people's work);
* cold start: `eligo compile` of seed 000 without the result cache (imports and
  pipeline build included), best of 3;
* warm recompile: the same once its result is in the cache (a fresh cache
  directory that shares the built terminology), best of 3, whole process and
  inside a process that has already imported the verb;
* peak RSS of each measured process (from `wait4`);
* how the cost of one protocol grows with its size: 100 kB against 1 MB of
  criteria drawn from the same files, in CPU seconds (linear is 10x).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
DEFAULT_DIRS = [SHARED / "ctgov-dev" / "texts", SHARED / "lct-dev" / "texts"]
SEED = ROOT / "corpus" / "protocols" / "000_0f814b264ca6570a.txt"
ELIGO = [sys.executable, "-c", "from eligo.cli import main; main()"]

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
        start = time.process_time()  # CPU: on a shared machine the wall clock counts other work too
        compile_source(source_from_text(text, f"{size}.txt"))
        runs.append(time.process_time() - start)
    seconds[size] = min(runs)
print(json.dumps(seconds))
"""

IN_PROCESS = r"""
import json, sys, time
from pathlib import Path
from eligo.cli.verbs.compile import compile_file
compile_file(Path(sys.argv[1]), compact=True)  # into the cache, if it is not there yet
runs = []
for _ in range(5):
    start = time.perf_counter()
    compile_file(Path(sys.argv[1]), compact=True)
    runs.append(time.perf_counter() - start)
print(json.dumps(min(runs)))
"""


def measure(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str, float]:
    """Wall seconds, peak RSS in MB, stdout and CPU seconds (user and system, its workers' included) of one process."""
    with tempfile.TemporaryFile() as stdout:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdout=stdout, stderr=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        return seconds, usage.ru_maxrss / 1024, stdout.read().decode("utf-8"), usage.ru_utime + usage.ru_stime


def throughput(dirs: list[Path], jobs: int) -> dict:
    seconds, peak, output, cpu = measure([*ELIGO, "compile", "--json", "--no-cache", "-q", "--jobs", str(jobs), *map(str, dirs)])
    protocols = [json.loads(line) for line in output.splitlines() if line.strip()]
    return {"protocols": len(protocols), "criteria": sum(len(p["criteria"]) for p in protocols), "seconds": seconds, "cpu": cpu, "peak": peak}


def best(command: list[str], env: dict[str, str] | None = None, repeats: int = 3) -> tuple[float, float, float]:
    """The best wall seconds, the largest peak RSS and the best CPU seconds of `repeats` runs."""
    runs = [measure(command, env) for _ in range(repeats)]
    return min(run[0] for run in runs), max(run[1] for run in runs), min(run[3] for run in runs)


def warm_cache(folder: Path) -> dict[str, str]:
    """The environment of a fresh result cache in `folder` that shares the built terminology store."""
    from eligo.terminology.store import Terminology

    store = Terminology.load().path
    (folder / store.name).symlink_to(store)
    env = {key: value for key, value in os.environ.items() if key != "ELIGO_NO_CACHE"}
    env["ELIGO_CACHE_DIR"] = str(folder)
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dirs", nargs="*", type=Path, default=[d for d in DEFAULT_DIRS if d.is_dir()])
    parser.add_argument("--jobs", nargs="+", type=int, default=[1, 2])
    args = parser.parse_args()
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}")
    measure([*ELIGO, "compile", "--no-cache", str(SEED)])  # untimed: builds the terminology store if this version has none yet
    seconds, peak, cpu = best([*ELIGO, "compile", "--no-cache", str(SEED)])
    print(f"cold start (eligo compile of seed 000, no cache, best of 3): {seconds:.2f} s ({cpu:.2f} s CPU); peak RSS {peak:.0f} MB")
    with tempfile.TemporaryDirectory() as folder:
        env = warm_cache(Path(folder))
        measure([*ELIGO, "compile", str(SEED)], env)
        seconds, peak, cpu = best([*ELIGO, "compile", str(SEED)], env)
        inside = json.loads(measure([sys.executable, "-c", IN_PROCESS, str(SEED)], env)[2])
    print(f"warm recompile of seed 000 (cached): {seconds:.2f} s whole process ({cpu:.2f} s CPU), peak RSS {peak:.0f} MB; {inside * 1000:.0f} ms in a running process")
    for jobs in args.jobs:
        figures = throughput(args.dirs, jobs)
        rate = figures["criteria"] / figures["seconds"]
        print(
            f"--jobs {jobs}: {figures['protocols']} protocols, {figures['criteria']} criteria in {figures['seconds']:.1f} s (whole process): "
            f"{rate:.0f} criteria/s, {rate / jobs:.0f} criteria/s per core; {figures['criteria'] / figures['cpu']:.0f} criteria per CPU second; "
            f"peak RSS {figures['peak']:.0f} MB (largest process)"
        )
    seconds, peak, output, _ = measure([sys.executable, "-c", SCALING, *map(str, args.dirs)])
    grown = json.loads(output.strip().splitlines()[-1])
    small, large = grown["100000"], grown["1000000"]
    print(f"one protocol of 100 kB: {small:.2f} s CPU, of 1 MB: {large:.2f} s CPU ({large / small:.1f}x for 10x the text); peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()

"""Scaling of hostile inputs: time and peak memory grow linearly with the input.

    .venv/bin/python benchmarks/scaling.py [--sizes 100000 1000000] [--rules 1800000 18000000]

1. `eligo compile` of a protocol written on one line, with characters that
   normalisation changes (`¼`, full-width brackets, ligatures, mojibake) spread
   through it, at each size (default 100 kB and 1 MB): linear is 10x.
2. `eligo check` of a rules file with two diagnostics per criterion at each
   size (default 1.8 MB and 18 MB): linear is 10x.

Each run is a fresh process; its wall time and peak RSS (from `wait4`) are printed.
This is a measurement, not a test: the suite never times anything this large.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ELIGO = [sys.executable, "-c", "from eligo.cli import main; main()"]
CHANGED = ("¼", "（", "）", "ﬁ", "ã€‚", "½")


def one_line_protocol(size: int) -> str:
    """Criteria of the corpus on one line, a changed character every ~200 characters."""
    criteria = " ".join(
        p.read_text(encoding="utf-8").partition("Inclusion Criteria:")[2].replace("\n", " ") for p in sorted((ROOT / "corpus" / "protocols").glob("*.txt"))
    )
    words = criteria.split(" ")
    pieces, length, count = ["Inclusion Criteria: "], 20, 0
    while length < size:
        word = words[count % len(words)]
        if count % 30 == 29:
            word += CHANGED[count // 30 % len(CHANGED)]
        pieces.append(word + " ")
        length += len(word) + 1
        count += 1
    return "".join(pieces)[:size]


def rules_file(size: int) -> str:
    """A rules text of about `size` bytes whose criteria each get an unknown concept (C101) and a unit error (C103)."""
    parts = ['eligo 1\nprotocol "scaling" {\n']
    length, number = 0, 0
    while length < size:
        number += 1
        part = f'  inclusion I{number} at {number}:1 span 0..1 "criterion {number}" {{\n    frobnication_{number % 97} >= 2 and age > 18 mg/dL\n  }}\n\n'
        parts.append(part)
        length += len(part)
    parts.append("}\n")
    return "".join(parts)


def measure(args: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB and the exit code of `eligo args` in a fresh process."""
    start = time.perf_counter()
    process = subprocess.Popen([*ELIGO, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    _, status, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--rules", type=int, nargs="+", default=[1_800_000, 18_000_000])
    options = parser.parse_args()
    print(f"command: python benchmarks/scaling.py {' '.join(sys.argv[1:])}".rstrip())
    with tempfile.TemporaryDirectory() as folder:
        for label, sizes, make, verb in (
            ("compile, one line with changed characters", options.sizes, one_line_protocol, ["compile", "-q", "-o"]),
            ("check, two diagnostics a criterion", options.rules, rules_file, ["check"]),
        ):
            seconds = {}
            for size in sizes:
                path = Path(folder) / f"{verb[0]}_{size}.{'txt' if verb[0] == 'compile' else 'eligo'}"
                path.write_text(make(size), encoding="utf-8")
                args = [*verb, str(Path(folder) / "out"), str(path)] if verb[0] == "compile" else [*verb, str(path)]
                seconds[size], peak, code = measure(args)
                print(f"{label}: {path.stat().st_size:,} bytes in {seconds[size]:.1f} s, peak RSS {peak:.0f} MB, exit {code}")
            small, large = min(sizes), max(sizes)
            if small != large:
                print(f"{label}: {large / small:.0f}x the input took {seconds[large] / seconds[small]:.1f}x the time")


if __name__ == "__main__":
    main()

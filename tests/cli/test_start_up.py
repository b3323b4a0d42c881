"""A compile's start-up is kept out of the collector after its first protocol; other verbs leave the
collector alone."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# runs `eligo <args>`; at exit, prints whether the collector is on and how many objects it froze
PROBE = (
    "import atexit, gc, json, sys\n"
    "atexit.register(lambda: sys.stderr.write('\\nGC ' + json.dumps([gc.isenabled(), "
    "gc.get_freeze_count()]) + '\\n'))\n"
    "from eligo.cli import main\n"
    "sys.argv = ['eligo', *json.loads(sys.argv[1])]\n"
    "main()\n"
)

PROTOCOL = "Inclusion Criteria:\n- Adults aged 30 to 60 years\n\nExclusion Criteria:\n- Asthma\n"


def _collector(*args: str) -> list:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(list(args))], capture_output=True, text=True
    )
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stderr.rsplit("GC ", 1)[1])


def test_compile_freezes_its_start_up_and_collects_again(tmp_path: Path) -> None:
    path = tmp_path / "made_up.txt"
    path.write_text(PROTOCOL, encoding="utf-8")
    enabled, frozen = _collector("compile", "--no-cache", str(path))
    assert enabled and frozen > 10_000


def test_check_leaves_the_collector_alone(tmp_path: Path) -> None:
    rules = tmp_path / "made_up.eligo"
    rules.write_text('eligo 1\nprotocol "made_up" {\n}\n', encoding="utf-8")
    assert _collector("check", str(rules)) == [True, 0]

"""The command line imports spaCy without spaCy's own command line, and compiles the same rules."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# runs `eligo <args>` with the cache off; at exit, prints which spaCy modules loaded (stderr)
PROBE = (
    "import atexit, json, sys\n"
    "atexit.register(lambda: sys.stderr.write('\\nMODULES ' + json.dumps(sorted(m for m in "
    "sys.modules if m == 'spacy' or m.startswith('spacy.cli'))) + '\\n'))\n"
    "from eligo.cli import main\n"
    "sys.argv = ['eligo', *json.loads(sys.argv[1])]\n"
    "main()\n"
)

# the same compile in a library process, where spaCy is imported as usual
LIBRARY = (
    "import sys\n"
    "from eligo.api import compile_file\n"
    "from eligo.grammar import to_text\n"
    "sys.stdout.write(to_text(compile_file(sys.argv[1]).protocol))\n"
    "assert 'spacy.cli' in sys.modules\n"
)

PROTOCOL = (
    "Inclusion Criteria:\n- Adults aged 21 to 70 years\n- Platelets >= 90 x 10^9/L\n\n"
    "Exclusion Criteria:\n- Myocardial infarction within 3 months before enrolment\n"
)


def _modules(stderr: str) -> list[str]:
    return json.loads(stderr.rsplit("MODULES ", 1)[1])


def test_compile_leaves_out_spacys_command_line_and_prints_the_same_rules(tmp_path: Path) -> None:
    path = tmp_path / "made_up.txt"
    path.write_text(PROTOCOL, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(["compile", "--no-cache", str(path)])],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert _modules(done.stderr) == ["spacy"]
    library = subprocess.run(
        [sys.executable, "-c", LIBRARY, str(path)], capture_output=True, text=True, check=True
    )
    assert done.stdout == library.stdout and "platelets" in done.stdout


def test_spacys_command_line_still_imports_when_asked() -> None:
    probe = (
        "import sys\n"
        "from eligo.cli.spacy_start import import_spacy_lean\n"
        "import_spacy_lean()\n"
        "import spacy\n"
        "assert 'spacy.cli' not in sys.modules\n"
        "from spacy.cli.info import info\n"
        "assert callable(info) and 'spacy.cli.download' in sys.modules\n"
        "assert isinstance(spacy.info(), dict)\n"
    )
    subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True)


def test_a_verb_without_text_imports_no_spacy() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(["schema"])], capture_output=True, text=True
    )
    assert done.returncode == 0 and _modules(done.stderr) == []

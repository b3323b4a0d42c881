"""Printing and reading JSON rules needs no lark; reading rule text imports it on first use."""

from __future__ import annotations

import subprocess
import sys

# prints a protocol's rules and reads its JSON back, then reports whether lark was imported
PROBE = (
    "import sys\n"
    "from eligo.grammar import ast, from_json, to_json, to_text\n"
    "from eligo.grammar.load import MAX_RULES_BYTES\n"
    "rules = ast.Protocol(id='made_up', source='made_up.txt')\n"
    "assert from_json(to_json(rules)) == rules and to_text(rules)\n"
    "print('lark' in sys.modules)\n"
    "from eligo.grammar import RulesError, parse_rules\n"
    "import eligo.grammar.parse as parse\n"
    "assert parse_rules(to_text(rules)) == rules and RulesError is parse.RulesError\n"
    "print('lark' in sys.modules)\n"
)


def test_lark_is_imported_only_to_read_rule_text() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True"]

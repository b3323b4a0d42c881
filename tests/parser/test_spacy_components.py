"""Eligo's components as spaCy expects them: found by name through entry points, honest about what they need and set.

Another project adds an `eligo_` component to its own pipeline without importing
Eligo, so the entry-point test runs in a fresh interpreter; README.md's table of
extensions is checked against what the components declare and register.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from importlib.metadata import entry_points

from fixture_files import ROOT
from spacy.language import Language
from spacy.tokens.underscore import Underscore

from eligo.parser.doc import EXTENSIONS
from eligo.parser.pipeline import COMPONENTS, build_pipeline

TEXT = "Inclusion Criteria:\n- Age >= 18 years\n- No prior chemotherapy within 4 weeks\n"

FRESH = """
import json, sys
import spacy
assert not any(name.split(".")[0] == "eligo" for name in sys.modules), "eligo imported before add_pipe"
names = json.loads(sys.argv[1])
alone = {}
for name in names:
    nlp = spacy.blank("en")
    nlp.add_pipe(name)
    alone[name] = nlp.pipe_names
nlp = spacy.blank("en")
for name in names:
    nlp.add_pipe(name)
doc = nlp(sys.argv[2])
print(json.dumps({"alone": alone, "criteria": [c.text for c in doc._.criteria], "thresholds": [t.text for t in doc._.thresholds],
                  "windows": [w.text for w in doc._.windows]}))
"""


def test_entry_points_name_every_component():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["entry-points"]["spacy_factories"]
    assert tuple(declared) == COMPONENTS
    installed = {ep.name: ep.value for ep in entry_points(group="spacy_factories") if ep.name.startswith("eligo_")}
    assert installed == declared, "reinstall (pip install -e .) to refresh the entry points"


def test_each_component_is_added_by_name_in_a_fresh_interpreter():
    run = subprocess.run(
        [sys.executable, "-c", FRESH, json.dumps(COMPONENTS), TEXT], capture_output=True, text=True, timeout=240, cwd="/"
    )
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout)
    assert result["alone"] == {name: [name] for name in COMPONENTS}
    assert result["criteria"] == ["Age >= 18 years", "No prior chemotherapy within 4 weeks"]
    assert result["thresholds"] == ["Age >= 18 years"]
    assert result["windows"] == ["within 4 weeks"]


def test_full_pipeline_has_no_problems():
    analysis = build_pipeline().analyze_pipes(pretty=False)
    assert analysis["problems"] == {name: [] for name in COMPONENTS}
    for name in COMPONENTS:
        assert Language.get_factory_meta(name).assigns, f"{name} declares nothing it assigns"


def _readme_table() -> dict[str, str]:
    """`extension -> set by` from README.md's table of spaCy extensions."""
    rows = re.findall(r"^\s*\| `((?:doc|span|token)\._\.\w+)` \| (.+?) \|", (ROOT / "README.md").read_text(), re.M)
    return {extension: setter.strip("`") for extension, setter in rows}


def test_readme_table_is_what_the_components_assign_and_register():
    build_pipeline()
    table = _readme_table()
    assigned = {
        attr: name for name in COMPONENTS for attr in Language.get_factory_meta(name).assigns if "._." in attr
    }
    callers = {attr for attr, setter in table.items() if setter.startswith("the caller")}
    assert {attr: setter for attr, setter in table.items() if attr not in callers} == assigned
    assert callers == {"doc._.criteria_kind"}
    registered = {
        f"{kind}._.{name}"
        for kind, extensions in (("doc", Underscore.doc_extensions), ("span", Underscore.span_extensions), ("token", Underscore.token_extensions))
        for name in extensions
    }
    assert set(table) <= registered
    # every extension Eligo registers is set by a component or the caller: none is left unused
    assert {f"doc._.{name}" for name in EXTENSIONS} <= set(table)

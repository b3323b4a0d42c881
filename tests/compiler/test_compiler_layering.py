"""The compiler works on facts alone: compiling hand-made facts (word-list phrases, sentences and
clause marks included, read by `eligo.phrases` and `eligo.structure` as the parser reads them) loads
neither the parser nor spaCy."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = r'''
import sys
from eligo.annotations import Annotations, CriterionItem
from eligo.compiler import compile_facts
from eligo.facts import CriterionFacts, LeadIn, Mention, ProtocolFacts, ThresholdFact
from eligo.phrases import scan
from eligo.structure import marks, sentences

def read(start, end):
    """The phrases, sentences and marks of text[start:end], as the parser reads them."""
    said = text[start:end]
    return {
        "phrases": tuple(scan(said, start)),
        "sentences": tuple(sentences(said, start)),
        "marks": tuple(marks(said, start)),
    }

text = "Exclusion Criteria:\n- No prior treatment, including any of the following:\n  - Surgery\n  - Age > 80 years\n"
text += "  - Expected to undergo surgery\n"
lead, surgery, age = text.index("No prior"), text.index("Surgery"), text.index("Age > 80")
plan = text.index("Expected")
planned = text.index("surgery", plan)
criteria = (
    CriterionFacts(
        criterion=CriterionItem(id="E1", kind="exclusion", span=(lead, lead + 52), text=text[lead : lead + 52]),
        **read(lead, lead + 52),
    ),
    CriterionFacts(
        criterion=CriterionItem(id="E2", kind="exclusion", span=(surgery, surgery + 7), text="Surgery"),
        mentions=(Mention(concept="major_surgery", type="procedure", span=(surgery, surgery + 7), text="Surgery"),),
    ),
    CriterionFacts(
        criterion=CriterionItem(id="E3", kind="exclusion", span=(age, age + 14), text="Age > 80 years"),
        thresholds=(ThresholdFact(span=(age, age + 14), text="Age > 80 years", op=">", value=80, unit="a", concept="age"),),
    ),
    CriterionFacts(
        criterion=CriterionItem(id="E4", kind="exclusion", span=(plan, planned + 7), text=text[plan : planned + 7]),
        mentions=(Mention(concept="major_surgery", type="procedure", span=(planned, planned + 7), text="surgery"),),
        **read(plan, planned + 7),
    ),
)
lead_ins = (LeadIn(index=0, items=(1, 2), mode="negated"),)
facts = ProtocolFacts(document="p.txt", text=text, annotations=Annotations(document="p.txt"), criteria=criteria, lead_ins=lead_ins)
compiled = compile_facts(facts).protocol
assert [c.rule.kind for c in compiled.criteria[1:3]] == ["not", "not"], compiled
# "Expected to" (a `forecast` phrase fact) asks for a forecast, which no record holds
assert "asks for a forecast" in str(compiled.criteria[3].rule), compiled.criteria[3].rule
loaded = sorted(name for name in sys.modules if name.split(".")[0] in ("spacy", "scispacy", "negspacy") or name.startswith("eligo.parser"))
print(loaded)
'''


def test_compiling_facts_loads_neither_the_parser_nor_spacy():
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"

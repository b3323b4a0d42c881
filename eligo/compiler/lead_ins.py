"""Lead-ins act on the items listed under them: negated, alternatives, or a definition.

The parser finds the list structure (`eligo/parser/lists.py`, `facts.LeadIn`):
"No prior treatment for prostate cancer, including any of the following:" and
the items under it. The lead-in's negation belongs to every item, so "Surgery"
there means no surgery; "at least 1 of the following conditions apply:" makes
each item of an inclusion the `or` of all, so that the criteria together require
one; "Adequate organ function, defined by the following laboratory test
results:" is the `and` of its items.
"""

from __future__ import annotations

from eligo import phrases
from eligo.annotations import Criterion
from eligo.compiler.logic import both, either, negate, outcome
from eligo.facts import LeadIn
from eligo.grammar import ast


def _qualifier(lead: Criterion, rule: ast.Node) -> ast.Unresolved | None:
    """What a negated lead-in says of its items and did not compile: "No concurrent uncontrolled illness including ...",
    "No prior treatment for prostate cancer, including ..." (surgery for prostate cancer, not any surgery)."""
    result = outcome(rule)
    if result.executable or not (result.unresolved[0].reason == "vague" or phrases.pattern("indication").search(lead.text)):
        return None
    text = " ".join(lead.text.split())
    return ast.Unresolved(reason="ambiguous", detail=f"as the lead-in {text[:100]!r} qualifies it")


def apply_lead_ins(rules: list[ast.Node], groups: list[LeadIn], criteria: list[Criterion]) -> list[ast.Node]:
    """The rules of the items, as their lead-ins make them: negated (within the lead-in's qualifier), or each the `or` of all."""
    rules = list(rules)
    for group in groups:
        if group.mode == "negated":
            qualifier = _qualifier(criteria[group.index], rules[group.index])
            for number in group.items:
                if not isinstance(rules[number], ast.Unresolved):
                    rules[number] = negate(both(rules[number], qualifier) if qualifier else rules[number])
        elif group.mode == "definition":
            if not outcome(rules[group.index]).executable:
                defined = rules[group.items[0]]
                for number in group.items[1:]:
                    defined = both(defined, rules[number])
                rules[group.index] = defined
        else:
            alternatives = [rules[number] for number in group.items]
            joined = alternatives[0]
            for rule in alternatives[1:]:
                joined = either(joined, rule)
            for number in group.items:
                rules[number] = joined
    return rules

"""A population heading ("Healthy volunteers:") scopes the criteria under it: each holds only for
that cohort.

The parser finds the heading and its items (`facts.CohortScope`, `eligo/parser/lists.py`). No record
says which cohort a patient is in, so membership is unresolved, joined as `passes/cohorts.py` joins
a cohort inside one sentence: an inclusion item is met, or the patient is in another cohort (`item
or unresolved`); an exclusion item excludes only members (`item and unresolved`). A heading that
names one condition ("Patients with type 2 diabetes:") defines its cohort: `if has condition X then
item`, and `has condition X and item` in an exclusion. That is right where the record tells the
group: beside healthy volunteers, a patient with the condition is in its group and one without it is
not, so the items bind exactly the group's patients. It is unsafe where it need not: where the
heading's words narrow the concept read ("ocular hypertension" read as hypertension) or another
group of the section is named by a condition too (a normal-tension glaucoma record reaches
open-angle glaucoma), the record would put a patient in the wrong group and that group's items would
make them ineligible. The parser then gives the heading no condition
(`eligo/parser/heading_conditions.py`), and membership stays unresolved: an item of one group never
makes a patient of another ineligible on its own. A heading the splitter made a criterion of
its own ("* Part B (volunteers):", "Additionally, patients with X are excluded if:") is no rule:
it would otherwise require, or exclude, the whole group; so is a scope note ("All ophthalmic
criteria apply to the study eye only", `eligo/parser/scope_notes.py`), whose items cannot tell the
study eye from the other.
"""

from __future__ import annotations

from eligo.annotations import CriterionItem
from eligo.compiler.logic import both, either
from eligo.compiler.names import concept_name
from eligo.compiler.parts import quote, unresolved
from eligo.facts import CohortScope
from eligo.grammar import ast


def apply_cohorts(
    rules: list[ast.Node], scopes: list[CohortScope], criteria: list[CriterionItem]
) -> list[ast.Node]:
    """The rules of the items, each conditioned on its cohort; an item that is nothing but
    unresolved stays as it is."""
    rules = list(rules)
    for scope in scopes:
        if scope.heading is not None:
            text = quote(criteria[scope.heading].text)
            rules[scope.heading] = unresolved(
                "no_content",
                f"{text!r} is no criterion: it limits the criteria under it to "
                f"{scope.label[:100]!r}",
            )
        for number in scope.items:
            rule, criterion = rules[number], criteria[number]
            if isinstance(rule, ast.Unresolved):
                continue
            start = criterion.span[
                0
            ]  # the heading is not the criterion's words: an empty span at its start
            if len(scope.conditions) == 1:
                entity = ast.EntityRef(
                    type="condition", concept=concept_name(scope.conditions[0]), span=(start, start)
                )
                member: ast.Node = ast.Exists(entities=(entity,), span=(start, start))
                rules[number] = (
                    both(member, rule)
                    if criterion.kind == "exclusion"
                    else ast.If(condition=member, then=rule)
                )
                continue
            member = ast.Unresolved(
                reason="unsupported",
                detail=f"applies to {scope.label[:200]!r} only",
                span=(start, start),
            )
            rules[number] = (
                both(rule, member) if criterion.kind == "exclusion" else either(rule, member)
            )
    return rules

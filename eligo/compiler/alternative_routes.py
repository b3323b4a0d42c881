"""Criteria that are one criterion together: a lead-in's counted items, and a sentence that widens
the criterion before it.

"... provided the patient has at least two of the following additional risk factors:" and the
items listed under it are one criterion: the items count together, so no item is a requirement of
everyone (compiled one by one, each risk factor would be). The rule language has no "at least N of"
over criteria, so the count is an honest unresolved part located at the lead-in's words, beside
what it implies and can decide: at least one item holds (`lead and unresolved count and (item or
item ...)`: false when no item holds, never true). Every item's row carries that one rule, as the
items of an "any of the following" lead-in carry their `or`. A lead-in that the counted items
define ("Metabolic syndrome, defined as at least three of the following:") is its count alone.

"Include also patients of ages 50 - 54 years ... provided ...", "Patients aged 16-17 may also be
enrolled": an inclusion that widens what the criterion before it allows is a further way to
qualify, `previous or widening`, never a separate requirement; both rows (and the widening
lead-in's items) carry that rule.

Both act on the accounted rules (`protocol._outcomes`), so each item's own left-over words stay in
the group.
"""

from __future__ import annotations

from eligo.compiler.logic import both, either
from eligo.compiler.parts import quote, unresolved
from eligo.compiler.view import CriterionView
from eligo.facts import CriterionFacts, LeadIn
from eligo.grammar import ast

_NUMBERS = {"2": "two", "3": "three"}


def count_part(facts: CriterionFacts, items: int) -> ast.Unresolved | None:
    """The unresolved count of a counted lead-in, at its words from the count phrase to the end ("at
    least two of the following additional risk factors:")."""
    view = CriterionView(facts)
    phrase = view.phrase("count_lead")
    if phrase is None or phrase.value is None:
        return None
    start, end = facts.criterion.span
    least = _NUMBERS.get(phrase.value, phrase.value)
    return unresolved(
        "ambiguous",
        f"{quote(facts.criterion.text)!r} asks that at least {least} of the "
        f"{items} items listed under it hold: the count is not compiled, only that one holds",
        (start + phrase.start(), end),
    )


def counted_leads(
    rules: list[ast.Node], groups: list[LeadIn], facts: list[CriterionFacts]
) -> list[ast.Node]:
    """A counted lead-in's own rule with its count (before accounting, so the count's words are
    used); a lead-in that is only a heading of its items is its count alone."""
    rules = list(rules)
    for group in groups:
        part = count_part(facts[group.index], len(group.items)) if group.mode == "counted" else None
        if part is None:
            continue
        lead = rules[group.index]
        heading = isinstance(lead, ast.Unresolved) and lead.reason == "no_content"
        if _defined(facts[group.index]):  # the whole lead-in is the count's
            rules[group.index] = part.model_copy(update={"span": facts[group.index].criterion.span})
        else:
            rules[group.index] = part if heading else both(lead, part)
    return rules


def _defined(facts: CriterionFacts) -> bool:
    """ "Metabolic syndrome, defined as at least three of the following:": the counted items define
    what the lead-in names, so a record of it is no further requirement."""
    view = CriterionView(facts)
    counted = view.phrase("count_lead")
    end = counted.start() if counted is not None else None
    return any(view.phrase(kind, 0, end) for kind in ("definition", "open_definition"))


def counted_groups(
    rules: list[ast.Node], groups: list[LeadIn], facts: list[CriterionFacts]
) -> list[ast.Node]:
    """Each counted lead-in and its items as one rule: the lead-in's (with its count) and the `or`
    of the items."""
    rules = list(rules)
    for group in groups:
        if group.mode != "counted" or count_part(facts[group.index], 1) is None:
            continue
        listed = rules[group.items[0]]
        for number in group.items[1:]:
            listed = either(listed, rules[number])
        joined = both(rules[group.index], listed)
        for number in (group.index, *group.items):
            rules[number] = joined
    return rules


def widened(
    rules: list[ast.Node], groups: list[LeadIn], facts: list[CriterionFacts]
) -> list[ast.Node]:
    """An inclusion that widens the inclusion before it ("Include also patients of ...") as a
    further way to meet it: both rows, and the widening lead-in's items, `previous or widening`."""
    rules = list(rules)
    items = {number for group in groups for number in group.items}
    listed = {group.index: group.items for group in groups}
    for index in range(1, len(facts)):
        criterion, before = facts[index].criterion, facts[index - 1].criterion
        if (
            criterion.kind != "inclusion"
            or before.kind != "inclusion"
            or items & {index, index - 1}
        ):
            continue
        view = CriterionView(facts[index])
        if view.phrase("widening", *view.sentences[0]) is None:
            continue
        joined = either(rules[index - 1], rules[index])
        for number in (index - 1, index, *listed.get(index, ())):
            rules[number] = joined
    return rules

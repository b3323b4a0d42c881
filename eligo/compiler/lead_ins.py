"""Lead-ins act on the items listed under them: negated, alternatives, or a definition.

The parser finds the list structure (`eligo/parser/lists.py`, `facts.LeadIn`): "No prior treatment
for prostate cancer, including any of the following:" and the items under it. The lead-in's negation
belongs to every item, so "Surgery" there means no surgery; "at least 1 of the following conditions
apply:" makes each item of an inclusion the `or` of all, so that the criteria together require one;
"Adequate organ function, defined by the following laboratory test results:" and "severe renal
impairment as defined by:" are headings: the items are the definition, so the lead-in is no
requirement of its own; a lead-in that asks the investigator's judgement ("which, in the opinion of
the investigator, would compromise the study:") asks it of each item; an inclusion's lead-in that
lists things without saying whether all are required or any one will do ("Treatment with the
following insulins:") is read both ways, so that only what both readings agree on decides; one
opened by a word of permission ("Allowed background medication:") permits its items, which then
constrain nothing (`X or not X`). Whatever the mode, the
lead-in's time and modality reach its items first (`lead_scopes.py`), the innermost lead-in's
first, since an item's own lead-in is the nearest one that dates it.
"""

from __future__ import annotations

import re

from eligo.compiler.lead_scopes import heading, lead_scope, scoped
from eligo.compiler.logic import both, either, negate, outcome
from eligo.compiler.parts import quote, unresolved
from eligo.compiler.view import CriterionView
from eligo.compiler.washouts import washout
from eligo.facts import CriterionFacts, LeadIn
from eligo.grammar import ast

_OR = re.compile(r"\bor\b|\(b\)", re.I)


def _qualifier(facts: CriterionFacts, rule: ast.Node) -> ast.Unresolved | None:
    """What a negated lead-in says of its items and did not compile: "No concurrent uncontrolled
    illness including ...", "No prior treatment for prostate cancer, including ..." (surgery for
    prostate cancer, not any surgery)."""
    result = outcome(rule)
    if result.executable or not (
        result.unresolved[0].reason == "vague" or CriterionView(facts).phrase("indication")
    ):
        return None
    text = " ".join(facts.criterion.text.split())
    return ast.Unresolved(reason="ambiguous", detail=f"as the lead-in {text[:100]!r} qualifies it")


def _branch(facts: CriterionFacts) -> ast.Unresolved | None:
    """ "BMI of (a) >= 35, or (b) >= 30 and at least 1 of the following:": the items are one branch
    of the lead-in's alternatives, so meeting none of them leaves the other branch open (an
    inclusion's `or unresolved`)."""
    lead = facts.criterion
    listed = CriterionView(facts).phrase("alternatives")
    if listed is None or not _OR.search(lead.text, 0, listed.start()):
        return None
    return ast.Unresolved(
        reason="ambiguous",
        detail=f"one branch of the lead-in {' '.join(lead.text.split())[:100]!r}, whose other "
        "branch it leaves open",
    )


def _judgement(facts: CriterionFacts) -> ast.Unresolved | None:
    """ "Patients with the following impairments which, in the opinion of the investigator, would
    compromise the study:": the lead-in asks the investigator of each item, so an item alone
    ("Cognitive disorder") decides nothing without that judgement."""
    cues = CriterionView(facts).cues("judgement")
    if not cues:
        return None
    text = " ".join(facts.criterion.text.split())
    return unresolved(
        "judgement",
        f"the lead-in {text[:100]!r} asks {cues[0][0].text!r} of it, which no record holds",
        facts.criterion.span,
    )


def _undecided(lead: CriterionFacts, items: int) -> ast.Unresolved | None:
    """ "Treatment with the following insulins:", "on stable treatment consisting of:": an
    inclusion's items that may be alternatives (any one of them) as well as all required; "all of
    the following:", "each of:" say they are all required, and an exclusion's items exclude each
    on its own."""
    said_all = any(p.category == "all_listed" and p.whole for p in lead.phrases)
    if lead.criterion.kind != "inclusion" or items < 2 or said_all:
        return None
    text = " ".join(lead.criterion.text.split())
    return ast.Unresolved(
        reason="ambiguous",
        detail=f"the lead-in {text[:100]!r} does not say whether its items are alternatives or all "
        "required: another item met instead is not decided",
        span=lead.criterion.span,
    )


def _permits(lead: CriterionFacts) -> ast.Unresolved | None:
    """ "Allowed background medication:", "Accepted concomitant therapy:": a lead-in opened by a
    word of permission permits its items; none is a requirement."""
    if CriterionView(lead).phrase_at("permitting_lead", 0) is None:
        return None
    text = quote(lead.criterion.text)
    return unresolved(
        "judgement",
        f"{text!r} permits the items listed under it: no requirement",
        lead.criterion.span,
    )


def apply_lead_ins(
    rules: list[ast.Node], groups: list[LeadIn], facts: list[CriterionFacts]
) -> list[ast.Node]:
    """The rules of the items, as their lead-ins make them: within the lead-in's time, then negated
    (within the lead-in's qualifier), each the `or` of all, or headed by a definition."""
    rules = list(rules)
    for group in sorted(groups, key=lambda g: g.index, reverse=True):
        scope = lead_scope(facts[group.index])
        if scope is not None:
            for number in group.items:
                rules[number] = scoped(rules[number], scope)
    for group in groups:
        permission = _permits(facts[group.index])
        if permission is not None:
            for number in group.items:
                rule = rules[number]
                exclusion = facts[number].criterion.kind == "exclusion"
                rules[number] = (
                    both(rule, negate(rule)) if exclusion else either(rule, negate(rule))
                )
            rules[group.index] = permission
            continue
        judgement = _judgement(facts[group.index]) if group.mode == "scope" else None
        if judgement is not None:
            for number in group.items:
                rules[number] = both(rules[number], judgement)
        if group.mode == "washout":
            for number in group.items:
                rules[number] = washout(rules[number], facts[group.index], facts[number])
            text = quote(facts[group.index].criterion.text)
            rules[group.index] = unresolved(
                "no_content",
                f"{text!r} lists what must have been stopped, and how long before: not a criterion",
            )
            continue
        if group.mode == "negated":
            qualifier = _qualifier(facts[group.index], rules[group.index])
            for number in group.items:
                if not isinstance(rules[number], ast.Unresolved):
                    rules[number] = negate(
                        both(rules[number], qualifier) if qualifier else rules[number]
                    )
        elif group.mode in ("alternatives", "defined_alternatives"):
            alternatives = [rules[number] for number in group.items]
            joined = alternatives[0]
            for rule in alternatives[1:]:
                joined = either(joined, rule)
            branch = _branch(facts[group.index])
            joined = either(joined, branch) if branch is not None else joined
            for number in group.items:
                rules[number] = joined
        if group.mode in (
            "definition",
            "defined_alternatives",
        ):  # the items are the definition (each, or any)
            text = quote(facts[group.index].criterion.text)
            rules[group.index] = unresolved(
                "no_content",
                f"{text!r} names what the items listed under it define, not a criterion",
            )
        else:
            rules[group.index] = heading(rules[group.index], facts[group.index])
    return rules


def either_way(
    rules: list[ast.Node], groups: list[LeadIn], facts: list[CriterionFacts]
) -> list[ast.Node]:
    """Each item of an undecided lead-in as both readings agree: true when it holds (all required,
    or any one), false when no item holds, else unknown (`item or (any other item and
    unresolved)`). Applied to the items' finished rules, each with its own left-over words."""
    rules = list(rules)
    for group in groups:
        guess = _undecided(facts[group.index], len(group.items))
        if group.mode != "scope" or guess is None or _permits(facts[group.index]):
            continue
        own = {number: rules[number] for number in group.items}
        for number in group.items:
            others = [own[other] for other in group.items if other != number]
            joined = others[0]
            for rule in others[1:]:
                joined = either(joined, rule)
            rules[number] = either(own[number], both(joined, guess))
    return rules

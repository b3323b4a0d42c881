"""A washout list's items say what must have been stopped, and how long before: no required use.

"The following must be stopped before screening:" over "Drug class (e.g. A, B): 4 weeks" is
read item by item; alone, the item names a drug, which would compile to `has treatment
drug_class` and, in an inclusion, turn away every patient who never took it. Under a washout
lead-in (`facts.LeadIn` mode "washout", `eligo/parser/lists.py`) the item is the negation of the
use within its period: `not has treatment drug_class within 4 wk before screening`. A period or an
anchor the compiler cannot read leaves the negated use and-ed with an unresolved part inside the
negation (true for a patient who never took it, unknown for one who did), never a required use.
"""

from __future__ import annotations

import re

from eligo.compiler.lead_scopes import dated, entity_atoms
from eligo.compiler.logic import both, negate, outcome
from eligo.compiler.names import known_anchor
from eligo.compiler.parts import quote, unresolved
from eligo.facts import CriterionFacts
from eligo.grammar import ast
from eligo.units import dimension, ucum_code

_BEFORE = re.compile(r"\b(?:before|prior\s+to|preceding)\s+(?P<anchor>[^.;:]+)", re.I)
# the item's period after its colon ("Mitotane: 6 months")
_PERIOD = re.compile(r":\s*(?P<value>\d+(?:\.\d+)?)\s*(?P<unit>[A-Za-z]+)\W*$")


def _number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() else value


def _window(lead: CriterionFacts, item: CriterionFacts) -> ast.Window | None:
    """The item's period as a window before the lead-in's anchor, when both can be read."""
    period = _PERIOD.search(item.criterion.text)
    before = _BEFORE.search(lead.criterion.text)
    if period is None or before is None:
        return None
    unit, anchor = ucum_code(period.group("unit")), known_anchor(before.group("anchor"))
    if unit is None or anchor is None or dimension(unit) != "[time]":
        return None
    base = item.criterion.span[0]
    return ast.Window(
        op="<=",
        amount=ast.Quantity(value=_number(period.group("value")), unit=unit),
        relation="before",
        anchor=anchor,
        span=(base + period.start("value"), base + period.end("unit")),
    )


def washout(rule: ast.Node, lead: CriterionFacts, item: CriterionFacts) -> ast.Node:
    """An item's rule under a washout lead-in: no use within its period."""
    if not outcome(rule).executable:
        return rule
    window = _window(lead, item)
    atoms = entity_atoms(rule)
    if window is not None and atoms and all(atom.window is None for atom in atoms):
        return negate(dated(rule, window))
    if atoms and all(atom.window is not None for atom in atoms):  # the lead-in dated them
        return negate(rule)
    text, start = item.criterion.text, item.criterion.span[0]
    colon = text.rfind(":")
    span = (start + colon + 1, start + len(text)) if colon >= 0 else None
    detail = (
        f"stopped before what the washout lead-in {quote(lead.criterion.text, 100)!r} names: "
        "its period is not compiled"
    )
    return negate(both(rule, unresolved("unsupported", detail, span)))

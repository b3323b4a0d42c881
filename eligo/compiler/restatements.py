"""Words that restate what precedes them: brackets ("hepatitis B virus (HBV)", "≥ 75 x 10^9/L
(75,000/uL)") and the unit written after a comparison that already holds it ("Age \\[18-30\\]
years", "BMI between \\[18.0-28.0\\] kg/m\\^2").

Coverage accounting (`accounting.py`) counts the words of such a bracket as used
by the atom before it, since they say nothing more. A bracket restates when its
last content word before it is used and it holds only a few restating words:
names of concepts the rule names, numbers and units, abbreviations. A qualifier
("(untreated)", "(chest wall)") says more, and so does the name of a concept no
atom holds ("corticosteroids (for asthma)" says what they are for). A unit the
parser left outside a comparison (a markdown escape or a bracket between the
number and its unit) restates the comparison's own unit when it measures the
same dimension; a unit of another dimension ("IU/day" after a dose in mg) or no
known unit stays a leftover.

The other way round, a name written out before its bracketed abbreviation restates the abbreviation
when the rule uses the abbreviation: in "Janus kinase (JAK) inhibitor" or "angiotensin converting
enzyme (ACE) inhibitor" the lexicon names the drug class by its short form, and the long form says
nothing more. The long form is the shortest run of unused words before the bracket that spells the
abbreviation (Schwartz & Hearst's rule, the one scispaCy's detector follows: its characters in
order, the first at a word's start), so a qualifier before it ("oral", "selective") stays a
leftover.
"""

from __future__ import annotations

from eligo.compiler.names import concept_name
from eligo.compiler.parts import relative
from eligo.compiler.view import CriterionView
from eligo.facts import Mention
from eligo.grammar import ast
from eligo.terminology.store import Terminology
from eligo.units import same_measure, ucum_code

LONG_FORM_WORDS = 5  # a long form has at most this many words more than its short form's characters
RESTATEMENT_WORDS = 3  # at most this many content words in a bracket that restates what precedes it
UNIT_WORDS = 3  # at most this many words in a unit written after its comparison ("kg / m2")
_BETWEEN = frozenset(
    " \\[](){}"
)  # what may stand between a comparison and its unit: escapes, brackets


def _written(view: CriterionView, start: int, end: int) -> str:
    """The criterion's words in [start, end)."""
    return view.text[start:end]


def _restating(view: CriterionView, word: tuple[int, int], named: frozenset[str]) -> bool:
    """A word a restatement is made of: a name of a concept the rule names or compares (`named`:
    "hepatitis B virus (HBV)", "hepatitis B surface antigen (HBsAg)"), a number or unit, an
    abbreviation ("HBV", "ANC"); not a qualifier ("untreated", "chest wall"), which says more than
    what precedes it, nor the name of a concept no atom holds ("corticosteroids (for asthma)" says
    what they are for)."""
    text = _written(view, *word)
    facts = [
        relative(m.span, view.base) for m in view.facts.mentions if concept_name(m.concept) in named
    ] + [relative(t.span, view.base) for t in view.facts.thresholds]
    if any(a <= word[0] and word[1] <= b for a, b in facts):
        return True
    inside_mention = any(
        a <= word[0] and word[1] <= b
        for a, b in (relative(m.span, view.base) for m in view.facts.mentions)
    )
    return not inside_mention and (
        any(c.isdigit() or c == "/" for c in text) or sum(c.isupper() for c in text) >= 2
    )


def restatements(
    view: CriterionView, rule: ast.Node, used: list[tuple[int, int]], words: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Brackets holding a few restating words whose last content word before them is used: they
    restate it."""
    brackets = view.brackets(0, len(view.text))
    if not brackets:  # most criteria: the rule's names are not needed
        return []
    named = frozenset(
        n.concept for n in ast.walk(rule) if isinstance(n, (ast.EntityRef, ast.Observed))
    )
    found = []
    for open_, close in brackets:
        before = [w for w in words if w[1] <= open_]
        inside = [w for w in words if open_ < w[0] and w[1] <= close]
        if (
            before
            and len(inside) <= RESTATEMENT_WORDS
            and any(a <= before[-1][0] and before[-1][1] <= b for a, b in used)
        ):
            if all(_restating(view, w, named) for w in inside) or view.cues(
                "exception", open_, close
            ):  # an exception's words
                found.append((open_, close))
    return found


def _unit_of(node: ast.Compare | ast.InRange) -> str | None:
    """The unit of a comparison's value (of its bounds, for a range), when it has one."""
    values = [node.value] if isinstance(node, ast.Compare) else [node.low, node.high]
    units = {v.unit for v in values if isinstance(v, ast.Quantity)}
    return units.pop() if len(units) == 1 else None


def restated_units(
    view: CriterionView, rule: ast.Node, used: list[tuple[int, int]], words: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The unit written right after a comparison (only escapes and brackets between) that measures
    what the comparison's unit does: the comparison holds it already."""
    found = []
    for node in ast.walk(rule):
        if not isinstance(node, ast.Compare | ast.InRange) or node.span is None:
            continue
        unit = _unit_of(node)
        end = node.span[1]
        after = [w for w in words if w[0] >= end][:UNIT_WORDS]
        if (
            unit is None
            or not after
            or any(a <= after[0][0] and after[0][1] <= b for a, b in used)
            or not set(_written(view, end, after[0][0])) <= _BETWEEN
        ):
            continue
        for last in range(len(after), 0, -1):
            written = _written(view, after[0][0], after[last - 1][1]).replace("\\", "")
            code = ucum_code(written)
            if code is not None and same_measure(code, unit):
                found.append((after[0][0], after[last - 1][1]))
                break
    return found


def _long_form_start(text: str, short: str) -> int | None:
    """Where in `text` the long form of `short` that ends `text` starts (Schwartz & Hearst: the
    short form's letters and digits, right to left, in the text, the first at a word's start), or
    None."""
    chars = [c.lower() for c in short if c.isalnum()]
    if len(chars) < 2 or not chars[0].isalpha():
        return None
    at = len(text) - 1
    for index in range(len(chars) - 1, -1, -1):
        while at >= 0 and (
            text[at].lower() != chars[index] or (index == 0 and at > 0 and text[at - 1].isalnum())
        ):
            at -= 1
        if at < 0:
            return None
        at -= 1
    return at + 1


def _spelt(view: CriterionView, start: int, end: int, mention: Mention, headed: bool) -> bool:
    """Whether the long form in [start, end) names what the mention of its abbreviation does: the
    abbreviation modifies a head the mention reads after the bracket ("(JAK) inhibitor"), or the
    terminology names the mention's concept by the long form. A bare abbreviation read as another
    concept keeps its long form a leftover ("toe-brachial index (TBI)" is no brain injury)."""
    if headed:
        return True
    named = Terminology.load().lookup(_written(view, start, end))
    known = view.lexicon.get(mention.concept)
    return named is not None and (
        named.name == mention.concept or (known is not None and named.code == known.code)
    )


def long_forms(
    view: CriterionView, used: list[tuple[int, int]], words: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The unused long form right before a bracketed abbreviation the rule uses ("Janus kinase
    (JAK) inhibitor"): it restates the abbreviation."""
    found = []
    for open_, close in view.brackets(0, view.sentences[-1][1]):
        inside = [w for w in words if open_ < w[0] and w[1] <= close]
        short = _written(view, *inside[0]) if len(inside) == 1 else ""
        if (
            not any(c.isupper() for c in short)
            or len(short) > 10
            or not any(a <= inside[0][0] and inside[0][1] <= b for a, b in used)
        ):
            continue
        heads = [
            (m, relative(m.span, view.base)[1])
            for m in view.facts.mentions
            if relative(m.span, view.base)[0] <= inside[0][0] < relative(m.span, view.base)[1]
        ]
        before = [w for w in words if w[1] <= open_][-(len(short) + LONG_FORM_WORDS) :]
        if not before or _written(view, before[-1][1], open_).strip():
            continue
        start = _long_form_start(_written(view, before[0][0], open_).rstrip(), short)
        if start is None:
            continue
        start += before[0][0]
        if (
            any(w[0] == start for w in before)
            and not any(a < open_ and start < b for a, b in used)
            and any(_spelt(view, start, open_, m, end > close) for m, end in heads)
        ):
            found.append((start, open_))
    return found

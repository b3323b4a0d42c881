"""One sentence → its rule: the parts, rewritten by the passes, joined by the connectives between them.

A conditional clause becomes `if` (or a conjunction in an exclusion), an
obligation's subject conditions it, an exemption ("are not required to")
applies to everyone else, a permission constrains nothing, and the remaining
parts are joined by the connective written between them.
"""

from __future__ import annotations

import re

from eligo import phrases
from eligo.compiler.conditions import RELATIVE, closing_condition, obligation_modal, opening_condition, subject_sex
from eligo.compiler.lists import group_mentions, unmatched_exceptions, with_unlisted
from eligo.compiler.logic import both, either, negate
from eligo.compiler.measures import categorical_parts, measure_parts, sex_part
from eligo.compiler.mentions import asserted_mentions, setting_filters
from eligo.compiler.parts import Draft, Part, Sentence, quote, relative, unresolved
from eligo.compiler.text import clause_end
from eligo.compiler.timing import interval_part, sentence_windows
from eligo.compiler.view import CriterionView
from eligo.grammar import ast

_OR_GAP = re.compile(r"[\s,;)\]]*(?:or|and/or|nor|/)[\s,]*(?:(?:any|other|a|an|the)\s+)?", re.I)
_YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d{2}(?![\d.,%])")
_RELATIVE_GAP = re.compile(r"\b(?:who|whose|which|that|requiring)\b", re.I)


def sentence_parts(view: CriterionView, start: int, end: int) -> tuple[list[Part], list[ast.Unresolved]]:
    """Every compiled piece of the sentence [start, end), rewritten by the view's passes, and the exceptions written
    in it that did not compile."""
    setting = tuple(setting_filters(view, start, end))
    windows = sentence_windows(view, start, end)
    found, parts = asserted_mentions(view, start, end)
    interval, used = interval_part(view, found, windows, start, end, setting)
    if interval is not None:
        found = [item for i, item in enumerate(found) if i not in used]
        windows = [w for w in windows if not interval.start <= w[1] < interval.end]
    measured, filters, counted = measure_parts(view, start, end, found, windows, setting)
    if interval is not None:
        measured = [p for p in measured if not interval.start <= p.start < interval.end] + [interval]
    parts += measured
    kept = [i for i in range(len(found)) if i not in counted]
    renumbered = {old: new for new, old in enumerate(kept)}
    filters = {renumbered[i]: f for i, f in filters.items() if i in renumbered}
    parts += group_mentions(view, [found[i] for i in kept], found, windows, filters, start, end, setting)
    covered = [relative(t.span, view.base) for t in view.facts.thresholds]
    parts += categorical_parts(view, start, end, covered) + sex_part(view, start, end)
    draft, sentence = Draft(tuple(parts)), Sentence(view, start, end, tuple(windows), setting)
    for rewrite in view.passes:
        draft = rewrite(draft, sentence)
    exceptions = list(draft.exceptions)
    return list(draft.parts + draft.held), exceptions + unmatched_exceptions(view, start, end, exceptions)


def relative_clauses(view: CriterionView, parts: list[Part]) -> list[Part]:
    """"women of childbearing potential who are unwilling to ...", "X requiring Y": a relative clause qualifies the
    item just before it, which stays one item of its list ("A, B, or C who ..." is A or B or (C and ...))."""
    result: list[Part] = []
    for part in parts:
        previous = result[-1] if result else None
        gap = view.text[previous.end : part.start] if previous is not None and part.start > previous.end else None
        if gap is not None and _RELATIVE_GAP.search(gap) and not are_alternatives(view, gap):
            result[-1] = Part(previous.start, part.end, both(previous.expr, part.expr), previous.entity or part.entity)
            continue
        result.append(part)
    return result


def are_alternatives(view: CriterionView, gap: str) -> bool:
    """Between two entities of an exclusion: alternatives ("X, Y", "X and Y", "X (including Y)"), unless a relation
    joins them ("X requiring Y", "nivolumab in the adjuvant setting for melanoma"); "or" always separates."""
    if phrases.pattern("example").search(gap):
        return True
    words = re.findall(r"[\w/]+", gap.lower())
    for word in reversed(words):
        if word in ("or", "and", "and/or", "nor"):
            return True
        if phrases.pattern("relation").fullmatch(word):
            return False
    return True


def join(view: CriterionView, parts: list[Part]) -> ast.Node:
    """Join parts in text order: `or` where the text between says or (or lists exclusions), else `and`."""
    parts = relative_clauses(view, sorted(parts, key=lambda p: p.start))
    gaps = [view.text[a.end : b.start] if b.start > a.end else "" for a, b in zip(parts, parts[1:])]
    conjuncts: list[list[Part]] = [[parts[0]]]
    for number, (previous, part) in enumerate(zip(parts, parts[1:])):
        gap = gaps[number]
        if re.fullmatch(r"\s*,\s*", gap):
            following = next((g for g in gaps[number + 1 :] if not re.fullmatch(r"\s*,\s*", g)), "")
            ending = re.search(r"\betc\b", view.text[parts[-1].end : clause_end(view.text, parts[-1].end)]) is not None
            gap = following if _OR_GAP.fullmatch(following) else (" or " if ending else gap)
        listed = view.exclusion and previous.entity and part.entity and are_alternatives(view, gap)
        separated = view.exclusion and re.match(r"\s*(?:;|,\s*(?:and|or|and/or)\b)", gap) is not None
        loose_or = re.search(r"\bor\b", gap) is not None and not re.search(r"\band\b", gap) and len(gap.split()) <= 3
        if _OR_GAP.fullmatch(gap) or listed or separated or loose_or:
            conjuncts[-1].append(part)
        else:
            conjuncts.append([part])
    nodes = []
    for group in conjuncts:
        exprs = tuple(dict.fromkeys(p.expr for p in group))
        nodes.append(exprs[0] if len(exprs) == 1 else ast.Or(args=exprs))
    rule = nodes[0]
    for node in nodes[1:]:
        rule = both(rule, node)
    return consistent(view, rule, parts[0].start, parts[-1].end)


def consistent(view: CriterionView, rule: ast.Node, start: int, end: int) -> ast.Node:
    """A conjunction that reads as both X and not X ("non-smoker / for ex-smokers ... of smoking") is no reading."""
    args = rule.args if isinstance(rule, ast.And) else (rule,)
    if any(negate(arg) in args for arg in args):
        return unresolved("ambiguous", f"{quote(view.text[start:end], 80)!r} reads as both a requirement and its negation", (start, end))
    return rule


def assemble(view: CriterionView, parts: list[Part], start: int, end: int) -> ast.Node:
    """The sentence's rule: its conditional clause first, then its other parts joined."""
    clause = opening_condition(view, start, end) or closing_condition(view, start, end)
    if clause is not None:
        inside = [p for p in parts if clause[0] <= p.start < clause[1]]
        outside = [p for p in parts if p not in inside]
        if outside:
            if inside:
                condition = join(view, inside)
            else:
                condition = subject_sex(view, *clause[:2]) or unresolved(
                    "ambiguous", f"condition {quote(view.text[clause[0]:clause[1]])!r} was not recognised", clause[:2]
                )
            rule = join(view, outside)
            if clause[2] is not None and clause[2].text.lower() == "unless":
                return both(rule, negate(condition)) if view.exclusion else either(rule, condition)
            return both(condition, rule) if view.exclusion else ast.If(condition=condition, then=rule)
    return join(view, parts)


def sentence_rule(view: CriterionView, start: int, end: int) -> ast.Node | None:
    """The rule of one sentence, or None when nothing in it compiles; a calendar date in it is a further condition."""
    rule = statement(view, start, end)
    year = _YEAR.search(view.text, start, end)
    if rule is None or year is None:
        return rule
    return both(rule, unresolved("unsupported", f"the calendar date in {quote(view.text[start:end], 80)!r} is not compiled", year.span()))


def statement(view: CriterionView, start: int, end: int) -> ast.Node | None:
    """The rule of one sentence, or None when nothing in it compiles."""
    exemption = phrases.pattern("exemption").search(view.text, start, end)
    if exemption is not None:
        return exempted_rule(view, start, exemption)
    allowance = phrases.pattern("allowance").search(view.text, start, end) if start == view.sentences[0][0] else None
    if allowance is not None and view.cues("exception", start, allowance.start()):
        allowance = None  # "X, except Y, are eligible": an exception, not a permission
    preference = phrases.pattern("preference").search(view.text, start, end)
    if allowance is not None or preference is not None:
        return allowed(view, start, end, allowance, preference)
    obligation = obligation_modal(view, start, end)
    body = obligation.end() if obligation is not None else start
    parts, exceptions = sentence_parts(view, start, end)
    if not parts:
        return None
    permission = phrases.pattern("permission").search(view.text, start, min(p.start for p in parts))
    if permission is not None and obligation is None and not RELATIVE.search(view.text, start, permission.start()):
        return permitted(view, assemble(view, parts, start, end))
    subject = [p for p in parts if p.end <= body]
    rest = [p for p in parts if p not in subject]
    if obligation is None:
        return with_unlisted(view, excepting(view, assemble(view, parts, start, end), exceptions), parts, start, end)
    if not rest:
        rest = [Part(body, end, unresolved("unsupported", f"{quote(view.text[body:end], 80)!r} was not compiled"))]
    rule = excepting(view, assemble(view, rest, body, end), exceptions)
    condition = join(view, subject) if subject else subject_sex(view, start, body)
    if view.exclusion:
        rule = negate(rule)
        return both(condition, rule) if condition is not None else rule
    return ast.If(condition=condition, then=rule) if condition is not None else rule


def allowed(view: CriterionView, start: int, end: int, allowance: re.Match | None, preference: re.Match | None) -> ast.Node:
    """"Patients with treated brain metastases may be included", "Preference will be given to patients with X": a
    permission or a preference is no requirement. What it names constrains nothing (`permitted`); with nothing
    named, the criterion is left to the screening team."""
    stop = allowance.start() if allowance is not None else end
    parts, _ = sentence_parts(view, start, stop)
    if parts:
        return permitted(view, assemble(view, parts, start, stop))
    cue = allowance or preference
    return unresolved("judgement", f"{cue.group(0)!r} states a permission or a preference, not a requirement", cue.span())


def permitted(view: CriterionView, rule: ast.Node) -> ast.Node:
    """"Patients could be receiving chemotherapy": a permission constrains nothing, so an inclusion holds either
    way (`X or not X`, true once the record tells) and an exclusion never applies (`X and not X`)."""
    return both(rule, negate(rule)) if view.exclusion else either(rule, negate(rule))


def excepting(view: CriterionView, rule: ast.Node, exceptions: list[ast.Unresolved]) -> ast.Node:
    """An uncompiled exception narrows an exclusion (`and`) and widens an inclusion (`or`)."""
    for missing in exceptions:
        rule = both(rule, missing) if view.exclusion else either(rule, missing)
    return rule


def exempted_rule(view: CriterionView, start: int, exemption: re.Match) -> ast.Node | None:
    """"Women of non-childbearing potential are not required to use contraception": everyone else is."""
    subject, _ = sentence_parts(view, start, exemption.start())
    if view.exclusion or not subject:
        return None
    condition = negate(join(view, subject))
    detail = f"{quote(view.text[exemption.end():].strip(' .'), 80)!r} applies to everyone else; it is a commitment, not a record"
    return ast.If(condition=condition, then=unresolved("consent", detail, (exemption.start(), len(view.text))))

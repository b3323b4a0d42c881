"""Coverage accounting: a criterion is compiled fully only when its rule accounts for every content word.

The parser marks each criterion's content words (`facts.words`: not stop words,
punctuation or the function words of trial text). A word is accounted for when
it lies inside the span of an atom of the rule (a `has`, comparison, count,
window, filter or unresolved part), or inside a cue whose reading is the rule's
structure or its default: a condition, an exception, consent, judgement, or
"history of" (a `has` reads the whole record). A "current" or vague cue counts
only when an atom covers it ("active" as a status filter, "currently" as a
window at screening). A short bracket right after used words restates them
("hepatitis B virus (HBV)", "≥ 75 x 10^9/L (75,000/uL)"). The words left over,
grouped into phrases (left-over words with no used word between them), each
become an `unresolved` part with their span, joined as a further requirement
(`and`): nothing is lost silently.
"""

from __future__ import annotations

from eligo.compiler.logic import both
from eligo.compiler.parts import quote, relative, unresolved
from eligo.compiler.view import CriterionView
from eligo.grammar import ast

READ_CUES = frozenset({"conditional", "exception", "consent", "judgement", "history"})
RESTATEMENT_WORDS = 3  # at most this many content words in a bracket that restates what precedes it


def _restatements(view: CriterionView, used: list[tuple[int, int]], words: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Brackets holding a few content words whose last content word before them is used: they restate it."""
    found = []
    for open_, close in view.brackets(0, len(view.text)):
        before = [w for w in words if w[1] <= open_]
        inside = [w for w in words if open_ < w[0] and w[1] <= close]
        if before and len(inside) <= RESTATEMENT_WORDS and any(a <= before[-1][0] and before[-1][1] <= b for a, b in used):
            found.append((open_, close))
    return found


def _used(view: CriterionView, rule: ast.Node) -> list[tuple[int, int]]:
    """What the rule's atoms use: an unresolved part, a window, a filter or an interval ("the time between the end of
    X and Y") uses all its words; a `has`, comparison or count uses the facts it was built from (mentions,
    thresholds, windows inside its span), not the words between them ("two prior lines of endocrine therapy" uses
    no "lines")."""
    used, deciding = [], []
    for node in ast.walk(rule):
        if isinstance(node, ast.Located) and node.span is not None:
            whole = isinstance(node, ast.Unresolved | ast.Window | ast.Filter | ast.Interval)
            (used if whole else deciding).append(node.span)
    facts = [relative(f.span, view.base) for f in (*view.facts.mentions, *view.facts.thresholds, *view.facts.windows)]
    used += [f for f in facts if any(a <= f[0] and f[1] <= b for a, b in deciding)]
    return used


def leftovers(view: CriterionView, rule: ast.Node) -> list[tuple[int, int]]:
    """The phrases of content words no atom or read cue accounts for, in criterion coordinates."""
    used = _used(view, rule) + [(start, end) for cue, start, end in view.cue_spans if cue.category in READ_CUES]
    words = [relative(word, view.base) for word in view.facts.words]
    used += _restatements(view, used, words)
    phrases: list[tuple[int, int]] = []
    joining = False
    for start, end in words:
        if any(a <= start and end <= b for a, b in used):
            joining = False
        elif joining:
            phrases[-1] = (phrases[-1][0], end)
        else:
            phrases.append((start, end))
            joining = True
    return phrases


def account(view: CriterionView, rule: ast.Node) -> tuple[ast.Node, list[tuple[int, int]]]:
    """The rule with an unresolved part for each left-over phrase, and those phrases."""
    found = leftovers(view, rule)
    seen: dict[str, int] = {}
    for start, end in found:
        phrase = quote(view.text[start:end], 80)
        seen[phrase] = seen.get(phrase, 0) + 1
        again = f" (occurrence {seen[phrase]})" if seen[phrase] > 1 else ""  # equal parts would merge into one
        rule = both(rule, unresolved("unsupported", f"{phrase!r}{again} is not compiled: no part of the rule uses it", (start, end)))
    return rule, found

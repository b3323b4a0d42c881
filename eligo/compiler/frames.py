"""Words a compiled atom reads although no fact of the atom holds them: a frame before a treatment,
the visit of a reading after a measure, and the name a bracketed definition gives.

Coverage accounting (`accounting.py`) leaves every content word no atom uses as an unresolved part.
Some words say nothing the atom next to them does not already say:

* a frame of use right before a treatment or procedure the rule names ("exposure to a TZD",
  "administration of immunoglobulins", "treated with metformin", "a dose of insulin"): a `has`
  reads every record of use, so the frame adds nothing. Before a condition ("exposure to
  diphtheria") it names a contact, not the condition, and stays uncompiled.
* the visit a measure is read at, written after it ("HbA1c 7-10 % at visit 1", "SBP < 95 mmHg at
  baseline"), as `measured_when` already reads it before it ("Baseline BMI"): the value at
  screening, the latest one a comparison reads.
* a word of the present ("currently undergoing dialysis", "concomitant use of X") right before a
  `has` dated at screening (`passes/current_states.py`, `passes/screening_times.py`): the window
  says it. Before anything else ("current treatment for active cancer", "current or prior use") it
  stays uncompiled.
* the name of what a bracket defines by a measure ("impaired renal function (serum creatinine >
  1.3 mg/dL)"): when the head names no known concept (`passes/definitions.py` makes a known one an
  alternative to its definition) and every content word of the bracket is used, the bracket is the
  criterion and the head its name. A bracket of examples ("e.g.") defines nothing, and a bracket
  listing measures ("ALP, ALT, AST > 3 x ULN") is left to the list's own reading.
"""

from __future__ import annotations

from eligo.compiler.parts import relative
from eligo.compiler.view import CriterionView
from eligo.grammar import ast

Spans = list[tuple[int, int]]
FRAMED_KINDS = frozenset({"treatment", "procedure"})  # what a frame of use may stand before
HEAD_WORDS = 5  # at most this many content words name what a bracket defines


def _inside(word: tuple[int, int], spans: Spans) -> bool:
    return any(a <= word[0] and word[1] <= b for a, b in spans)


def use_frames(
    view: CriterionView, used: Spans, words: Spans, long_forms: Spans | None = None
) -> Spans:
    """`use_frame` phrases whose next content word is a used treatment or procedure mention, or the
    long form written before its bracketed abbreviation ("exposure to any Janus kinase (JAK)
    inhibitor", `restatements.long_forms`)."""
    named = [relative(m.span, view.base) for m in view.facts.mentions if m.type in FRAMED_KINDS]
    named += [
        form
        for form in long_forms or []
        if _inside(next((w for w in words if w[0] > form[1]), (-1, -1)), named)
    ]
    found = []
    for frame in view.phrases("use_frame"):
        following = next((w for w in words if w[0] >= frame.end()), None)
        if following is not None and _inside(following, named) and _inside(following, used):
            found.append(frame.span())
    return found


def reading_visit(view: CriterionView, end: int, words: Spans) -> tuple[int, int] | None:
    """A `measured_at` phrase ("at visit 1") right after a measure ending at `end`, with no content
    word between and in the same clause."""
    when = view.phrase("measured_at", end, view.clause_end(end))
    if when is None or any(end <= w[0] and w[1] <= when.start() for w in words):
        return None
    return when.span()


def named_definitions(view: CriterionView, used: Spans, words: Spans) -> Spans:
    """The unused content words right before a bracket that defines them by a measure: the bracket
    holds a threshold, no example cue, no list (comma or semicolon) and only used content words;
    the head, at most `HEAD_WORDS` words in the bracket's clause, holds no known concept."""
    thresholds = [relative(t.span, view.base) for t in view.facts.thresholds]
    mentions = [relative(m.span, view.base) for m in view.facts.mentions]
    found = []
    for open_, close in view.brackets(0, max((b for _, b in view.sentences), default=0)):
        inside = [w for w in words if open_ < w[0] and w[1] <= close]
        if (
            not inside
            or not any(open_ < a and b <= close + 1 for a, b in thresholds)
            or not all(_inside(w, used) for w in inside)
            or view.phrase("instance", open_, close)
            or any(
                char in ",;" and not any(a <= at < b for a, b in thresholds)  # "1,5 mg/dl"
                for at, char in view.marks(open_ + 1, close)
            )
        ):
            continue
        start = view.clause_start(open_)
        head: Spans = []
        for word in reversed([w for w in words if start <= w[0] and w[1] <= open_]):
            if _inside(word, used):
                break
            head.insert(0, word)
        if head and len(head) <= HEAD_WORDS and not any(_inside(w, mentions) for w in head):
            found.append((head[0][0], head[-1][1]))
    return found


def _now(window: ast.Window | None) -> bool:
    """Whether `window` is the record at screening (`parts.at_screening`)."""
    return (
        window is not None
        and window.relation == "during"
        and window.anchor == "screening"
        and window.amount.value == 0
    )


def present_words(view: CriterionView, rule: ast.Node, words: Spans) -> Spans:
    """`current` phrases whose next content word names an entity of a `has` dated at screening."""
    named = [
        e.span
        for node in ast.walk(rule)
        if isinstance(node, ast.Exists) and _now(node.window)
        for e in node.entities
        if e.span is not None
    ]
    found = []
    for cue in view.phrases("current"):
        following = next((w for w in words if w[0] >= cue.end()), None)
        if following is not None and _inside(following, named):
            found.append(cue.span())
    return found

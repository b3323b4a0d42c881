"""One criterion's facts → one rule expression; what cannot be compiled stays `unresolved`.

The facts are positioned pieces of the criterion text: thresholds, windows,
concept mentions (negated or not) and cues. A criterion is compiled sentence by
sentence (`sentence.py`): its parts come from the measures (`measures.py`), the
mentions it asserts (`mentions.py`) joined into lists (`lists.py`) and its
windows (`timing.py`), are rewritten by the ordered `PASSES` (`passes/`), and
joined by the connectives between them. Here: the criteria that only a
screening visit decides (consent, judgement), how further sentences join the
first, and the vague or consent qualifiers left over.

Inclusions and exclusions read differently: an exclusion is met when any of its
listed items is present ("X within 3 weeks and Y within 2 weeks" excludes
either), its conditions are conjunctions (excluded if the condition holds and
the rest does), and an obligation in it ("must have ...") is met when the
obligation is not. What is left unexplained becomes `unresolved`, never
dropped, joined so the rule stays sound (`logic.py`): an uncompiled qualifier
is a further requirement (`and unresolved`), an uncompiled exception a further
condition (it only removes patients), unless it allows what an inclusion
forbids ("... allowed"): then a further way to qualify (`or unresolved`).
"""

from __future__ import annotations

import re

from eligo import phrases
from eligo.compiler.conditions import opening_condition
from eligo.compiler.connectives import consistent
from eligo.compiler.logic import Outcome, both, conjunctive, either, outcome
from eligo.compiler.parts import ENTITY_TYPES, STATUS_WORDS, quote, relative, unresolved
from eligo.compiler.passes import PASSES
from eligo.compiler.provenance import locate, placed
from eligo.compiler.sentence import excepting, sentence_rule
from eligo.compiler.view import CriterionView
from eligo.facts import CriterionFacts, Cue
from eligo.grammar import ast
from eligo.structure import EXCEPTION_LIST

HEADING_WORDS = 4  # a heading is at most this many words and a colon
_NOTE = re.compile(r"\W*note\b", re.I)
_SUBJECT_ONLY = re.compile(
    r"(?:\W|\b(?:the|a|an|is|are|has|have|must|should|will|be|who|and|or|of)\b)*", re.I
)


def heading_or_pointer(view: CriterionView) -> Outcome | None:
    """ "Hepatic:", "Cardiovascular disease:" (a heading of the items below it, a few words and a
    colon), "See General Characteristics" (a pointer elsewhere) or a one-sentence disclaimer ("The
    above information is not intended to contain all considerations ...", "No exclusion criteria
    will be applied") is no criterion: what it names is not required or excluded."""
    words = view.text.split()
    heading = (
        view.text.rstrip().endswith(":")
        and len(words) <= HEADING_WORDS
        and not (view.facts.thresholds or view.facts.windows)
    )
    if not heading and not view.phrase_at("pointer", len(view.text) - len(view.text.lstrip())):
        if len(view.sentences) == 1 and view.phrase("no_criteria"):
            return outcome(
                unresolved(
                    "no_content",
                    f"{quote(view.text)!r} is a disclaimer or says no criteria apply, not a "
                    "criterion",
                )
            )
        return None
    return outcome(
        unresolved("no_content", f"{quote(view.text)!r} is a heading or a pointer, not a criterion")
    )


def screening_only(view: CriterionView) -> Outcome | None:
    """A consent or judgement criterion: one with nothing measurable, or whose predicate the cue is
    ("Participant consents to provide ...", "Female participant must agree not to breastfeed
    ...")."""
    measurable = bool(view.facts.thresholds or view.facts.windows)
    for category in ("judgement", "consent"):
        cues = view.requirement_cues(category)
        if cues and (
            (not measurable and not named_outside(view, cues[0])) or is_predicate(view, cues[0][1])
        ):
            return outcome(
                unresolved(category, f"depends on {cues[0][0].text!r}, which no record holds")
            )
    return None


def named_outside(view: CriterionView, cue: tuple[Cue, int, int]) -> bool:
    """Whether a concept is named outside the cue's clause ("pregnant, lactating, or ... unwilling
    to commit to")."""
    start, end = view.clause_start(cue[1]), view.clause_end(cue[2])
    return any(
        not start <= m_start < end
        for _, m_start, _ in view.mentions(0, len(view.text), ENTITY_TYPES)
    )


def is_predicate(view: CriterionView, start: int) -> bool:
    """Whether only the subject ("Participant", "WOCBP who", "Male participant must") stands before
    `start`."""
    clause = opening_condition(view, *view.sentences[0])
    before = (
        view.text[clause[1] + 1 : start]
        if clause is not None and clause[1] < start
        else view.text[:start]
    )
    subject = phrases.pattern("person").sub(" ", before)
    return _SUBJECT_ONLY.fullmatch(subject) is not None


def widens(view: CriterionView, start: int, end: int) -> bool:
    """A sentence that widens what the criterion allows: an exception, a note, a conditional
    relaxation."""
    return bool(
        view.cues("exception", start, end)
        or EXCEPTION_LIST.search(view.text, start, end)
        or _NOTE.match(view.text, start)
        or opening_condition(view, start, end)
    )


def tail(
    view: CriterionView,
    rule: ast.Node,
    node: ast.Node | None,
    start: int,
    end: int,
    exceptional: bool,
) -> ast.Node:
    """A further sentence joined to the rule.

    A procedure ("Subjects will undergo testing ...") adds nothing. An obligation ("Participants
    must ...") is a further requirement of an inclusion (`and`) and a further exclusion (`or`),
    unresolved if it did not compile or has exceptions. An exception, a note or a definition ("...
    are considered measurable if ...") is an uncompiled exception. Any other sentence that compiles
    is a further requirement or exclusion; in an inclusion whose rule is a subject's obligation
    ("Women of childbearing potential must ..."), a sentence without an obligation of its own is
    part of that obligation.
    """
    quoted = quote(view.text[start:end], 100)
    if view.phrase("procedural", start, end):
        return rule
    if node is not None and re.match(r"\W*or\b", view.text[start:end], re.I):
        return either(conjunctive(rule), conjunctive(node))
    if _NOTE.match(view.text, start) or opening_condition(view, start, end):
        return excepting(
            view,
            rule,
            [unresolved("ambiguous", f"the exception {quoted!r} was not compiled", (start, end))],
        )
    obligation = view.phrase("obligation", start, end) is not None
    exceptional = exceptional or view.phrase("exception_word", start, end) is not None
    if obligation and (node is None or exceptional):
        node = unresolved("unsupported", f"{quoted!r} was not compiled")
    elif exceptional:
        return excepting(
            view,
            rule,
            [unresolved("ambiguous", f"the exception {quoted!r} was not compiled", (start, end))],
        )
    elif view.phrase("definitional", start, end):
        return either(rule, unresolved("ambiguous", f"the definition {quoted!r} was not compiled"))
    if node is None:
        return rule
    if isinstance(rule, ast.If) and rule.otherwise is None and not (view.exclusion or obligation):
        # "Women of childbearing potential must use ... . A list of methods is provided.": a
        # sentence with no obligation of its own belongs to the subject's obligation
        return rule.model_copy(update={"then": both(rule.then, node)})
    return either(rule, node) if view.exclusion else both(rule, node)


def nothing_compiled(view: CriterionView) -> ast.Unresolved:
    """Why nothing compiled: a vague word, else nothing known."""
    vague = view.cues("vague")
    if vague:
        return unresolved("vague", f"{vague[0][0].text!r} is not defined by a measurable threshold")
    return unresolved("unsupported", "no known concept, threshold or time window was recognised")


def with_qualifiers(view: CriterionView, rule: ast.Node) -> ast.Node:
    """Vague qualifiers of the first sentence outside every mention, and consent or judgement cues,
    leave the criterion partly compiled (a vague word in an exception is part of the exception)."""
    spans = [relative(span, view.base) for span in view.facts.spans()]
    spans += [
        n.span
        for n in ast.walk(rule)
        if isinstance(n, ast.Compare | ast.InRange | ast.InSet | ast.Filter) and n.span is not None
    ]  # a filter uses its word ("severe asthma")
    loose = [
        (c, s, e)
        for c, s, e in view.cues("vague", *view.sentences[0])
        if not any(a <= s and e <= b for a, b in spans) and c.text.lower() not in STATUS_WORDS
    ]
    extra = [unresolved("vague", f"{c.text!r} is not defined", (s, e)) for c, s, e in loose[:1]]
    reasons = {n.reason for n in ast.walk(rule) if isinstance(n, ast.Unresolved)}
    for category in ("judgement", "consent"):
        if category not in reasons:
            extra += [
                unresolved(category, f"depends on {c.text!r}", (s, e))
                for c, s, e in view.requirement_cues(category)[:1]
            ]
    for node in extra:
        rule = both(rule, node)
    return rule


def compile_criterion(
    facts: CriterionFacts, targets: frozenset[str] = frozenset(), passes: tuple = PASSES
) -> Outcome:
    """The rule of one criterion and its unresolved parts; `targets` are the trial's disease ("other
    malignancy" leaves them out), `passes` the sentence rewrites to run (all of `PASSES` unless a
    test leaves one out)."""
    return compile_view(CriterionView(facts, targets, passes))


def compile_view(view: CriterionView) -> Outcome:
    """The rule of the criterion of `view` (with its targets and passes: `compile_criterion`)."""
    whole = (0, len(view.text))
    early = heading_or_pointer(view) or screening_only(view)
    if early is not None:
        return outcome(placed(early.rule, whole, view.base))
    pieces = [(start, end, sentence_rule(view, start, end)) for start, end in view.sentences]
    if all(node is None for _, _, node in pieces):
        return outcome(placed(nothing_compiled(view), whole, view.base))
    (head_start, head_end, rule), tails = pieces[0], pieces[1:]
    rule = locate(rule, (head_start, head_end)) if rule is not None else nothing_compiled(view)
    in_exceptions = bool(EXCEPTION_LIST.search(view.text, head_start, head_end))
    for start, end, node in tails:
        exceptional = in_exceptions or widens(view, start, end)
        rule = locate(tail(view, rule, node, start, end, exceptional), (start, end))
        in_exceptions = (
            in_exceptions
            or bool(EXCEPTION_LIST.search(view.text, start, end))
            or (exceptional and view.text[:end].rstrip().endswith(":"))
        )
    rule = with_qualifiers(view, consistent(view, rule, 0, len(view.text)))
    return outcome(placed(rule, whole, view.base))

"""Which words of a criterion became which part of its rule: highlights, by kind.

The report marks, inside each criterion, every concept mention, value, time
window and qualifier, and the words left unresolved. `highlights` is the one
place that decides these spans. Today it reads them from the parser's facts
(mentions, thresholds, windows, cues, all in original file offsets) and from
the phrases an `unresolved` node quotes. When the rule's own nodes carry
provenance (a `span` attribute on an AST node: a `SourceSpan` or a
`(start, end)` pair), those spans replace the facts' highlights of the same
kind, so the page shows what the rule was built from rather than what the
parser saw.

Every highlight satisfies `highlight.text == text[highlight.start:highlight.end]`
against the original protocol text: a span that would not is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from eligo.facts import CriterionFacts
from eligo.grammar import ast
from eligo.grammar.printer import expr_text, window_text
from eligo.lexicon import Lexicon

Kind = Literal["mention", "value", "window", "qualifier", "unresolved"]
KINDS: tuple[Kind, ...] = ("mention", "value", "window", "qualifier", "unresolved")

# An unresolved node's detail quotes the words it could not compile: 'Good', 'in need of treatment'.
_QUOTED = re.compile(r"'(.+?)'(?=[\s,.:;)]|$)")
# Which kind of highlight an AST node with provenance stands for.
_NODE_KINDS: dict[type, Kind] = {
    ast.EntityRef: "mention",
    ast.Compare: "value",
    ast.InRange: "value",
    ast.InSet: "value",
    ast.Count: "value",
    ast.Filter: "value",
    ast.Window: "window",
    ast.Interval: "window",
    ast.Unresolved: "unresolved",
}


@dataclass(frozen=True)
class Highlight:
    """`text[start:end]` of the protocol, of one kind, with a short label for the reader."""

    kind: Kind
    start: int
    end: int
    text: str
    label: str
    negated: bool = False


def highlights(facts: CriterionFacts, rule: ast.Node, text: str) -> list[Highlight]:
    """The highlights of one criterion, in text order, each checked against `text`."""
    found = [h for h in _from_facts(facts, rule, text) if h.kind not in _provenance_kinds(rule)]
    found.extend(_from_provenance(rule, text))
    checked = {
        h for h in found if 0 <= h.start < h.end <= len(text) and text[h.start : h.end] == h.text
    }
    return sorted(checked, key=lambda h: (h.start, -h.end, KINDS.index(h.kind), h.label))


def _offsets(span) -> tuple[int, int] | None:
    if isinstance(span, tuple) and len(span) == 2:
        return span
    if hasattr(span, "start") and hasattr(span, "end"):
        return span.start, span.end
    return None


def _provenance(rule: ast.Node):
    for node in ast.walk(rule):
        offsets = _offsets(getattr(node, "span", None))
        kind = next((k for cls, k in _NODE_KINDS.items() if isinstance(node, cls)), None)
        if offsets is not None and kind is not None:
            yield node, kind, offsets


def _provenance_kinds(rule: ast.Node) -> set[Kind]:
    return {kind for _, kind, _ in _provenance(rule)}


def _from_provenance(rule: ast.Node, text: str) -> list[Highlight]:
    found = []
    for node, kind, (start, end) in _provenance(rule):
        if isinstance(node, ast.EntityRef):
            label = concept_label(node.concept)
        elif isinstance(node, ast.Window):
            label = window_text(node)
        elif isinstance(node, ast.Filter):
            label = f"{node.attribute} {node.op}"
        else:
            label = expr_text(node)
        found.append(Highlight(kind, start, end, text[start:end], label))
    return found


def concept_label(identifier: str) -> str:
    """`identifier: preferred name` when the lexicon knows the concept."""
    concept = Lexicon.load().get(identifier)
    return f"{identifier}: {concept.name}" if concept is not None else identifier


def _from_facts(facts: CriterionFacts, rule: ast.Node, text: str) -> list[Highlight]:
    found = []
    for mention in facts.mentions:
        label = concept_label(mention.concept) + (" (negated)" if mention.negated else "")
        found.append(Highlight("mention", *mention.span, mention.text, label, mention.negated))
    for threshold in facts.thresholds:
        parts = [
            threshold.concept or "?",
            threshold.op or "",
            "" if threshold.value is None else str(threshold.value),
            threshold.unit or "",
        ]
        found.append(
            Highlight("value", *threshold.span, threshold.text, " ".join(p for p in parts if p))
        )
    for window in facts.windows:
        parts = [
            window.op or "",
            "" if window.value is None else str(window.value),
            window.unit or "",
            window.relation or "",
            window.anchor or "",
        ]
        found.append(
            Highlight(
                "window",
                *window.span,
                window.text,
                " ".join(p for p in parts if p) or "time window",
            )
        )
    for cue in facts.cues:
        found.append(Highlight("qualifier", *cue.span, cue.text, cue.category))
    found.extend(_unresolved_words(facts, rule, text))
    return found


def _unresolved_words(facts: CriterionFacts, rule: ast.Node, text: str) -> list[Highlight]:
    """The phrases an unresolved node quotes, found in the criterion (the first place each
    occurs)."""
    start, end = facts.criterion.span
    found = []
    for node in ast.walk(rule):
        if not isinstance(node, ast.Unresolved):
            continue
        for quoted in _QUOTED.findall(node.detail):
            phrase = quoted.rstrip("…").strip()
            at = text.find(phrase, start, end) if phrase else -1
            if at != -1:
                found.append(
                    Highlight(
                        "unresolved", at, at + len(phrase), phrase, f"{node.reason}: {node.detail}"
                    )
                )
    return found

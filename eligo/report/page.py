"""One protocol's report page: its text, its rules and every diagnostic, side by side.

`build_page` reads nothing and prints nothing: it takes a `Source`, runs the
parser and the compiler once, and returns the page as a string of
self-contained HTML (styles and script inline, no network) with the figures
the index page needs. The layout is in `templates/page.html.j2`.
"""

from __future__ import annotations

import re
import textwrap
from collections import Counter
from dataclasses import dataclass
from html import escape
from typing import Any

from markupsafe import Markup

from eligo.compiler.logic import outcome
from eligo.diagnostics import SEVERITY_RANK, Diagnostic, Position
from eligo.grammar import ast, to_text
from eligo.grammar.check import check_protocol
from eligo.grammar.printer import criterion_text
from eligo.lexicon import Lexicon
from eligo.phrases import alternation
from eligo.report.highlights import KINDS, Highlight, highlights
from eligo.report.markup import Element, block_offsets, render
from eligo.report.templates import environment

STATUS_TEXT = {"full": "compiled fully", "partial": "compiled partly", "none": "not compiled"}
SEVERITIES = ("error", "warning", "note")


@dataclass(frozen=True)
class Summary:
    """What the index says about a page: criteria per status, diagnostics per code and per
    severity."""

    coverage: dict[str, int]
    codes: dict[str, int]
    severities: dict[str, int]


@dataclass(frozen=True)
class Page:
    """A rendered page and its summary."""

    html: str
    summary: Summary


@dataclass(frozen=True)
class Rule:
    """What the side panel shows for one criterion."""

    criterion: ast.Criterion
    status: str
    dsl: Markup
    concepts: list[dict]
    diagnostics: list[Diagnostic]


def build_page(source, kind: str | None = None) -> Page:
    """The report page of one protocol (`eligo.source.Source`)."""
    from eligo.api import analyse_and_compile

    facts, compilation = analyse_and_compile(source, kind=kind)
    protocol = compilation.protocol
    text = source.text
    diagnostics = compilation.diagnostics + _checked(protocol, text, source.path)
    by_start = {c.span.start: c for c in protocol.criteria}
    attached: dict[str, list[Diagnostic]] = {c.id: [] for c in protocol.criteria}
    loose: list[Diagnostic] = []
    for diagnostic in diagnostics:
        criterion = by_start.get(diagnostic.start.offset) if diagnostic.start is not None else None
        (attached[criterion.id] if criterion is not None else loose).append(diagnostic)
    rules = [_rule(criterion, attached[criterion.id]) for criterion in protocol.criteria]
    marks = {c.id: highlights(f, c.rule, text) for f, c in zip(facts.criteria, protocol.criteria)}
    body = _text_html(text, protocol, rules, marks, [d for d in loose if d.start is not None])
    coverage = Counter(rule.status for rule in rules)
    severities: Counter[str] = Counter(d.severity for d in diagnostics)
    summary = Summary(
        coverage={s: coverage[s] for s in STATUS_TEXT},
        codes=dict(sorted(Counter(d.code for d in diagnostics).items())),
        severities={s: severities[s] for s in SEVERITIES},
    )
    kinds = Counter(h.kind for found in marks.values() for h in found)
    html = (
        environment()
        .get_template("page.html.j2")
        .render(
            name=source.name,
            protocol=protocol,
            text_html=Markup(body),
            rules=rules,
            summary=summary,
            status_text=STATUS_TEXT,
            kinds={k: kinds[k] for k in KINDS},
            file_diagnostics=[d for d in loose if d.start is None],
        )
    )
    return Page(html=html, summary=summary)


def _checked(protocol: ast.Protocol, text: str, path: str) -> list[Diagnostic]:
    """What `eligo check` finds in the rules (contradictions, units, unknown concepts), moved to the
    criterion it names.

    The checker locates findings in the rules text and names the criterion first
    (`E1: ...`); the page shows them at that criterion's place in the protocol.
    """
    spans = {c.id: c.span for c in protocol.criteria}
    moved = []
    for diagnostic in check_protocol(protocol, to_text(protocol), path):
        span = spans.get(diagnostic.message.split(":", 1)[0])
        where = (
            {"start": Position.at(text, span.start), "end": Position.at(text, span.end)}
            if span
            else {"start": None, "end": None}
        )
        moved.append(diagnostic.model_copy(update=where))
    return moved


def _status(rule: ast.Node) -> str:
    result = outcome(rule)
    return "full" if not result.unresolved else "partial" if result.executable else "none"


def _concepts(rule: ast.Node) -> list[str]:
    found: dict[str, None] = {}
    for node in ast.walk(rule):
        if isinstance(node, (ast.Compare, ast.InRange, ast.InSet)):
            found[node.concept] = None
        elif isinstance(node, ast.EntityRef):
            found[node.concept] = None
            found.update(dict.fromkeys(node.excluding))
    return list(found)


def _rule(criterion: ast.Criterion, diagnostics: list[Diagnostic]) -> Rule:
    lexicon = Lexicon.load()
    identifiers = _concepts(criterion.rule)
    concepts: list[dict[str, Any]] = []
    for identifier in identifiers:
        concept = lexicon.get(identifier)
        concepts.append(
            {
                "id": identifier,
                "name": concept.name if concept else None,
                "kind": concept.kind if concept else None,
                "codes": dict(concept.codes) if concept else {},
            }
        )
    head, _, body = textwrap.dedent(criterion_text(criterion)).partition("\n")
    names = {c["id"]: c["name"] for c in concepts if c["name"]}
    return Rule(
        criterion,
        _status(criterion.rule),
        Markup(escape(head) + "\n" + _named(body, names)),
        concepts,
        sorted(diagnostics, key=lambda d: -SEVERITY_RANK[d.severity]),
    )


def _named(dsl: str, names: dict[str, str]) -> str:
    """The DSL escaped, each known concept identifier wrapped in `<abbr>` with its preferred
    name."""
    if not names:
        return escape(dsl)
    pattern = re.compile(r"(?<![\w\"'])(" + alternation(names) + r")(?![\w\"])")
    pieces, last = [], 0
    for match in pattern.finditer(dsl):
        pieces.append(escape(dsl[last : match.start()]))
        pieces.append(
            f'<abbr title="{escape(names[match.group(1)])}">{escape(match.group(1))}</abbr>'
        )
        last = match.end()
    pieces.append(escape(dsl[last:]))
    return "".join(pieces)


def _text_html(
    text: str,
    protocol: ast.Protocol,
    rules: list[Rule],
    marks: dict[str, list[Highlight]],
    loose: list[Diagnostic],
) -> str:
    """The protocol text: criteria boxed, highlights inside, endpoints and regimens anchored,
    diagnostics after their lines."""
    elements: list[Element] = []
    for rule in rules:
        criterion = rule.criterion
        elements.append(
            Element(
                criterion.span.start,
                criterion.span.end,
                "span",
                attrs={
                    "id": f"c-{criterion.id}",
                    "data-id": criterion.id,
                    "data-start": str(criterion.span.start),
                    "data-end": str(criterion.span.end),
                    "tabindex": "0",
                    "role": "button",
                    "aria-controls": "rule",
                    "aria-pressed": "false",
                    "aria-describedby": f"s-{criterion.id}",
                },
                repeat={"class": f"crit {rule.status}", "data-kind": criterion.kind},
            )
        )
    number = 0
    for found in marks.values():
        for mark in found:
            number += 1
            attrs = {
                "data-start": str(mark.start),
                "data-end": str(mark.end),
                "title": f"{mark.kind}: {mark.label}",
            }
            classes = f"hl {mark.kind}" + (" negated" if mark.negated else "")
            elements.append(
                Element(
                    mark.start,
                    mark.end,
                    "mark",
                    attrs=attrs,
                    repeat={"class": classes, "data-hl": str(number), "data-kind": mark.kind},
                    level=1,
                )
            )
    for prefix, spans in (
        ("ep", [e.span for e in protocol.endpoints]),
        ("rx", [r.span for r in protocol.regimens]),
    ):
        for index, span in enumerate(spans, 1):
            elements.append(
                Element(
                    span.start,
                    span.end,
                    "span",
                    attrs={"id": f"{prefix}-{index}"},
                    repeat={"class": f"item {prefix}"},
                )
            )
    placed = [
        (rule.criterion.span.end, _diagnostic_html(d, rule.criterion.id))
        for rule in rules
        for d in rule.diagnostics
    ]
    placed += [(d.start.offset, _diagnostic_html(d, None)) for d in loose if d.start is not None]
    blocks: dict[int, list[str]] = {}
    for offset, (_, block) in zip(
        block_offsets(text, [offset for offset, _ in placed], elements), placed
    ):
        blocks.setdefault(offset, []).append(block)
    for rule in rules:
        blocks.setdefault(rule.criterion.span.start, []).append(
            f'<span class="sr-only" id="s-{rule.criterion.id}">{escape(rule.criterion.kind)} '
            f"{escape(rule.criterion.id)}, {STATUS_TEXT[rule.status]}</span>"
        )
    return render(text, elements, blocks)


def _diagnostic_html(diagnostic: Diagnostic, criterion: str | None) -> str:
    where = f' data-criterion="{escape(criterion)}"' if criterion else ""
    line = f"line {diagnostic.start.line}: " if diagnostic.start is not None else ""
    hint = f'<span class="hint">hint: {escape(diagnostic.hint)}</span>' if diagnostic.hint else ""
    return (
        f'<div class="diag {diagnostic.severity}" role="note" '
        f'data-code="{escape(diagnostic.code)}" data-severity="{diagnostic.severity}"{where}>'
        f'<span class="sev">{line}{diagnostic.severity}[{escape(diagnostic.code)}]</span> '
        f"{escape(diagnostic.message)}{hint}</div>"
    )

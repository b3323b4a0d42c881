"""AST → canonical text.

One spelling per node: `parse_rules(to_text(p)) == p` for every valid AST, and
`to_text(parse_rules(t)) == t` for canonical text. Parentheses appear only where
precedence needs them (if < or < and < not), plus around a nested `and` in an
`and` or `or` in an `or`, so that the grouping the AST holds survives a round trip.
"""

from __future__ import annotations

import json

from eligo.grammar import ast

_PRECEDENCE = {"if": 0, "or": 1, "and": 2, "not": 3}
_ATOM = 4


def _string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _number(value: int | float) -> str:
    return repr(value) if isinstance(value, float) else str(value)


def value_text(value: ast.Quantity | ast.Category) -> str:
    if isinstance(value, ast.Category):
        return _string(value.value)
    return _number(value.value) + (f" {value.unit}" if value.unit else "")


def window_text(window: ast.Window) -> str:
    amount = value_text(window.amount)
    if window.op == "<=":
        return f"within {amount} {window.relation} {window.anchor}"
    return f"by {window.op} {amount} {window.relation} {window.anchor}"


def _with_window(text: str, window: ast.Window | None) -> str:
    return f"{text} {window_text(window)}" if window else text


def entity_text(entity: ast.EntityRef) -> str:
    text = f"{entity.type} {entity.concept}"
    if entity.where:
        text += (
            "("
            + ", ".join(f"{f.attribute} {f.op} {value_text(f.value)}" for f in entity.where)
            + ")"
        )
    if len(entity.excluding) == 1:
        text += f" except {entity.excluding[0]}"
    elif entity.excluding:
        text += " except {" + ", ".join(entity.excluding) + "}"
    return text


def _point_text(point: ast.AnchorPoint | ast.EntityPoint) -> str:
    if isinstance(point, ast.AnchorPoint):
        return point.anchor
    return f"{point.edge} {entity_text(point.entity)}"


def _level(node: ast.Node) -> int:
    return _PRECEDENCE.get(getattr(node, "kind", ""), _ATOM)


def _child(node: ast.Node, parent_level: int, same_needs_parens: bool) -> str:
    text = expr_text(node)
    level = _level(node)
    if (
        level < parent_level
        or (same_needs_parens and level == parent_level)
        or (level == 0 and parent_level == 0)
    ):
        return f"({text})"
    return text


def expr_text(node: ast.Node) -> str:
    """The canonical one-line text of an expression."""
    match node:
        case ast.Compare():
            return _with_window(f"{node.concept} {node.op} {value_text(node.value)}", node.window)
        case ast.InRange():
            return _with_window(
                f"{node.concept} in [{value_text(node.low)} .. {value_text(node.high)}]",
                node.window,
            )
        case ast.InSet():
            values = ", ".join(value_text(v) for v in node.values)
            return _with_window(f"{node.concept} in {{{values}}}", node.window)
        case ast.Exists():
            if len(node.entities) == 1:
                return _with_window(f"has {entity_text(node.entities[0])}", node.window)
            entities = ", ".join(entity_text(e) for e in node.entities)
            return _with_window(f"has any({entities})", node.window)
        case ast.Count():
            inner = _with_window(entity_text(node.entity), node.window)
            return f"count({inner}) {node.op} {node.value}"
        case ast.Interval():
            return (
                f"interval({_point_text(node.start)}, {_point_text(node.end)}) {node.op} "
                f"{value_text(node.amount)}"
            )
        case ast.And() | ast.Or():
            level = _level(node)
            return f" {node.kind} ".join(_child(arg, level, True) for arg in node.args)
        case ast.Not():
            return "not " + _child(node.arg, _PRECEDENCE["not"], False)
        case ast.If():
            text = f"if {_child(node.condition, 1, False)} then {_child(node.then, 1, False)}"
            if node.otherwise is not None:
                text += f" else {_child(node.otherwise, 1, False)}"
            return text
        case ast.Unresolved():
            return f"unresolved {node.reason} {_string(node.detail)}"
    raise TypeError(f"not an expression node: {type(node).__name__}")


def _position(span: ast.SourceSpan) -> str:
    return f"at {span.line}:{span.col} span {span.start}..{span.end}"


def _rule_text(rule: ast.Node) -> str:
    """A top-level conjunction is written one conjunct a line, for reading aloud."""
    if isinstance(rule, ast.And):
        return "\n    and ".join(_child(arg, _PRECEDENCE["and"], True) for arg in rule.args)
    return expr_text(rule)


def _design_lines(design: ast.Design) -> list[str]:
    lines = ["  design {"]
    if design.phase is not None:
        lines.append(f"    phase {_string(design.phase)}")
    if design.allocation is not None:
        lines.append(f"    allocation {design.allocation}")
    if design.ratio is not None:
        lines.append(f"    ratio {_string(design.ratio)}")
    if design.masking is not None:
        lines.append(f"    masking {design.masking}")
    if design.control is not None:
        lines.append(f"    control {design.control}")
    for arm in design.arms:
        drugs = ", ".join(_string(d) for d in arm.drugs)
        lines.append(f"    arm {_string(arm.name)}" + (f" drugs [{drugs}]" if arm.drugs else ""))
    lines.append("  }")
    return lines


def _endpoint_line(endpoint: ast.Endpoint) -> str:
    text = f"  endpoint {endpoint.kind} {_string(endpoint.name)}"
    if endpoint.abbreviation is not None:
        text += f" abbreviation {_string(endpoint.abbreviation)}"
    if endpoint.time_frame is not None:
        text += f" time_frame {_string(endpoint.time_frame.text)}"
        if endpoint.time_frame.window is not None:
            text += f" {window_text(endpoint.time_frame.window)}"
    return f"{text} {_position(endpoint.span)}"


def _regimen_line(regimen: ast.Regimen) -> str:
    days = (
        None
        if regimen.days is None
        else "[" + ", ".join(f"{a}..{b}" for a, b in regimen.days) + "]"
    )
    fields = (
        ("dose", None if regimen.dose is None else value_text(regimen.dose)),
        ("route", regimen.route),
        ("frequency", regimen.frequency),
        ("days", days),
        ("cycle", None if regimen.cycle is None else value_text(regimen.cycle)),
    )
    written = "".join(f" {name} {value}" for name, value in fields if value is not None)
    return f"  regimen {_string(regimen.drug)}{written} {_position(regimen.span)}"


def criterion_text(criterion: ast.Criterion) -> str:
    head = (
        f"  {criterion.kind} {criterion.id} {_position(criterion.span)} "
        f"{_string(criterion.text)} {{"
    )
    return f"{head}\n    {_rule_text(criterion.rule)}\n  }}"


def concept_line(concept: ast.ConceptCode) -> str:
    text = f"  concept {concept.id} {_string(concept.name)}"
    if concept.code is not None:
        text += f" code {_string(concept.code)}"
        if concept.xrefs:
            text += " xrefs [" + ", ".join(map(_string, concept.xrefs)) + "]"
    return text


def to_text(protocol: ast.Protocol) -> str:
    """The canonical text of a protocol's rules, ending with a newline."""
    header = f"protocol {_string(protocol.id)}"
    if protocol.source is not None:
        header += f" source {_string(protocol.source)}"
    blocks: list[str] = []
    if protocol.design is not None:
        blocks.append("\n".join(_design_lines(protocol.design)))
    if protocol.endpoints:
        blocks.append("\n".join(_endpoint_line(e) for e in protocol.endpoints))
    if protocol.regimens:
        blocks.append("\n".join(_regimen_line(r) for r in protocol.regimens))
    blocks.extend(criterion_text(c) for c in protocol.criteria)
    if protocol.concepts:
        blocks.append("\n".join(concept_line(c) for c in protocol.concepts))
    body = "\n\n".join(blocks)
    return f"eligo 1\n{header} {{\n{body}\n}}\n" if body else f"eligo 1\n{header} {{\n}}\n"

"""Parse tree → AST: the transformer that builds the rule language's nodes while the parser reduces.

It runs inline with the LALR parser (`parse.py`), one method a grammar rule, so even a deeply
nested input builds no recursion: it counts each expression's depth and refuses nesting beyond
`MAX_DEPTH` (`TooDeep`); a node that fails to validate is reported at its first token
(`InvalidNode`).
Kept apart from the parser's driver and its diagnostics, which turn these into `RulesError`s.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from lark import Token, Transformer
from pydantic import ValidationError

from eligo.grammar import ast

MAX_DEPTH = 200


class TooDeep(Exception):
    def __init__(self, offset: int | None):
        self.offset = offset


class InvalidNode(Exception):
    """An error raised while building a node, with the offset of the node's first token."""

    def __init__(self, cause: Exception, offset: int | None):
        self.cause = cause
        self.offset = offset


def _first_offset(children: list[Any]) -> int | None:
    return next(
        (c.start_pos for c in children if isinstance(c, Token) and c.start_pos is not None), None
    )


_Built = TypeVar("_Built")


def _locating(method: Callable[[Any, list[Any]], _Built]) -> Callable[[Any, list[Any]], _Built]:
    @wraps(method)
    def build(self: Any, children: list[Any]) -> _Built:
        try:
            return method(self, children)
        except (ValidationError, ValueError) as error:
            raise InvalidNode(error, _first_offset(children)) from None

    return build


def _string(token: Token) -> str:
    text: str = json.loads(token, strict=False)  # the grammar's STRING is a JSON string literal
    return text


def _number(token: Token) -> int | float:
    text = str(token)
    return int(text) if text.lstrip("-").isdigit() else float(text)


class ToAst(Transformer[Token, Any]):
    """Builds AST nodes bottom-up while the LALR parser reduces."""

    def __init__(self) -> None:
        super().__init__(visit_tokens=False)
        self._depth: dict[int, int] = {}
        self._offset: dict[int, int | None] = {}  # where each expression's first token is, for R003

    def _forget(self) -> None:
        """Drop the per-parse depths and offsets (after a parse, finished or failed)."""
        self._depth.clear()
        self._offset.clear()

    def _expr(self, node: ast.Node, children: list[Any], anchor: Token | None = None) -> ast.Node:
        depth = 1 + max((self._depth.get(id(child), 0) for child in children), default=0)
        offset: int | None
        if anchor is not None and anchor.start_pos is not None:
            offset = anchor.start_pos
        else:
            offset = next(
                (self._offset[id(c)] for c in children if self._offset.get(id(c)) is not None), None
            )
        if depth > MAX_DEPTH:
            raise TooDeep(offset)
        self._depth[id(node)] = depth
        self._offset[id(node)] = offset
        return node

    # --- protocol ---------------------------------------------------------------
    def start(self, children: list[Any]) -> ast.Protocol:
        version = children[0]
        protocol: ast.Protocol = children[1]
        if _number(version) != 1:
            raise ValueError(
                f"unsupported rule language version {version}; this Eligo reads version 1"
            )
        self._forget()
        return protocol

    def expression(self, children: list[Any]) -> ast.Node:
        node: ast.Node = children[0]
        return node

    def protocol(self, children: list[Any]) -> ast.Protocol:
        fields: dict[str, Any] = {"id": _string(children[0])}
        rest = children[1:]
        if rest and isinstance(rest[0], Token):
            fields["source"] = _string(rest[0])
            rest = rest[1:]
        fields["design"] = next((c for c in rest if isinstance(c, ast.Design)), None)
        fields["endpoints"] = tuple(c for c in rest if isinstance(c, ast.Endpoint))
        fields["regimens"] = tuple(c for c in rest if isinstance(c, ast.Regimen))
        fields["criteria"] = tuple(c for c in rest if isinstance(c, ast.Criterion))
        fields["concepts"] = tuple(c for c in rest if isinstance(c, ast.ConceptCode))
        return ast.Protocol(**fields)

    def concept(self, children: list[Any]) -> ast.ConceptCode:
        name, text, *codes = children
        return ast.ConceptCode(
            id=str(name),
            name=_string(text),
            code=_string(codes[0]) if codes else None,
            xrefs=tuple(_string(c) for c in codes[1:]),
        )

    def design(self, children: list[Any]) -> ast.Design:
        fields: dict[str, Any] = {"arms": tuple(c for c in children if isinstance(c, ast.Arm))}
        fields.update(c for c in children if isinstance(c, tuple))
        return ast.Design(**fields)

    def phase(self, children: list[Any]) -> tuple[str, str]:
        return ("phase", _string(children[0]))

    def allocation(self, children: list[Any]) -> tuple[str, str]:
        return ("allocation", str(children[0]))

    def ratio(self, children: list[Any]) -> tuple[str, str]:
        return ("ratio", _string(children[0]))

    def masking(self, children: list[Any]) -> tuple[str, str]:
        return ("masking", str(children[0]))

    def control(self, children: list[Any]) -> tuple[str, str]:
        return ("control", str(children[0]))

    def arm(self, children: list[Any]) -> ast.Arm:
        return ast.Arm(name=_string(children[0]), drugs=tuple(_string(c) for c in children[1:]))

    def endpoint(self, children: list[Any]) -> ast.Endpoint:
        kind, name, *rest = children
        fields = {"kind": str(kind), "name": _string(name), "span": rest.pop()}
        fields.update(c for c in rest if isinstance(c, tuple))
        fields.update(time_frame=next((c for c in rest if isinstance(c, ast.TimeFrame)), None))
        return ast.Endpoint(**fields)

    def abbreviation(self, children: list[Any]) -> tuple[str, str]:
        return ("abbreviation", _string(children[0]))

    def time_frame(self, children: list[Any]) -> ast.TimeFrame:
        return ast.TimeFrame(
            text=_string(children[0]), window=children[1] if len(children) > 1 else None
        )

    def regimen(self, children: list[Any]) -> ast.Regimen:
        drug, *rest = children
        fields = {"drug": _string(drug), "span": rest.pop()}
        fields.update(rest)
        return ast.Regimen(**fields)

    def dose(self, children: list[Any]) -> tuple[str, Any]:
        return ("dose", children[0])

    def route(self, children: list[Any]) -> tuple[str, str]:
        return ("route", str(children[0]))

    def frequency(self, children: list[Any]) -> tuple[str, str]:
        return ("frequency", str(children[0]))

    def days(self, children: list[Any]) -> tuple[str, tuple[Any, ...]]:
        return ("days", tuple(children))

    def day_range(self, children: list[Any]) -> tuple[int | float, int | float]:
        return (_number(children[0]), _number(children[1]))

    def cycle(self, children: list[Any]) -> tuple[str, Any]:
        return ("cycle", children[0])

    def criterion(self, children: list[Any]) -> ast.Criterion:
        kind, identifier, span, text, rule = children
        return ast.Criterion(
            id=str(identifier), kind=str(kind), span=span, text=_string(text), rule=rule
        )

    def position(self, children: list[Any]) -> ast.SourceSpan:
        line, col, start, end = (_number(c) for c in children)
        return ast.SourceSpan(start=start, end=end, line=line, col=col)

    # --- expressions --------------------------------------------------------------
    def conditional(self, children: list[Any]) -> ast.Node:
        condition, then, *otherwise = children
        return self._expr(
            ast.If(condition=condition, then=then, otherwise=otherwise[0] if otherwise else None),
            children,
        )

    def disjunction(self, children: list[Any]) -> ast.Node:
        return self._expr(ast.Or(args=tuple(children)), children)

    def conjunction(self, children: list[Any]) -> ast.Node:
        return self._expr(ast.And(args=tuple(children)), children)

    def negation(self, children: list[Any]) -> ast.Node:
        return self._expr(ast.Not(arg=children[0]), children)

    def compare(self, children: list[Any]) -> ast.Node:
        concept, op, value, *window = children
        node = ast.Compare(
            concept=str(concept), op=str(op), value=value, window=window[0] if window else None
        )
        return self._expr(node, [], concept)

    def in_range(self, children: list[Any]) -> ast.Node:
        concept, low, high, *window = children
        node = ast.InRange(
            concept=str(concept), low=low, high=high, window=window[0] if window else None
        )
        return self._expr(node, [], concept)

    def in_set(self, children: list[Any]) -> ast.Node:
        concept, *values = children
        window = values.pop() if values and isinstance(values[-1], ast.Window) else None
        return self._expr(
            ast.InSet(concept=str(concept), values=tuple(values), window=window), [], concept
        )

    def exists(self, children: list[Any]) -> ast.Node:
        window = children.pop() if isinstance(children[-1], ast.Window) else None
        return self._expr(ast.Exists(entities=tuple(children), window=window), [])

    def count(self, children: list[Any]) -> ast.Node:
        entity, *middle, op, number = children
        value = _number(number)
        if not isinstance(value, int):
            raise ValueError(f"a count is compared with a whole number, not {number}")
        node = ast.Count(
            entity=entity, window=middle[0] if middle else None, op=str(op), value=value
        )
        return self._expr(node, [])

    def interval(self, children: list[Any]) -> ast.Node:
        start, end, op, amount = children
        return self._expr(ast.Interval(start=start, end=end, op=str(op), amount=amount), [])

    def unresolved(self, children: list[Any]) -> ast.Node:
        reason, detail = children
        return self._expr(ast.Unresolved(reason=str(reason), detail=_string(detail)), [], reason)

    def entity(self, children: list[Any]) -> ast.EntityRef:
        entity_type, concept, *rest = children
        fields: dict[str, Any] = {"type": str(entity_type), "concept": str(concept)}
        fields.update(rest)
        return ast.EntityRef(**fields)

    def filters(self, children: list[Any]) -> tuple[str, tuple[Any, ...]]:
        return ("where", tuple(children))

    def filter(self, children: list[Any]) -> ast.Filter:
        attribute, op, value = children
        return ast.Filter(attribute=str(attribute), op=str(op), value=value)

    def exception(self, children: list[Any]) -> tuple[str, tuple[str, ...]]:
        return ("excluding", tuple(str(c) for c in children))

    def anchor_point(self, children: list[Any]) -> ast.AnchorPoint:
        return ast.AnchorPoint(anchor=str(children[0]))

    def entity_point(self, children: list[Any]) -> ast.EntityPoint:
        edge, entity = children
        return ast.EntityPoint(edge=str(edge), entity=entity)

    def window_within(self, children: list[Any]) -> ast.Window:
        amount, relation, anchor = children
        return ast.Window(op="<=", amount=amount, relation=str(relation), anchor=str(anchor))

    def window(self, children: list[Any]) -> ast.Window:
        op, amount, relation, anchor = children
        return ast.Window(op=str(op), amount=amount, relation=str(relation), anchor=str(anchor))

    def category(self, children: list[Any]) -> ast.Category:
        return ast.Category(value=_string(children[0]))

    def quantity(self, children: list[Any]) -> ast.Quantity:
        return ast.Quantity(
            value=_number(children[0]), unit=str(children[1]) if len(children) > 1 else None
        )


for _name, _method in list(vars(ToAst).items()):
    if not _name.startswith("_") and callable(_method):
        setattr(ToAst, _name, _locating(_method))

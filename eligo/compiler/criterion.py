"""One criterion's facts → one rule expression, plus what could not be compiled.

The facts are positioned pieces of the criterion text: thresholds, windows,
concept mentions (negated or not) and cues. The rule is assembled by position:
mentions joined by list punctuation become one `has any(...)`, a window binds to
the mentions just before it, a grade threshold next to a mention filters it, an
exception cue moves the mentions after it into `except`, a conditional clause
becomes `if`, and the remaining parts are joined by the connective written
between them. What is left unexplained becomes `unresolved`, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from eligo.annotations import Threshold, Window
from eligo.compiler.names import anchor_name, concept_name
from eligo.grammar import ast
from eligo.parser.facts import CriterionFacts, Cue, Mention

ENTITY_TYPES = {"condition", "treatment", "procedure", "event"}
# What may stand between two mentions of one list: punctuation, and/or, and a couple of modifiers.
_LIST_GAP = re.compile(r"^[\s,/;]*(?:(?:and/or|or|and|nor|as well as|including)\b[\s,/]*)?(?:[A-Za-z-]{1,14}\s+){0,2}$", re.I)
_OR_GAP = re.compile(r"[\s,;]*(?:or|and/or|nor|/)[\s,]*(?:(?:any|other|a|an|the)\s+)?", re.I)
_CATEGORY_AFTER = re.compile(r"[\s:(-]{0,3}(?:status\s*)?(?:is\s+|[:=]\s*)?(positive|negative|\+|-)(?![A-Za-z])", re.I)
_CATEGORY_BEFORE = re.compile(r"(positive|negative)[\s-]{1,2}$", re.I)
_DEFINED_STATUS = re.compile(r"\b(?:defined|known|documented|confirmed|available)\s+$", re.I)
_INTERVAL_CUE = re.compile(r"\b(?:interval|time)\s+(?:between|from)\b", re.I)
_END_OF = re.compile(r"\b(?:end|completion|last dose)\s+of\s+(?:the\s+)?$", re.I)
_THEN = re.compile(r"\bthen\b", re.I)


def clause_end(text: str, start: int) -> int:
    """Where the clause begun at `start` ends: a `,` `;` `:` or "then" outside brackets, or its enclosing `)`."""
    depth = 0
    for index in range(start, len(text)):
        char = text[index]
        if char in "([":
            depth += 1
        elif char in ")]":
            if depth == 0:
                return index
            depth -= 1
        elif depth == 0 and (char in ",;:" or (char == "t" and _THEN.match(text, index))):
            return index
    return len(text)


@dataclass
class Part:
    """A compiled piece of the criterion with the text range it came from."""

    start: int
    end: int
    expr: ast.Node


@dataclass
class Outcome:
    rule: ast.Node
    unresolved: list[ast.Unresolved] = field(default_factory=list)
    executable: bool = True


def _relative(span: tuple[int, int], base: int) -> tuple[int, int]:
    return span[0] - base, span[1] - base


def _quantity(value, unit) -> ast.Quantity | ast.Category:
    if isinstance(value, str):
        return ast.Category(value=value)
    return ast.Quantity(value=value, unit=unit)


def _window(window: Window) -> ast.Window | None:
    if window.op is None or window.value is None or window.unit is None or window.relation is None:
        return None
    return ast.Window(
        op=window.op,
        amount=ast.Quantity(value=window.value, unit=window.unit),
        relation=window.relation,
        anchor=anchor_name(window.anchor),
    )


class CriterionCompiler:
    """Compiles one criterion; `compile()` returns the rule and its unresolved parts."""

    def __init__(self, facts: CriterionFacts):
        self.facts = facts
        self.base = facts.criterion.span[0]
        self.text = facts.criterion.text
        self.cues = [(c, *_relative(c.span, self.base)) for c in facts.cues]
        self.unresolved: list[ast.Unresolved] = []

    # --- cues -------------------------------------------------------------------
    def _cues(self, category: str) -> list[tuple[Cue, int, int]]:
        return [c for c in self.cues if c[0].category == category]

    def _covered(self, start: int, end: int, spans: list[tuple[int, int]]) -> bool:
        return any(s <= start and end <= e for s, e in spans)

    # --- thresholds ---------------------------------------------------------------
    def _threshold_parts(self, mentions: list[tuple[Mention, int, int]]) -> tuple[list[Part], dict[int, list[ast.Filter]], set[int]]:
        """Comparisons, ranges and counts; grade thresholds next to an entity become filters of it.

        Returns the parts, the filters by mention index, and the indices of mentions a count consumed.
        """
        parts: list[Part] = []
        filters: dict[int, list[ast.Filter]] = {}
        self._counted: set[int] = set()
        by_span: dict[tuple[int, int], list[Threshold]] = {}
        for threshold in self.facts.thresholds:
            if threshold.ignore or threshold.op is None or threshold.value is None:
                continue
            by_span.setdefault(_relative(threshold.span, self.base), []).append(threshold)
        for (start, end), group in sorted(by_span.items()):
            concept = concept_name(group[0].concept or group[0].text)
            entity = self._entity_near(mentions, start, end)
            if concept.endswith("grade") and entity is not None:
                filters.setdefault(entity, []).extend(
                    ast.Filter(attribute="grade", op=t.op, value=_quantity(t.value, None)) for t in group
                )
                continue
            parts.append(Part(start, end, self._comparison(concept, group, mentions, start, end)))
        return parts, filters, self._counted

    def _comparison(self, concept: str, group: list[Threshold], mentions, start: int, end: int) -> ast.Node:
        lows = [t for t in group if t.op in (">=", ">")]
        highs = [t for t in group if t.op in ("<=", "<")]
        if len(group) == 2 and len(lows) == 1 and len(highs) == 1 and lows[0].op == ">=" and highs[0].op == "<=":
            low, high = lows[0], highs[0]
            return ast.InRange(concept=concept, low=_quantity(low.value, low.unit), high=_quantity(high.value, high.unit))
        counted = self._counted_entity(mentions, start, end)
        nodes = []
        for t in group:
            if counted is not None and t.unit is None and isinstance(t.value, int | float) and float(t.value).is_integer():
                index, entity = counted
                self._counted.add(index)
                nodes.append(ast.Count(entity=entity, op=t.op, value=int(t.value)))
            else:
                nodes.append(ast.Compare(concept=concept, op=t.op, value=_quantity(t.value, t.unit)))
        return nodes[0] if len(nodes) == 1 else ast.And(args=tuple(nodes))

    def _entity_near(self, mentions, start: int, end: int) -> int | None:
        """The index of the entity mention in the same clause as [start, end), nearest first."""
        best = None
        for index, (mention, m_start, m_end) in enumerate(mentions):
            gap = self.text[min(m_end, end) : max(m_start, start)]
            if re.search(r"[;.]", gap) or len(gap) > 80:
                continue
            distance = abs(m_start - start)
            if best is None or distance < best[0]:
                best = (distance, index)
        return best[1] if best else None

    def _counted_entity(self, mentions, start: int, end: int) -> tuple[int, ast.EntityRef] | None:
        """`at least one measurable lesion`: an entity right after a unitless count."""
        for index, (mention, m_start, _) in enumerate(mentions):
            if 0 <= m_start - end <= 25 or start <= m_start < end:
                return index, ast.EntityRef(type=mention.type, concept=concept_name(mention.concept))
        return None

    # --- mentions -------------------------------------------------------------------
    def _entity_mentions(self, threshold_spans: list[tuple[int, int]]) -> list[tuple[Mention, int, int]]:
        found = []
        for mention in self.facts.mentions:
            start, end = _relative(mention.span, self.base)
            if mention.type in ENTITY_TYPES and not self._covered(start, end, threshold_spans):
                found.append((mention, start, end))
        return sorted(found, key=lambda m: m[1])

    def _exception_start(self) -> list[tuple[int, int]]:
        """Ranges of text governed by an exception cue: from the cue to the end of its clause."""
        ranges = []
        for _, start, end in self._cues("exception"):
            ranges.append((start, clause_end(self.text, end)))
        return ranges

    def _status(self, start: int) -> list[ast.Filter]:
        before = self.text[max(0, start - 16) : start].lower()
        for word in ("uncontrolled", "active", "untreated", "symptomatic", "unresolved", "ongoing"):
            if re.search(rf"\b{word}\s+$", before):
                return [ast.Filter(attribute="status", op="=", value=ast.Category(value=word))]
        return []

    def _entity_groups(self, mentions, filters, exceptions, windows) -> list[Part]:
        groups: list[list[tuple[int, Mention, int, int]]] = []
        window_starts = [w for _, w, _ in windows]
        for index, (mention, start, end) in enumerate(mentions):
            if self._covered(start, end, exceptions):
                continue
            previous = groups[-1][-1] if groups else None
            joined = (
                previous is not None
                and previous[1].negated == mention.negated
                and _LIST_GAP.match(self.text[previous[3] : start]) is not None
                and not any(previous[3] <= w < start for w in window_starts)
            )
            if joined:
                groups[-1].append((index, mention, start, end))
            else:
                groups.append([(index, mention, start, end)])
        parts = []
        for group in groups:
            entities = tuple(self._entity(index, mention, start, mentions, filters, exceptions) for index, mention, start, _ in group)
            start, end = group[0][2], group[-1][3]
            window, w_end = self._window_after(end, windows, groups)
            node: ast.Node = ast.Exists(entities=tuple(dict.fromkeys(entities)), window=window)
            if group[0][1].negated:
                node = ast.Not(arg=node)
            parts.append(Part(start, max(end, w_end), node))
        return parts

    def _entity(self, index, mention, start, mentions, filters, exceptions) -> ast.EntityRef:
        excluded = []
        for e_start, e_end in exceptions:
            if e_start >= start:
                excluded.extend(
                    concept_name(m.concept)
                    for m, m_start, m_end in mentions
                    if e_start <= m_start and m_end <= e_end and m.type == mention.type and m.concept != mention.concept
                )
                break
        where = tuple(self._status(start)) + tuple(filters.get(index, ()))
        return ast.EntityRef(
            type=mention.type,
            concept=concept_name(mention.concept),
            where=where,
            excluding=tuple(dict.fromkeys(excluded)),
        )

    def _window_after(self, end: int, windows, groups) -> tuple[ast.Window | None, int]:
        """The first window after the group, before the next group starts."""
        next_starts = [g[0][2] for g in groups if g[0][2] > end]
        limit = min(next_starts) if next_starts else len(self.text) + 1
        for window, w_start, w_end in windows:
            if end <= w_start < limit:
                return window, w_end
        return None, end

    # --- categorical values -----------------------------------------------------------
    def _categorical_parts(self, threshold_spans) -> list[Part]:
        """`HER2 positive`, `ER-negative`, `defined hormone receptor status`."""
        parts = []
        for mention in self.facts.mentions:
            if mention.type in ENTITY_TYPES:
                continue
            start, end = _relative(mention.span, self.base)
            if self._covered(start, end, threshold_spans):
                continue
            concept = concept_name(mention.concept)
            after = _CATEGORY_AFTER.match(self.text, end)
            before = _CATEGORY_BEFORE.search(self.text, 0, start)
            if after:
                value = {"+": "positive", "-": "negative"}.get(after.group(1), after.group(1).lower())
                parts.append(Part(start, after.end(), ast.Compare(concept=concept, op="=", value=ast.Category(value=value))))
            elif before:
                parts.append(Part(before.start(), end, ast.Compare(concept=concept, op="=", value=ast.Category(value=before.group(1).lower()))))
            elif _DEFINED_STATUS.search(self.text, 0, start) and re.match(r"\s*(?:\([^)]*\)\s*)?status\b", self.text[end:]):
                values = (ast.Category(value="positive"), ast.Category(value="negative"))
                parts.append(Part(start, end, ast.InSet(concept=concept, values=values)))
        return parts

    # --- intervals ---------------------------------------------------------------------
    def _interval_part(self, mentions, windows) -> tuple[Part | None, set[int]]:
        cue = _INTERVAL_CUE.search(self.text)
        if cue is None:
            return None, set()
        after = [(i, m, s, e) for i, (m, s, e) in enumerate(mentions) if s >= cue.end()]
        later = [w for w in windows if w[1] >= cue.end()]
        if len(after) < 2 or not later:
            return None, set()
        (i1, first, s1, _), (i2, second, s2, e2) = after[0], after[-1]
        window, _, w_end = later[0]
        edge = "end" if _END_OF.search(self.text, 0, s1) else "start"
        exceptions = self._exception_start()
        start_entity = self._entity(i1, first, s1, mentions, {}, exceptions)
        node = ast.Interval(
            start=ast.EntityPoint(edge=edge, entity=start_entity),
            end=ast.EntityPoint(edge="start", entity=ast.EntityRef(type=second.type, concept=concept_name(second.concept))),
            op=window.op,
            amount=window.amount,
        )
        used = {i for i, _, s, _ in after if s <= e2}
        return Part(cue.start(), max(e2, w_end), node), used

    # --- assembly ------------------------------------------------------------------------
    def _join(self, parts: list[Part]) -> ast.Node:
        """Join parts in text order: `or` where the text between says or, else `and`."""
        parts = sorted(parts, key=lambda p: p.start)
        conjuncts: list[list[ast.Node]] = [[parts[0].expr]]
        for previous, part in zip(parts, parts[1:]):
            gap = self.text[previous.end : part.start] if part.start > previous.end else ""
            if _OR_GAP.fullmatch(gap):
                conjuncts[-1].append(part.expr)
            else:
                conjuncts.append([part.expr])
        nodes = [group[0] if len(group) == 1 else ast.Or(args=tuple(group)) for group in conjuncts]
        return nodes[0] if len(nodes) == 1 else ast.And(args=tuple(nodes))

    def _unresolved(self, reason: str, detail: str) -> ast.Unresolved:
        node = ast.Unresolved(reason=reason, detail=detail[:500])
        self.unresolved.append(node)
        return node

    def _conditional_clause(self) -> tuple[int, int] | None:
        for _, start, end in self._cues("conditional"):
            if start <= 2 or self.text[:start].rstrip().endswith((",", "(", ";")):
                return start, clause_end(self.text, end)
        return None

    def compile(self) -> Outcome:
        for category, reason in (("judgement", "judgement"), ("consent", "consent")):
            cues = self._cues(category)
            if cues:
                detail = f"depends on {cues[0][0].text!r}, which no record holds"
                if not self.facts.thresholds and not self.facts.windows:
                    return Outcome(self._unresolved(reason, detail), self.unresolved, executable=False)

        windows = []
        for window in self.facts.windows:
            node = None if window.ignore else _window(window)
            if node is not None:
                windows.append((node, *_relative(window.span, self.base)))
        windows.sort(key=lambda w: w[1])
        threshold_spans = [_relative(t.span, self.base) for t in self.facts.thresholds if not t.ignore]
        mentions = self._entity_mentions(threshold_spans)
        interval, used = self._interval_part(mentions, windows)
        if interval is not None:
            mentions = [m for i, m in enumerate(mentions) if i not in used]
            windows = [w for w in windows if not (interval.start <= w[1] < interval.end)]
        parts, filters, counted = self._threshold_parts(mentions)
        if interval is not None:
            parts = [p for p in parts if not (interval.start <= p.start < interval.end)] + [interval]
        kept = [i for i in range(len(mentions)) if i not in counted]
        renumbered = {old: new for new, old in enumerate(kept)}
        remaining_filters = {renumbered[i]: f for i, f in filters.items() if i in renumbered}
        parts += self._entity_groups([mentions[i] for i in kept], remaining_filters, self._exception_start(), windows)
        parts += self._categorical_parts(threshold_spans)
        if not parts:
            vague = self._cues("vague")
            if vague:
                rule = self._unresolved("vague", f"{vague[0][0].text!r} is not defined by a measurable threshold")
            else:
                rule = self._unresolved("unsupported", "no known concept, threshold or time window was recognised")
            return Outcome(rule, self.unresolved, executable=False)
        rule = self._assemble(parts)
        return Outcome(rule, self.unresolved)

    def _assemble(self, parts: list[Part]) -> ast.Node:
        clause = self._conditional_clause()
        if clause is not None:
            inside = [p for p in parts if clause[0] <= p.start < clause[1]]
            outside = [p for p in parts if p not in inside]
            if outside:
                condition = self._join(inside) if inside else self._unresolved(
                    "ambiguous", f"condition {self.text[clause[0]:clause[1]]!r} was not recognised"
                )
                rule: ast.Node = ast.If(condition=condition, then=self._join(outside))
                return self._with_qualifiers(rule, parts)
        return self._with_qualifiers(self._join(parts), parts)

    def _with_qualifiers(self, rule: ast.Node, parts: list[Part]) -> ast.Node:
        """Vague qualifiers outside every compiled part leave the criterion partly compiled."""
        spans = [(p.start, p.end) for p in parts] + [_relative(m.span, self.base) for m in self.facts.mentions]
        loose = [c for c, s, e in self._cues("vague") if not self._covered(s, e, spans) and c.text.lower() not in _STATUS_WORDS]
        extra = [self._unresolved("vague", f"{c.text!r} is not defined") for c in loose[:1]]
        for category in ("judgement", "consent"):
            extra += [self._unresolved(category, f"depends on {c.text!r}") for c, _, _ in self._cues(category)[:1]]
        if not extra:
            return rule
        args = (rule.args if isinstance(rule, ast.And) else (rule,)) + tuple(extra)
        return ast.And(args=args)


_STATUS_WORDS = {"uncontrolled", "active", "untreated", "symptomatic", "unresolved", "ongoing"}

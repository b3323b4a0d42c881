"""Protocol facts → a compiled `Protocol`, with compiler diagnostics and coverage.

Every criterion yields exactly one rule; what could not be executed is an
`unresolved` node *and* a diagnostic located at the criterion (line:col of the
protocol file), so an author sees everything that did not compile.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from eligo.annotations import EndpointItem, InterventionItem
from eligo.compiler.accounting import account
from eligo.compiler.alternative_routes import counted_groups, counted_leads, widened
from eligo.compiler.cohort_scopes import apply_cohorts
from eligo.compiler.coverage import Coverage
from eligo.compiler.criterion import compile_view
from eligo.compiler.lead_ins import apply_lead_ins, either_way
from eligo.compiler.logic import Outcome, constrains_nothing, outcome
from eligo.compiler.names import anchor_name, slug
from eligo.compiler.passes import PASSES
from eligo.compiler.provenance import placed, shift
from eligo.compiler.record_gaps import unknown_without_record
from eligo.compiler.view import CriterionView
from eligo.diagnostics import Diagnostic, Position, codes, diagnostic, span_diagnostic
from eligo.facts import ProtocolFacts
from eligo.grammar import ast
from eligo.terminology.codes import concept_table, unreached, without_subtypes

# the code of each kind of unresolved criterion; severity, headline (title) and hint are in the
# registry
UNRESOLVED_CODES: dict[str, str] = {
    "vague": "E201",
    "unsupported": "E202",
    "ambiguous": "E203",
    "consent": "E204",
    "judgement": "E205",
    "no_content": "E206",
}
PARTIAL, LEFT_OVER, PERMISSION, UNCODED, LEAF = "E210", "E211", "E207", "E220", "E221"


def _hint(reason: str) -> str | None:
    """The registered hint of the code of an unresolved part's reason (a partly compiled criterion's
    hint too)."""
    return codes()[UNRESOLVED_CODES[reason]].hint if reason in UNRESOLVED_CODES else None


def _located(
    code: str, message: str, text: str, start: int, end: int, where: str, hint: str | None = None
) -> Diagnostic:
    """A diagnostic of `code` at `text[start:end]`, its message led by the code's registered
    title."""
    entry = codes()[code]
    return span_diagnostic(
        code, entry.severity, f"{entry.title}{message}", text, start, end, path=where, hint=hint
    )


def _joined(rule: ast.Node, span: tuple[int, int]) -> str:
    """How the unresolved part of a left-over phrase joins the rule, which the compiler guessed from
    the words around it: a requirement beside the rest ("and") or one more way to meet it ("or")."""
    for node in ast.walk(rule):
        if isinstance(node, ast.And | ast.Or) and any(
            isinstance(arg, ast.Unresolved) and arg.span is not None and tuple(arg.span) == span
            for arg in node.args
        ):
            if isinstance(node, ast.And):
                return " (guessed a requirement: and-ed)"
            return " (guessed an alternative: or-ed)"
    return ""


@dataclass(frozen=True)
class Compilation:
    protocol: ast.Protocol
    diagnostics: list[Diagnostic] = field(default_factory=list)
    coverage: Coverage = Coverage()


def _span(text: str, span: tuple[int, int]) -> ast.SourceSpan:
    position = Position.at(text, span[0])
    return ast.SourceSpan(start=span[0], end=span[1], line=position.line, col=position.col)


def _short(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _endpoint(item: EndpointItem, text: str) -> ast.Endpoint | None:
    if item.ignore or item.kind is None:
        return None
    time_frame = None
    if item.time_frame is not None:
        frame = item.time_frame
        window = None
        if frame.op is not None and frame.value is not None and frame.unit is not None:
            amount = ast.Quantity(value=frame.value, unit=frame.unit)
            window = ast.Window(
                op=frame.op,
                amount=amount,
                relation="after",
                anchor=anchor_name(frame.anchor or "study start"),
            )
        time_frame = ast.TimeFrame(text=frame.text, window=window)
    return ast.Endpoint(
        kind=item.kind,
        name=item.name or item.text,
        abbreviation=item.abbreviation,
        time_frame=time_frame,
        span=_span(text, item.span),
    )


def _regimen(item: InterventionItem, text: str) -> ast.Regimen | None:
    if item.ignore or not item.name:
        return None
    route = slug(item.route) if item.route else None
    return ast.Regimen(
        drug=item.name,
        dose=ast.Quantity(value=item.dose.value, unit=item.dose.unit) if item.dose else None,
        route=route,
        frequency=item.frequency,
        days=tuple(tuple(d) for d in item.days) if item.days else None,
        cycle=ast.Quantity(value=item.cycle.value, unit=item.cycle.unit) if item.cycle else None,
        span=_span(text, item.span),
    )


def _design(design: dict | None) -> ast.Design | None:
    if not design:
        return None
    arms = tuple(
        ast.Arm(name=arm["name"], drugs=tuple(arm.get("drugs") or ()))
        for arm in design.get("arms") or ()
    )
    fields = {
        key: design.get(key) for key in ("phase", "allocation", "ratio", "masking", "control")
    }
    return ast.Design(arms=arms, **fields)


def _targets(rules: list[ast.Node | None]) -> frozenset[str]:
    """The conditions every inclusion-meeting patient has (the trial's disease): what "other ..."
    leaves out.

    `rules` has one entry per criterion: the inclusions' rules, None for the exclusions.
    """
    found: set[str] = set()
    for rule in rules:
        if rule is None:
            continue
        for node in rule.args if isinstance(rule, ast.And) else (rule,):
            if isinstance(node, ast.Exists):
                found.update(e.concept for e in node.entities if e.type == "condition")
    return frozenset(found)


def _outcomes(facts: ProtocolFacts) -> list[Outcome]:
    """Every criterion's outcome, each compiled once: inclusions first name the trial's disease
    (what an exclusion's "other malignancy" leaves out), then lead-ins act on their items; the items
    of a lead-in that does not say all or any are read both ways once each has its left-overs, a
    counted lead-in's items are one rule with it, and an inclusion that widens the one before it
    is an alternative to it (`alternative_routes.py`)."""
    # each criterion's facts indexed once, read for its rule and then for its left-over words
    views = [CriterionView(f) for f in facts.criteria]
    first = [
        compile_view(v.reading(passes=PASSES)) if f.criterion.kind == "inclusion" else None
        for f, v in zip(facts.criteria, views)
    ]
    targets = _targets([result.rule if result is not None else None for result in first])
    outcomes = [
        result if result is not None else compile_view(v.reading(targets, PASSES))
        for v, result in zip(views, first)
    ]
    criteria = [f.criterion for f in facts.criteria]
    rules = apply_lead_ins(
        [result.rule for result in outcomes], list(facts.lead_ins), list(facts.criteria)
    )
    rules = counted_leads(rules, list(facts.lead_ins), list(facts.criteria))
    rules = apply_cohorts(rules, list(facts.cohorts), criteria)
    accounted = []
    for rule, criterion_facts, view in zip(rules, facts.criteria, views):
        # what a lead-in added is located at its item; then every word the rule does not use becomes
        # unresolved
        rule, left = account(view, placed(rule, criterion_facts.criterion.span, -view.base))
        accounted.append(
            replace(
                outcome(shift(rule, view.base)),
                leftovers=[(a + view.base, b + view.base) for a, b in left],
            )
        )
    read = either_way([o.rule for o in accounted], list(facts.lead_ins), list(facts.criteria))
    read = counted_groups(read, list(facts.lead_ins), list(facts.criteria))
    read = widened(read, list(facts.lead_ins), list(facts.criteria))
    return [
        o if rule is o.rule else replace(outcome(rule), leftovers=o.leftovers)
        for rule, o in zip(read, accounted)
    ]


def _leaves(protocol: ast.Protocol, text: str, where: str) -> list[Diagnostic]:
    """A warning at each condition a rule requires whose code has nothing below it in the
    terminology (a record of a narrower condition does not match it, and the rule cannot tell), and
    at each concept no code of the records hospitals keep reaches (ICD-10-CM or SNOMED CT; for a
    treatment DrugBank, ATC or SNOMED CT): only a record naming Eligo's own concept matches it."""
    leaves = without_subtypes(protocol.concepts)
    codes_of = {c.id: c.code for c in protocol.concepts}
    lone: dict[str, frozenset[str]] = {}
    found = []
    for criterion in protocol.criteria:
        for node in ast.walk(criterion.rule):
            if not isinstance(node, ast.Exists):
                continue
            for entity in node.entities:
                if not entity.span:
                    continue
                if entity.type == "condition" and entity.concept in leaves:
                    found.append(_located(LEAF, f": {entity.concept}", text, *entity.span, where))
                if entity.type not in lone:
                    lone[entity.type] = unreached(protocol.concepts, entity.type)
                if entity.concept in lone[entity.type]:
                    code = codes_of.get(entity.concept) or "no code"
                    systems = "DrugBank, ATC" if entity.type == "treatment" else "ICD-10-CM"
                    message = f": {entity.concept} ({code}), which no {systems} or SNOMED CT code"
                    found.append(_located(UNCODED, message + " reaches", text, *entity.span, where))
    return found


def compile_facts(facts: ProtocolFacts, path: str | None = None) -> Compilation:
    """Compile one protocol's facts; `path` names the protocol file in diagnostics."""
    text = facts.text
    where = path or facts.document
    criteria, diagnostics = [], []
    full = partial = none = 0
    for criterion_facts, result in zip(facts.criteria, _outcomes(facts)):
        criterion, rule = criterion_facts.criterion, result.rule
        for start, end in result.leftovers[:1]:
            phrases = ", ".join(
                f"{_short(text[a:b], 40)!r}{_joined(rule, (a, b))}" for a, b in result.leftovers
            )
            diagnostics.append(_located(LEFT_OVER, f": {phrases}", text, start, end, where))
        if constrains_nothing(rule):
            diagnostics.append(
                _located(
                    PERMISSION,
                    f': "{_short(criterion.text)}" constrains nothing',
                    text,
                    *criterion.span,
                    where,
                )
            )
        criteria.append(
            ast.Criterion(
                id=criterion.id,
                kind=criterion.kind,
                text=criterion.text,
                span=_span(text, criterion.span),
                rule=rule,
            )
        )
        start, end = criterion.span
        if not result.unresolved:
            full += 1
            continue
        if result.executable:
            partial += 1
            detail = "; ".join(u.detail for u in result.unresolved)
            message = f' "{_short(criterion.text)}": {detail}'
            diagnostics.append(
                _located(
                    PARTIAL, message, text, start, end, where, _hint(result.unresolved[0].reason)
                )
            )
        else:
            none += 1
            reason = result.unresolved[0].reason
            message = f' "{_short(criterion.text)}": {result.unresolved[0].detail}'
            diagnostics.append(_located(UNRESOLVED_CODES[reason], message, text, start, end, where))
    if not facts.criteria:
        diagnostics.append(
            diagnostic(
                "E200",
                "no eligibility criteria found; endpoints, regimens and design compiled",
                path=where,
            )
        )
    protocol = ast.Protocol(
        id=Path(facts.document).stem,
        source=facts.document,
        design=_design(facts.design),
        endpoints=tuple(
            e
            for e in (_endpoint(item, text) for item in facts.annotations.endpoints)
            if e is not None
        ),
        regimens=tuple(
            r
            for r in (_regimen(item, text) for item in facts.annotations.interventions)
            if r is not None
        ),
        criteria=tuple(criteria),
    )
    protocol = protocol.model_copy(update={"concepts": concept_table(protocol)})
    protocol = unknown_without_record(protocol)
    diagnostics += _leaves(protocol, text, where)
    uncoded = [c.id for c in protocol.concepts if c.code is None]
    if uncoded:
        diagnostics.append(
            diagnostic(UNCODED, f"{codes()[UNCODED].title}: {', '.join(uncoded)}", path=where)
        )
    return Compilation(
        protocol=protocol,
        diagnostics=diagnostics,
        coverage=Coverage(full=full, partial=partial, none=none),
    )

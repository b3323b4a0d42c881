"""Pass: "uncontrolled hypertension", "untreated hypothyroidism", "symptomatic brain metastases": a
status word that judges the condition is no status a record holds.

A record's status says active, recurrent or resolved; "uncontrolled" is the investigator's reading
of an active disease. Kept as a `status = "uncontrolled"` filter, the atom would be false for every
active record not marked so, which is most of them, so a patient with an untreated, active
hypothyroidism would pass an exclusion of it. The filter becomes an and-ed `unresolved judgement`
part that names the word and the condition (`judged_status_words` in `data/words.jsonl`); the
condition itself stays, at screening when nothing dates it otherwise (`current_states` runs
first), so a patient without it still gets a decision.
"""

from __future__ import annotations

from dataclasses import replace

from eligo.compiler.logic import both, either, replaced
from eligo.compiler.parts import JUDGED_STATUS_WORDS, Draft, Part, Sentence, unresolved
from eligo.grammar import ast


def _judged(entity: ast.EntityRef) -> ast.Filter | None:
    return next(
        (
            f
            for f in entity.where
            if f.attribute == "status"
            and isinstance(f.value, ast.Category)
            and f.value.value.lower() in JUDGED_STATUS_WORDS
        ),
        None,
    )


def _rewritten(found: ast.Exists) -> ast.Node:
    """`has any(A(status = "uncontrolled"), B)` as `has B or (has A and unresolved judgement)`."""
    judged = [(e, _judged(e)) for e in found.entities]
    plain = tuple(e for e, f in judged if f is None)
    marked = [(e, f) for e, f in judged if f is not None]
    stripped = tuple(
        e.model_copy(update={"where": tuple(w for w in e.where if w is not f)}) for e, f in marked
    )
    first = marked[0][1]
    names = ", ".join(dict.fromkeys(e.concept.replace("_", " ") for e, _ in marked))
    word = first.value.value if isinstance(first.value, ast.Category) else "judged"
    judgement = unresolved(
        "judgement",
        f"{word!r} judges the {names}, which no record's status holds",
        first.span,
    )
    kept = both(found.model_copy(update={"entities": stripped}), judgement)
    return kept if not plain else either(found.model_copy(update={"entities": plain}), kept)


def judged_statuses(draft: Draft, sentence: Sentence) -> Draft:
    result = []
    for part in draft.parts:
        expr = part.expr
        for node in [n for n in ast.walk(part.expr) if isinstance(n, ast.Exists)]:
            if any(_judged(e) is not None for e in node.entities):
                expr = replaced(expr, node, _rewritten(node))
        result.append(part if expr is part.expr else Part(part.start, part.end, expr, part.entity))
    return replace(draft, parts=tuple(result))

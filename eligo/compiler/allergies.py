"""Allergies in a sentence: what an allergy is to, and the part it compiles to.

An allergy mention is to its allergen (the words after "to", "against" ... or the
word just before it; "hypersensitivity or allergy to X": both to X); an allergy to
the study drug is one concept, to anything else an allergy whose allergen is left
for review. Used by `mentions.py`.
"""

from __future__ import annotations

import re

from eligo import phrases
from eligo.compiler.connectives import or_gap
from eligo.compiler.logic import negate
from eligo.compiler.parts import ENTITY_TYPES, Part, quote, relative, skip_aside, unresolved
from eligo.compiler.view import CriterionView
from eligo.facts import Mention
from eligo.grammar import ast

ALLERGY, STUDY_DRUG_ALLERGY, STUDY_DRUG = "allergy", "study_drug_allergy", "investigational_agent"


def allergen_of(
    view: CriterionView, mention: Mention, end: int, limit: int
) -> tuple[int, int] | None:
    """The text naming what an allergy is to: from "to", "against", "after using" ... to the end of
    the clause, or the word just before it ("voriconazole hypersensitivity", "LA allergy", not
    "known hypersensitivity")."""
    if mention.concept != ALLERGY:
        return None
    link = phrases.pattern("allergen").match(view.text, skip_aside(view.text, end))
    if link is None:
        shared = _coordinated_allergy(view, end, limit)
        if shared is not None:  # "hypersensitivity or allergy to X": both are to X
            return shared
        start = relative(mention.span, view.base)[0]
        before = re.search(
            r"([A-Za-z][\w-]{3,}|[A-Z]{2,})\s+$", view.text[max(0, start - 30) : start]
        )
        if (
            before
            and not phrases.pattern("allergy_modifier").fullmatch(before.group(1))
            and not before.group(1).lower().endswith("ly")
        ):
            return start - len(before.group(0)), start
        return None
    stop = limit
    for char in ";.":
        found = view.text.find(char, link.end(), limit)
        stop = found if found != -1 and found < stop else stop
    return end, stop


def _coordinated_allergy(view: CriterionView, end: int, limit: int) -> tuple[int, int] | None:
    """The allergen of the allergy named right after "or" ("hypersensitivity or allergy to X"),
    which the first shares; None when none follows or it names no allergen of its own."""
    following = view.mentions(end, limit, ENTITY_TYPES)
    if not following:
        return None
    mention, m_start, m_end = following[0]
    if mention.concept != ALLERGY or not or_gap(view.text[end:m_start]):
        return None
    if phrases.pattern("allergen").match(view.text, skip_aside(view.text, m_end)) is None:
        return None
    return allergen_of(view, mention, m_end, limit)


def allergy_part(
    view: CriterionView, start: int, end: int, allergen: tuple[int, int], negated: bool
) -> Part:
    """An allergy to the study drug is one concept; to anything else, an allergy whose allergen
    needs review."""
    region = view.text[allergen[0] : allergen[1]]
    study = phrases.pattern("study_drug").search(region) or any(
        m.concept == STUDY_DRUG for m, _, _ in view.mentions(*allergen, ENTITY_TYPES)
    )
    if study:
        node: ast.Node = ast.Exists(
            entities=(ast.EntityRef(type="condition", concept=STUDY_DRUG_ALLERGY),)
        )
    else:
        allergy = ast.Exists(entities=(ast.EntityRef(type="condition", concept=ALLERGY),))
        detail = f"the allergen ({quote(region.strip(), 80)!r}) is not recorded with the allergy"
        node = ast.And(args=(allergy, unresolved("unsupported", detail)))
    return Part(
        min(start, allergen[0]),
        max(end, allergen[1]),
        negate(node) if negated else node,
        entity=True,
    )

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
from eligo.compiler.names import concept_name
from eligo.compiler.parts import ENTITY_TYPES, Part, quote, relative, skip_aside, unresolved
from eligo.compiler.view import CriterionView
from eligo.datafiles import patterns
from eligo.facts import Mention
from eligo.grammar import ast

ALLERGY, STUDY_DRUG_ALLERGY, STUDY_DRUG = "allergy", "study_drug_allergy", "investigational_agent"
_CUE = patterns("eligo.compiler.data", "mention_cues.jsonl")


def allergen_of(
    view: CriterionView, mention: Mention, end: int, limit: int
) -> tuple[int, int] | None:
    """The text naming what an allergy is to: from "to", "against", "after using" ... to the end of
    the clause, or the word just before it ("voriconazole hypersensitivity", "LA allergy", not
    "known hypersensitivity")."""
    if mention.concept != ALLERGY:
        return None
    after = skip_aside(view.text, end)
    listed = _CUE["allergy_list"].match(view.text, after, limit)  # "allergy or intolerance to X"
    after = skip_aside(view.text, listed.end()) if listed else after
    aside = _CUE["allergy_aside"].match(view.text, after, limit)  # ", including anaphylaxis, to"
    after = skip_aside(view.text, aside.end()) if aside else after
    link = view.phrase_at("allergen", after)
    if link is None:
        shared = _coordinated_allergy(view, end, limit)
        if shared is not None:  # "hypersensitivity or allergy to X": both are to X
            return shared
        start = relative(mention.span, view.base)[0]
        sibling = _CUE["allergy_sibling"].search(view.text, max(0, start - 60), start)
        if sibling is not None:  # "known latex intolerance or allergy": the allergen is "latex"
            words = list(re.finditer(r"\S+", sibling.group(1)))
            named = [w for w in words if not phrases.named("allergy_modifier", w[0])]
            if named:
                first = sibling.start(1) + named[0].start()
                return first, sibling.start(1) + words[-1].end()
        before = re.search(
            r"([A-Za-z][\w-]{3,}|[A-Z]{2,})\s+$", view.text[max(0, start - 30) : start]
        )
        if (
            before
            and not phrases.named("allergy_modifier", before.group(1))
            and not before.group(1).lower().endswith("ly")
        ):
            return start - len(before.group(0)), start
        return None
    stop, depth = limit, 0
    for index in range(link.end(), limit):  # a ";" or "." outside brackets ("(e.g. soy)" goes on)
        char = view.text[index]
        depth += (char in "([") - (char in ")]")
        if depth <= 0 and char in ";.":
            stop = index
            break
    person = _CUE["allergen_end"].search(view.text, link.end(), stop)
    stop = person.start() if person else stop
    return (listed.end() if listed else end), stop


def _coordinated_allergy(view: CriterionView, end: int, limit: int) -> tuple[int, int] | None:
    """The allergen of the allergy named right after "or" ("hypersensitivity or allergy to X"),
    which the first shares; None when none follows or it names no allergen of its own."""
    following = view.mentions(end, limit, ENTITY_TYPES)
    if not following:
        return None
    mention, m_start, m_end = following[0]
    if mention.concept != ALLERGY or not or_gap(view.text[end:m_start]):
        return None
    if view.phrase_at("allergen", skip_aside(view.text, m_end)) is None:
        return None
    return allergen_of(view, mention, m_end, limit)


def allergy_part(
    view: CriterionView, start: int, end: int, allergen: tuple[int, int], negated: bool
) -> Part:
    """An allergy to the study drug is one concept; to anything else, an allergy whose allergen
    needs review."""
    region = view.text[allergen[0] : allergen[1]]
    study = view.phrase("study_drug", *allergen) or any(
        m.concept == STUDY_DRUG for m, _, _ in view.mentions(*allergen, ENTITY_TYPES)
    )
    aside = _CUE["allergy_aside"].match(view.text, allergen[0], allergen[1])
    named = (  # "allergic reaction, including anaphylaxis, to X": the aside's kinds of it too
        [m for m, _, _ in view.mentions(*aside.span(), {"condition"})] if aside else []
    )
    kinds = dict.fromkeys([ALLERGY, *(concept_name(m.concept) for m in named)])
    allergy = ast.Exists(entities=tuple(ast.EntityRef(type="condition", concept=k) for k in kinds))
    detail = f"the allergen ({quote(region.strip(), 80)!r}) is not recorded with the allergy"
    other: ast.Node = ast.And(args=(allergy, unresolved("unsupported", detail)))
    if study:
        node: ast.Node = ast.Exists(
            entities=(ast.EntityRef(type="condition", concept=STUDY_DRUG_ALLERGY),)
        )
        if _names_others(region):  # "any GLP-1 agonist or excipients of the study drug"
            node = ast.Or(args=(node, other))
    else:
        node = other
    listed = _CUE["non_allergic_name"].search(view.text, end, allergen[0])
    if end <= allergen[0] and listed:  # "allergy or intolerance against X": the intolerance too
        detail = f"{listed.group(0)!r} ({quote(region.strip(), 60)!r}) is no allergy a record holds"
        node = ast.Or(args=(node, unresolved("unsupported", detail)))
    sibling = view.text[allergen[1] : start]
    head = re.sub(r"\b(?:and/or|or|and)\b", " ", sibling).strip(" ,/")
    if allergen[1] <= start and head:  # "latex incompatibility and/or allergy": an alternative too
        phrase = quote(view.text[allergen[0] : allergen[1]] + " " + head, 80)
        detail = f"{phrase!r} is an alternative to the allergy, which no record names"
        node = ast.Or(args=(node, unresolved("unsupported", detail)))
    return Part(
        min(start, allergen[0]),
        max(end, allergen[1]),
        negate(node) if negated else node,
        entity=True,
    )


def _names_others(region: str) -> bool:
    """Whether an allergen naming the study drug names something else too ("to any GLP-1 agonist
    or excipients of the study drug"), not only the study drug and its parts ("to the study drug
    or its excipients")."""
    rest = phrases.pattern("study_drug").sub(" ", region)
    return any(
        not _CUE["allergen_filler"].fullmatch(word) for word in re.findall(r"[A-Za-z][\w-]*", rest)
    )

"""Which entity mentions a sentence asserts, and the entity each names.

Left out of a sentence's entities: indications ("treatment for X") and needs
("requiring X"), which become unresolved qualifiers; methods ("confirmed by
biopsy"), other people's conditions ("partner of childbearing potential"),
roles ("as target lesions"), what an event is of, a broad name restated by a
narrower one. An allergy is to its allergen; a test result next to a mention
decides its negation. What an allergy is to is read in `allergies.py`; the
entity a kept mention compiles to, in `references.py`.
"""

from __future__ import annotations

import re

from eligo import phrases
from eligo.compiler.allergies import allergen_of, allergy_part
from eligo.compiler.index_events import index_events
from eligo.compiler.names import narrower
from eligo.compiler.parts import ENTITY_TYPES, EntityHit, Part, quote, relative, unresolved
from eligo.compiler.prefixes import heads_another
from eligo.compiler.ties import indication_ties
from eligo.compiler.timing import anchor_spans
from eligo.compiler.view import CriterionView, Phrase
from eligo.datafiles import patterns
from eligo.facts import Mention

_CUE = patterns("eligo.compiler.data", "mention_cues.jsonl")


def asserted_mentions(
    view: CriterionView, start: int, end: int
) -> tuple[list[EntityHit], list[Part]]:
    """The entity mentions the sentence asserts, and parts for allergies to a named allergen.

    Left out: indications ("treatment for X", "risk of X") and needs ("requiring X"), which become
    unresolved qualifiers (as what a cause did: "altered anatomy due to surgery" keeps the surgery);
    methods ("confirmed by biopsy"), other people's conditions ("partner of childbearing
    potential"), roles ("as target lesions"), settings ("during the metastatic stage").
    """
    found: list[EntityHit] = []
    parts: list[Part] = []
    allergens: list[tuple[int, int]] = []
    needs: dict[int, Part] = {}
    need_spans: list[tuple[int, int]] = []
    sites: list[tuple[int, int]] = []  # the words before a generic surgery that name its site
    settings = [m.span() for m in view.phrases("setting", start, end)]
    anchors = anchor_spans(view, start, end) + [
        n.span for n in index_events(view, start, end) if n.span is not None
    ]
    for mention, m_start, m_end in view.mentions(start, end, ENTITY_TYPES):
        if any(a <= m_start < b for a, b in allergens + settings + anchors):
            continue
        indication = view.phrase_before("indication", m_start, start, words=8)
        if indication is not None and not _example_between(view, indication.end(), m_start):
            needs.setdefault(
                indication.start(), _clause_part(view, indication, end, "{!r} is not compiled")
            )
            continue
        if (
            view.phrase_before("method", m_start, start, words=1)
            or about_someone_else(view, m_start, m_end, start)
            or disregarded(view, m_end, end)
        ):
            continue
        modal = modal_negation(view, mention, m_start, start)
        site = site_of(view, mention, m_start, m_end)
        if site is not None:
            sites.append((site[0], m_start))
        for qualifier in (modal, site):
            if qualifier is not None:
                detail = f"{quote(view.text[qualifier[0] : qualifier[1]], 80)!r} is not compiled"
                needs.setdefault(
                    qualifier[0],
                    Part(qualifier[0], qualifier[1], unresolved("unsupported", detail)),
                )
        if modal is not None:
            continue
        inability = view.phrase_at("modal_negation", m_start, m_end)
        if inability and inability.text.lower() not in mention.concept.lower():
            # "Inability to exercise" linked to exercise intolerance: a broader concept
            detail = (
                f"{quote(mention.text, 80)!r} is an inability, read as "
                f"{mention.concept!r}, which a reduced capacity is recorded as too"
            )
            needs.setdefault(m_start, Part(m_start, m_end, unresolved("unsupported", detail)))
        cause = view.phrase_before("cause", m_start, start, words=8)
        if cause is not None:
            needs.setdefault(
                cause.start(), _clause_part(view, cause, end, "what {!r} caused is not compiled")
            )
        if view.phrase_before("document", m_start, start, words=8) or names_instrument(
            view, mention, m_end
        ):
            continue
        if _CUE["role"].search(view.text, max(start, m_start - 12), m_start) and found:
            continue
        need = need_before(view, m_start, start, end)
        if need is not None:
            stop = view.clause_end(need.end(), end)
            detail = (
                f"{quote(view.text[need.start() : stop], 80)!r} is a need, which no record holds"
            )
            needs.setdefault(
                need.start(), Part(need.start(), stop, unresolved("unsupported", detail))
            )
            need_spans.append((need.start(), stop))
            continue
        negated = is_negated(view, mention, m_start, m_end)
        allergen = allergen_of(view, mention, m_end, end)
        if allergen is not None:
            allergens.append(allergen)
            parts.append(allergy_part(view, m_start, m_end, allergen, negated))
            continue
        if found and (
            restates(view, found[-1], mention, m_start) or is_topic(view, found[-1], m_start)
        ):
            continue
        after = indication_after(view, m_end, end) if mention.type == "condition" else None
        if after is not None:  # "ASCVD risk", "stroke prevention": not the condition itself
            detail = f"{quote(f'{mention.text} {after.text}', 80)!r} is not compiled"
            needs.setdefault(m_start, Part(m_start, after.end(), unresolved("unsupported", detail)))
            continue
        found.append(EntityHit(mention, m_start, m_end, negated))
    for need in view.phrases("need", start, end):
        stop = view.clause_end(need.end(), end)
        if need.start() not in needs and not view.phrase("past", need.start(), stop):
            detail = (
                f"{quote(view.text[need.start() : stop], 80)!r} is a need, which no record holds"
            )
            needs[need.start()] = Part(need.start(), stop, unresolved("unsupported", detail))
            need_spans.append((need.start(), stop))
    # what a bracket inside a need lists ("need for hospitalisation (change of medication or
    # revascularisation)") is needed, not had
    listed = [b for a, stop in need_spans for b in view.brackets(a, stop)]
    # ... and what names the site of a generic surgery ("cataract surgery") is that surgery's site,
    # not an alternative to it
    found = [
        hit
        for hit in found
        if not any(a < hit.start < b for a, b in listed)
        and not any(a <= hit.start < b for a, b in sites)
    ]
    # "requires an urgent temporal artery biopsy": what the need asks for, however many words name
    # it, is a plan, not a procedure or treatment of the record ("requiring dialysis should be on
    # haemodialysis": an obligation after the need says what the record holds)
    found = [
        hit
        for hit in found
        if hit.mention.type == "condition"
        or not any(
            a < hit.start < b and not view.phrase("obligation", a, hit.start) for a, b in need_spans
        )
    ]
    glued, exceptions = non_mentions(view, start, end)
    found, purposes = narrowest(view, sorted(found + glued, key=lambda f: f.start))
    found = by_purpose(view, found, start, end)
    ties = indication_ties(view, found)
    return found, parts + list(needs.values()) + purposes + exceptions + ties


def is_topic(view: CriterionView, previous: EntityHit, start: int) -> bool:
    """ "clinical trials of anti-tumor therapy": what an event is of is its topic, not a further
    entity."""
    return (
        previous.mention.type == "event"
        and re.fullmatch(r"\s+of\s+(?:[\w-]+\s+)?", view.text[previous.end : start]) is not None
    )


def restates(view: CriterionView, previous: EntityHit, mention: Mention, start: int) -> bool:
    """ "HIV [HIV] infection": a broader name right after a narrower one names the same thing."""
    gap = view.text[previous.end : start]
    return not gap.strip(" ()[]") and narrower(previous.mention.concept, mention.concept)


def _example_between(view: CriterionView, start: int, end: int) -> bool:
    """Whether an example introducer ("e.g.", "such as") stands between `start` and `end`: a
    mention after it is an instance of the head ("risk of bleeding (e.g. active peptic ulcer)"),
    not what the indication before the head is for."""
    return view.phrase("example", start, end) is not None


def _clause_part(view: CriterionView, phrase: Phrase, end: int, detail: str) -> Part:
    """An uncompiled part from `phrase` to the end of its clause; `detail` says it of the quoted
    words."""
    stop = view.clause_end(phrase.end(), end)
    example = view.phrase("example", phrase.end(), stop)
    if example is not None:  # "risk of bleeding (e.g. ...)": the examples are the examples pass's
        stop = len(view.text[: example.start()].rstrip(" ,:;(["))
    return Part(
        phrase.start(),
        stop,
        unresolved("unsupported", detail.format(quote(view.text[phrase.start() : stop], 80))),
    )


def narrowest(view: CriterionView, found: list[EntityHit]) -> tuple[list[EntityHit], list[Part]]:
    """ "Prior infection of Hepatitis B": a broad name of a narrower one leaves the narrower one.
    "HBV vaccination": a condition naming what a vaccination or treatment is for is no diagnosis,
    and the purpose is not compiled."""
    kept, purposes = [], []
    for index, item in enumerate(found):
        following = found[index + 1] if index + 1 < len(found) else None
        gap = view.text[item.end : following.start] if following else ""
        broad = (
            following is not None
            and re.fullmatch(r"\s+(?:of|with)\s+", gap)
            and narrower(following.mention.concept, item.mention.concept)
        )
        purpose = (
            following is not None
            and item.mention.type == "condition"
            and following.mention.type in ("treatment", "event")
            and re.fullmatch(r"[\s-]*", gap)
        )
        if following is not None and purpose:
            detail = (
                f"{quote(view.text[item.start : following.end])!r}: what it is for is not compiled"
            )
            purposes.append(Part(item.start, item.end, unresolved("unsupported", detail)))
        elif not broad:
            kept.append(item)
    return kept, purposes


def non_mentions(view: CriterionView, start: int, end: int) -> tuple[list[EntityHit], list[Part]]:
    """ "non-childbearing potential": a concept glued to "non-" (one token, so no mention of its
    own), negated. Where it only narrows another head ("non-insulin agent", `prefixes.py`), or
    names a treatment or procedure ("a non-investigational product": another kind of product, not
    the absence of one), it is an exception from a class, which no rule expresses: an unresolved
    part."""
    found, exceptions = [], []
    spans = [relative(m.span, view.base) for m in view.facts.mentions]
    for match in _CUE["non"].finditer(view.text, start, end):
        if any(a <= match.start() < b for a, b in spans):
            continue
        named = view.lexicon.find(view.text[match.end() : end])
        if named and named[0].start == 0 and named[0].concept.kind in ENTITY_TYPES:
            concept = named[0].concept
            m_end = match.end() + named[0].end
            remedy = concept.kind in ("treatment", "procedure") and not view.text.startswith(
                "-", m_end
            )  # "a non-investigational product"; "non-insulin-treated patients" is not insulin
            if remedy or heads_another(view, m_end, end):
                words = quote(view.text[match.start() : m_end])
                detail = (
                    f"{words!r} leaves {concept.name!r} out of the class it qualifies,"
                    " which no rule expresses"
                )
                exceptions.append(Part(match.start(), m_end, unresolved("unsupported", detail)))
                continue
            mention = Mention(
                concept=concept.id,
                type=concept.kind,
                span=(view.base + match.start(), view.base + m_end),
                text=view.text[match.start() : m_end],
            )
            found.append(EntityHit(mention, match.start(), m_end, True))
    return found, exceptions


def by_purpose(
    view: CriterionView, found: list[EntityHit], start: int, end: int
) -> list[EntityHit]:
    """ "X or Y are required to achieve immunosuppression": treatments used for a purpose are the
    purpose's class."""
    result = list(found)
    for match in view.phrases("purpose", start, end):
        purpose = next(
            (f for f in found if f.mention.type == "treatment" and 0 <= f.start - match.end() <= 3),
            None,
        )
        if purpose is None:
            continue
        result = [
            f
            for f in result
            if not (f.mention.type == "treatment" and f.start < match.start()) or f is purpose
        ]
        used = [f for f in found if f.mention.type == "treatment" and f.start < match.start()]
        if used:
            moved = EntityHit(purpose.mention, used[0].start, used[-1].end, used[0].negated)
            result = [moved if f is purpose else f for f in result]
    return sorted(result, key=lambda f: f.start)


def indication_after(view: CriterionView, end: int, limit: int) -> Phrase | None:
    """ "ASCVD risk", "stroke prophylaxis": the word right after a condition makes it what the
    patient is at risk of or protected from, not what the patient has."""
    found = view.phrase("indication_after", end, limit)
    return found if found is not None and 0 < found.start() - end <= 2 else None


def disregarded(view: CriterionView, end: int, limit: int) -> bool:
    """ "(radiotherapy is not counted as a line of therapy)": a mention its own clause (not a
    bracket after it) sets aside."""
    stop = view.clause_end(end, limit)
    bracket = view.text.find("(", end, stop)
    return view.phrase("disregard", end, bracket if bracket != -1 else stop) is not None


def need_before(view: CriterionView, start: int, floor: int, limit: int) -> Phrase | None:
    """ "renal failure requiring hemodialysis": a need, which no record holds, unless the clause
    puts it in the past."""
    need = view.phrase_before("need", start, floor)
    if need is None:
        return None
    stop = view.clause_end(need.end(), limit)
    return None if view.phrase("past", need.start(), stop) else need


def site_of(view: CriterionView, mention: Mention, start: int, end: int) -> tuple[int, int] | None:
    """ "prostate surgery", "surgery on the descending aorta": a generic surgery at a site, which
    the concept (any surgery) does not say. Returns the span of the site."""
    if not phrases.named("generic", view.text[start:end]):
        return None
    before = re.search(r"([A-Za-z][\w-]{3,})\s+$", view.text[max(0, start - 30) : start])
    if before and not any(
        phrases.named(c, before.group(1)) for c in ("filler", "allergy_modifier", "past")
    ):
        return start - len(before.group(0)), end
    after = re.match(
        r"\s+(?:on|of|to|in)\s+(?:the\s+)?[A-Za-z][\w-]+(?:\s+[A-Za-z][\w-]+){0,3}", view.text[end:]
    )
    stop = end + after.end() if after else end
    timed = view.phrase("past", end, stop) or any(  # "surgery in the past 3 months": no site
        end < relative(w.span, view.base)[1] and relative(w.span, view.base)[0] < stop
        for w in view.facts.windows
    )
    return (start, stop) if after and not timed else None


def modal_negation(
    view: CriterionView, mention: Mention, start: int, floor: int
) -> tuple[int, int] | None:
    """ "acetaminophen that cannot be replaced with an NSAID": a negation of what can be done, not
    an absence."""
    match = view.phrase_before("modal_negation", start, floor, words=6)
    if match is None or not mention.negated:
        return None
    return match.start(), view.clause_end(match.end(), len(view.text))


def names_instrument(view: CriterionView, mention: Mention, end: int) -> bool:
    """ "hypersensitivity test", "PTSD scale", "Parkinson's drug": a mention naming a test, or a
    condition naming a remedy for it, is not the condition ("nivolumab treatment" is nivolumab; "HIV
    test negative", a test with its result, is read by `_negation`)."""
    match = re.match(r"[\s-]*([\w-]+)", view.text[end:])
    remedy = (
        mention.type == "condition"
        and match is not None
        and phrases.named("remedy", match.group(1))
    )
    if (
        not match
        or not (remedy or phrases.named("instrument", match.group(1)))
        or _CUE["test_after"].match(view.text, end)
    ):
        return False
    start = next(
        (m_start for _, m_start, m_end in view.mentions(0, end, ENTITY_TYPES) if m_end == end), end
    )
    return _CUE["test_before"].search(view.text, max(0, start - 24), start) is None


def about_someone_else(view: CriterionView, start: int, end: int, floor: int) -> bool:
    """A mention about someone else: "partner(s) of childbearing potential", "pregnant partner"."""
    after = view.text[end : end + 16]
    return bool(
        view.phrase_before("proxy", start, floor, words=4)
        or view.phrase_at("proxy", end + len(after) - len(after.lstrip()), end + 16)
    )


def test_result(view: CriterionView, start: int, end: int) -> tuple[str, int, int, bool] | None:
    """ "negative HIV test", "HBV DNA positive", "HIV-positive": the result a test word or a bare
    "positive"/"negative" next to the mention [start, end) gives, with the span of the mention and
    those words, and whether a test is named (not a bare status); else None."""
    word = _CUE["test_word"].match(view.text, end)
    before = _CUE["test_before"].search(view.text, max(0, start - 24), start) if word else None
    if word and before:
        return before.group(1).lower(), before.start(), word.end(), True
    after = _CUE["test_after"].match(view.text, end)
    if after is None:
        return None
    return after.group(1).lower(), start, after.end(), len(after.group(0).split()) > 1


def is_negated(view: CriterionView, mention: Mention, start: int, end: int) -> bool:
    """NegEx's reading, overridden by a test result next to the mention ("negative HIV test", "HBV
    DNA positive"); "neither X nor Y" negates both, whatever NegEx read."""
    said = test_result(view, start, end)
    if said is None:
        clause = view.text[view.clause_start(start, 0) : start]
        return mention.negated or bool(
            _CUE["neither"].search(clause)
            or (_CUE["nor"].search(clause) and re.search(r"\bneither\b", clause, re.I))
        )
    return said[0] == "negative"

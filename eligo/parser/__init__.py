"""The NLP parser: protocol text → facts (sections, criteria, thresholds, windows, ...).

`analyse(source)` gives the compiler its `ProtocolFacts`; `extract(source)` gives
the `eligo-gold/1` annotations. Both map every span back to the original text.
spaCy is imported on first use, so `import eligo.parser` stays cheap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import partial

from eligo.annotations import LIST_NAMES, Annotations, EndpointItem, Item, RelationItem
from eligo.diagnostics import diagnostic
from eligo.facts import CriterionFacts, Cue, Mention, ProtocolFacts, ThresholdFact, WindowFact
from eligo.parser.regions import group_by_region
from eligo.source import InputError
from eligo.structure import marks, sentences

__all__ = ["analyse", "analyse_many", "extract", "infer_kind", "parse"]

_KIND_SUFFIX = re.compile(r"_(inc|exc)(?:lusion)?$", re.I)


def infer_kind(name: str) -> str | None:
    """`inclusion`/`exclusion` from a `_inc`/`_exc` file-name suffix (Chia style), else None."""
    stem = name.rsplit(".", 1)[0]
    match = _KIND_SUFFIX.search(stem)
    if match is None:
        return None
    return "inclusion" if match.group(1).lower() == "inc" else "exclusion"


# The component only `eligo extract` needs: the compiler reads neither `doc._.mentions` nor
# `doc._.relations`, and the recogniser's network was two fifths of a compile's time.
MENTIONS = "eligo_mentions"


def _docs(sources, kind: str | None, mentions: bool = True):
    from eligo.parser.doc import make_doc
    from eligo.parser.normalise import normalise
    from eligo.parser.pipeline import get_pipeline

    nlp = get_pipeline()
    prepared = []
    for source in sources:
        normalised = normalise(source.text)
        doc = make_doc(nlp, normalised.text)
        doc._.criteria_kind = kind or infer_kind(source.name)
        prepared.append((source, normalised, doc))
    docs = nlp.pipe((d for _, _, d in prepared), disable=[] if mentions else [MENTIONS])
    for (source, normalised, _), doc in zip(prepared, docs):
        yield source, normalised, doc


def parse(source, kind: str | None = None):
    """The processed spaCy `Doc` of a source (normalised text) and its offset map."""
    _, normalised, doc = next(_docs([source], kind))
    return doc, normalised


def _remap(items, source, normalised):
    """Items with their spans in the original text and every text field as written there."""
    mapped = []
    for item in items or []:
        start, end = normalised.original_span(*item.span)
        update = {"span": (start, end), "text": source.text[start:end]}
        if isinstance(item, RelationItem):
            update.update(
                head=normalised.original_span(*item.head),
                dependent=normalised.original_span(*item.dependent),
            )
        if isinstance(item, EndpointItem):
            written = partial(_as_written, source.text, normalised, item.span)
            update.update(name=written(item.name), abbreviation=written(item.abbreviation))
            if item.time_frame is not None:
                update["time_frame"] = item.time_frame.model_copy(
                    update={"text": written(item.time_frame.text)}
                )
        mapped.append(item.model_copy(update=update))
    return mapped


def _as_written(original: str, normalised, span: tuple[int, int], value: str | None) -> str | None:
    """`value`, a part of the normalised text `span`, as the original text writes it."""
    if not value:
        return value
    at = normalised.text.find(value, *span)
    if at < 0:
        return value
    start, end = normalised.original_span(at, at + len(value))
    return original[start:end]


def _complete_facts(
    items: Sequence[Item],
    fact: type[ThresholdFact] | type[WindowFact],
    joins: dict[tuple[int, int], str] | None = None,
) -> list[ThresholdFact | WindowFact]:
    """The items that are complete as facts, as facts (the gold format allows a threshold
    without its value, a window without its unit; a fact does not); `joins` are the members of
    pairs of values by span, with how they join (`pairs.py`)."""
    joins = joins or {}
    return [
        fact.taking(item, **({"joined": joins[item.span]} if item.span in joins else {}))
        for item in items
        if not item.ignore and fact.is_complete(item)
    ]


def _facts(source, normalised, doc) -> ProtocolFacts:
    from eligo.parser.doc import text_of
    from eligo.parser.group_headings import find_group_headings, find_own_scopes, without_headings
    from eligo.parser.heading_conditions import decidable
    from eligo.parser.lists import find_cohorts, find_lead_ins
    from eligo.parser.scope_notes import find_scope_notes
    from eligo.parser.words import content_words

    lists = {name: _remap(getattr(doc._, name), source, normalised) for name in LIST_NAMES}
    annotations = Annotations(document=source.name, **lists)
    mentions = [
        Mention(
            concept=ent.kb_id_,
            type=ent.label_,
            span=(ent.start_char, ent.end_char),
            text=ent.text,
            negated=bool(ent._.negex),
        )
        for ent in doc.ents
    ]
    mentions = _remap(mentions, source, normalised)
    negations = [
        Cue(category="negation", span=span, text=text_of(doc)[span[0] : span[1]])
        for span in doc._.negation_cues or ()
    ]
    cues: list[Cue] = sorted(
        _remap([*doc._.cues, *negations], source, normalised), key=lambda cue: cue.span
    )
    words = [normalised.original_span(start, end) for start, end in content_words(doc)]
    phrases = [
        phrase if span == phrase.span else phrase.model_copy(update={"span": span})
        for phrase in doc._.phrases or ()
        for span in [normalised.original_span(*phrase.span)]
    ]  # a phrase where the text was not changed is its own original

    joins = {normalised.original_span(*span): joined for span, joined in doc._.pairs or ()}
    regions = [criterion.span for criterion in annotations.criteria]
    criteria = tuple(
        CriterionFacts(
            criterion=criterion,
            thresholds=tuple(thresholds),
            windows=tuple(windows),
            mentions=tuple(inside),
            cues=tuple(cued),
            words=tuple(said),
            phrases=tuple(found),
            sentences=tuple(sentences(criterion.text, criterion.span[0])),
            marks=tuple(marks(criterion.text, criterion.span[0])),
        )
        for criterion, thresholds, windows, inside, cued, said, found in zip(
            annotations.criteria,
            *(
                group_by_region(regions, items, lambda item: item.span)
                for items in (
                    _complete_facts(annotations.thresholds, ThresholdFact, joins),
                    _complete_facts(annotations.windows, WindowFact),
                    mentions,
                    cues,
                )
            ),
            group_by_region(regions, words, lambda span: span),
            group_by_region(regions, phrases, lambda phrase: phrase.span),
        )
    )
    design = doc._.design.model_dump() if doc._.design is not None else None
    # scispaCy's detector, made serialisable, stores plain dicts
    abbreviations = tuple(
        dict.fromkeys((a["short_text"], a["long_text"]) for a in doc._.abbreviations or [])
    )
    listed = list(annotations.criteria)
    cohorts = find_cohorts(source.text, listed) + find_scope_notes(source.text, listed)
    taken = {i for s in cohorts for i in s.items} | {
        s.heading for s in cohorts if s.heading is not None
    }
    cohorts += find_group_headings(source.text, listed, taken)
    own = find_own_scopes(listed, taken | {i for s in cohorts for i in s.items})
    return ProtocolFacts(
        document=source.name,
        text=source.text,
        annotations=annotations,
        criteria=without_headings(source.text, criteria, own),
        lead_ins=tuple(find_lead_ins(source.text, listed)),
        cohorts=tuple(decidable(cohorts + own, listed)),
        design=design,
        abbreviations=abbreviations,
    )


def _kind_unknown(source) -> InputError:
    message = (
        "criteria without an Inclusion or Exclusion heading: whether they include or "
        "exclude is unknown"
    )
    return InputError(diagnostic("E006", message, path=source.path))


def analyse_many(
    sources: Iterable, kind: str | None = None, require_kind: bool = False, mentions: bool = True
) -> Iterator[ProtocolFacts]:
    """Facts of many sources, through `nlp.pipe`.

    With `require_kind`, criteria under no heading, with no `kind` given and no
    `_inc`/`_exc` file name, raise `InputError` (E006) instead of being taken as
    inclusion criteria. Without `mentions`, the mention recogniser does not run and
    the annotations' `mentions` and `relations` stay empty (the compiler reads neither).
    """
    for source, normalised, doc in _docs(list(sources), kind, mentions):
        if (
            require_kind
            and doc._.criteria_kind is None
            and doc._.criteria
            and any(
                section.kind == "inclusion" and section.heading is None
                for section in doc._.sections or []
            )
        ):
            raise _kind_unknown(source)
        yield _facts(source, normalised, doc)


def analyse(
    source, kind: str | None = None, require_kind: bool = False, mentions: bool = True
) -> ProtocolFacts:
    return next(analyse_many([source], kind, require_kind=require_kind, mentions=mentions))


def extract(source, kind: str | None = None, require_kind: bool = False) -> Annotations:
    """The `eligo-gold/1` annotations of a source."""
    return analyse(source, kind, require_kind=require_kind).annotations

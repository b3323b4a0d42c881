"""The `eligo_mentions` component: what each criterion is about, from a model trained on Chia.

Conditions, drugs, procedures, measurements, observations and devices are
too open a vocabulary for the curated lexicon of `eligo_concepts`, so a small
spaCy entity recogniser trained on the Chia corpus (CC BY 4.0; see NOTICE and
`tools/train_mentions.py`) finds them, together with the words relations point
to (qualifiers, time expressions, values, negation cues), to which the cue
phrases of `eligo.parser.modifiers` add what it leaves out or swallows into a
mention's edge ("[active] [brain metastases]"), and NegEx's negation cues
(`eligo_negation`) where it found nothing; no relation is made on a
modifier Chia seldom ties to anything ("past"). It runs on each
criterion alone, as it was trained (one criterion a line), and leaves
`doc.ents` to `eligo_concepts`: its findings go to `doc._.mentions`. The model
is package data, loaded on first use.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from eligo.annotations import CriterionItem, MentionItem, RelationItem
from eligo.parser.doc import text_of
from eligo.parser.modifiers import (
    LabelledSpans,
    add_modifiers,
    add_spans,
    cut_runs,
    split_abbreviations,
    split_alternatives,
    split_edges,
    split_measured,
    split_negated_words,
    unmarked,
    value_part,
)
from eligo.parser.relation_model import relations as relate
from eligo.parser.relations import MODIFIERS

MODEL_DIR = Path(__file__).parent / "models" / "mentions"
# Criteria are read this many tokens at a time: real ones are far shorter, and a pathological
# one-line "criterion" of 100,000 tokens would otherwise go through the network as one matrix (time
# and memory that grow faster than its length).
WINDOW = 512
_MODIFIER_LABELS = frozenset(MODIFIERS)
# Windows go through the network this many at a time: one batch for a protocol's criteria as a rule;
# the same entities as 16 at a time, a fifth less CPU (fewer, larger matrix products and transition
# steps).
BATCH = 256


def entity_config(width: int, rows: int) -> dict:
    """The entity recogniser's architecture (a hash-embedding CNN, no pretrained vectors), as
    spaCy's config."""
    tok2vec = {
        "@architectures": "spacy.HashEmbedCNN.v2",
        "pretrained_vectors": None,
        "width": width,
        "depth": 4,
        "embed_size": rows,
        "window_size": 1,
        "maxout_pieces": 3,
        "subword_features": True,
    }
    return {
        "model": {
            "@architectures": "spacy.TransitionBasedParser.v2",
            "state_type": "ner",
            "extra_state_tokens": False,
            "hidden_width": 64,
            "maxout_pieces": 2,
            "use_upper": True,
            "nO": None,
            "tok2vec": tok2vec,
        }
    }


class MentionRecogniser:
    """Runs the shipped entity recogniser on each criterion and ties what it finds into
    relations."""

    def __init__(self, nlp: Language, name: str = "eligo_mentions", model: Path = MODEL_DIR):
        self.nlp = nlp
        self.name = name
        self.model = model  # another recogniser's folder: the training tools compare them
        self._ner = None

    def _model(self):
        """The entity recogniser, read from the package on first use (a few MB; most commands never
        need it)."""
        if self._ner is None:
            meta = json.loads((self.model / "meta.json").read_text(encoding="utf-8"))
            self._ner = self.nlp.create_pipe("ner", config=meta["config"]).from_disk(
                self.model / "ner"
            )
        return self._ner

    def labelled(self, doc: Doc) -> Iterator[tuple[CriterionItem, int, str, LabelledSpans]]:
        """(criterion, start, text, [(start, end, label)] in the text) of each piece of each
        criterion: the recogniser's entities with the cue phrases' modifiers, the thresholds'
        value expressions (a value the recogniser ran on into the next name stopped at the parser's
        value end), "non-" cut off the one word it negates, the windows' time expressions and
        NegEx's negation cues added, as the
        relations are decided on (and trained on: `tools/train_relations.py`)."""
        spans = [
            (c, doc.char_span(c.span[0], c.span[1], alignment_mode="expand"))
            for c in doc._.criteria or ()
        ]
        criteria = [
            (c, window) for c, span in spans if span is not None for window in _windows(span)
        ]
        found = self._model().pipe((_bare(span) for _, span in criteria), batch_size=BATCH)
        for (criterion, span), parsed in zip(criteria, found):
            start = span.start_char
            entities = split_alternatives(
                parsed.text,
                [(e.start_char, e.end_char, e.label_) for e in parsed.ents],
                _MODIFIER_LABELS,
            )
            entities = split_measured(parsed.text, entities, "VALUE", "MEASUREMENT")
            labelled = add_modifiers(parsed.text, entities, _MODIFIER_LABELS)
            labelled = split_edges(parsed.text, labelled, _MODIFIER_LABELS)
            labelled = split_negated_words(parsed.text, labelled, _MODIFIER_LABELS, "NEGATION")
            end = start + len(parsed.text)
            values = _values(doc, start, end)
            labelled = add_spans(parsed.text, labelled, values, "VALUE", _MODIFIER_LABELS)
            labelled = cut_runs(
                parsed.text, labelled, values, "VALUE", _names(doc, start, end), "MEASUREMENT"
            )
            labelled = add_spans(
                parsed.text, labelled, _times(doc, start, end), "TEMPORAL", _MODIFIER_LABELS
            )
            labelled = add_spans(
                parsed.text, labelled, _cues(doc, start, end), "NEGATION", _MODIFIER_LABELS
            )
            yield criterion, start, parsed.text, labelled

    def __call__(self, doc: Doc) -> Doc:
        mentions: list[MentionItem] = []
        relations: list[RelationItem] = []
        text = text_of(doc)
        for criterion, start, line, labelled in self.labelled(doc):
            # a name and its bracketed abbreviation are two mentions, one where relations are told
            for s, e, label in split_abbreviations(line, labelled, _MODIFIER_LABELS):
                if label not in MODIFIERS:
                    mentions.append(
                        MentionItem(
                            criterion=criterion.id,
                            span=(start + s, start + e),
                            text=text[start + s : start + e],
                            type=label.lower(),
                        )
                    )
            for kind, head, dependent in relate(line, labelled, start):
                if unmarked(kind, text[slice(*dependent)]):
                    continue
                hull = (min(head[0], dependent[0]), max(head[1], dependent[1]))
                relations.append(
                    RelationItem(
                        criterion=criterion.id,
                        kind=kind,
                        span=hull,
                        text=text[slice(*hull)],
                        head=head,
                        dependent=dependent,
                    )
                )
        doc._.mentions = mentions
        doc._.relations = relations
        return doc


def _values(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """The value expressions of the thresholds within [start, end), relative to `start`; an age is
    no value (Chia, like the gold format, makes age and sex thresholds, not mentions)."""
    found = []
    for threshold in doc._.thresholds or ():
        s, e = threshold.span
        part = (
            value_part(threshold.text)
            if start <= s and e <= end and threshold.concept != "age"
            else None
        )
        if part is not None:
            found.append((s - start + part[0], s - start + part[1]))
    return found


def _names(doc: Doc, start: int, end: int) -> list[int]:
    """Where the thresholds within [start, end) that open with a name start, relative to `start`
    (not an age)."""
    return [
        t.span[0] - start
        for t in doc._.thresholds or ()
        if start <= t.span[0]
        and t.span[1] <= end
        and t.concept != "age"
        and (value_part(t.text) or (0, 0))[0] > 0
    ]


def _times(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """The time windows the parser read within [start, end), relative to `start` ("in the past 6
    months"): time expressions the recogniser may leave unlabelled."""
    return [
        (s - start, e - start)
        for s, e in (window.span for window in doc._.windows or ())
        if start <= s and e <= end
    ]


def _cues(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """The negation cues NegEx found within [start, end), relative to `start` ("not", "without"):
    negation cues the recogniser may leave unlabelled."""
    return [(s - start, e - start) for s, e in doc._.negation_cues or () if start <= s and e <= end]


def _windows(span) -> list:
    """The criterion's span, cut into pieces of at most WINDOW tokens."""
    return [
        span.doc[start : min(span.end, start + WINDOW)]
        for start in range(span.start, span.end, WINDOW)
    ]


def _bare(span) -> Doc:
    """The criterion as a Doc of its own, without the concept entities `eligo_concepts` set (the
    recogniser would keep them as given). Made from its words, not `Span.as_doc`, which copies
    arrays of the whole Doc."""
    return Doc(
        span.doc.vocab, words=[t.text for t in span], spaces=[bool(t.whitespace_) for t in span]
    )


@Language.factory(
    "eligo_mentions",
    requires=["doc._.criteria", "doc._.thresholds", "doc._.windows", "doc._.negation_cues"],
    assigns=["doc._.mentions", "doc._.relations"],
)
def make_mentions(nlp: Language, name: str) -> MentionRecogniser:
    return MentionRecogniser(nlp, name)

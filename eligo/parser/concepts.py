"""`eligo_concepts`: lexicon concepts named in criteria.

Concept mentions are phrase matches of the lexicon's names and synonyms
(case-insensitive), kept longest-first, and become `doc.ents` labelled with the
concept's kind and carrying its id as `kb_id_`; so NegEx (`eligo_negation`)
can mark them negated. Mentions outside criteria are not needed and not matched.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from eligo.lexicon import Lexicon
from eligo.parser import doc as _doc  # noqa: F401 - registers the Doc extensions

@Language.factory("eligo_concepts", default_config={"kinds": None})
class ConceptMatcher:
    """Marks lexicon concepts inside criteria as entities (label = kind, kb_id = concept id)."""

    def __init__(self, nlp: Language, name: str, kinds: list[str] | None):
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        lexicon = Lexicon.load()
        for concept in lexicon:
            if kinds and concept.kind not in kinds:
                continue
            phrases = list(dict.fromkeys([concept.name, *concept.synonyms]))
            self.matcher.add(concept.id, list(nlp.tokenizer.pipe(phrases)))
        self.kinds = {concept.id: concept.kind for concept in lexicon}

    def __call__(self, doc: Doc) -> Doc:
        criteria = doc._.criteria or []
        spans = []
        for criterion in criteria:
            region = doc.char_span(*criterion.span, alignment_mode="expand")
            if region is None:
                continue
            for match_id, start, end in self.matcher(region):
                concept = doc.vocab.strings[match_id]
                spans.append(Span(doc, start, end, label=self.kinds[concept], kb_id=concept))
        doc.ents = filter_spans(spans)
        return doc


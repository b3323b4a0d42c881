"""Building Eligo's spaCy pipeline, once per process.

A blank English pipeline (no model to download) with scispaCy's tokenizer and
abbreviation detector, and Eligo's components in the order their facts depend
on each other (each factory's `requires`/`assigns` say which). Other projects
add any `eligo_*` component to their own pipelines by name: the `spacy_factories`
entry points of pyproject.toml let spaCy find it without `import eligo`.

The tokenizer is named in the blank pipeline's config rather than swapped in
afterwards: `spacy.blank("en")` would otherwise first build English's default
tokenizer (its regular expressions and 1,300 special cases), only to discard it,
a sixth of a compile's cold start.
"""

from __future__ import annotations

import warnings
from functools import lru_cache
from types import SimpleNamespace

import spacy
from scispacy.custom_tokenizer import combined_rule_tokenizer
from spacy.language import Language

from eligo.parser import (
    abbreviations,  # noqa: F401 - register the components
    clauses,  # noqa: F401
    concepts,  # noqa: F401
    context,  # noqa: F401
    criteria,  # noqa: F401
    design,  # noqa: F401
    endpoints,  # noqa: F401
    mentions,  # noqa: F401
    negation,  # noqa: F401
    phrases,  # noqa: F401
    regimens,  # noqa: F401
    sections,  # noqa: F401
    thresholds,  # noqa: F401
    windows,  # noqa: F401
)
from eligo.parser.chunk_cache import ChunkCachingTokenizer

COMPONENTS = (
    "eligo_sections",
    "eligo_criteria",
    "eligo_clauses",
    "eligo_abbreviations",
    "eligo_concepts",
    "eligo_negation",
    "eligo_context",
    "eligo_phrases",
    "eligo_windows",
    "eligo_thresholds",
    "eligo_endpoints",
    "eligo_regimens",
    "eligo_design",
    "eligo_mentions",
)


@spacy.registry.tokenizers("eligo.scispacy_tokenizer.v1")
def scispacy_tokenizer():
    """scispaCy's `combined_rule_tokenizer`, as a tokenizer a pipeline's config can name, with its
    chunk cache kept filled (`eligo.parser.chunk_cache`)."""

    def create(nlp: Language):
        # the one thing combined_rule_tokenizer reads of the tokenizer it replaces (None for
        # English)
        nlp.tokenizer = SimpleNamespace(token_match=nlp.Defaults.token_match)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)  # scispaCy's tokenizer regex, harmless
            return ChunkCachingTokenizer(combined_rule_tokenizer(nlp))

    return create


def build_pipeline(components: tuple[str, ...] = COMPONENTS) -> Language:
    nlp = spacy.blank(
        "en", config={"nlp": {"tokenizer": {"@tokenizers": "eligo.scispacy_tokenizer.v1"}}}
    )
    nlp.max_length = 10**8  # no parser or NER here; input size is limited by eligo.source.MAX_BYTES
    for name in components:
        nlp.add_pipe(name)
    return nlp


@lru_cache(maxsize=1)
def get_pipeline() -> Language:
    """The default pipeline, built on first use and shared by the process."""
    return build_pipeline()

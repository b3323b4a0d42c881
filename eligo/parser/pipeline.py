"""Building Eligo's spaCy pipeline, once per process.

A blank English pipeline (no model to download) with scispaCy's tokenizer and
abbreviation detector, and Eligo's components in the order their facts depend
on each other (each factory's `requires`/`assigns` say which). Other projects
add any `eligo_*` component to their own pipelines by name: the `spacy_factories`
entry points of pyproject.toml let spaCy find it without `import eligo`.
"""

from __future__ import annotations

import warnings
from functools import lru_cache

import spacy
from scispacy.custom_tokenizer import combined_rule_tokenizer
from spacy.language import Language

from eligo.parser import abbreviations, clauses, concepts, context, criteria, design, endpoints, mentions, negation, regimens, sections, thresholds, windows  # noqa: F401 - register the components

COMPONENTS = (
    "eligo_sections",
    "eligo_criteria",
    "eligo_clauses",
    "eligo_abbreviations",
    "eligo_concepts",
    "eligo_negation",
    "eligo_context",
    "eligo_windows",
    "eligo_thresholds",
    "eligo_endpoints",
    "eligo_regimens",
    "eligo_design",
    "eligo_mentions",
)


def build_pipeline(components: tuple[str, ...] = COMPONENTS) -> Language:
    nlp = spacy.blank("en")
    nlp.max_length = 10**8  # no parser or NER here; input size is limited by eligo.source.MAX_BYTES
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # scispaCy's tokenizer regex, harmless
        nlp.tokenizer = combined_rule_tokenizer(nlp)
    for name in components:
        nlp.add_pipe(name)
    return nlp


@lru_cache(maxsize=1)
def get_pipeline() -> Language:
    """The default pipeline, built on first use and shared by the process."""
    return build_pipeline()

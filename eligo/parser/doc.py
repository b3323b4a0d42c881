"""The facts a `Doc` carries between Eligo's components, registered once.

Contract for every component: each item it writes has a `span` that indexes
`doc.text` (the normalised text) and `text == doc.text[start:end]`; the parser
maps spans back to the original file text at the end.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict
from spacy.language import Language
from spacy.tokens import Doc

SectionKind = Literal[
    "title",
    "summary",
    "overview",
    "conditions",
    "interventions",
    "primary_outcomes",
    "secondary_outcomes",
    "description",
    "eligibility",
    "inclusion",
    "exclusion",
]


class Section(BaseModel):
    """The body of a section in `doc.text` (heading excluded)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    kind: SectionKind
    start: int
    end: int
    heading: tuple[int, int] | None = None


_TEXT = "eligo_text"
# Eligo's own `Doc` extensions: each component's `assigns=` names the ones it sets, and README.md's
# table "spaCy extensions" lists them (a test checks both); `criteria_kind` is set by the caller
# before the pipeline.
EXTENSIONS = (
    "sections",
    "criteria",
    "thresholds",
    "windows",
    "endpoints",
    "interventions",
    "cues",
    "negation_cues",
    "design",
    "criteria_kind",
    "mentions",
    "relations",
    "phrases",
    "pairs",
)
for _name in EXTENSIONS:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def make_doc(nlp: Language, text: str) -> Doc:
    """`nlp.make_doc(text)`, remembering `text` so that `text_of` need not join the tokens."""
    doc = nlp.make_doc(text)
    doc.user_data[_TEXT] = text
    return doc


def text_of(doc: Doc) -> str:
    """`doc.text`, joined from the tokens at most once per `Doc` rather than at every read."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def sections_of(doc: Doc, *kinds: str) -> list[Section]:
    return [s for s in doc._.sections or [] if s.kind in kinds]

"""`eligo_abbreviations`: scispaCy's abbreviation detector, in linear time.

scispaCy matches `( any+ )` and only then drops candidates of more than
`MAX_WORDS` tokens, so every `(` pairs with every later `)`: a line of
`a (b) a (b) ...` yields quadratically many matches and exhausts memory. The
same pattern with the length bound in the matcher (`{1,8}`) gives exactly the
candidates scispaCy keeps, at a bounded cost per parenthesis. The detector is
made serialisable, so `doc._.abbreviations` holds plain dicts.
"""

from __future__ import annotations

import warnings

from scispacy.abbreviation import AbbreviationDetector
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

MAX_WORDS = 8  # scispacy.abbreviation.filter_matches ignores longer parentheses


@Language.factory(
    "eligo_abbreviations", default_config={"max_words": MAX_WORDS}, assigns=["doc._.abbreviations", "span._.long_form"]
)
class BoundedAbbreviations:
    def __init__(self, nlp: Language, name: str, max_words: int):
        self.detector = AbbreviationDetector(nlp, make_serializable=True)
        self.detector.matcher = Matcher(nlp.vocab)
        self.detector.matcher.add("parenthesis", [[{"ORTH": "("}, {"OP": f"{{1,{max_words}}}"}, {"ORTH": ")"}]])

    def __call__(self, doc: Doc) -> Doc:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r"\[W036\]")  # its global matcher starts empty
            return self.detector(doc)

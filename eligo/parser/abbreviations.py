"""`eligo_abbreviations`: scispaCy's abbreviation detector, in linear time.

scispaCy matches `( any+ )` and only then drops candidates of more than
`MAX_WORDS` tokens, so every `(` pairs with every later `)`: a line of
`a (b) a (b) ...` yields quadratically many matches and exhausts memory. The
same pattern with the length bound (`{1,8}`) gives exactly the candidates
scispaCy keeps, at a bounded cost per parenthesis; `Parentheses` finds those
matches from the positions of the brackets alone (spaCy's `Matcher` ran its
pattern's states at every token: 3 % of a compile), in the `Matcher`'s order. Its second
matcher, of each short form's exact words, has one pattern per abbreviation the
text defines, tried at every token: quadratic in a long protocol (half of the
time of a 1 MB one). A `PhraseMatcher` finds the same matches by hashing, in
linear time, returned in the `Matcher`'s order. The detector is made
serialisable, so `doc._.abbreviations` holds plain dicts.
"""

from __future__ import annotations

import warnings
from bisect import bisect_left

from scispacy.abbreviation import AbbreviationDetector
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

MAX_WORDS = 8  # scispacy.abbreviation.filter_matches ignores longer parentheses


class Parentheses:
    """scispaCy's bracket matcher (`( any{1,max_words} )`), as the `Matcher` gives its matches: by
    end, then the latest opening first."""

    def __init__(self, vocab: Vocab, max_words: int):
        self.key = vocab.strings.add("parenthesis")
        self.open, self.close = vocab.strings.add("("), vocab.strings.add(")")
        self.max_words = max_words

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        words = doc.to_array("ORTH").tolist()
        opens = [i for i, word in enumerate(words) if word == self.open]
        found = []
        for close, word in enumerate(words):
            if word == self.close and opens:
                inside = opens[
                    bisect_left(opens, close - self.max_words - 1) : bisect_left(opens, close - 1)
                ]
                found += [(self.key, start, close + 1) for start in reversed(inside)]
        return found


class ExactWords:
    """scispaCy's global matcher (`add` of `[{"ORTH": word}, ...]` patterns, `remove`, call), as a
    `PhraseMatcher`."""

    def __init__(self, vocab: Vocab):
        self.vocab = vocab
        self.phrases = PhraseMatcher(vocab, attr="ORTH")

    def add(self, key: str, patterns: list[list[dict[str, str]]]) -> None:
        self.phrases.add(
            key,
            [Doc(self.vocab, words=[token["ORTH"] for token in pattern]) for pattern in patterns],
        )

    def remove(self, key: str) -> None:
        self.phrases.remove(key)

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        """Matches as the `Matcher` orders them: by end, then start."""
        return sorted(self.phrases(doc), key=lambda match: (match[2], match[1]))


@Language.factory(
    "eligo_abbreviations",
    default_config={"max_words": MAX_WORDS},
    assigns=["doc._.abbreviations", "span._.long_form"],
)
class BoundedAbbreviations:
    def __init__(self, nlp: Language, name: str, max_words: int):
        self.detector = AbbreviationDetector(nlp, make_serializable=True)
        self.detector.matcher = Parentheses(nlp.vocab, max_words)
        self.detector.global_matcher = ExactWords(nlp.vocab)

    def __call__(self, doc: Doc) -> Doc:
        with warnings.catch_warnings():
            warnings.filterwarnings(
                "ignore", message=r"\[W036\]"
            )  # its global matcher starts empty
            return self.detector(doc)

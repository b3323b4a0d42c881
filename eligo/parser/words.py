"""The content words of a text: the tokens a compiled rule must account for.

Coverage accounting (`eligo/compiler/accounting.py`) needs to know which words
carry meaning. A token is a content word unless it is punctuation, a single
Latin letter (a list marker; not a capital listed after another: "hepatitis B,
C"; a Greek letter names something: "α and/or β blockers"),
one of spaCy's English stop words, or one of the function words of trial text
(`data/function_words.jsonl`: "patients", "must", "study", "documented", ...),
which say who or how a fact is known rather than what it is.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Literal, get_args

from spacy.tokens import Doc, Token

from eligo.datafiles import named_word_lists

# who ("patients"), modal or auxiliary ("must"), the trial itself ("study"), how a fact is known
# ("documented"), generic record verbs ("receiving"), or words that frame a category ("following",
# "note", "disease")
FunctionWordKind = Literal["person", "auxiliary", "trial", "evidential", "record", "frame"]


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    lists = named_word_lists(
        "eligo.parser.data", "function_words.jsonl", get_args(FunctionWordKind)
    )
    return frozenset(
        p.lower() for entries in lists.values() for entry in entries for p in entry.phrases
    )


# by a word's `orth`: whether it is a content word wherever it stands (the rule above), or the test
# of its neighbours that decides, and its length without trailing full stops; a batch meets the
# same words again and again, and spaCy looks its lexical attributes up anew at each read
_WORDS: dict[int, tuple[bool | Callable[[Token], bool], int]] = {}


def _by_word(token: Token) -> tuple[bool | Callable[[Token], bool], int]:
    known = _WORDS.get(token.orth)
    if known is None:
        known = _WORDS[token.orth] = (_word_verdict(token), len(token.text.rstrip(".")))
    return known


def _word_verdict(token: Token) -> bool | Callable[[Token], bool]:
    text = token.lower_
    if token.is_punct or token.is_space or token.is_stop:
        return False
    if text in function_words():
        return _coordinated_head if text in _GENERIC_HEADS else False
    if len(text) == 1 and text.isalpha():
        # a Greek letter names something ("α and/or β blockers", "IFN γ"); a Latin one lists
        return _coordinated_letter if text.isascii() else True
    return any(char.isalnum() for char in text)


def _coordinated_letter(token: Token) -> bool:
    """A capital letter listed after another ("hepatitis B, C", "types K or M") names one more
    member of the list (hepatitis C), which a rule must account for; any other single letter is a
    list marker."""
    doc = token.doc
    if not token.text.isupper() or token.i < 2:
        return False
    gap, before = doc[token.i - 1], doc[token.i - 2]
    return gap.lower_ in (",", "or", "and", "and/or", "/") and (
        len(before.text) == 1 and before.text.isupper()
    )


def _coordinated_head(token: Token) -> bool:
    """A generic head ("illness", "disease", "condition") coordinated with another noun ("major
    illness or major surgical procedure", "serious illness or hospitalisation") names an
    alternative of its own, which a rule must account for, not a frame word of its neighbour."""
    if token.lower_ not in _GENERIC_HEADS:
        return False
    doc = token.doc
    neighbours = [doc[i].lower_ for i in (token.i - 1, token.i + 1) if 0 <= i < len(doc)]
    return any(word in ("or", "and/or") for word in neighbours)


_GENERIC_HEADS = frozenset(
    {
        "illness",
        "illnesses",
        "disease",
        "diseases",
        "disorder",
        "disorders",
        "condition",
        "conditions",
    }
)


def content_words(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of the content words of `doc`, in order, without the sentence's full stop
    that the tokenizer may leave on a word ("mg/dL." ends at "mg/dL", which a comparison uses)."""
    spans = []
    for token in doc:
        content, length = _by_word(token)
        if content is True or (content is not False and content(token)):
            spans.append((token.idx, token.idx + length))
    return spans

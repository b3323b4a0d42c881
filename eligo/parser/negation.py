"""`eligo_negation`: negspacy's NegEx with Eligo's termset, in linear time.

negspacy reads `doc[start:end].ents` for every termination boundary, and each
read walks all of the document's entities: quadratic in the length of a
protocol (a 1 MB protocol took minutes). This component runs the same NegEx
rules (negspacy's own matchers and `_apply_negation`) but finds each
boundary's entities and negation cues by bisection on lists sorted once.

A cue inside a bracket that closes before a mention ("the maximum dose (but not
below the minimal dose) of an ACEI") is the bracket's own and negates nothing
after it.

NegEx matches its cues case-blind, so an all-caps "NO" inside a name ("nitrates
or NO donors", "NO synthase": nitric oxide) would negate what follows; a cue
written "NO" right before a word in lower case is an abbreviation, not a
negation (a heading in capitals, "NO PRIOR THERAPY", still negates).
"""

from __future__ import annotations

from bisect import bisect_left

from negspacy.negation import Negex
from spacy.language import Language
from spacy.tokens import Doc

from eligo.datafiles import words
from eligo.negation import negation_termset
from eligo.parser import doc as _doc  # noqa: F401 - registers the Doc extensions


def _abbreviation(doc: Doc, start: int, end: int) -> bool:
    """Whether the cue doc[start:end] is the all-caps "NO" before a lower-case word (nitric
    oxide)."""
    return doc[start:end].text == "NO" and end < len(doc) and doc[end].is_lower


def _between(
    matches: list[tuple[int, int, int]], starts: list[int], low: int, high: int
) -> list[tuple[int, int, int]]:
    """The matches whose start token lies in [low, high): `matches` sorted by start."""
    return matches[bisect_left(starts, low) : bisect_left(starts, high)]


@Language.factory(
    "eligo_negation",
    default_config={"extension_name": "negex"},
    requires=["doc.ents", "token.is_sent_start"],
    assigns=["span._.negex", "doc._.negation_cues"],
)
class LinearNegex(Negex):
    def __init__(self, nlp: Language, name: str, extension_name: str):
        super().__init__(nlp, name, neg_termset=negation_termset(), extension_name=extension_name)

    def negex(self, doc: Doc) -> Doc:
        preceding, following, terminating = self.process_negations(doc)
        preceding = [m for m in preceding if not _abbreviation(doc, m[1], m[2])]
        preceding, following = (
            sorted(preceding, key=lambda m: m[1]),
            sorted(following, key=lambda m: m[1]),
        )
        # where the negation words are, as character spans: what a negated mention's relation points
        # at
        doc._.negation_cues = sorted(
            (doc[s:e].start_char, doc[s:e].end_char) for _, s, e in preceding + following
        )
        preceding_starts, following_starts = [m[1] for m in preceding], [m[1] for m in following]
        ents = doc.ents
        ent_starts = [e.start for e in ents]
        own = {
            " ".join(phrase.lower().split())
            for phrase in words("eligo.parser.data", "negation_ends_at_or")
        }
        for low, high in self.termination_boundaries(doc, terminating):
            sub_preceding = _between(preceding, preceding_starts, low, high)
            sub_following = _between(following, following_starts, low, high)
            index = bisect_left(ent_starts, low)
            while (
                index < len(ents) and ents[index].end <= high
            ):  # as Span.ents: entities wholly inside, in order
                self._apply_negation(ents[index], sub_preceding, sub_following)
                _own_object(doc, ents[index], sub_preceding, own)
                _bracketed(doc, ents[index], sub_preceding, sub_following)
                index += 1
        return doc


def _own_object(doc: Doc, ent, preceding: list[tuple[int, int, int]], own: set[str]) -> None:
    """Un-negate `ent` when the nearest negation before it is one that negates its own object only
    ("naive to X") and an "or" stands between them ("naive to X or on Y": Y is not negated)."""
    before = [m for m in preceding if m[2] <= ent.start]
    if not before or not getattr(ent._, "negex", False):
        return
    _, start, end = max(before, key=lambda m: m[2])
    if " ".join(doc[start:end].text.lower().split()) in own and any(
        token.lower_ == "or" for token in doc[end : ent.start]
    ):
        ent._.negex = False


def _bracketed(
    doc: Doc, ent, preceding: list[tuple[int, int, int]], following: list[tuple[int, int, int]]
) -> None:
    """Un-negate `ent` when every cue before it stands inside a bracket that closes before it ("the
    maximum tolerated dose (but not below the minimal dose) of an ACEI": the "not" is the bracket's
    own) and no cue follows it."""
    if following or not getattr(ent._, "negex", False):
        return
    before = [m for m in preceding if m[2] <= ent.start]
    if before and all(_enclosed(doc, start, end, ent.start) for _, start, end in before):
        ent._.negex = False


def _enclosed(doc: Doc, start: int, end: int, limit: int) -> bool:
    """Whether the cue doc[start:end] lies inside a bracket that closes before token `limit`: a
    closing bracket after it, before `limit`, that no bracket after it opened."""
    depth = 0
    for token in doc[end:limit]:
        if token.text in ("(", "["):
            depth += 1
        elif token.text in (")", "]"):
            if depth == 0:
                return True
            depth -= 1
    return False

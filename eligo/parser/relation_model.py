"""Which relations hold between the mentions and modifiers of one criterion: a small trained
classifier.

Where a modifier stands says most of what it belongs to, and the position rules of
`eligo.parser.relations` say it well on hand-made cases; on Chia they miss what only the words
around it tell ("within", "history of", "such as" between two names, a bracket, a list that goes on
after a comma). So each candidate pair is scored by a logistic model whose features are the position
rules' own answer, the side and rank of the candidate, what stands between the two (words, clause
breaks, brackets, list joiners) and the words of the modifier; two mentions are alternatives when
their probability passes the `or` threshold; a modifier goes to its likeliest mention (a modifier
has one head in 97 % of Chia's training part) when that one passes the kind's threshold. The weights
are trained on Chia's training part only (`tools/train_relations.py`; CC BY 4.0, see NOTICE) and are
package data, read on first use. Plain data in, plain data out.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from pathlib import Path

from eligo.parser.relations import MODIFIERS, Span, groups, result_head
from eligo.parser.relations import relations as by_position

MODEL = Path(__file__).parent / "models" / "relations" / "weights.json"
_WORD = re.compile(r"[a-z]+|\d+|[^\sa-z\d]")
_BULLETS = " -*•\t"
_MAX_BETWEEN = (
    6  # mentions between two alternatives: Chia's OR groups are rarely longer (dev counts)
)
# Mentions a modifier is tried against on each side, nearest first: beyond a few the model never
# links (rank is one of its features), and an unbounded list makes a long criterion cost its length
# squared.
_MAX_RANK = 8


def _bucket(n: int, edges: tuple[int, ...] = (0, 3, 10, 25, 50)) -> str:
    return str(sum(n > edge for edge in edges))


def _between(text: str, left: Span, right: Span, prefix: str) -> list[str]:
    """Features of the words between two spans: each word, the first and last ones, the length,
    breaks."""
    gap = text[left[1] : right[0]].lower()
    words = _WORD.findall(gap)
    found = [f"{prefix}w={w}" for w in set(words)] + [f"{prefix}len={_bucket(len(gap))}"]
    if words:
        found += [f"{prefix}first={words[0]}", f"{prefix}last={words[-1]}"]
    else:
        found.append(f"{prefix}empty")
    return found


def pair_features(
    text: str,
    head: Span,
    modifier: Span,
    kind: str,
    rank: int,
    ruled: bool,
    head_type: str,
    listed: str,
) -> list[str]:
    """Features of `modifier` (of `kind`) belonging to the mention `head`; `rank` is how many
    mentions stand nearer on its side, `ruled` whether the position rules tie them, `listed` where
    the head stands in its list of alternatives (first, member, alone)."""
    side = "after" if head[0] >= modifier[1] else "before"
    left, right = (modifier, head) if side == "after" else (head, modifier)
    words = _WORD.findall(text[modifier[0] : modifier[1]].lower()) or ["_"]
    at = f"{kind}|{side}|"
    return [
        f"{kind}|bias",
        f"{at}rank={min(rank, 3)}",
        f"{at}ruled={ruled}",
        f"{at}type={head_type}",
        f"{at}listed={listed}",
        f"{at}mfirst={words[0]}",
        f"{at}mlast={words[-1]}",
        f"{kind}|opens={not text[: modifier[0]].strip(_BULLETS)}",
        *_between(text, left, right, at),
    ]


def or_features(
    text: str, left: Span, right: Span, between: int, ruled: bool, types: tuple[str, str]
) -> list[str]:
    """Features of two mentions being alternatives of each other, `between` mentions apart."""
    return [
        "or|bias",
        f"or|between={min(between, 4)}",
        f"or|ruled={ruled}",
        f"or|same={types[0] == types[1]}",
        f"or|types={types[0]}>{types[1]}",
        *_between(text, left, right, "or|"),
        f"or|nextor={' or ' in text[right[1] : right[1] + 40].lower()}",
    ]


def candidates(text: str, found: list[tuple[int, int, str]]):
    """(kind, head, dependent, features) of every pair the classifier decides on, in one criterion's
    `text`."""
    mentions = sorted({(s, e, label) for s, e, label in found if label not in MODIFIERS})
    spans = [(s, e) for s, e, _ in mentions]
    ruled = {(kind, head, dependent) for kind, head, dependent in by_position(text, found)}
    place = {
        m: "first" if k == 0 else "member"
        for group in groups(text, found)
        if len(group) > 1
        for k, m in enumerate(group)
    }
    for i, (s1, e1, t1) in enumerate(mentions):
        for j in range(i + 1, min(len(mentions), i + 2 + _MAX_BETWEEN)):
            s2, e2, t2 = mentions[j]
            if s2 >= e1:
                pair = ((s1, e1), (s2, e2))
                yield (
                    "or",
                    pair[0],
                    pair[1],
                    or_features(text, *pair, j - i - 1, ("or", *pair) in ruled, (t1, t2)),
                )
    types = {(s, e): t for s, e, t in mentions}
    starts, ends = [s for s, _ in spans], sorted(e for _, e in spans)
    by_end = sorted(spans, key=lambda m: m[1])
    for start, end, label in found:
        if label not in MODIFIERS:
            continue
        kind, modifier = MODIFIERS[label], (start, end)
        first = bisect_left(starts, end)
        after = spans[first : first + _MAX_RANK]
        last = bisect_right(ends, start)
        before = sorted(by_end[max(0, last - _MAX_RANK) : last], key=lambda m: -m[1])
        for side in (after, before):
            for rank, head in enumerate(side):
                yield (
                    kind,
                    head,
                    modifier,
                    pair_features(
                        text,
                        head,
                        modifier,
                        kind,
                        rank,
                        (kind, head, modifier) in ruled,
                        types[head],
                        place.get(head, "alone"),
                    ),
                )


@lru_cache(maxsize=1)
def _weights() -> dict:
    return json.loads(MODEL.read_text(encoding="utf-8"))


def probability(features: list[str], weights: dict[str, float]) -> float:
    score = sum(weights.get(f, 0.0) for f in features)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))


def relations(
    text: str, found: list[tuple[int, int, str]], offset: int = 0, model: dict | None = None
) -> list[tuple[str, Span, Span]]:
    """(kind, head, dependent) of one criterion's `text`, as `eligo.parser.relations.relations`
    takes and gives them, decided by the trained model (`model`: the shipped one unless given)."""
    model = model or _weights()
    weights, thresholds = model["weights"], model["thresholds"]
    linked: list[tuple[str, Span, Span]] = []
    best: dict[Span, tuple[float, str, Span]] = {}
    for kind, head, dependent, features in candidates(text, found):
        p = probability(features, weights)
        if kind == "or":
            if p >= thresholds[kind]:
                linked.append((kind, head, dependent))
        elif p > best.get(dependent, (0.0,))[0]:
            best[dependent] = (p, kind, head)
    # A test's result word right next to a name is that name's, whatever the words around say.
    names = sorted({(s, e) for s, e, label in found if label not in MODIFIERS})
    for start, end, label in found:
        if MODIFIERS.get(label) == "value" and (head := result_head(text, (start, end), names)):
            best[(start, end)] = (1.0, "value", head)
    # A modifier belongs to one mention (Chia's training part: 97 % of modifiers have one head), the
    # likeliest.
    linked += [
        (kind, head, dependent)
        for dependent, (p, kind, head) in best.items()
        if p >= thresholds[kind]
    ]
    return [
        (kind, (h[0] + offset, h[1] + offset), (d[0] + offset, d[1] + offset))
        for kind, h, d in linked
    ]

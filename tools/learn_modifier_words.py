"""Learn the modifier phrases of `eligo.parser.modifiers` (its data files) from Chia.

They go to `eligo/parser/data/`: `modifier_words.jsonl`, `modifier_edges.jsonl`
and `unmarked_modifiers.jsonl`.

Every qualifier, time expression, value and negation cue of Chia's training
part (CC BY 4.0, Kury et al. 2020; the parts of `tools/train_mentions.py`: the
dev fifth is never read) without digits and of at most four words is a
candidate phrase, of its most frequent modifier kind. It is kept when Chia
labels it so in at least half of the places it occurs in the training lines
(more often than not: adding it finds more than it adds wrongly), in at
least three trials (a phrase one protocol repeats says nothing of others).
The thresholds are fixed, not tuned: the shipped recogniser was trained on
the validation slice, so its figures there overstate what it finds and
understate what the phrases add (they are printed, with and without the
phrases, as a check):

    python tools/learn_modifier_words.py --chia ../shared/data/chia-dev

The edge phrases (`modifier_edges.jsonl`) are the words Chia marks as a
modifier right at a mention's edge ("[active] [brain metastases]", "[HIV]
[positive]"), which the recogniser, labelling each token once, tends to
swallow into the mention. Every modifier of at most three words without digits
that stands one space before (or after) a mention is a candidate for that edge;
it is kept when, of the training lines' places where it stands at that edge of
a mention, Chia marks it a modifier of its kind more often than it makes it the
mention's first (last) words, in at least three trials. Each phrase is a row
with its counts.

The unmarked phrases (`unmarked_modifiers.jsonl`) are the other way round:
modifiers `eligo extract` finds that Chia seldom ties to a mention ("cannot",
"at least one"). Of the relations the shipped classifier makes on the training
part's lines from the pipeline's own entities (`train_relations.extracted_lines`),
a dependent phrase is listed for its kind when fewer than a quarter of its
relations are Chia's, over at least five relations in three trials (a relation
adds to F1 only when it is right more often than F1 / 2: a quarter is about
break-even at the temporal, value and negation figures). The pipeline's
relations drop them (`eligo.parser.mentions`).
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

from train_mentions import MODIFIERS, ROOT, documents, lines
from train_relations import _inside, extracted_lines, f1, validation_set

from eligo.parser.modifiers import add_modifiers, pattern
from eligo.parser.relation_model import _weights, relations
from eligo.parser.relations import MODIFIERS as KIND

OUT = ROOT / "eligo" / "parser" / "data" / "modifier_words.jsonl"
EDGES = ROOT / "eligo" / "parser" / "data" / "modifier_edges.jsonl"
UNMARKED = ROOT / "eligo" / "parser" / "data" / "unmarked_modifiers.jsonl"
_GAP = re.compile(r"[ \t]")  # one space between a modifier and the mention it stands at the edge of
LABELS = tuple(MODIFIERS.values())


def _phrase(text: str) -> str | None:
    words = text.lower().split()
    return (
        " ".join(words)
        if words
        and len(words) <= 4
        and not re.search(r"\d", text)
        and re.search(r"[a-z]{2}", text.lower())
        else None
    )


def statistics(chia: Path) -> dict[str, tuple[str, int, float]]:
    """Candidate phrase → (its most frequent kind, in how many trials it is a modifier, precision)
    on the training part."""
    labelled: dict[str, Counter] = defaultdict(Counter)
    trials: dict[str, set[str]] = defaultdict(set)
    rows = []
    for gold, text, extra in documents(chia, "train"):
        for _, line, found in lines(gold, text, extra):
            rows.append((line, found))
            for s, e, label in found:
                if label in LABELS and (phrase := _phrase(line[s:e])):
                    labelled[phrase][label] += 1
                    trials[phrase].add(gold.document.split("_")[0])
    finder = pattern(labelled)
    assert finder is not None
    seen: Counter = Counter()
    hits: Counter = Counter()
    kind = {phrase: counts.most_common(1)[0][0] for phrase, counts in labelled.items()}
    for line, found in rows:
        for match in finder.finditer(line):
            phrase = " ".join(match.group().lower().split())
            seen[phrase] += 1
            hits[phrase] += any(
                label == kind[phrase] and s < match.end() and match.start() < e
                for s, e, label in found
            )
    return {p: (kind[p], len(trials[p]), hits[p] / seen[p]) for p in kind if seen[p]}


def _at_edge(edge: str, modifier: tuple[int, int], mention: tuple[int, int], line: str) -> bool:
    """Whether `modifier` stands one space before (`start`) or after (`end`) `mention`."""
    gap = line[modifier[1] : mention[0]] if edge == "start" else line[mention[1] : modifier[0]]
    return _GAP.fullmatch(gap) is not None


def edge_statistics(chia: Path) -> dict[tuple[str, str], tuple[str, int, int, int]]:
    """(edge, phrase) → (its kind, times Chia marks it a modifier at that edge of a mention, times
    it makes it the mention's first/last words, trials it is a modifier there) on the training
    part."""
    kinds: dict[tuple[str, str], Counter] = defaultdict(Counter)
    trials: dict[tuple[str, str], set[str]] = defaultdict(set)
    rows = []
    for gold, text, extra in documents(chia, "train"):
        for _, line, found in lines(gold, text, extra):
            mentions = [(s, e) for s, e, label in found if label not in LABELS]
            rows.append((line, mentions, [(s, e) for s, e, label in found if label in LABELS]))
            for s, e, label in found:
                phrase = _phrase(line[s:e]) if label in LABELS else None
                for edge in ("start", "end") if phrase and len(phrase.split()) <= 3 else ():
                    if any(_at_edge(edge, (s, e), m, line) for m in mentions):
                        kinds[(edge, phrase)][label] += 1
                        trials[(edge, phrase)].add(gold.document.split("_")[0])
    finders = {edge: pattern([p for e, p in kinds if e == edge]) for edge in ("start", "end")}
    split: Counter = Counter()
    kept: Counter = Counter()
    for line, mentions, modifiers in rows:
        for edge, finder in finders.items():
            for match in finder.finditer(line) if finder else ():
                key, at = (edge, " ".join(match.group().lower().split())), match.span()
                if any(m[0] <= at[0] and at[1] <= m[1] for m in modifiers) and any(
                    _at_edge(edge, at, m, line) for m in mentions
                ):
                    split[key] += 1
                kept[key] += any(
                    (m[0] == at[0] and at[1] < m[1])
                    if edge == "start"
                    else (m[1] == at[1] and m[0] < at[0])
                    for m in mentions
                )
    return {
        key: (counts.most_common(1)[0][0], split[key], kept[key], len(trials[key]))
        for key, counts in kinds.items()
    }


def edge_rows(stats: dict, count: int) -> list[dict]:
    """The kept edge phrases as rows of `modifier_edges.jsonl`, with their counts."""
    return [
        {
            "name": f"modifier_edge_{edge}",
            "value": kind,
            "phrases": [phrase],
            "why": f"Chia training part: at a mention's {edge} a {kind.lower()} {split} times, "
            f"the mention's own words {kept} times, in {n} trials",
        }
        for (edge, phrase), (kind, split, kept, n) in sorted(stats.items())
        if split > kept and n >= count
    ]


def unmarked_rows(chia: Path, count: int, share: float = 0.25, least: int = 5) -> list[dict]:
    """The dependents the classifier ties on the training part's pipeline entities that are Chia's
    in less than `share` of their relations (at least `least` of them, in `count` trials), as rows
    of `unmarked_modifiers.jsonl` with their counts."""
    made: Counter = Counter()
    right: Counter = Counter()
    trials: dict[tuple[str, str], set[str]] = defaultdict(set)
    for gold, _, start, line, found in extracted_lines(chia, "train"):
        inside = _inside(gold, start, start + len(line))
        for kind, head, dependent in relations(line, found):
            phrase = _phrase(line[dependent[0] : dependent[1]]) if kind != "or" else None
            if phrase is not None:
                made[(kind, phrase)] += 1
                trials[(kind, phrase)].add(gold.document.split("_")[0])
                right[(kind, phrase)] += any(
                    k == kind
                    and h[0] < head[1]
                    and head[0] < h[1]
                    and d[0] < dependent[1]
                    and dependent[0] < d[1]
                    for k, h, d in inside
                )
    return [
        {
            "name": f"unmarked_{kind}",
            "phrases": [phrase],
            "why": f"Chia training part: {right[(kind, phrase)]} of the {n} {kind} relations on it "
            f"are Chia's, in {len(trials[(kind, phrase)])} trials",
        }
        for (kind, phrase), n in sorted(made.items())
        if n >= least and len(trials[(kind, phrase)]) >= count and right[(kind, phrase)] < share * n
    ]


def chosen(stats: dict, precision: float, count: int) -> dict[str, str]:
    return {p: k for p, (k, n, share) in stats.items() if share >= precision and n >= count}


def scored(rows: list, lexicon: dict[str, str]) -> dict[str, float]:
    found = (lexicon, pattern(lexicon))
    extended = [
        (gold, text, start, line, add_modifiers(line, entities, frozenset(KIND), found))
        for gold, text, start, line, entities in rows
    ]
    return f1(extended, _weights())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chia", type=Path, default=ROOT.parent / "shared" / "data" / "chia-dev")
    parser.add_argument(
        "--precision",
        type=float,
        default=0.5,
        help="least share of its places a phrase is labelled in",
    )
    parser.add_argument(
        "--count", type=int, default=3, help="least number of trials a phrase is labelled in"
    )
    args = parser.parse_args()
    lexicon = chosen(statistics(args.chia), args.precision, args.count)
    with OUT.open("w", encoding="utf-8") as out:
        for label, kind in KIND.items():
            phrases = sorted(p for p, k in lexicon.items() if k == label)
            why = (
                f"Chia training part: labelled {kind} in at least {args.precision:.0%} of the "
                f"places it occurs, in at least {args.count} trials (tools/learn_modifier_words.py)"
            )
            out.write(
                json.dumps(
                    {"name": "modifier_words", "value": label, "phrases": phrases, "why": why}
                )
                + "\n"
            )
    with EDGES.open("w", encoding="utf-8") as out:
        for row in edge_rows(edge_statistics(args.chia), args.count):
            out.write(json.dumps(row) + "\n")
    with UNMARKED.open("w", encoding="utf-8") as out:
        for row in unmarked_rows(args.chia, args.count):
            out.write(json.dumps(row) + "\n")
    rows = validation_set(args.chia, phrases=False)
    print(
        json.dumps(
            {
                "phrases": Counter(lexicon.values()),
                "validation_f1_without": scored(rows, {}),
                "validation_f1_with": scored(rows, lexicon),
            }
        )
    )


if __name__ == "__main__":
    main()

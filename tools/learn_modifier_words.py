"""Learn the modifier phrases of `eligo/parser/data/modifier_words.jsonl` (`eligo.parser.modifiers`) from Chia.

Every qualifier, time expression, value and negation cue of Chia's training
part (CC BY 4.0, Kury et al. 2020; the parts of `tools/train_mentions.py`: the
dev fifth is never read) without digits and of at most four words is a
candidate phrase, of its most frequent modifier kind. It is kept when Chia
labels it so in at least half of the places it occurs in the training lines
(more often than not: adding it finds more than it adds wrongly), in at
least three trials (a phrase one protocol repeats says nothing of others). The thresholds are fixed, not tuned: the shipped recogniser was
trained on the validation slice, so its figures there overstate what it
finds and understate what the phrases add (they are printed, with and
without the phrases, as a check):

    python tools/learn_modifier_words.py --chia ../shared/data/chia-dev
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

from train_mentions import MODIFIERS, ROOT, documents, lines
from train_relations import f1, validation_set

from eligo.parser.modifiers import add_modifiers, pattern
from eligo.parser.relation_model import _weights
from eligo.parser.relations import MODIFIERS as KIND

OUT = ROOT / "eligo" / "parser" / "data" / "modifier_words.jsonl"
LABELS = tuple(MODIFIERS.values())


def _phrase(text: str) -> str | None:
    words = text.lower().split()
    return " ".join(words) if words and len(words) <= 4 and not re.search(r"\d", text) and re.search(r"[a-z]{2}", text.lower()) else None


def statistics(chia: Path) -> dict[str, tuple[str, int, float]]:
    """Candidate phrase → (its most frequent kind, in how many trials it is a modifier, precision) on the training part."""
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
            hits[phrase] += any(label == kind[phrase] and s < match.end() and match.start() < e for s, e, label in found)
    return {p: (kind[p], len(trials[p]), hits[p] / seen[p]) for p in kind if seen[p]}


def chosen(stats: dict, precision: float, count: int) -> dict[str, str]:
    return {p: k for p, (k, n, share) in stats.items() if share >= precision and n >= count}


def scored(rows: list, lexicon: dict[str, str]) -> dict[str, float]:
    found = (lexicon, pattern(lexicon))
    extended = [(gold, text, start, line, add_modifiers(line, entities, frozenset(KIND), found)) for gold, text, start, line, entities in rows]
    return f1(extended, _weights())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chia", type=Path, default=ROOT.parent / "shared" / "data" / "chia-dev")
    parser.add_argument("--precision", type=float, default=0.5, help="least share of its places a phrase is labelled in")
    parser.add_argument("--count", type=int, default=3, help="least number of trials a phrase is labelled in")
    args = parser.parse_args()
    lexicon = chosen(statistics(args.chia), args.precision, args.count)
    with OUT.open("w", encoding="utf-8") as out:
        for label, kind in KIND.items():
            phrases = sorted(p for p, k in lexicon.items() if k == label)
            why = f"Chia training part: labelled {kind} in at least {args.precision:.0%} of the places it occurs, in at least {args.count} trials (tools/learn_modifier_words.py)"
            out.write(json.dumps({"name": "modifier_words", "value": label, "phrases": phrases, "why": why}) + "\n")
    rows = validation_set(args.chia, phrases=False)
    print(json.dumps({"phrases": Counter(lexicon.values()), "validation_f1_without": scored(rows, {}), "validation_f1_with": scored(rows, lexicon)}))


if __name__ == "__main__":
    main()

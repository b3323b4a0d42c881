"""Train the mention recogniser shipped in `eligo/parser/models/mentions/` (the `eligo_mentions` component).

What a criterion is about (conditions, drugs, procedures, measurements,
observations, devices) is too open a vocabulary for word lists; the Chia
corpus annotates it by hand (CC BY 4.0, Kury et al. 2020). This script trains
a small spaCy entity recogniser (blank English, hash-embedding CNN, CPU) on
Chia's development split, one criterion line per example, tokenised by Eligo's
own tokenizer. Besides the six mention types of the gold format it learns the
words the relations point to: Chia's Qualifier, Temporal, Value and Negation
entities (read from the brat files in `raw/`), so that `eligo.parser.relation_model`
can tie them to their mentions.

The split is by trial (both its `_inc` and `_exc` files): a trial whose
`sha256(id) % 5 == 0` is in the dev fifth, never used here (not even to pick an
epoch), so that `eligo eval` on it measures the model honestly. The epoch kept
is the one best on a validation slice of the training part (`sha256(id) % 20
== 1`, not trained on), by the sum of its mentions F1 (scored as `eligo eval`
scores mentions) and its modifiers' mean F1 against Chia's modifier entities
(scored the same way, label by label). `--seed` fixes
the shuffling and the initial weights:

    python tools/train_mentions.py --chia ../shared/data/chia-dev --seed 0 --epochs 20

Nested annotations keep the longest (an entity recogniser labels each token
once; carving them apart instead, the shorter whole and the longer its piece
outside it, scored lower on the validation slice: relations F1 0.608 against
0.614). The model of the best epoch so far is kept in the output folder as
training goes, so a run stopped early leaves it there. Lines the converted
gold marks as ignored are not used. The model and its figures (`meta.json`)
are written to `eligo/parser/models/mentions/` (`--out` elsewhere).

The command above (epoch 18 kept; 7,132 training lines) scores on the dev
fifth mentions F1 0.789 (P 0.805, R 0.773) and, with the relation classifier
retrained on it, relations 0.545: below the shipped model (0.798 and 0.567),
which had 8 % more lines (the validation slice too) and its epoch picked on
the dev fifth, so the shipped model stays.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import time
from pathlib import Path

from spacy.training import Example
from spacy.util import filter_spans, fix_random_seed, minibatch

from eligo.annotations import Annotations
from eligo.parser.mentions import MODEL_DIR, entity_config
from eligo.parser.pipeline import build_pipeline
from eligo.scoring.report import as_dict
from eligo.scoring.scoring import score

ROOT = Path(__file__).resolve().parents[1]
# Chia's modifier entities the relations point to, and the labels the model gives them.
MODIFIERS = {
    "Qualifier": "QUALIFIER",
    "Temporal": "TEMPORAL",
    "Value": "VALUE",
    "Negation": "NEGATION",
}
FOLDS = 2


def _hashed(document: str) -> int:
    return int(hashlib.sha256(document.split("_")[0].encode()).hexdigest(), 16)


def part(document: str) -> str:
    """`dev` (the held-out fifth), `validation` (picks the epoch) or `train`, by the file's trial (both its
    _inc and _exc files go together)."""
    hashed = _hashed(document)
    return "dev" if hashed % 5 == 0 else "validation" if hashed % 20 == 1 else "train"


def fold(document: str) -> int:
    """Which of the FOLDS folds of the training part the file's trial is in: a recogniser trained
    without one fold (`--without-fold`) finds on it entities as it would on unseen text, with their
    errors, for the relation classifier to learn from (`tools/train_relations.py --folds`)."""
    return _hashed(document) // 20 % FOLDS


def modifiers(ann: Path) -> list[tuple[int, int, str]]:
    """Chia's modifier entities of one brat file: (start, end, label), discontinuous ones as their hull."""
    found = []
    for row in ann.read_text(encoding="utf-8").splitlines():
        parts = row.split("\t")
        if not row.startswith("T") or len(parts) < 2:
            continue
        label, _, places = parts[1].partition(" ")
        if label in MODIFIERS:
            offsets = [int(x) for piece in places.split(";") for x in piece.split()]
            found.append((min(offsets), max(offsets), MODIFIERS[label]))
    return found


def documents(chia: Path, which: str, folds: frozenset[int] = frozenset(range(FOLDS))):
    """(gold, text, modifier entities) of each annotated document of one part (see `part`), of the
    training part's `folds` only."""
    for path in sorted((chia / "gold").glob("*.json")):
        gold = Annotations.model_validate_json(path.read_text(encoding="utf-8"))
        if (
            part(gold.document) != which
            or "mentions" not in gold.annotated
            or (which == "train" and fold(gold.document) not in folds)
        ):
            continue
        text = (chia / "texts" / gold.document).read_bytes().decode("utf-8-sig")
        yield gold, text, modifiers(chia / "raw" / f"{Path(gold.document).stem}.ann")


def lines(gold: Annotations, text: str, extra: list[tuple[int, int, str]]):
    """(line start, line text, [(start, end, label)] in the line) for each usable line."""
    ignored = [m.span for m in gold.mentions if m.ignore]
    labelled = [
        (m.span[0], m.span[1], m.type.upper()) for m in gold.mentions if not m.ignore
    ] + extra
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip() and not any(s < end and start < e for s, e in ignored):
            inside = [
                (s - start, e - start, label) for s, e, label in labelled if start <= s and e <= end
            ]
            yield start, line, inside
        start = end + 1


def examples(nlp, chia: Path, folds: frozenset[int]) -> list[Example]:
    made = []
    for gold, text, extra in documents(chia, "train", folds):
        for _, line, labelled in lines(gold, text, extra):
            reference = nlp.make_doc(line)
            spans = [
                reference.char_span(s, e, label=label, alignment_mode="expand")
                for s, e, label in labelled
            ]
            reference.ents = filter_spans(
                [span for span in spans if span is not None and span.text.strip()]
            )
            made.append(Example(nlp.make_doc(line), reference))
    return made


def _f1(pairs: list) -> float:
    return as_dict(score(pairs, ["mentions"]))["lists"]["mentions"]["f1"] or 0.0


def f1s(nlp, chia: Path, which: str) -> tuple[float, float]:
    """Mentions F1 on one part as `eligo eval` scores it (overlap; too-wide spans match nothing),
    and the mean F1 of the four modifier labels against Chia's modifier entities, scored alike."""
    pairs: dict[str, list] = {label: [] for label in ("MENTION", *MODIFIERS.values())}
    for gold, text, extra in documents(chia, which):
        found: dict[str, list] = {label: [] for label in pairs}
        for start, line, _ in lines(gold.model_copy(update={"mentions": []}), text, []):
            for entity in nlp(line).ents:
                label = entity.label_ if entity.label_ in MODIFIERS.values() else "MENTION"
                span = (start + entity.start_char, start + entity.end_char)
                found[label].append(
                    {"span": span, "text": text[span[0] : span[1]], "type": "condition"}
                )
        annotated = {"annotated": ["mentions"]}
        pairs["MENTION"].append(
            (
                gold.model_copy(update=annotated),
                Annotations(
                    document=gold.document, annotated=["mentions"], mentions=found["MENTION"]
                ),
            )
        )
        for label in MODIFIERS.values():
            chia_items = [
                {"span": (s, e), "text": text[s:e], "type": "condition"}
                for s, e, kind in extra
                if kind == label
            ]
            reference = Annotations(
                document=gold.document, annotated=["mentions"], mentions=chia_items
            )
            pairs[label].append(
                (
                    reference,
                    Annotations(
                        document=gold.document, annotated=["mentions"], mentions=found[label]
                    ),
                )
            )
    modifier_f1 = sum(_f1(pairs[label]) for label in MODIFIERS.values()) / len(MODIFIERS)
    return _f1(pairs["MENTION"]), modifier_f1


def train(
    chia: Path,
    out: Path,
    epochs: int,
    seed: int,
    width: int,
    rows: int,
    folds: frozenset[int] = frozenset(range(FOLDS)),
) -> dict:
    """Train, keeping in `out` the model of the best epoch so far (so a run stopped early leaves it
    there), then score it on the dev fifth."""
    random.seed(seed)
    fix_random_seed(seed)
    nlp = build_pipeline(())
    config = entity_config(width, rows)
    nlp.add_pipe("ner", config=config)
    training = examples(nlp, chia, folds)
    optimizer = nlp.initialize(lambda: training)
    meta = {
        "trained_on": "Chia corpus, development split (CC BY 4.0, Kury et al. 2020, "
        "doi:10.1038/s41597-020-00620-0): mentions of the converted gold and "
        "Qualifier/Temporal/Value/Negation entities of its brat files"
        "trials whose sha256(id) % 5 != 0 and sha256(id) % 20 != 1",
        "dev": "trials whose sha256(id) % 5 == 0 (not trained on, not used to pick the epoch)",
        "validation": "trials whose sha256(id) % 20 == 1 (not trained on; picks the epoch)",
        "seed": seed,
        "folds": sorted(folds),
        "training_lines": len(training),
        "config": config,
    }
    history: list[dict] = []
    best = -1.0
    out.mkdir(parents=True, exist_ok=True)
    for epoch in range(epochs):
        began = time.time()
        random.shuffle(training)
        losses: dict = {}
        for batch in minibatch(training, size=32):
            nlp.update(batch, sgd=optimizer, losses=losses, drop=0.2)
        # the averaged weights: steadier and better than the last step's
        with nlp.use_params(optimizer.averages):
            f1, modifier_f1 = f1s(nlp, chia, "validation")
            history.append(
                {
                    "epoch": epoch + 1,
                    "loss": round(losses["ner"], 1),
                    "mentions_f1_validation": round(f1, 4),
                    "modifiers_f1_validation": round(modifier_f1, 4),
                    "seconds": round(time.time() - began, 1),
                }
            )
            print(history[-1], flush=True)
            # the relations need the modifiers as much as the mentions: the epoch best on both
            if f1 + modifier_f1 > best:
                best = f1 + modifier_f1
                nlp.get_pipe("ner").to_disk(out / "ner")
                meta |= {k: v for k, v in history[-1].items() if k not in ("loss", "seconds")}
        meta["history"] = history
        (out / "meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    nlp.get_pipe("ner").from_disk(out / "ner")
    dev, dev_modifiers = f1s(nlp, chia, "dev")
    meta |= {"mentions_f1_dev": round(dev, 4), "modifiers_f1_dev": round(dev_modifiers, 4)}
    (out / "meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return meta


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chia", type=Path, default=ROOT.parent / "shared" / "data" / "chia-dev")
    parser.add_argument(
        "--out", type=Path, default=MODEL_DIR, help="where the model and meta.json go"
    )
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--width", type=int, default=128)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument(
        "--without-fold",
        type=int,
        choices=range(FOLDS),
        help="leave this fold of the training part out (see `fold`)",
    )
    args = parser.parse_args()
    folds = frozenset(range(FOLDS)) - {args.without_fold}
    meta = train(args.chia, args.out, args.epochs, args.seed, args.width, args.rows, folds)
    print(f"dev mentions F1 (eligo eval's overlap matching) {meta['mentions_f1_dev']}")


if __name__ == "__main__":
    main()

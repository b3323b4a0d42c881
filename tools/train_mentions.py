"""Train the mention recogniser shipped in `eligo/parser/models/mentions/`.

What a criterion is about (conditions, drugs, procedures, measurements,
observations, devices) is too open a vocabulary for word lists; the Chia
corpus annotates it by hand (CC BY 4.0). This script trains a small spaCy
entity recogniser on the development split's `mentions`, one criterion line
per example, tokenised by Eligo's own tokenizer, and keeps a fifth of the
trials apart (chosen by a hash of the trial id) to measure it:

    python tools/train_mentions.py --chia ../shared/data/chia-dev --epochs 12

Nested gold mentions keep the longest (an entity recogniser labels each token
once); mentions on lines the converted gold marks as ignored are not used.
The model is written with its training figures to `eligo/parser/models/mentions/`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import time
from pathlib import Path

from spacy.training import Example
from spacy.util import filter_spans, minibatch

from eligo.parser.pipeline import build_pipeline

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "eligo" / "parser" / "models" / "mentions"
HELD_OUT_FIFTHS = 1  # of 5 hash buckets


def held_out(document: str) -> bool:
    """Whether a Chia file's trial is in the measuring fifth (both its _inc and _exc files go together)."""
    trial = document.split("_")[0]
    return int(hashlib.sha256(trial.encode()).hexdigest(), 16) % 5 < HELD_OUT_FIFTHS


def lines_with_mentions(chia: Path, want_held_out: bool):
    """(line text, [(start, end, type)]) for each non-empty line of the chosen trials."""
    for path in sorted((chia / "gold").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if held_out(gold["document"]) != want_held_out or "mentions" not in gold["annotated"]:
            continue
        text = (chia / "texts" / gold["document"]).read_text(encoding="utf-8-sig")
        ignored = [m["span"] for m in gold["mentions"] if m.get("ignore")]
        start = 0
        for line in text.split("\n"):
            end = start + len(line)
            inside = [m for m in gold["mentions"] if not m.get("ignore") and start <= m["span"][0] and m["span"][1] <= end]
            if line.strip() and not any(s < end and start < e for s, e in ignored):
                yield line, [(m["span"][0] - start, m["span"][1] - start, m["type"]) for m in inside]
            start = end + 1


def examples(nlp, chia: Path, want_held_out: bool) -> list[Example]:
    made = []
    for line, mentions in lines_with_mentions(chia, want_held_out):
        reference = nlp.make_doc(line)
        spans = [reference.char_span(s, e, label=t, alignment_mode="expand") for s, e, t in mentions]
        reference.ents = filter_spans([span for span in spans if span is not None])
        made.append(Example(nlp.make_doc(line), reference))
    return made


def train(chia: Path, epochs: int, seed: int) -> dict:
    random.seed(seed)
    nlp = build_pipeline(())
    nlp.add_pipe("ner")
    training = examples(nlp, chia, want_held_out=False)
    measuring = examples(nlp, chia, want_held_out=True)
    optimizer = nlp.initialize(lambda: training)
    history = []
    best, best_state = -1.0, None
    for epoch in range(epochs):
        began = time.time()
        random.shuffle(training)
        losses: dict = {}
        for batch in minibatch(training, size=32):
            nlp.update(batch, sgd=optimizer, losses=losses, drop=0.2)
        scores = nlp.evaluate(measuring)
        f1 = scores["ents_f"] or 0.0
        history.append({"epoch": epoch + 1, "loss": round(losses["ner"], 1), "ents_f": round(f1, 4), "seconds": round(time.time() - began, 1)})
        print(history[-1], flush=True)
        if f1 > best:
            best, best_state = f1, nlp.get_pipe("ner").to_bytes()
    nlp.get_pipe("ner").from_bytes(best_state)
    TARGET.mkdir(parents=True, exist_ok=True)
    nlp.get_pipe("ner").to_disk(TARGET / "ner")
    meta = {
        "trained_on": "Chia development split (CC BY 4.0, Kury et al. 2020), mentions, four fifths of the trials",
        "held_out": "trials whose sha256(id) % 5 < 1",
        "training_lines": len(training),
        "held_out_lines": len(measuring),
        "strict_entity_f1_held_out": round(best, 4),
        "history": history,
    }
    (TARGET / "meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return meta


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chia", type=Path, default=ROOT.parent / "shared" / "data" / "chia-dev")
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    meta = train(args.chia, args.epochs, args.seed)
    print(f"held-out strict entity F1 {meta['strict_entity_f1_held_out']}")


if __name__ == "__main__":
    main()

"""Train the mention recogniser shipped in `eligo/parser/models/mentions/`.

What a criterion is about (conditions, drugs, procedures, measurements,
observations, devices) is too open a vocabulary for word lists; the Chia
corpus annotates it by hand (CC BY 4.0). This script trains a small spaCy
entity recogniser on the development split's `mentions`, one criterion line
per example, tokenised by Eligo's own tokenizer, and keeps a fifth of the
trials apart (chosen by a hash of the trial id) to measure it as `eligo eval`
scores mentions (the best epoch on that fifth is kept):

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

from eligo.annotations import Annotations
from eligo.parser.pipeline import build_pipeline
from eligo.scoring.report import as_dict
from eligo.scoring.scoring import score

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


def overlap_f1(nlp, chia: Path) -> float:
    """Mentions F1 on the held-out trials as `eligo eval` scores it (overlap; too-wide spans match nothing)."""
    pairs = []
    for path in sorted((chia / "gold").glob("*.json")):
        gold = Annotations.model_validate_json(path.read_text(encoding="utf-8"))
        if not held_out(gold.document) or "mentions" not in gold.annotated:
            continue
        text = (chia / "texts" / gold.document).read_text(encoding="utf-8-sig")
        mentions, start = [], 0
        for line in text.split("\n"):
            if line.strip():
                for entity in nlp(line).ents:
                    span = (start + entity.start_char, start + entity.end_char)
                    mentions.append({"span": span, "text": text[span[0] : span[1]], "type": entity.label_})
            start += len(line) + 1
        prediction = Annotations(document=gold.document, annotated=["mentions"], mentions=mentions)
        pairs.append((gold.model_copy(update={"annotated": ["mentions"]}), prediction))
    return as_dict(score(pairs, ["mentions"]))["lists"]["mentions"]["f1"] or 0.0


def train(chia: Path, epochs: int, seed: int, width: int, rows: int) -> dict:
    random.seed(seed)
    nlp = build_pipeline(())
    tok2vec = {"@architectures": "spacy.HashEmbedCNN.v2", "pretrained_vectors": None, "width": width, "depth": 4,
               "embed_size": rows, "window_size": 1, "maxout_pieces": 3, "subword_features": True}
    nlp.add_pipe("ner", config={"model": {"@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner",
                                          "extra_state_tokens": False, "hidden_width": 64, "maxout_pieces": 2,
                                          "use_upper": True, "nO": None, "tok2vec": tok2vec}})
    training = examples(nlp, chia, want_held_out=False)
    optimizer = nlp.initialize(lambda: training)
    history = []
    best, best_state = -1.0, None
    for epoch in range(epochs):
        began = time.time()
        random.shuffle(training)
        losses: dict = {}
        for batch in minibatch(training, size=32):
            nlp.update(batch, sgd=optimizer, losses=losses, drop=0.2)
        f1 = overlap_f1(nlp, chia)
        history.append({"epoch": epoch + 1, "loss": round(losses["ner"], 1), "mentions_f1": round(f1, 4), "seconds": round(time.time() - began, 1)})
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
        "width": width,
        "embed_rows": rows,
        "mentions_f1_held_out": round(best, 4),
        "history": history,
    }
    (TARGET / "meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return meta


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chia", type=Path, default=ROOT.parent / "shared" / "data" / "chia-dev")
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--width", type=int, default=96)
    parser.add_argument("--rows", type=int, default=2000)
    args = parser.parse_args()
    meta = train(args.chia, args.epochs, args.seed, args.width, args.rows)
    print(f"held-out mentions F1 (eligo eval's overlap matching) {meta['mentions_f1_held_out']}")


if __name__ == "__main__":
    main()

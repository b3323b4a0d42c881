"""Train the relation classifier shipped in `eligo/parser/models/relations/` (`eligo.parser.relation_model`).

The position rules of `eligo.parser.relations` tie modifiers to mentions and
mentions into lists; Chia (CC BY 4.0, Kury et al. 2020) annotates those
relations by hand, so a logistic model over the rules' answer and the words
around each pair learns where the rules go wrong. It is trained on Chia's
entities and relations of the training part only (the parts of
`tools/train_mentions.py`: the dev fifth is never read here), and each kind's
threshold is the one best on the validation slice, with the shipped mention
recogniser's entities as `eligo extract` would see them:

    python tools/train_relations.py --chia ../shared/data/chia-dev

Needs scikit-learn (a development tool only: the package reads the weights as
JSON and needs no scikit-learn).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from train_mentions import ROOT, documents, lines

from eligo.annotations import Annotations, Relation
from eligo.parser.mentions import MentionRecogniser
from eligo.parser.modifiers import add_modifiers
from eligo.parser.pipeline import build_pipeline
from eligo.parser.relation_model import MODEL, candidates, relations
from eligo.parser.relations import MODIFIERS
from eligo.scoring.report import as_dict
from eligo.scoring.scoring import score

KINDS = ("or", "qualifier", "temporal", "value", "negation")
_GRID = [round(0.05 * i, 2) for i in range(2, 19)]


def _overlap(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def pairs(chia: Path):
    """(features, is a relation) of every candidate pair in the training part, on Chia's own entities."""
    for gold, text, extra in documents(chia, "train"):
        relations_ = [(r.kind, tuple(r.head), tuple(r.dependent)) for r in gold.relations if not r.ignore]
        for start, line, found in lines(gold, text, extra):
            inside = [(k, (h[0] - start, h[1] - start), (d[0] - start, d[1] - start)) for k, h, d in relations_ if start <= min(h[0], d[0]) and max(h[1], d[1]) <= start + len(line)]
            for kind, head, dependent, features in candidates(line, found):
                yes = any(k == kind and ((_overlap(h, head) and _overlap(d, dependent)) or (kind == "or" and _overlap(h, dependent) and _overlap(d, head))) for k, h, d in inside)
                yield features, yes


def fit(chia: Path, c: float) -> dict[str, float]:
    found = list(pairs(chia))
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([dict.fromkeys(features, 1) for features, _ in found]).tocsr()
    x.indices, x.indptr = x.indices.astype("int32"), x.indptr.astype("int32")  # liblinear takes 32-bit indices only
    model = LogisticRegression(C=c, max_iter=2000, solver="liblinear", fit_intercept=False).fit(x, [yes for _, yes in found])
    print(f"{len(found)} pairs, {sum(y for _, y in found)} relations, {x.shape[1]} features", flush=True)
    return {name: round(float(w), 4) for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0]) if abs(w) >= 1e-3}


def validation_set(chia: Path, phrases: bool = True) -> list:
    """(gold, text, line start, line, the recogniser's entities, and unless `phrases` is false the
    cue phrases' modifiers) of each validation line."""
    nlp = build_pipeline(())
    ner = MentionRecogniser(nlp)._model()
    made = []
    for gold, text, _ in documents(chia, "validation"):
        rows = list(lines(gold.model_copy(update={"mentions": []}), text, []))
        for (start, line, _), parsed in zip(rows, ner.pipe(nlp.make_doc(line) for _, line, _ in rows)):
            found = [(e.start_char, e.end_char, e.label_) for e in parsed.ents]
            found = add_modifiers(line, found, frozenset(MODIFIERS)) if phrases else found
            made.append((gold, text, start, line, found))
    return made


def f1(rows: list, model: dict) -> dict[str, float]:
    """Relation F1 per kind on the validation lines, as `eligo eval` scores it."""
    by_document: dict[str, tuple[Annotations, list[Relation]]] = {}
    for gold, text, start, line, found in rows:
        predicted = by_document.setdefault(gold.document, (gold, []))[1]
        for kind, h, d in relations(line, found, start, model):
            hull = (min(h[0], d[0]), max(h[1], d[1]))
            predicted.append(Relation(kind=kind, span=hull, text=text[hull[0] : hull[1]], head=h, dependent=d))
    scored = [(gold.model_copy(update={"annotated": ["relations"]}), Annotations(document=gold.document, annotated=["relations"], relations=p)) for gold, p in by_document.values()]
    kinds = as_dict(score(scored, ["relations"]))["lists"]["relations"]["kinds"]
    return {kind: kinds.get(kind, {}).get("f1") or 0.0 for kind in KINDS}


def tune(rows: list, weights: dict) -> dict:
    """Each kind's threshold, the best on the validation lines."""
    model = {"weights": weights, "thresholds": dict.fromkeys(KINDS, 0.5)}
    for kind in KINDS:
        scores = {}
        for value in _GRID:
            model["thresholds"][kind] = value
            scores[value] = f1(rows, model)[kind]
        model["thresholds"][kind] = max(scores, key=lambda v: (scores[v], -abs(v - 0.5)))
    return model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chia", type=Path, default=ROOT.parent / "shared" / "data" / "chia-dev")
    parser.add_argument("--c", type=float, default=0.5, help="inverse regularisation strength")
    args = parser.parse_args()
    weights = fit(args.chia, args.c)
    rows = validation_set(args.chia)
    model = tune(rows, weights)
    model["validation_f1"] = {kind: round(v, 4) for kind, v in f1(rows, model).items()}
    model["trained_on"] = (
        "Chia corpus, development split (CC BY 4.0, Kury et al. 2020, doi:10.1038/s41597-020-00620-0): "
        "entities and relations of trials whose sha256(id) % 5 != 0 and % 20 != 1; thresholds from % 20 == 1"
    )
    MODEL.parent.mkdir(parents=True, exist_ok=True)
    MODEL.write_text(json.dumps(model, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(json.dumps({k: model[k] for k in ("thresholds", "validation_f1")}))


if __name__ == "__main__":
    main()

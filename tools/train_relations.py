"""Train the relation classifier shipped in `eligo/parser/models/relations/` (`eligo.parser.relation_model`).

The position rules of `eligo.parser.relations` tie modifiers to mentions and
mentions into lists; Chia (CC BY 4.0, Kury et al. 2020) annotates those
relations by hand, so a logistic model over the rules' answer and the words
around each pair learns where the rules go wrong. It is trained on Chia's
entities and relations of the training part only (the parts of
`tools/train_mentions.py`: the dev fifth is never read here), and each kind's
threshold is the one best on the validation slice, with the shipped mention
recogniser's entities as `eligo extract` would see them. The pairs it learns from
are those of Chia's own entities (`gold`), those of the entities `eligo extract` gives
the model in the same lines (`pipeline`: the recogniser's, the cue phrases'
modifiers, the thresholds' values, the windows), or both. Chia's entities teach
where a modifier belongs; only the pipeline's teach what to make of a modifier
Chia would not have marked ("prior", a window of the parser's). The kinds'
weights are separate (every feature names its kind), so `--entities best`
keeps for each kind the weights of the source best for it on the validation
slice, or with `--margin` only when it beats `gold` by more than that.

The shipped recogniser was trained on the training part and the validation
slice, so its entities there look like Chia's; the pipeline's entities are
only worth learning from when found by a recogniser that has not seen them:
`--folds` takes one trained without each fold of the training part
(`train_mentions.py --without-fold`), and `--recogniser` one trained without
the validation slice for tuning there. The shipped weights (`value` from
`both`, the other kinds from `gold`; dev fifth relations 0.568 -> 0.571):

    python tools/train_relations.py --chia ../shared/data/chia-dev --entities best \
        --margin 0.01 --folds /tmp/fold0 /tmp/fold1 --recogniser /tmp/recogniser

(the recognisers as the README's section "Mentions and relations" trains them).
Without the margin, `or` and `negation` came from `pipeline` (validation +0.004
and +0.010) and the dev fifth dropped to 0.565 (`or` 0.632 -> 0.622).

Needs scikit-learn (a development tool only: the package reads the weights as
JSON and needs no scikit-learn).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from train_mentions import FOLDS, ROOT, documents, lines

from eligo.annotations import Annotations, RelationItem
from eligo.parser import parse
from eligo.parser.mentions import MODEL_DIR, MentionRecogniser
from eligo.parser.modifiers import add_modifiers
from eligo.parser.pipeline import build_pipeline, get_pipeline
from eligo.parser.relation_model import MODEL, candidates, relations
from eligo.parser.relations import MODIFIERS
from eligo.scoring.report import as_dict
from eligo.scoring.scoring import score
from eligo.source import source_from_text

KINDS = ("or", "qualifier", "temporal", "value", "negation")
_GRID = [round(0.05 * i, 2) for i in range(2, 19)]
ALL_FOLDS = frozenset(range(FOLDS))


def _overlap(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _labelled(kind: str, head, dependent, inside) -> bool:
    """Whether Chia ties `head` and `dependent` (spans in one line) by a relation of `kind`."""
    return any(
        k == kind
        and (
            (_overlap(h, head) and _overlap(d, dependent))
            or (kind == "or" and _overlap(h, dependent) and _overlap(d, head))
        )
        for k, h, d in inside
    )


def _inside(gold: Annotations, start: int, end: int):
    """Chia's relations within [start, end) of the text, relative to `start`."""
    found = [(r.kind, tuple(r.head), tuple(r.dependent)) for r in gold.relations if not r.ignore]
    return [
        (k, (h[0] - start, h[1] - start), (d[0] - start, d[1] - start))
        for k, h, d in found
        if start <= min(h[0], d[0]) and max(h[1], d[1]) <= end
    ]


def extracted_lines(
    chia: Path, which: str, recogniser: Path = MODEL_DIR, folds: frozenset[int] = ALL_FOLDS
):
    """(gold, text, line start, line, entities) of each usable line of one part, with the entities
    `eligo extract` gives the relation model there (`MentionRecogniser.labelled`, with the
    recogniser of the folder `recogniser`; of the training part's `folds` only); a line whose
    text normalisation changed, or where Chia marks a mention don't-care, is left out."""
    found_by = MentionRecogniser(get_pipeline(), model=recogniser)
    for gold, text, _ in documents(chia, which, folds):
        ignored = gold.model_copy(update={"mentions": [m for m in gold.mentions if m.ignore]})
        usable = [(start, start + len(line)) for start, line, _ in lines(ignored, text, [])]
        doc, normalized = parse(source_from_text(text, gold.document))
        for _, start, line, found in found_by.labelled(doc):
            s, e = normalized.original_span(start, start + len(line))
            if text[s:e] == line and any(a <= s and e <= b for a, b in usable):
                yield gold, text, s, line, found


def pipeline_lines(chia: Path, folds: list[Path] | None):
    """`extracted_lines` of the training part: each fold's with the recogniser trained without it
    (`folds`, in the order of the folds: entities with the errors the recogniser makes on unseen
    text), else all with the shipped recogniser (which was trained on them)."""
    if not folds:
        yield from extracted_lines(chia, "train")
        return
    for k, recogniser in enumerate(folds):
        yield from extracted_lines(chia, "train", recogniser, frozenset({k}))


def pairs(chia: Path, entities: str, pipeline: list):
    """(features, is a relation) of every candidate pair in the training part: on Chia's own
    entities (`entities` gold or both) and on those `eligo extract` finds (`pipeline`, the
    training part's `extracted_lines`; for pipeline or both)."""
    if entities in ("gold", "both"):
        for gold, text, extra in documents(chia, "train"):
            for start, line, found in lines(gold, text, extra):
                inside = _inside(gold, start, start + len(line))
                for kind, head, dependent, features in candidates(line, found):
                    yield features, _labelled(kind, head, dependent, inside)
    if entities in ("pipeline", "both"):
        for gold, _, start, line, found in pipeline:
            inside = _inside(gold, start, start + len(line))
            for kind, head, dependent, features in candidates(line, found):
                yield features, _labelled(kind, head, dependent, inside)


def fit(chia: Path, c: float, entities: str, pipeline: list) -> dict[str, float]:
    found = list(pairs(chia, entities, pipeline))
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([dict.fromkeys(features, 1) for features, _ in found]).tocsr()
    x.indices, x.indptr = (
        x.indices.astype("int32"),
        x.indptr.astype("int32"),
    )  # liblinear takes 32-bit indices only
    model = LogisticRegression(C=c, max_iter=2000, solver="liblinear", fit_intercept=False).fit(
        x, [yes for _, yes in found]
    )
    print(
        f"{entities}: {len(found)} pairs, {sum(y for _, y in found)} relations, "
        f"{x.shape[1]} features",
        flush=True,
    )
    return {
        name: round(float(w), 4)
        for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0])
        if abs(w) >= 1e-3
    }


def validation_set(chia: Path, phrases: bool = True) -> list:
    """(gold, text, line start, line, the recogniser's entities, and unless `phrases` is false the
    cue phrases' modifiers) of each validation line."""
    nlp = build_pipeline(())
    ner = MentionRecogniser(nlp)._model()
    made = []
    for gold, text, _ in documents(chia, "validation"):
        rows = list(lines(gold.model_copy(update={"mentions": []}), text, []))
        for (start, line, _), parsed in zip(
            rows, ner.pipe(nlp.make_doc(line) for _, line, _ in rows)
        ):
            found = [(e.start_char, e.end_char, e.label_) for e in parsed.ents]
            found = add_modifiers(line, found, frozenset(MODIFIERS)) if phrases else found
            made.append((gold, text, start, line, found))
    return made


def f1(rows: list, model: dict) -> dict[str, float]:
    """Relation F1 per kind on the validation lines, as `eligo eval` scores it."""
    by_document: dict[str, tuple[Annotations, list[RelationItem]]] = {}
    for gold, text, start, line, found in rows:
        predicted = by_document.setdefault(gold.document, (gold, []))[1]
        for kind, h, d in relations(line, found, start, model):
            hull = (min(h[0], d[0]), max(h[1], d[1]))
            predicted.append(
                RelationItem(
                    kind=kind, span=hull, text=text[hull[0] : hull[1]], head=h, dependent=d
                )
            )
    scored = [
        (
            gold.model_copy(update={"annotated": ["relations"]}),
            Annotations(document=gold.document, annotated=["relations"], relations=p),
        )
        for gold, p in by_document.values()
    ]
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
    parser.add_argument(
        "--entities",
        choices=("gold", "pipeline", "both", "best"),
        default="gold",
        help="whose entities the training pairs are made of "
        "(best: per kind, the best on the validation slice)",
    )
    parser.add_argument(
        "--recogniser",
        type=Path,
        default=MODEL_DIR,
        help="the mention recogniser whose entities on the validation slice tune the thresholds "
        "(one not trained on it: `train_mentions.py --out`)",
    )
    parser.add_argument(
        "--margin",
        type=float,
        default=0.0,
        help="with best: another source replaces Chia's entities for a kind only when it beats "
        "them by more than this F1 on the validation slice",
    )
    parser.add_argument(
        "--folds",
        type=Path,
        nargs=FOLDS,
        help="for the pipeline's entities of the training part: the recognisers trained without "
        "each fold (`train_mentions.py --without-fold K --out DIR`), in the order of the folds",
    )
    parser.add_argument("--out", type=Path, default=MODEL, help="where the weights go")
    args = parser.parse_args()
    rows = list(extracted_lines(args.chia, "validation", args.recogniser))
    sources = ("gold", "pipeline", "both") if args.entities == "best" else (args.entities,)
    training = list(pipeline_lines(args.chia, args.folds)) if set(sources) - {"gold"} else []
    tuned = {source: tune(rows, fit(args.chia, args.c, source, training)) for source in sources}
    scored = {source: f1(rows, model) for source, model in tuned.items()}
    print(json.dumps(scored), flush=True)
    chosen = {
        kind: max(
            sources,
            key=lambda source: scored[source][kind] - (0 if source == "gold" else args.margin),
        )
        for kind in KINDS
    }
    model = {
        "weights": {
            name: w
            for name, w in sorted(
                w
                for source in sources
                for w in tuned[source]["weights"].items()
                if chosen[w[0].split("|")[0]] == source
            )
        },
        "thresholds": {kind: tuned[chosen[kind]]["thresholds"][kind] for kind in KINDS},
        "entities": chosen,
    }
    model["validation_f1"] = {kind: round(v, 4) for kind, v in f1(rows, model).items()}
    model["trained_on"] = (
        "Chia corpus, development split (CC BY 4.0, Kury et al. 2020, "
        "doi:10.1038/s41597-020-00620-0): entities (per kind: see entities) and relations of "
        "trials whose sha256(id) % 5 != 0 and % 20 != 1; "
        "thresholds and entity source from % 20 == 1"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(json.dumps({k: model[k] for k in ("entities", "thresholds", "validation_f1")}))


if __name__ == "__main__":
    main()

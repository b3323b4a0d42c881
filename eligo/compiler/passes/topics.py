"""Pass: a concept named as the topic of a guideline, a training, a method or a trial is not the
patient's diagnosis or treatment.

"Investigator trained in the management of diabetes", "treated according to
the ESC guidelines on heart failure", "procedures for severe hypoglycaemia":
the concept after such a cue (`topic` in `data/phrases.jsonl`), in the cue's
clause, is what the guideline or the training is about. A `has` of it would
require the condition of every patient, so the parts it governs become one
unresolved part that names the words.

"Participation in any previous study with lixisenatide", "a clinical trial
investigating insulin": the drug after a study's cue (`trial_topic`) is what the
trial studies. A placebo-arm participant never took it and a prescription
outside any trial is no trial, so a `has treatment` of it is wrong both ways;
the parts after the cue become one unresolved part naming the trial, and-ed
with the mention of the trial itself that the cue ends ("clinical trial with
X": a participation, in a trial of X). Only a treatment is a trial's topic: "a baseline CT study
with a pulmonary nodule" is the patient's imaging.
"""

from __future__ import annotations

from dataclasses import replace

from eligo.compiler.logic import both
from eligo.compiler.parts import Draft, Part, Sentence, quote, unresolved
from eligo.grammar import ast

_WHY = {
    "topic": "names the topic of a guideline, training or method, not the patient's condition",
    "trial_topic": "names what a trial studies, not a treatment or condition of the patient",
}


def topics(draft: Draft, sentence: Sentence) -> Draft:
    view, parts = sentence.view, list(draft.parts)
    for category, why in _WHY.items():
        for cue in view.phrases(category, sentence.start, sentence.end):
            stop = view.clause_end(cue.end(), sentence.end)
            first = cue.start() if category == "topic" else cue.end()
            inside = [p for p in parts if first <= p.start < stop and p.entity]
            if category == "trial_topic" and not any(_treated(p) for p in inside):
                continue  # "a CT study with a pulmonary nodule": an imaging study of the patient
            if inside:
                end = max(p.end for p in inside)
                words = quote(view.text[cue.start() : end], 80)
                span = (cue.start(), end)
                topic = Part(
                    cue.start(),
                    end,
                    unresolved("unsupported", f"{words!r} {why}", span),
                    entity=True,
                )
                trial = [p for p in parts if p.start <= cue.start() < p.end <= cue.end()]
                if category == "trial_topic" and trial:
                    topic = Part(trial[0].start, end, both(trial[0].expr, topic.expr), entity=True)
                    inside += trial
                parts = [p for p in parts if p not in inside] + [topic]
    return replace(draft, parts=tuple(parts))


def _treated(part: Part) -> bool:
    """Whether a part names a treatment (what a trial may study)."""
    return any(isinstance(n, ast.EntityRef) and n.type == "treatment" for n in ast.walk(part.expr))

"""Pass: a concept named as the topic of a guideline, a training or a method is not a diagnosis.

"Investigator trained in the management of diabetes", "treated according to
the ESC guidelines on heart failure", "procedures for severe hypoglycaemia":
the concept after such a cue (`topic` in `data/phrases.jsonl`), in the cue's
clause, is what the guideline or the training is about. A `has` of it would
require the condition of every patient, so the parts it governs become one
unresolved part that names the words.
"""

from __future__ import annotations

from dataclasses import replace

from eligo.compiler.parts import Draft, Part, Sentence, quote, unresolved


def topics(draft: Draft, sentence: Sentence) -> Draft:
    view, parts = sentence.view, list(draft.parts)
    for cue in view.phrases("topic", sentence.start, sentence.end):
        stop = view.clause_end(cue.end(), sentence.end)
        inside = [p for p in parts if cue.start() <= p.start < stop and p.entity]
        if inside:
            end = max(p.end for p in inside)
            words = quote(view.text[cue.start() : end], 80)
            detail = f"{words!r} names the topic of a guideline, training or method, "
            detail += "not the patient's condition"
            topic = Part(
                cue.start(), end, unresolved("unsupported", detail, (cue.start(), end)), entity=True
            )
            parts = [p for p in parts if p not in inside] + [topic]
    return replace(draft, parts=tuple(parts))

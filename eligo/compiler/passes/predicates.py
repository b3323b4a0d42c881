"""Pass: "Tumor lesion accessible to core biopsies", "platinum-refractory disease": a predicate no
part covers is unresolved, and what its clause names ("core biopsies") is its object, not a further
requirement.

The predicate is held: later passes leave it as it is.
"""

from __future__ import annotations

from eligo.compiler.parts import Draft, Part, Sentence, quote, unresolved


def predicates(draft: Draft, sentence: Sentence) -> Draft:
    text, parts, found = sentence.view.text, draft.parts, []
    for match in sentence.view.phrases("predicate", sentence.start, sentence.end):
        if parts and not any(p.start <= match.start() < p.end for p in parts):
            stop = sentence.view.clause_end(match.end(), sentence.end)
            found.append(
                Part(
                    match.start(),
                    stop,
                    unresolved(
                        "unsupported", f"{quote(text[match.start() : stop], 80)!r} is not compiled"
                    ),
                )
            )
    held = found[:1]
    kept = tuple(p for p in parts if not any(q.start <= p.start < q.end for q in held))
    return Draft(kept, draft.exceptions, draft.held + tuple(held))

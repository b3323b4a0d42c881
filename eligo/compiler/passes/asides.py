"""Pass: brackets that are asides add nothing, and an exception in brackets is set aside as
uncompiled.

"(to reduce the heterogeneity, since ...)" explains; a note ("(If ...)",
"(NOTE: ...)") adds nothing; an exception written after what it allows ("(PSA
< 15 ng/mL allowed for patients with ...)") is an uncompiled exception.
"""

from __future__ import annotations

import re

from eligo.compiler.parts import Draft, Sentence, quote, unresolved

# "(due to X)" is not among them: it restricts what it follows to one cause (the mentions' "cause"
# part says so)
_RATIONALE_BRACKET = re.compile(r"[(\[]\s*(?:to|since|because|as|given|in order to)\b", re.I)
# "(as evidenced by LVEF < 40 %)", "(as well as X)": what the bracket says is compiled
# (`definitions`, the list)
_COMPILED_BRACKET = re.compile(
    r"[(\[]\s*as\s+(?:well\s+as|defined|evidenced|measured|assessed|determined|documented|shown)\b",
    re.I,
)
_NOTE_BRACKET = re.compile(r"[(\[]\s*(?:if|note|when|unless)\b", re.I)


def asides(draft: Draft, sentence: Sentence) -> Draft:
    view, parts, exceptions = sentence.view, list(draft.parts), list(draft.exceptions)
    for open_, close in view.brackets(sentence.start, sentence.end):
        inside = [p for p in parts if open_ < p.start < close]
        if _RATIONALE_BRACKET.match(view.text, open_) and not _COMPILED_BRACKET.match(
            view.text, open_
        ):
            parts = [p for p in parts if p not in inside]
            continue
        cues = [c for c in view.cues("exception", open_, close) if c[1] - open_ > 2]
        if (cues or _NOTE_BRACKET.match(view.text, open_)) and inside:
            parts = [p for p in parts if p not in inside]
            exceptions.append(
                unresolved(
                    "ambiguous",
                    f"the exception {quote(view.text[open_:close], 100)!r} was not compiled",
                    (open_, close),
                )
            )
    return Draft(tuple(parts), tuple(exceptions), draft.held)

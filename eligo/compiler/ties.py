"""A treatment tied to the condition before it: "X that required treatment with Y", "X treated with
Y", "X requiring Y".

The words say Y was given for X. A record holds a condition and a treatment, never what the
treatment was for, so the two atoms alone would count Y given for anything else (methotrexate for
arthritis as the immunosuppression of a kidney disease). Both atoms stay, and the tie is an
unresolved part over its words, so the rule narrows to unknown and the warning names them.
"""

from __future__ import annotations

import re

from eligo.compiler.parts import EntityHit, Part, quote, unresolved
from eligo.compiler.view import CriterionView

_TIE = re.compile(
    r"\s*,?\s*(?:(?:that|which)\s+)?(?:(?:has|have|had|was|were)\s+(?:been\s+)?)?"
    r"(?:(?:previously|currently|ever|already)\s+)?"
    r"(?:required|requiring|requires?|needed|needing|treated|managed)\s+"
    r"(?:(?:the\s+)?(?:use|treatment|therapy|management)\s+)?(?:with|by|of|using)?\s*",
    re.I,
)


def indication_ties(view: CriterionView, found: list[EntityHit]) -> list[Part]:
    """An unresolved part for each treatment a tie's words give for the condition just before."""
    parts = []
    for condition, treatment in zip(found, found[1:]):
        if condition.mention.type != "condition" or treatment.mention.type != "treatment":
            continue
        if _TIE.fullmatch(view.text, condition.end, treatment.start) is None:
            continue
        words = quote(view.text[condition.start : treatment.end], 80)
        detail = f"{words!r}: what the treatment was given for, which no record holds"
        parts.append(Part(condition.end, treatment.start, unresolved("unsupported", detail)))
    return parts

"""Pass: "treated with metformin for at least 3 months prior to screening": "for" right before an
anchored window of at least N says how long a use has gone on up to the date, not when
one took place. The window alone (`has treatment metformin by >= 3 mo before screening`) is met by
a course stopped years ago; the criterion asks for one still going at the date that began at least
N before it: on record at the date, and on record N before. A negated part is left alone ("no
steroids for at least 4 weeks prior" is a washout), and so is a state ("type 1 diabetes for at least
1 year" is `current_states`' lasting window)."""

from __future__ import annotations

from dataclasses import replace

from eligo.compiler.lasting import course, ongoing
from eligo.compiler.parts import Draft, Sentence
from eligo.grammar import ast


def ongoing_courses(draft: Draft, sentence: Sentence) -> Draft:
    view, result = sentence.view, []
    for part in draft.parts:
        found = part.expr if part.entity and isinstance(part.expr, ast.Exists) else None
        if (
            found is not None
            and course(found)
            and found.window is not None
            and found.window.span is not None
            and view.phrase_before("course_for", found.window.span[0], sentence.start, words=0)
        ):
            part = replace(part, expr=ongoing(found))
        result.append(part)
    return replace(draft, parts=tuple(result))

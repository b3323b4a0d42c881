"""Codes whose title says what they are, under the curated concept they are a kind of (added at
build time, `build.py`; the routes in `data/title_routes.jsonl`).

SNOMED CT's Global Patient Set is a flat list of codes, and Eligo's compositional concepts
(`ELIGO:surgery`) have no children in any source, so a record of 45595009 "Laparoscopic
cholecystectomy" reached no rule about surgery ("no surgery within 4 weeks"), one of ICD-10-CM
Z33.1 "Pregnant state, incidental" or O09.90 "Supervision of high risk pregnancy" no rule about
pregnancy, and one of 86198006 "Administration of vaccine product containing only Influenza virus
antigen" no rule about vaccination. A route names the parent, the systems and types of the codes
it takes, the words of a title that make one of them (a word, or a word's start or end: "-ectomy",
"laparoscop-"), the words one of which it must also have ("live" only beside "vaccine"), and the
words that unmake it ("Postoperative care", "Personal history of ...", "Encounter for pregnancy
test"): a title says what it is only where no such word says it is about one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from eligo.datafiles import load_jsonl
from eligo.terminology.sources import Term

_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class TitleRoute(BaseModel):
    """One route: codes of `systems` and `types` whose title has one of the words `phrases` (or a
    word starting with one of `starts`, or ending with one of `ends`) and none of `not_words` fall
    under `parent`."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    parent: str = Field(pattern=r"^[A-Z0-9]+:\S+$")
    systems: tuple[str, ...] = Field(min_length=1)
    types: tuple[str, ...] = Field(min_length=1)
    phrases: tuple[str, ...] = ()
    starts: tuple[str, ...] = ()
    ends: tuple[str, ...] = ()
    not_words: tuple[str, ...] = ()
    with_words: tuple[str, ...] = ()  # when given, the title must also have one of these words
    why: str

    def takes(self, title: str) -> bool:
        """Whether `title` says its code is a kind of `parent`."""
        words = _WORD.findall(title.lower())
        return (
            any(
                w in self.phrases or w.startswith(self.starts) or w.endswith(self.ends)
                for w in words
            )
            and not any(w in self.not_words for w in words)
            and (not self.with_words or any(w in self.with_words for w in words))
        )


@cache
def title_routes() -> tuple[TitleRoute, ...]:
    return tuple(load_jsonl("eligo.terminology.data", "title_routes.jsonl", TitleRoute))


def routed_parents(title: str, system: str, type_: str) -> list[str]:
    """The parents the routes give a code of `system` and `type_` titled `title`."""
    return [
        r.parent
        for r in title_routes()
        if system in r.systems and type_ in r.types and r.takes(title)
    ]


def title_route_parents(terms: Iterable[Term]) -> int:
    """Give each term the parents its title routes it to; returns how many edges were added."""
    added = 0
    for term in terms:
        for parent in routed_parents(term.name, term.code.partition(":")[0], term.type):
            if parent not in term.parents and parent != term.code:
                term.parents.append(parent)
                added += 1
    return added

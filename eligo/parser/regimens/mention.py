"""A drug named in the text, with the dosing read after it: what the readers of listings and prose
hand to the merge."""

from __future__ import annotations

from dataclasses import dataclass, field

from eligo.annotations import Amount


@dataclass
class DrugMention:
    """A drug named at text[start:end], with the dosing read after it."""

    name: str
    start: int
    end: int
    scope: int = 0  # where the dosing may start (a dose written before the name)
    listed: bool = False  # an entry of an intervention line
    dose: Amount | None = None
    route: str | None = None
    route_before: bool = (
        False  # the route is written before the name ("intravenous (IV) atezolizumab")
    )
    frequency: str | None = None
    days: list[tuple[int, int]] | None = None
    cycle: Amount | None = None
    reach: int = 0  # the end of the last piece of dosing read
    amount: bool = (
        False  # a dose was written, possibly a range ("1000-1250 mg/m2") that gives no one value
    )
    anchor_dose: tuple[int, int] | None = None
    given: bool = False  # dosing read from the sentence that gives it (`given_in_sentences`)
    read: dict = field(default_factory=dict)

    @property
    def dosed(self) -> bool:
        return self.amount or self.frequency is not None or self.days is not None or self.given


def name_key(name: str) -> str:
    return " ".join(name.lower().split())

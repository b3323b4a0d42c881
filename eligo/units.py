"""Units: text as written → UCUM codes, and UCUM arithmetic through pint.

`ucum_code("x 10^9/L")` is `10*9/L` through the alias table `data/units.jsonl`
(every code in it is checked as valid UCUM by a test). Conversions and
dimensions use pint with ucumvert's UCUM registry, built lazily on first use
(about half a second, a third of a compile's cold start): so the dimension of
every code in the alias table is written there too (a test checks it against
pint), and compiling a protocol whose units are all known never builds the
registry. `{ULN}` and `{LLN}` (multiples of the limits of normal) are UCUM
annotations that convert to nothing but themselves.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from eligo.datafiles import load_jsonl

LIMITS = frozenset({"{ULN}", "{LLN}"})
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")


class UnitError(ValueError):
    """A unit that is not UCUM, or two units that do not convert."""


class UnitAliases(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    code: str
    dimension: (
        str  # dimension_text(pint's dimensionality) of `code`, or the code itself for {ULN}/{LLN}
    )
    phrases: list[str]


def _key(text: str) -> str:
    text = (
        text.translate(_SUPERSCRIPTS)
        .lower()
        .replace("µ", "u")
        .replace("μ", "u")
        .replace("×", "x")
        .replace("*", "^")
        .replace("⁄", "/")
        .replace("∙", ".")
        .replace("·", ".")
    )
    return re.sub(r"\s+", "", text).rstrip(".")


@lru_cache(maxsize=1)
def _entries() -> tuple[UnitAliases, ...]:
    return tuple(load_jsonl("eligo.data", "units.jsonl", UnitAliases))


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    table = {}
    for entry in _entries():
        table[_key(entry.code)] = entry.code
        for alias in entry.phrases:
            table[_key(alias)] = entry.code
    return table


@lru_cache(maxsize=1)
def known_dimensions() -> dict[str, str]:
    """The dimension of each code of the alias table, as written there (pint's, checked by a
    test)."""
    return {entry.code: entry.dimension for entry in _entries()}


def ucum_code(surface: str) -> str | None:
    """The UCUM code of a unit as written, or None when it is not known."""
    key = _key(surface)
    known = _aliases()
    if key in known:
        return known[key]
    if key[:1] in ("x", "^") and key[1:] in known:  # "× ULN", "x10^9/L", "1.5*ULN": a multiple
        return known[key[1:]]
    return None


def known_codes() -> set[str]:
    return set(_aliases().values())


@lru_cache(maxsize=1)
def _registry():
    """ucumvert's registry, its parsed definitions kept by pint in the user cache (half its build
    time)."""
    from ucumvert import (
        PintUcumRegistry,
    )  # a declared dependency (pyproject.toml); its absence is an error

    from eligo.cache import cache_dir

    try:
        return PintUcumRegistry(cache_folder=cache_dir() / "pint")
    except OSError:  # a cache that cannot be written: parse the definitions again
        return PintUcumRegistry()


@lru_cache(maxsize=512)
def _quantity(code: str):
    if code in LIMITS:
        raise UnitError(f"{code} is a multiple of a reference limit, not a convertible unit")
    registry = (
        _registry()
    )  # outside the `try`: a missing ucumvert is an ImportError, never "not a unit"
    from lark.exceptions import LarkError
    from pint.errors import PintError

    try:
        quantity = registry.from_ucum(code)
    except (
        LarkError,
        PintError,
        ValueError,
        ZeroDivisionError,
    ) as error:  # what ucumvert and pint raise on a bad code
        raise UnitError(f"{code!r} is not a UCUM unit") from error
    if not hasattr(quantity, "dimensionality"):
        raise UnitError(f"{code!r} is not a UCUM unit")
    return quantity


def is_ucum(code: str) -> bool:
    if code in LIMITS:
        return True
    try:
        _quantity(code)
    except UnitError:
        return False
    return True


def dimension(code: str) -> str:
    """The physical dimension of a UCUM code (`[mass] / [length] ** 3`), `{ULN}` for limits."""
    if code in LIMITS:
        return code
    known = known_dimensions().get(code)
    return known if known is not None else dimension_text(_quantity(code).dimensionality)


# An analyte's concentration is written by mass (mg/dL) or by amount of substance (mmol/L, the SI
# habit): both measure the same thing, though converting needs the analyte's molar mass.
_CONCENTRATIONS = frozenset({"[mass] / [length] ** 3", "[substance] / [length] ** 3"})


def same_measure(unit: str, other: str) -> bool:
    """Whether two units can measure one thing: one dimension, or a concentration by mass and one
    by substance ("glucose < 7.0 mmol/L" of a glucose kept in mg/dL). Raises `UnitError` for a
    unit that is not UCUM."""
    first, second = dimension(unit), dimension(other)
    return first == second or {first, second} <= _CONCENTRATIONS


def dimension_text(dimensionality) -> str:
    """One spelling per dimension, whatever order pint met the base units in (dimensions are
    compared as text): the factors with positive powers, then `/` each negative one, alphabetical
    within each."""
    up = [
        f"{name} ** {power:g}" if power != 1 else name
        for name, power in sorted(dimensionality.items())
        if power > 0
    ]
    down = [
        f"{name} ** {-power:g}" if power != -1 else name
        for name, power in sorted(dimensionality.items())
        if power < 0
    ]
    return " / ".join([" * ".join(up) or "1", *down]) if up or down else "dimensionless"


def convert(value: float, source: str | None, target: str | None) -> float:
    """`value` in `source` units expressed in `target` units."""
    if source == target:
        return float(value)
    if source is None or target is None:
        raise UnitError(f"cannot convert between a plain number and {source or target}")
    if source in LIMITS or target in LIMITS:
        raise UnitError(f"cannot convert {source} to {target}")
    a, b = _quantity(source), _quantity(target)
    if a.dimensionality != b.dimensionality:
        raise UnitError(
            f"{source} ({a.dimensionality}) does not convert to {target} ({b.dimensionality})"
        )
    if not a.dimensionality and _amount_fraction(a) != _amount_fraction(b):
        raise UnitError(
            f"{source} does not convert to {target}: an amount fraction (mmol/mol) is not a "
            "multiple of a plain number or percent (HbA1c's IFCC mmol/mol and NGSP % are two "
            "calibrations, NGSP = 0.0915 x IFCC + 2.15)"
        )
    return float((value * a / b).to("dimensionless").magnitude)


def _amount_fraction(quantity) -> bool:
    """Whether a dimensionless quantity is written as a ratio of amounts of substance (mmol/mol):
    UCUM would convert it to a percent by its factor alone, but the one measure clinical data
    writes both ways, HbA1c, has two calibrations, so 58 mmol/mol would read as 5.8 % (it is
    7.5 %)."""
    registry = _registry()
    units = (unit for unit, _ in quantity.unit_items())
    return any("[substance]" in registry.get_dimensionality(unit) for unit in units)

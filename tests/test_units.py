"""Units: every alias maps to real UCUM, and conversions go through pint's UCUM registry."""

from __future__ import annotations

import subprocess
import sys

import pytest
from ucumvert import get_ucum_parser, parse_ucum

from eligo.units import (
    LIMITS,
    UnitError,
    _quantity,
    convert,
    dimension,
    dimension_text,
    is_ucum,
    known_codes,
    known_dimensions,
    ucum_code,
)


@pytest.fixture(scope="module")
def ucum_parser():
    return get_ucum_parser()


def test_every_code_of_the_alias_table_is_ucum(ucum_parser):
    for code in sorted(known_codes()):
        parse_ucum(code, ucum_parser)  # raises on anything that is not UCUM syntax with known atoms


def test_every_code_but_the_limits_has_a_dimension():
    for code in sorted(known_codes() - LIMITS):
        assert dimension(code), code


@pytest.mark.parametrize(
    ("surface", "code"),
    [
        ("years", "a"), ("yrs", "a"), ("Years old", "a"), ("months", "mo"), ("wks", "wk"), ("days", "d"), ("hours", "h"),
        ("min", "min"), ("mg/dl", "mg/dL"), ("g/dL", "g/dL"), ("x 10^9/L", "10*9/L"), ("×10⁹/L", "10*9/L"),
        ("x10(9)/l", "10*9/L"), ("mL/min/1.73 m2", "mL/min/{1.73_m2}"), ("ml/min/1.73m²", "mL/min/{1.73_m2}"),
        ("mmHg", "mm[Hg]"), ("mm Hg", "mm[Hg]"), ("g/24 h", "g/(24.h)"), ("mg/m²", "mg/m2"), ("IU/mL", "[IU]/mL"),
        ("%", "%"), ("cells/mm3", "/mm3"), ("µmol/L", "umol/L"), ("μmol/l", "umol/L"), ("x ULN", "{ULN}"),
        ("times the upper limit of normal", "{ULN}"), ("LLN", "{LLN}"), ("kg/m^2", "kg/m2"), ("msec", "ms"),
    ],
)
def test_surface_forms(surface, code):
    assert ucum_code(surface) == code


@pytest.mark.parametrize("surface", ["", "patients", "mg/dL of", "grade", "ULN ULN"])
def test_unknown_surfaces(surface):
    assert ucum_code(surface) is None


@pytest.mark.parametrize(
    ("value", "source", "target", "expected"),
    [
        (800, "mg/(24.h)", "g/(24.h)", 0.8),
        (1, "a", "mo", 12),
        (2, "wk", "d", 14),
        (1.5, "mg/dL", "umol/L", None),  # mass vs amount: not convertible without a molar mass
        (100, "/uL", "10*9/L", 0.1),
        (1500, "/mm3", "10*9/L", 1.5),
        (10, "g/dL", "g/L", 100),
        (2.5, "{ULN}", "{ULN}", 2.5),
        (58, "mmol/mol", "%", None),  # HbA1c: IFCC mmol/mol and NGSP % are two calibrations, not a multiple
        (6.5, "%", "mmol/mol", None),
        (58, "mmol/mol", "umol/mol", 58000),  # amount fractions among themselves do convert
        (0.45, "L/L", "%", 45),  # a volume fraction (haematocrit) is a percent
    ],
)
def test_convert(value, source, target, expected):
    if expected is None:
        with pytest.raises(UnitError):
            convert(value, source, target)
    else:
        assert convert(value, source, target) == pytest.approx(expected)


def test_incompatible_dimensions_are_refused_with_both_units_named():
    with pytest.raises(UnitError, match=r"a .*mg/dL"):
        convert(18, "a", "mg/dL")


@pytest.mark.parametrize(("source", "target"), [("{ULN}", "{LLN}"), ("{ULN}", "U/L"), ("mg/dL", "{LLN}")])
def test_limits_convert_to_nothing_but_themselves(source, target):
    with pytest.raises(UnitError):
        convert(1, source, target)


def test_dimensions_group_compatible_units():
    assert dimension("a") == dimension("d") == dimension("h")
    assert dimension("mg/dL") == dimension("g/L") != dimension("mmol/L")
    assert dimension("{ULN}") == "{ULN}"
    assert is_ucum("{LLN}") and is_ucum("mm[Hg]") and not is_ucum("furlongs per fortnight")


def test_the_alias_table_states_the_dimension_pint_gives_each_code():
    table = known_dimensions()
    assert table and set(table) == known_codes()
    for code, written in table.items():
        assert written == (code if code in LIMITS else dimension_text(_quantity(code).dimensionality)), code


def test_a_known_dimension_does_not_build_the_pint_registry():
    code = "import sys, eligo.units as u; print(u.dimension('mg/dL'), u.dimension('{ULN}'), 'pint' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["[mass]", "/", "[length]", "**", "3", "{ULN}", "False"]


def test_importing_units_does_not_build_the_pint_registry():
    """The registry takes about half a second: it is built on first conversion, not at import."""
    code = "import sys, eligo.units; print('pint' in sys.modules, 'ucumvert' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]

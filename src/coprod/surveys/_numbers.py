"""Exact numbers for the surveys: parsing cells, rounding for display, formatting.

Survey arithmetic is done in :class:`fractions.Fraction`, so the means of the seed's
allocation table come out exactly (23.125, 0.6875, ...) and ties are real ties.
Display rounding is **half away from zero** (6.25 → 6, 12.5 → 13, −12.5 → −13), the
rule of spreadsheets' ``ROUND`` and, as far as one can tell, of the seeds' tables;
Python's built-in :func:`round` (half to even) is deliberately not used.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import overload

from coprod.surveys._text import show

__all__ = [
    "MAX_DECIMAL_PLACES",
    "decimal_places",
    "exact_cell",
    "format_exact",
    "format_fixed",
    "parse_decimal",
    "round_half_away",
]

#: More decimal places than this in a cell is refused (it is never a real survey
#: value, and ``1e-999999999`` must not become a fraction with a billion-digit
#: denominator).
MAX_DECIMAL_PLACES = 12

# Plain decimal notation, ASCII digits only (``str.isdigit`` and ``Decimal`` accept
# other scripts' digits, which a spreadsheet would not treat as a number).
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,6})?", re.ASCII)


def parse_decimal(text: str, *, maximum: int = 100) -> Decimal:
    """Parse a percentage cell: a finite decimal from 0 to ``maximum``, optional ``%``.

    Raises :class:`ValueError` with a message fit for a user (the caller adds
    where the cell is). ``nan``, ``inf``, ``1e309``, ``2,5`` and negative numbers are
    all refused. The returned :class:`~decimal.Decimal` keeps the places as typed
    (``6.0`` has one), which the stated-average check uses.
    """
    stripped = text.strip()
    body = stripped[:-1].rstrip() if stripped.endswith("%") else stripped
    if _NUMBER.fullmatch(body) is None:
        raise ValueError(f"expected a number from 0 to {maximum}, got {show(text)}")
    try:
        value = Decimal(body)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        raise ValueError(f"expected a number from 0 to {maximum}, got {show(text)}") from None
    if value < 0:
        raise ValueError(f"negative value {show(stripped)}: expected a number from 0 to {maximum}")
    if value > maximum:
        raise ValueError(f"{show(stripped)} is more than {maximum}")
    exponent = value.normalize().as_tuple().exponent
    assert isinstance(exponent, int)  # finite: the pattern admits no NaN or infinity
    if exponent < -MAX_DECIMAL_PLACES:
        raise ValueError(f"{show(stripped)} has more than {MAX_DECIMAL_PLACES} decimal places")
    return value


def decimal_places(value: Decimal) -> int:
    """How many places after the point ``value`` was written with (``6`` → 0, ``6.30`` → 2)."""
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    return max(0, -exponent)


def round_half_away(value: Fraction, places: int = 0) -> Fraction:
    """``value`` rounded to ``places`` decimals, ties away from zero, exactly.

    The display rounding of the survey tables (``001_…``'s AVG column, ``002_…``'s
    percentages): 6.25 → 6, 12.5 → 13, −12.5 → −13; unlike :func:`round`, never to even.
    """
    scale = Fraction(10) ** places
    scaled = abs(value) * scale
    rounded = math.floor(scaled + Fraction(1, 2))
    return Fraction(rounded if value >= 0 else -rounded) / scale


def format_fixed(value: Fraction, places: int = 0, *, sign: bool = False) -> str:
    """``value`` rounded half away from zero and written with exactly ``places`` decimals.

    ``sign=True`` writes a ``+`` before positive values (for changes). A value that
    rounds to zero is written without a sign (never ``-0``).
    """
    rounded = round_half_away(value, places)
    scaled = abs(rounded) * 10**places
    assert scaled.denominator == 1
    digits = str(scaled.numerator).rjust(places + 1, "0")
    text = digits if places == 0 else f"{digits[:-places]}.{digits[-places:]}"
    if rounded < 0:
        return "-" + text
    if sign and rounded > 0:
        return "+" + text
    return text


def format_exact(value: Fraction) -> str:
    """``value`` written exactly when it is a terminating decimal, else as the nearest float.

    ``Fraction(187, 8)`` → ``"23.375"``, ``Fraction(100)`` → ``"100"``,
    ``Fraction(100, 3)`` → ``"33.333333333333336"``.
    """
    denominator = value.denominator
    twos = fives = 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    if denominator != 1:
        return repr(float(value))
    places = max(twos, fives)
    text = format_fixed(value, places)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


@overload
def exact_cell(value: Fraction) -> Decimal | float: ...
@overload
def exact_cell(value: Fraction | None) -> Decimal | float | None: ...
def exact_cell(value: Fraction | None) -> Decimal | float | None:
    """``value`` as a table cell: an exact :class:`~decimal.Decimal` when it terminates.

    Anything else (a third, say) becomes the nearest float, as :func:`format_exact`
    writes it; ``None`` stays ``None``. Used by the survey reports' ``tables()``.
    """
    if value is None:
        return None
    denominator, places = value.denominator, 0
    while denominator % 10 == 0:
        denominator //= 10
        places += 1
    while denominator % 2 == 0 or denominator % 5 == 0:
        denominator //= 2 if denominator % 2 == 0 else 5
        places += 1
    if denominator != 1:
        return float(value)
    # Exact: scaled to a whole number first, so no Decimal context rounds it.
    scaled = value * 10**places
    return Decimal(f"{scaled.numerator}E-{places}")

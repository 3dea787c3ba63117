"""Decimal arithmetic for the appraisal: one precision, and rounding only to present.

Money, rates and adjustments are :class:`~decimal.Decimal`. Sums and products of the
inputs are exact; a discount factor ``1 / Π(1 + r)`` is not a terminating decimal, so
every computation runs in :data:`CONTEXT` (40 significant digits, round half even),
which keeps any amount up to the bound below exact to far less than a millionth of a
penny. Figures are rounded only when they are presented (:func:`present_money`,
:func:`present_factor`), half up to the penny as public-sector accounts round.
"""

from __future__ import annotations

import decimal
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction

__all__ = [
    "CONTEXT",
    "MAX_AMOUNT",
    "as_decimal",
    "as_optional_decimal",
    "present_factor",
    "present_money",
    "present_ratio",
    "to_decimal",
]

#: The arithmetic context of every appraisal computation (never the thread's own).
CONTEXT = decimal.Context(
    prec=40,
    rounding=ROUND_HALF_EVEN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)

#: The largest amount, quantity or unit value a flow may state: a trillion (as the
#: rest of coprod bounds amounts), so no sum over a few hundred years can overflow.
MAX_AMOUNT = Decimal(10) ** 12

_PENNY = Decimal("0.01")


def to_decimal(value: object, name: str) -> Decimal:
    """``value`` as a finite :class:`Decimal`; floats by their shortest repr (``0.1`` → ``0.1``).

    Raises :class:`TypeError` for anything that is not a number (``bool`` included)
    and :class:`ValueError` for NaN or infinity, naming ``name``.
    """
    if isinstance(value, bool):
        raise TypeError(f"{name} must be a number, got {value!r}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    elif isinstance(value, Fraction):
        result = CONTEXT.divide(Decimal(value.numerator), Decimal(value.denominator))
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except decimal.InvalidOperation:
            raise ValueError(f"{name} must be a number, got {value!r}") from None
    else:
        raise TypeError(f"{name} must be a number, got {value!r}")
    if not result.is_finite():
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return result


def as_decimal(value: object) -> Decimal:
    """:func:`to_decimal` as an attrs converter (the field's validator names the field)."""
    return to_decimal(value, "the value")


def as_optional_decimal(value: object) -> Decimal | None:
    """:func:`as_decimal`, with ``None`` passed through."""
    return None if value is None else to_decimal(value, "the value")


def _rounded(value: Decimal, step: Decimal) -> Decimal:
    result = value.quantize(step, rounding=ROUND_HALF_UP, context=CONTEXT)
    # -0.004 rounds to -0.00: show it as 0.00, not as a negative zero.
    return result.copy_abs() if result.is_zero() else result


def present_money(amount: Decimal) -> Decimal:
    """``amount`` rounded half up to the penny (two places), for presentation only."""
    return _rounded(amount, _PENNY)


def present_factor(value: Decimal, places: int = 6) -> Decimal:
    """A discount factor (or any rate) rounded half up to ``places`` decimals."""
    return _rounded(value, Decimal(1).scaleb(-places))


def present_ratio(value: Decimal) -> Decimal:
    """A benefit-cost ratio rounded half up to two decimals."""
    return _rounded(value, _PENNY)

"""Discount factors: the Green Book schedules under the convention docs/appraisal.md states.

Convention: year 0 is undiscounted; the factor of year t is the product over years
1..t of 1/(1 + r), r being the rate of the band that holds the year. So for the
standard schedule (HM Treasury, The Green Book 2022, Annex A6: 3.5 % years 0-30,
3.0 % 31-75, 2.5 % 76-125, 2.0 % 126-200, 1.5 % 201-300, 1.0 % from 301) a year t in
31-75 is discounted by 1.035^-30 × 1.03^-(t-30): thirty years at 3.5 %, then the rest
at 3.0 %.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coprod.appraisal import (
    DiscountBand,
    DiscountSchedule,
    discount_factors,
    parameter_set,
    present_factor,
)

STANDARD = parameter_set("green-book-2022").schedule("standard")
HEALTH = parameter_set("green-book-2022").schedule("health")

# (last year of the band, rate) for the published standard schedule, as fractions.
STANDARD_BANDS = [
    (30, Fraction(35, 1000)),
    (75, Fraction(30, 1000)),
    (125, Fraction(25, 1000)),
    (200, Fraction(20, 1000)),
    (300, Fraction(15, 1000)),
    (None, Fraction(10, 1000)),
]


def closed_form(year: int, bands: list[tuple[int | None, Fraction]]) -> Fraction:
    """The factor of ``year``, band by band: (1 + r)^-(years of the band up to ``year``)."""
    factor = Fraction(1)
    previous_last = 0  # year 0 is never discounted: band 1 counts years 1..last
    for last, rate in bands:
        end = year if last is None else min(year, last)
        years_here = max(0, end - previous_last)
        factor /= (1 + rate) ** years_here
        if last is None or year <= last:
            break
        previous_last = last
    return factor


def to_6dp(value: Fraction) -> Decimal:
    return present_factor(Decimal(value.numerator) / Decimal(value.denominator))


def test_the_schedules_are_the_published_rates() -> None:
    rates = [(b.first, b.last, b.rate) for b in STANDARD.bands]
    assert rates == [
        (0, 30, Decimal("0.035")),
        (31, 75, Decimal("0.030")),
        (76, 125, Decimal("0.025")),
        (126, 200, Decimal("0.020")),
        (201, 300, Decimal("0.015")),
        (301, None, Decimal("0.010")),
    ]
    # The health schedule: 1.5 % then declining, published to two decimals.
    assert [b.rate * 100 for b in HEALTH.bands] == [
        Decimal(x) for x in ("1.5", "1.29", "1.07", "0.86", "0.64", "0.43")
    ]
    # Each health rate is 3/7 (1.5/3.5) of the standard rate, rounded to 0.01 %.
    for health, standard in zip(HEALTH.bands, STANDARD.bands, strict=True):
        exact = standard.rate * 100 * 3 / 7
        assert health.rate * 100 == exact.quantize(Decimal("0.01"))


@pytest.mark.parametrize(
    ("year", "literal"),
    [(0, "1.000000"), (1, "0.966184"), (10, "0.708919"), (30, "0.356278")],
)
def test_literal_standard_factors(year: int, literal: str) -> None:
    # 1/1.035 = 0.966184; 1/1.035^10 = 0.708919; 1/1.035^30 = 0.356278.
    assert present_factor(STANDARD.factor(year)) == Decimal(literal)


@pytest.mark.parametrize(
    "year", [1, 10, 30, 31, 40, 75, 76, 100, 125, 126, 200, 201, 300, 301, 400]
)
def test_standard_factors_equal_the_closed_form_per_band(year: int) -> None:
    expected = closed_form(year, STANDARD_BANDS)
    got = STANDARD.factor(year)
    assert present_factor(got) == to_6dp(expected)
    # And far closer than 6 decimals: the 40-digit arithmetic.
    assert abs(Fraction(got) - expected) < Fraction(1, 10**30)


def test_year_31_is_thirty_years_at_3_5_then_one_at_3() -> None:
    assert present_factor(STANDARD.factor(31)) == to_6dp(
        Fraction(1000, 1035) ** 30 * Fraction(100, 103)
    )
    assert present_factor(STANDARD.factor(40)) == to_6dp(
        Fraction(1000, 1035) ** 30 * Fraction(100, 103) ** 10
    )


def test_health_factors_follow_the_same_convention() -> None:
    bands = [(b.last, Fraction(b.rate)) for b in HEALTH.bands]
    for year in (1, 30, 31, 76, 301):
        assert abs(Fraction(HEALTH.factor(year)) - closed_form(year, bands)) < Fraction(1, 10**30)
    assert present_factor(HEALTH.factor(1)) == Decimal("0.985222")  # 1/1.015


def test_a_schedule_must_cover_every_year_from_zero() -> None:
    with pytest.raises(ValueError, match="without gaps"):
        DiscountSchedule("gappy", "", [DiscountBand(0, 10, "0.03"), DiscountBand(12, None, "0.02")])
    with pytest.raises(ValueError, match="no last year"):
        DiscountSchedule("closed", "", [DiscountBand(0, 10, "0.03")])
    with pytest.raises(ValueError, match="from 0 up to 1"):
        DiscountBand(0, None, "1.5")
    with pytest.raises(ValueError, match="last_year must be from 0"):
        discount_factors(STANDARD, 501)


@st.composite
def schedules(draw: st.DrawFn) -> DiscountSchedule:
    cuts = sorted(draw(st.sets(st.integers(1, 120), max_size=4)))
    rates = draw(
        st.lists(
            st.decimals(min_value=0, max_value="0.2", places=4),
            min_size=len(cuts) + 1,
            max_size=len(cuts) + 1,
        )
    )
    firsts = [0, *(c + 1 for c in cuts)]
    lasts: list[int | None] = [*cuts, None]
    bands = [DiscountBand(f, la, r) for f, la, r in zip(firsts, lasts, rates, strict=True)]
    return DiscountSchedule("drawn", "", bands)


@given(schedules(), st.integers(0, 150))
def test_factors_are_positive_and_never_increase(schedule: DiscountSchedule, last: int) -> None:
    factors = discount_factors(schedule, last)
    assert factors[0] == 1
    assert all(f > 0 for f in factors)
    for year in range(1, last + 1):
        if schedule.rate(year) > 0:
            assert factors[year] < factors[year - 1]  # strictly, whenever the rate is positive
        else:
            assert factors[year] == factors[year - 1]


@given(st.integers(1, 500))
def test_green_book_factors_strictly_decrease(year: int) -> None:
    factors = STANDARD.factors(year)
    assert 0 < factors[year] < factors[year - 1]

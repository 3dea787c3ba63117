"""Presentation rounding, number conversion, and a loader that never crashes."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
import tomli_w
from hypothesis import given
from hypothesis import strategies as st

from coprod.appraisal import ParameterSet, parse_parameter_set, present_money, present_ratio
from coprod.appraisal._numbers import to_decimal
from coprod.errors import InvalidInputError


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        ("2.345", "2.35"),  # half up, as accounts round (half even would give 2.34)
        ("2.355", "2.36"),
        ("-2.345", "-2.35"),
        ("-0.004", "0.00"),  # no negative zero
        ("1234567.891", "1234567.89"),
    ],
)
def test_money_is_rounded_half_up_to_the_penny(amount: str, shown: str) -> None:
    result = present_money(Decimal(amount))
    assert str(result) == shown


def test_ratio_rounding() -> None:
    assert present_ratio(Decimal("0.645")) == Decimal("0.65")


def test_numbers_convert_exactly_and_reject_what_is_not_a_number() -> None:
    assert to_decimal(0.1, "x") == Decimal(
        "0.1"
    )  # the float's shortest repr, not 0.1000000000000000055…
    assert to_decimal("  3.50 ", "x") == Decimal("3.50")
    assert to_decimal(Fraction(1, 4), "x") == Decimal("0.25")
    for bad, error in ((True, TypeError), ("abc", ValueError), (float("nan"), ValueError)):
        with pytest.raises(error, match="x must be"):
            to_decimal(bad, "x")


toml_values = st.recursive(
    st.one_of(
        st.text(max_size=8),
        st.integers(-5, 400),
        st.sampled_from(["3.5", "-1", "abc", "100", ""]),
        st.booleans(),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(
            st.sampled_from(["first", "last", "percent", "title", "bands", "amount", "x"]),
            children,
            max_size=4,
        ),
    ),
    max_leaves=12,
)
documents = st.fixed_dictionaries(
    {},
    optional={
        "format": st.sampled_from([1, 2, "1"]),
        "id": st.sampled_from(["mine", "", 3]),
        "title": st.text(max_size=5),
        "edition": st.sampled_from(["1", ""]),
        "publisher": st.text(max_size=5),
        "source": st.sampled_from(["me", ""]),
        "default_schedule": st.sampled_from(["standard", "other"]),
        "schedules": st.dictionaries(st.sampled_from(["standard", "health"]), toml_values),
        "unit_values": st.dictionaries(st.sampled_from(["visit", "night"]), toml_values),
        "colour": toml_values,
    },
)


@given(documents)
def test_any_document_gives_a_parameter_set_or_problems_never_a_crash(
    document: dict[str, object],
) -> None:
    text = tomli_w.dumps(document)
    problems: tuple[object, ...] = ()
    result: ParameterSet | None = None
    try:
        result = parse_parameter_set(text, source="fuzz.toml")
    except InvalidInputError as error:
        problems = error.problems
    if result is None:
        assert problems
        assert all(str(p).startswith("fuzz.toml") for p in problems)
    else:
        assert isinstance(result, ParameterSet)

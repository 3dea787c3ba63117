"""The budget-allocation survey (``001_10471c76f715a525.txt``): the seed's figures and the rules."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from coprod.errors import InvalidInputError
from coprod.surveys import (
    AllocationSurvey,
    analyse_allocation,
    competition_ranks,
    median,
    parse_allocation,
    read_allocation,
    total_problems,
    with_barriers,
)

DATA = Path(__file__).parent / "data"
SEED_TABLE = DATA / "seed_001_allocation.tsv"

# The eleven averages of the seed's table, exactly (its AVG column shows them rounded).
SEED_MEANS = [
    Fraction("6.25"),
    Fraction("18.75"),
    Fraction("23.125"),
    Fraction("8.75"),
    Fraction("8.75"),
    Fraction("8.75"),
    Fraction("11.25"),
    Fraction("1.875"),
    Fraction("0.6875"),
    Fraction("0.5625"),
    Fraction("11.25"),
]
SEED_AVG_COLUMN = [6, 19, 23, 9, 9, 9, 11, 2, 1, 1, 11]


def test_seed_table_is_transcribed_verbatim(seed_dir: Path) -> None:
    seed = seed_dir / "001_10471c76f715a525.txt"
    assert SEED_TABLE.read_text(encoding="utf-8") in seed.read_text(encoding="utf-8")


def test_seed_table_gives_the_eleven_means_in_order() -> None:
    survey = read_allocation(SEED_TABLE)
    analysis = analyse_allocation(survey)
    assert [f.mean for f in analysis.factors] == SEED_MEANS
    assert [float(f.mean) for f in analysis.factors] == [
        6.25, 18.75, 23.125, 8.75, 8.75, 8.75, 11.25, 1.875, 0.6875, 0.5625, 11.25,
    ]  # fmt: skip
    assert analysis.respondents == 8
    assert survey.factors[0] == "More frontline staff"
    assert survey.factors[-1] == "Supporting partners to embed co-production in their working"


def test_seed_table_header_has_cyrillic_letters_which_stay_distinct_respondents() -> None:
    # The seed's header reads A, В (Cyrillic Ve), C ... G, н (Cyrillic en): OCR artefacts
    # that are kept as they are, not folded into Latin letters.
    survey = read_allocation(SEED_TABLE)
    assert survey.respondents == ("A", "\u0412", "C", "D", "E", "F", "G", "\u043d")


def test_every_seed_respondent_totals_100() -> None:
    survey = read_allocation(SEED_TABLE)
    assert survey.totals == (Fraction(100),) * 8


def test_seed_avg_column_is_ignored_but_checked() -> None:
    analysis = analyse_allocation(read_allocation(SEED_TABLE))
    assert [f.stated_mean for f in analysis.factors] == [Decimal(v) for v in SEED_AVG_COLUMN]
    assert all(f.stated_mean_consistent for f in analysis.factors)
    assert analysis.warnings == ()


def test_more_frontline_staff_averages_over_all_respondents_not_those_allocating() -> None:
    first = analyse_allocation(read_allocation(SEED_TABLE)).factors[0]
    assert first.mean == Fraction(50, 8)  # not 50 / 3 = 16.7
    assert first.allocating == 3
    assert first.share_allocating == Fraction(3, 8)
    assert first.median == 0


def test_seed_medians_shares_and_ranks() -> None:
    factors = analyse_allocation(read_allocation(SEED_TABLE)).factors
    assert [f.median for f in factors] == [
        0, 20, 20, Fraction(15, 2), 10, 10, 5, 0, 0, 0, Fraction(25, 2),
    ]  # fmt: skip
    assert [f.allocating for f in factors] == [3, 7, 7, 5, 5, 5, 4, 2, 2, 2, 6]
    # Highest mean first; the three 8.75s share rank 5, the two 11.25s rank 3.
    assert [f.rank for f in factors] == [8, 2, 1, 5, 5, 5, 3, 9, 10, 11, 3]


def test_stated_average_that_disagrees_is_a_warning() -> None:
    text = "factor,A,B,AVG\nx,50,40,50\ny,50,60,55.0\n"
    analysis = analyse_allocation(parse_allocation(text))
    assert [f.stated_mean_consistent for f in analysis.factors] == [False, True]
    (warning,) = analysis.warnings
    assert "'x'" in warning
    assert "45" in warning


def test_stated_average_precision_follows_its_decimal_places() -> None:
    text = "factor,A,B,C,mean\nx,10,0,0,3.3\ny,90,100,100,96.7\n"
    analysis = analyse_allocation(parse_allocation(text))
    assert analysis.warnings == ()
    text = "factor,A,B,C,mean\nx,10,0,0,3.4\ny,90,100,100,96.6\n"
    assert len(analyse_allocation(parse_allocation(text)).warnings) == 2


@pytest.mark.parametrize(
    ("total", "ok"),
    [("99.5", True), ("100.5", True), ("99.4", False), ("100.6", False), ("100", True)],
)
def test_totals_tolerance_is_half_a_point(total: str, ok: bool) -> None:
    rest = Fraction(total) - 50
    text = f"respondent,factor,percent\nA,x,50\nA,y,{float(rest)}\n"
    if ok:
        assert parse_allocation(text).totals == (Fraction(total),)
    else:
        with pytest.raises(InvalidInputError, match=rf"respondent 'A': allocations total {total}"):
            parse_allocation(text)


def test_three_thirds_rounded_are_accepted() -> None:
    survey = AllocationSurvey.from_allocations({"A": {"x": 33.3, "y": 33.3, "z": 33.3}})
    assert survey.totals == (Fraction("99.9"),)


def test_total_problems_names_each_respondent_and_total() -> None:
    problems = total_problems(["A", "B", "C"], [Fraction(90), Fraction(100), Fraction(1105, 10)])
    assert [(p.where, p.message.split(",")[0]) for p in problems] == [
        ("respondent 'A'", "allocations total 90"),
        ("respondent 'C'", "allocations total 110.5"),
    ]


def test_from_allocations_orders_factors_and_fills_zeros() -> None:
    survey = AllocationSurvey.from_allocations(
        {"A": {"y": 100}, "B": {"x": "40", "y": Decimal("60")}}, factors=["x"]
    )
    assert survey.factors == ("x", "y")
    assert survey.allocations == ((0, 40), (100, 60))


def test_from_allocations_reads_floats_as_written() -> None:
    survey = AllocationSurvey.from_allocations({"A": {"x": 0.1, "y": 99.9}})
    assert survey.allocations == ((Fraction(1, 10),), (Fraction(999, 10),))


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -1, 101, True, "abc", None])
def test_from_allocations_rejects_bad_values(bad: object) -> None:
    with pytest.raises(InvalidInputError, match=r"respondent 'A', factor 'x'"):
        AllocationSurvey.from_allocations({"A": {"x": bad, "y": 100}})  # type: ignore[dict-item]


def test_constructor_collects_structural_problems() -> None:
    with pytest.raises(InvalidInputError) as caught:
        AllocationSurvey(
            factors=["x", "x"],
            respondents=["A"],
            allocations=[[Fraction(100)], [Fraction(0), Fraction(0)]],
            barriers=[["not an id!"], []],
        )
    messages = [str(p) for p in caught.value.problems]
    assert any("appears twice" in m for m in messages)
    assert any("2 values for 1 respondents" in m for m in messages)
    assert any("not an id" in m for m in messages)


def test_empty_survey_is_rejected() -> None:
    with pytest.raises(InvalidInputError, match="has no factors"):
        AllocationSurvey(factors=[], respondents=["A"], allocations=[])


def test_with_barriers_tags_factors_and_builds_the_profile() -> None:
    survey = AllocationSurvey.from_allocations(
        {"A": {"ICT": 20, "Staff": 80}, "B": {"ICT": 60, "Staff": 40}}
    )
    tagged = with_barriers(
        survey,
        {"ICT": ["communication-and-data"], "Staff": ["insufficient-resources", "leadership"]},
        known={"communication-and-data", "insufficient-resources", "leadership"},
    )
    assert survey.barriers == ((), ())  # the original is unchanged
    profile = analyse_allocation(tagged).barrier_profile
    assert [(s.barrier, s.mean, s.factors) for s in profile] == [
        ("communication-and-data", Fraction(40), ("ICT",)),
        ("insufficient-resources", Fraction(30), ("Staff",)),
        ("leadership", Fraction(30), ("Staff",)),
    ]
    assert sum(s.mean for s in profile) == 100


def test_with_barriers_rejects_unknown_factors_and_ids() -> None:
    survey = AllocationSurvey.from_allocations({"A": {"ICT": 100}})
    with pytest.raises(InvalidInputError) as caught:
        with_barriers(survey, {"ITC": ["leadership"], "ICT": ["made-up"]}, known={"leadership"})
    assert [str(p) for p in caught.value.problems] == [
        "factor 'ITC': is not a factor of the survey",
        "factor 'ICT': unknown barrier id 'made-up'",
    ]


def test_median_and_competition_ranks() -> None:
    assert median([Fraction(3), Fraction(1), Fraction(2)]) == 2
    assert median([Fraction(1), Fraction(2)]) == Fraction(3, 2)
    with pytest.raises(ValueError, match="no values"):
        median([])
    ranks = competition_ranks([Fraction(5), Fraction(9), Fraction(9), Fraction(1)])
    assert ranks == (3, 1, 1, 4)

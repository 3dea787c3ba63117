"""Pinned answers for the budget-allocation survey (``001_10471c76f715a525.txt``).

The seed's "Some pilot responses!" table (lines 253-264): eight respondents A-H
share 100 % of a budget increase across eleven factors; ``AVG`` is the mean over
all eight, a blank counting as 0. Every mean, median, count and rank below is
worked out by hand from that table, in the comment beside it. The problem messages
are pinned too: a survey filled in by hand is only fixable if the message says
which respondent and factor are wrong.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from coprod.errors import InvalidInputError
from coprod.surveys.allocation import (
    TOTAL,
    TOTAL_TOLERANCE,
    AllocationSurvey,
    FactorSummary,
    analyse_allocation,
    competition_ranks,
    median,
    total_problems,
    with_barriers,
)

RESPONDENTS = ("A", "B", "C", "D", "E", "F", "G", "H")
# 001_… lines 254-264, blanks as 0; the last column is the seed's AVG.
TABLE = [
    ("More frontline staff", [0, 0, 20, 0, 20, 10, 0, 0], "6"),
    ("Training frontline staff", [30, 20, 20, 20, 10, 0, 10, 40], "19"),
    ("Staff who enable service users", [30, 80, 20, 20, 5, 10, 20, 0], "23"),
    ("Staff who enable communities", [0, 0, 20, 20, 5, 10, 15, 0], "9"),
    ("Supporting service users", [0, 0, 0, 10, 15, 10, 15, 20], "9"),
    ("Supporting communities", [20, 0, 0, 10, 15, 10, 15, 0], "9"),
    ("Connecting users to communities", [0, 0, 0, 0, 10, 50, 10, 20], "11"),
    ("Project management", [0, 0, 0, 0, 10, 0, 5, 0], "2"),
    ("Better ICT", [0, 0, 0, 0, Decimal("2.5"), 0, 3, 0], "1"),
    ("Better technology (other than ICT)", [0, 0, 0, 0, Decimal("2.5"), 0, 2, 0], "1"),
    ("Supporting partners", [20, 0, 20, 20, 5, 0, 5, 20], "11"),
]
# By hand: row sum / 8; median of the sorted row (mean of the 4th and 5th);
# respondents giving more than 0; competition rank of the mean.
EXPECTED = [
    # mean                 median             allocating  rank
    (Fraction(50, 8), Fraction(0), 3, 8),  # 6.25; 0,0,0,0,0,10,20,20
    (Fraction(150, 8), Fraction(20), 7, 2),  # 18.75; 0,10,10,20,20,20,30,40
    (Fraction(185, 8), Fraction(20), 7, 1),  # 23.125; 0,5,10,20,20,20,30,80
    (Fraction(70, 8), Fraction(15, 2), 5, 5),  # 8.75; 0,0,0,5,10,15,20,20
    (Fraction(70, 8), Fraction(10), 5, 5),  # 8.75; 0,0,0,10,10,15,15,20
    (Fraction(70, 8), Fraction(10), 5, 5),  # 8.75; 0,0,0,10,10,15,15,20
    (Fraction(90, 8), Fraction(5), 4, 3),  # 11.25; 0,0,0,0,10,10,20,50
    (Fraction(15, 8), Fraction(0), 2, 9),  # 1.875
    (Fraction(11, 16), Fraction(0), 2, 10),  # 5.5 / 8 = 0.6875
    (Fraction(9, 16), Fraction(0), 2, 11),  # 4.5 / 8 = 0.5625
    (Fraction(90, 8), Fraction(25, 2), 6, 3),  # 11.25; 0,0,5,5,20,20,20,20
]


def seed_survey(**changes: object) -> AllocationSurvey:
    fields: dict[str, object] = {
        "factors": [name for name, _row, _avg in TABLE],
        "respondents": RESPONDENTS,
        "allocations": [row for _name, row, _avg in TABLE],
        "stated_means": [Decimal(avg) for _name, _row, avg in TABLE],
    }
    fields.update(changes)
    return AllocationSurvey(**fields)  # type: ignore[arg-type]


def test_every_respondent_of_the_seed_shares_out_100() -> None:
    # A: 30+30+20+20; B: 20+80; ...; E: 20+10+5+5+15+15+10+10+2.5+2.5+5; ...
    assert seed_survey().totals == (TOTAL,) * 8


def test_seed_table_by_hand() -> None:
    analysis = analyse_allocation(seed_survey())
    assert analysis.respondents == 8
    got = [(f.mean, f.median, f.allocating, f.rank) for f in analysis.factors]
    assert got == EXPECTED
    assert [f.factor for f in analysis.factors] == [name for name, _row, _avg in TABLE]
    assert all(f.respondents == 8 for f in analysis.factors)
    assert analysis.factors[0].share_allocating == Fraction(3, 8)
    # Every stated AVG is its mean rounded to whole numbers: no warnings.
    assert all(f.stated_mean_consistent for f in analysis.factors)
    assert analysis.warnings == ()
    assert sum(f.mean for f in analysis.factors) == 100


def test_a_wrong_stated_average_is_reported() -> None:
    stated = [Decimal(avg) for _name, _row, avg in TABLE]
    stated[0] = Decimal("7")  # 6.25 rounds to 6, not 7
    stated[1] = Decimal("18.8")  # 18.75 to one place is 18.8 (half away from zero)
    stated[2] = Decimal("23.13")  # 23.125 -> 23.13
    analysis = analyse_allocation(seed_survey(stated_means=stated))
    assert [f.stated_mean_consistent for f in analysis.factors[:3]] == [False, True, True]
    assert analysis.warnings == (
        "factor 'More frontline staff': the stated average 7 is not the mean 6.25 "
        "rounded to 0 decimal places",
    )


def test_the_half_unit_boundary_counts_as_consistent() -> None:
    def summary(mean: Fraction, stated: str) -> FactorSummary:
        return FactorSummary(
            factor="f",
            mean=mean,
            median=mean,
            allocating=1,
            respondents=1,
            rank=1,
            stated_mean=Decimal(stated),
        )

    assert summary(Fraction(13, 2), "6").stated_mean_consistent is True  # |6 - 6.5| = 0.5
    assert summary(Fraction(13, 2), "7").stated_mean_consistent is True
    assert summary(Fraction(13, 2) + Fraction(1, 10**9), "6").stated_mean_consistent is False
    assert summary(Fraction(13, 2), "6.4").stated_mean_consistent is False  # 0.1 places
    assert summary(Fraction(13, 2), "6.50").stated_mean_consistent is True
    no_stated = FactorSummary(
        factor="f", mean=Fraction(1), median=Fraction(1), allocating=1, respondents=2, rank=1
    )
    assert no_stated.stated_mean_consistent is None
    assert no_stated.share_allocating == Fraction(1, 2)


def test_competition_ranks_and_median_by_hand() -> None:
    assert competition_ranks([Fraction(5), Fraction(9), Fraction(9), Fraction(1)]) == (3, 1, 1, 4)
    assert competition_ranks([]) == ()
    assert competition_ranks([Fraction(2)] * 3) == (1, 1, 1)
    assert median([Fraction(3)]) == 3
    assert median([Fraction(3), Fraction(1), Fraction(2)]) == 2
    assert median([Fraction(4), Fraction(1), Fraction(3), Fraction(2)]) == Fraction(5, 2)
    with pytest.raises(ValueError, match=r"^median of no values$"):
        median([])


def test_barrier_profile_splits_a_factor_between_its_barriers() -> None:
    tagged = with_barriers(
        seed_survey(),
        {
            "More frontline staff": ["staff"],  # 6.25
            "Training frontline staff": ["staff", "skills"],  # 18.75, half each
            "Better ICT": ["technology"],  # 0.6875
        },
        known={"staff", "skills", "technology", "unused"},
    )
    profile = analyse_allocation(tagged).barrier_profile
    assert [(b.barrier, b.mean, b.factors) for b in profile] == [
        (
            "staff",
            Fraction(50, 8) + Fraction(150, 16),
            ("More frontline staff", "Training frontline staff"),
        ),
        ("skills", Fraction(150, 16), ("Training frontline staff",)),
        ("technology", Fraction(11, 16), ("Better ICT",)),
    ]
    assert tagged.barriers[0] == ("staff",)
    assert tagged.barriers[3] == ()


def problems_of(error: pytest.ExceptionInfo[InvalidInputError]) -> list[str]:
    return [str(p) for p in error.value.problems]


def test_tag_problems_name_the_factor_and_the_id() -> None:
    with pytest.raises(InvalidInputError) as error:
        with_barriers(
            seed_survey(),
            {
                "Better ICT": ["not an id", "tech", "tech", "mystery"],
                "Better Wifi": ["tech"],
            },
            known={"tech"},
        )
    assert problems_of(error) == [
        "factor 'Better ICT': barrier id 'not an id' is not an id (letters, digits, '.', '_', '-')",
        "factor 'Better ICT': barrier id 'tech' is given twice",
        "factor 'Better ICT': unknown barrier id 'mystery'",
        "factor 'Better Wifi': is not a factor of the survey",
    ]
    # Without ``known`` any well-formed id goes.
    assert with_barriers(seed_survey(), {"Better ICT": ["x.y_z-1"]}).barriers[8] == ("x.y_z-1",)


def test_totals_off_by_more_than_half_a_point_are_named() -> None:
    assert Fraction(1, 2) == TOTAL_TOLERANCE
    totals = [Fraction(100), Fraction(199, 2), Fraction(201, 2), Fraction(90), Fraction(1001, 10)]
    assert [str(p) for p in total_problems(["A", "B", "C", "D", "E"], totals)] == [
        "respondent 'D': allocations total 90, not 100 "
        "(each respondent shares out 100%, ± 0.5 for rounding)",
    ]
    assert [p.where for p in total_problems(["A", "B"], totals[:2], tolerance=Fraction(0))] == [
        "respondent 'B'"
    ]
    # Three times 33.3 is 99.9: within the tolerance, as the seed's "out of 100%" allows.
    three = AllocationSurvey.from_allocations({"A": {"x": 33.3, "y": 33.3, "z": 33.3}})
    assert three.totals == (Fraction(999, 10),)


def test_a_respondent_not_adding_up_to_100_is_refused() -> None:
    rows = [list(row) for _name, row, _avg in TABLE]
    rows[0][0] = 10  # A now gives 110
    with pytest.raises(InvalidInputError) as error:
        seed_survey(allocations=rows)
    assert problems_of(error) == [
        "respondent 'A': allocations total 110, not 100 "
        "(each respondent shares out 100%, ± 0.5 for rounding)"
    ]


def test_structure_problems_are_all_reported_with_their_place() -> None:
    with pytest.raises(InvalidInputError) as error:
        AllocationSurvey(
            factors=["x", "x", " "],
            respondents=["A", "A"],
            allocations=[[50, 50], [50], [101, -1], [0, 0]],
            barriers=[["ok"], ["bad id"]],
            stated_means=[Decimal(1)],
        )
    assert problems_of(error) == [
        "factor 'x': appears twice",
        "factor ' ': must be a non-empty string",
        "respondent 'A': appears twice",
        "allocations: has 4 rows for 3 factors",
        "factor 'x': has 1 values for 2 respondents",
        "factor ' ', respondent 'A': expected a number from 0 to 100, got Fraction(101, 1)",
        "factor ' ', respondent 'A': expected a number from 0 to 100, got Fraction(-1, 1)",
        "barriers: has 2 rows for 3 factors",
        "factor 'x': barrier id 'bad id' is not an id (letters, digits, '.', '_', '-')",
        "stated_means: has 1 values for 3 factors",
    ]


def test_an_empty_survey_is_refused() -> None:
    with pytest.raises(InvalidInputError) as error:
        AllocationSurvey(factors=[], respondents=[], allocations=[])
    assert problems_of(error) == ["survey: has no factors", "survey: has no respondents"]


def test_floats_are_refused_by_the_constructor_but_read_as_written_from_a_mapping() -> None:
    with pytest.raises(InvalidInputError) as error:
        AllocationSurvey(factors=["x"], respondents=["A"], allocations=[[100.0]])
    assert problems_of(error) == [
        "factor 'x', respondent 'A': expected a number from 0 to 100, got 100.0"
    ]
    with pytest.raises(InvalidInputError):
        AllocationSurvey(factors=["x"], respondents=["A"], allocations=[[True]])
    survey = AllocationSurvey.from_allocations(
        {"A": {"x": 0.1, "y": "99.9"}, "B": {"y": Decimal("60"), "x": Fraction(40)}},
        factors=["y"],
    )
    assert survey.factors == ("y", "x")  # the given order first
    assert survey.allocations == (
        (Fraction(999, 10), Fraction(60)),
        (Fraction(1, 10), Fraction(40)),
    )
    assert survey.respondents == ("A", "B")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (True, "expected a number, got True"),
        (None, "expected a number, got None"),
        (float("nan"), "expected a finite number, got nan"),
        (float("inf"), "expected a finite number, got inf"),
        (Decimal("NaN"), "expected a finite number, got Decimal('NaN')"),
        (Decimal("Infinity"), "expected a finite number, got Decimal('Infinity')"),
        (101, "expected a number from 0 to 100, got 101"),
        (-0.5, "expected a number from 0 to 100, got -0.5"),
        (Fraction(201, 2), "expected a number from 0 to 100, got Fraction(201, 2)"),
        (Decimal("100.01"), "expected a number from 0 to 100, got Decimal('100.01')"),
    ],
)
def test_bad_values_in_a_mapping_are_named(value: object, message: str) -> None:
    with pytest.raises(InvalidInputError) as error:
        AllocationSurvey.from_allocations({"A": {"x": value, "y": 100}})  # type: ignore[dict-item]
    assert problems_of(error) == [f"respondent 'A', factor 'x': {message}"]


def test_bounds_are_inclusive() -> None:
    survey = AllocationSurvey.from_allocations(
        {"A": {"x": 100, "y": 0}, "B": {"x": 0.0, "y": 100.0}}
    )
    assert survey.allocations == ((100, 0), (0, 100))


def test_a_bad_text_value_is_named_with_the_reason() -> None:
    with pytest.raises(InvalidInputError) as error:
        AllocationSurvey.from_allocations({"A": {"x": "lots", "y": "100"}})
    assert problems_of(error) == [
        "respondent 'A', factor 'x': expected a number from 0 to 100, got 'lots'"
    ]


def test_every_bad_value_of_a_mapping_is_reported_at_once() -> None:
    with pytest.raises(InvalidInputError) as error:
        AllocationSurvey.from_allocations({"A": {"x": "lots", "y": 200}, "B": {"x": -1}})
    assert [p.where for p in error.value.problems] == [
        "respondent 'A', factor 'x'",
        "respondent 'A', factor 'y'",
        "respondent 'B', factor 'x'",
    ]


def test_total_problems_needs_a_total_per_respondent() -> None:
    with pytest.raises(ValueError, match="zip"):
        total_problems(["A", "B"], [Fraction(100)])


def test_a_fraction_of_a_percent_counts_as_allocating() -> None:
    survey = AllocationSurvey.from_allocations(
        {"A": {"x": "0.5", "y": "99.5"}, "B": {"x": 0, "y": 100}}
    )
    x, y = analyse_allocation(survey).factors
    assert (x.allocating, y.allocating) == (1, 2)
    assert (x.mean, y.mean) == (Fraction(1, 4), Fraction(399, 4))


def test_display_decimals_from_0_to_6() -> None:
    assert analyse_allocation(seed_survey()).decimals == 0
    assert analyse_allocation(seed_survey(), decimals=6).decimals == 6
    for bad in (7, -1, True, 1.0):
        with pytest.raises(ValueError, match=r"^decimals must be a whole number from 0 to 6, got"):
            analyse_allocation(seed_survey(), decimals=bad)  # type: ignore[arg-type]

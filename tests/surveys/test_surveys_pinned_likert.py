"""Pinned answers for the attitude survey (``002_ea409380ef17158f.txt``, Tables 1 and 2).

Issue 10: changing the polarisation majority boundary from ``<=`` to ``<`` survived
every test. The counts below are the seed's percentages taken as counts out of 100
respondents (each row of Tables 1 and 2 adds up to 100, checked here), so every
share, index and verdict can be worked out by hand in the comment beside it.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from coprod.errors import InvalidInputError
from coprod.surveys.likert import (
    LEVELS,
    POLARISATION_THRESHOLD,
    LikertLevel,
    LikertResponse,
    LikertSurvey,
    StatementComparison,
    StatementSummary,
    analyse_likert,
    compare_cohorts,
    is_polarised,
    parse_level,
    summarise_likert,
)

# 002_… lines 67-73 (January) and 88-94 (April): SA, A, NS, D, SD in percent.
JANUARY = {
    "efficiency": (22, 46, 15, 17, 0),
    "quality": (57, 39, 2, 2, 0),
    "usual suspects": (2, 27, 5, 46, 20),
    "staff keen": (5, 24, 14, 52, 5),
    "trust politicians": (0, 7, 0, 64, 29),
    "taxes": (3, 15, 15, 61, 6),
    "managers understand": (0, 3, 7, 73, 17),
}
APRIL = {
    "efficiency": (19, 61, 4, 16, 0),
    "quality": (28, 66, 2, 4, 0),
    "usual suspects": (2, 38, 2, 44, 14),
    "staff keen": (5, 35, 6, 52, 2),
    "trust politicians": (0, 2, 4, 55, 39),
    "taxes": (2, 39, 19, 40, 0),
    "managers understand": (0, 8, 10, 68, 14),
}

# agreeing = SA + A, disagreeing = D + SD, index = 2 * min(agreeing, disagreeing):
#                        January          April           rise   majority in April?
# efficiency             68 / 17 -> 34    80 / 16 -> 32    -2    agreeing 80
# quality                96 /  2 ->  4    94 /  4 ->  8     4    agreeing 94
# usual suspects         29 / 66 -> 58    40 / 58 -> 80    22    disagreeing 58
# staff keen             29 / 57 -> 58    40 / 54 -> 80    22    disagreeing 54
# trust politicians       7 / 93 -> 14     2 / 94 ->  4   -10    disagreeing 94
# taxes                  18 / 67 -> 36    41 / 40 -> 80    44    none
# managers understand     3 / 90 ->  6     8 / 82 -> 16    10    disagreeing 82
BY_HAND = {
    "efficiency": ((68, 17, 34), (80, 16, 32), False),
    "quality": ((96, 2, 4), (94, 4, 8), False),
    "usual suspects": ((29, 66, 58), (40, 58, 80), False),
    "staff keen": ((29, 57, 58), (40, 54, 80), False),
    "trust politicians": ((7, 93, 14), (2, 94, 4), False),
    "taxes": ((18, 67, 36), (41, 40, 80), True),
    "managers understand": ((3, 90, 6), (8, 82, 16), False),
}


def summary(
    counts: tuple[int, int, int, int, int], respondents: int | None = None
) -> StatementSummary:
    total = sum(counts) if respondents is None else respondents
    return StatementSummary(statement="s", respondents=total, counts=counts)


def survey_from_tables() -> LikertSurvey:
    responses = []
    for cohort, table in (("January", JANUARY), ("April", APRIL)):
        for statement, counts in table.items():
            respondent = 0
            for level, count in zip(LEVELS, counts, strict=True):
                for _ in range(count):
                    respondent += 1
                    responses.append(LikertResponse(f"R{respondent}", cohort, statement, level))
    return LikertSurvey.from_responses(responses)


def test_the_seed_rows_add_up_to_100() -> None:
    for table in (JANUARY, APRIL):
        assert all(sum(row) == 100 for row in table.values())


@pytest.mark.parametrize("statement", list(JANUARY))
def test_seed_tables_by_hand(statement: str) -> None:
    (agree_1, disagree_1, index_1), (agree_2, disagree_2, index_2), polarised = BY_HAND[statement]
    before, after = summary(JANUARY[statement]), summary(APRIL[statement])
    assert (before.agreeing, before.disagreeing, before.polarisation_index) == (
        agree_1,
        disagree_1,
        index_1,
    )
    assert (after.agreeing, after.disagreeing, after.polarisation_index) == (
        agree_2,
        disagree_2,
        index_2,
    )
    assert before.net_agreement == agree_1 - disagree_1
    assert is_polarised(before, after) is polarised


def test_only_the_taxes_statement_polarised_from_january_to_april() -> None:
    # 002_… line 99: "the April groups differed from the January groups in being
    # polarised about whether citizens would rather pay more taxes".
    analysis = analyse_likert(survey_from_tables())
    assert [c.cohort for c in analysis.cohorts] == ["January", "April"]
    assert [c.respondents for c in analysis.cohorts] == [100, 100]
    assert [c.statement for c in analysis.comparisons] == list(JANUARY)
    assert [c.statement for c in analysis.comparisons if c.polarised] == ["taxes"]
    taxes = next(c for c in analysis.comparisons if c.statement == "taxes")
    assert (taxes.from_cohort, taxes.to_cohort) == ("January", "April")
    # April minus January, per level: 2-3, 39-15, 19-15, 40-61, 0-6.
    assert taxes.change == (-1, 24, 4, -21, -6)
    assert taxes.net_agreement_change == (41 - 40) - (18 - 67)  # 50 points
    assert taxes.polarisation_change == 44
    assert analysis.cohorts[1].statement("taxes").counts == APRIL["taxes"]


def test_a_half_and_half_split_has_no_majority() -> None:
    # Exactly 50% is not a majority: 10/90 -> 50/50 is polarised (index 20 -> 100).
    before, after = summary((0, 10, 0, 90, 0)), summary((0, 50, 0, 50, 0))
    assert after.agreeing == after.disagreeing == 50
    assert after.polarisation_index == 100
    assert is_polarised(before, after) is True
    # Agreeing exactly 50 with 30 disagreeing (index 60 from 20): still no majority.
    assert is_polarised(before, summary((25, 25, 20, 30, 0))) is True
    assert is_polarised(before, summary((0, 30, 20, 25, 25))) is True
    # 51% is a majority, whichever side holds it.
    assert is_polarised(before, summary((0, 51, 0, 49, 0))) is False
    assert is_polarised(before, summary((0, 49, 0, 51, 0))) is False


def test_the_rise_must_reach_the_threshold() -> None:
    assert POLARISATION_THRESHOLD == 20
    after = summary((0, 40, 20, 40, 0))  # index 80, no majority
    assert is_polarised(summary((0, 30, 10, 60, 0)), after) is True  # 60 -> 80: exactly 20
    assert is_polarised(summary((0, 31, 9, 60, 0)), after) is False  # 62 -> 80: 18
    assert is_polarised(summary((0, 30, 10, 60, 0)), after, threshold=Fraction(21)) is False
    assert is_polarised(summary((0, 31, 9, 60, 0)), after, threshold=Fraction(18)) is True
    # A falling index is never polarisation, even with no majority after.
    assert is_polarised(summary((0, 50, 0, 50, 0)), after) is False


def test_no_answers_means_not_polarised() -> None:
    empty = summary((0, 0, 0, 0, 0), respondents=5)
    split = summary((0, 50, 0, 50, 0))
    assert empty.polarisation_index is None
    assert is_polarised(empty, split) is False
    assert is_polarised(split, empty) is False


def test_a_statement_summary_by_hand() -> None:
    # 12 in the cohort, 10 answered: 1 SA, 2 A, 3 NS, 4 D, 0 SD.
    s = StatementSummary(statement="s", respondents=12, counts=(1, 2, 3, 4, 0))
    assert (s.n, s.no_answer) == (10, 2)
    assert s.percent == (10, 20, 30, 40, 0)
    assert (s.agreeing, s.unsure, s.disagreeing) == (30, 30, 40)
    assert s.net_agreement == -10
    assert s.polarisation_index == 60
    assert [s.count(level) for level in LikertLevel] == [1, 2, 3, 4, 0]
    # Thirds stay exact.
    third = StatementSummary(statement="t", respondents=3, counts=(1, 0, 1, 0, 1))
    assert third.agreeing == Fraction(100, 3)
    assert third.percent is not None and sum(third.percent) == 100


def test_nobody_answering_gives_no_percentages() -> None:
    s = StatementSummary(statement="s", respondents=4, counts=(0, 0, 0, 0, 0))
    assert (s.n, s.no_answer) == (0, 4)
    assert s.percent is None
    assert s.agreeing is None and s.unsure is None and s.disagreeing is None
    assert s.net_agreement is None


@pytest.mark.parametrize(
    ("counts", "respondents"),
    [((1, 2, 3, 4), 10), ((1, 2, 3, 4, 0, 0), 10), ((1, -1, 0, 0, 0), 5), ((3, 3, 0, 0, 0), 5)],
)
def test_impossible_counts_are_refused(counts: tuple[int, ...], respondents: int) -> None:
    with pytest.raises(ValueError, match=r"counts must be five non-negative|answers from"):
        StatementSummary(statement="s", respondents=respondents, counts=counts)  # type: ignore[arg-type]


def test_counts_may_fill_the_cohort() -> None:
    assert StatementSummary(statement="s", respondents=6, counts=(3, 3, 0, 0, 0)).no_answer == 0


def test_level_codes() -> None:
    assert [level.code for level in LEVELS] == [5, 4, 3, 2, 1]
    assert LEVELS == (
        LikertLevel.STRONGLY_AGREE,
        LikertLevel.AGREE,
        LikertLevel.NOT_SURE,
        LikertLevel.DISAGREE,
        LikertLevel.STRONGLY_DISAGREE,
    )


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("strongly agree", LikertLevel.STRONGLY_AGREE),
        (" Strongly  AGREE ", LikertLevel.STRONGLY_AGREE),
        ("NotSure", LikertLevel.NOT_SURE),
        ("not sure", LikertLevel.NOT_SURE),
        ("Disagree", LikertLevel.DISAGREE),
        ("5", LikertLevel.STRONGLY_AGREE),
        ("4", LikertLevel.AGREE),
        ("4.0", LikertLevel.AGREE),
        ("4.", LikertLevel.AGREE),
        ("3.00", LikertLevel.NOT_SURE),
        ("2", LikertLevel.DISAGREE),
        ("1", LikertLevel.STRONGLY_DISAGREE),
        ("", None),
        ("   ", None),
    ],
)
def test_parse_level(text: str, level: LikertLevel | None) -> None:
    assert parse_level(text) is level


@pytest.mark.parametrize("text", ["0", "6", "4.5", "44", "agree!", "yes", "-1", "4.01"])
def test_parse_level_refuses_the_rest(text: str) -> None:
    with pytest.raises(ValueError, match=r"^expected one of 'strongly agree'"):
        parse_level(text)


def _r(respondent: str, cohort: str, statement: str, level: LikertLevel | None) -> LikertResponse:
    return LikertResponse(respondent=respondent, cohort=cohort, statement=statement, level=level)


def test_cohort_size_counts_blank_answers_and_compare_skips_unanswered() -> None:
    survey = LikertSurvey.from_responses(
        [
            _r("R1", "Jan", "a", LikertLevel.AGREE),
            _r("R2", "Jan", "a", None),
            _r("R2", "Jan", "b", None),
            _r("R3", "Jan", "b", None),
            _r("R1", "Apr", "a", LikertLevel.DISAGREE),
            _r("R1", "Apr", "b", LikertLevel.AGREE),
        ]
    )
    assert survey.cohorts == ("Jan", "Apr")
    assert survey.statements == ("a", "b")
    jan, apr = summarise_likert(survey)
    assert jan.respondents == 3  # R1, R2, R3: a blank row still makes a member
    assert jan.statement("a").counts == (0, 1, 0, 0, 0)
    assert jan.statement("a").no_answer == 2
    assert jan.statement("b").n == 0
    assert apr.respondents == 1
    with pytest.raises(KeyError, match=r"^'c'$"):
        jan.statement("c")
    # "b" has no answer in January: only "a" is compared.
    comparisons = compare_cohorts(jan, apr)
    assert [c.statement for c in comparisons] == ["a"]
    assert comparisons[0].change == (0, -100, 0, 100, 0)
    assert comparisons[0].threshold == POLARISATION_THRESHOLD


def test_analysis_compares_consecutive_cohorts_only() -> None:
    survey = LikertSurvey.from_responses(
        [
            _r("R1", c, "a", level)
            for c, level in (("1", LikertLevel.AGREE), ("2", None), ("3", LikertLevel.DISAGREE))
        ]
        + [_r("R2", c, "a", LikertLevel.NOT_SURE) for c in ("1", "2", "3")]
    )
    analysis = analyse_likert(survey, threshold=Fraction(5))
    assert [(c.from_cohort, c.to_cohort) for c in analysis.comparisons] == [("1", "2"), ("2", "3")]
    assert all(c.threshold == 5 for c in analysis.comparisons)
    # 1 -> 2: 50% agree, 50% unsure -> 100% unsure; 2 -> 3: -> 50% disagree, 50% unsure.
    assert analysis.comparisons[0].change == (0, -50, 50, 0, 0)
    assert analysis.comparisons[1].change == (0, 0, -50, 50, 0)


def test_comparison_defaults_to_the_seed_threshold() -> None:
    before, after = summary((0, 30, 10, 60, 0)), summary((0, 40, 20, 40, 0))
    comparison = StatementComparison("s", "a", "b", before, after)
    assert comparison.polarised is True
    assert StatementComparison("s", "a", "b", before, after, Fraction(21)).polarised is False


def test_survey_structure_is_checked() -> None:
    with pytest.raises(InvalidInputError, match="has no responses"):
        LikertSurvey(cohorts=(), statements=(), responses=())
    with pytest.raises(InvalidInputError, match="answers 'a' twice"):
        LikertSurvey.from_responses(
            [_r("R1", "Jan", "a", None), _r("R1", "Jan", "a", LikertLevel.AGREE)]
        )
    with pytest.raises(InvalidInputError, match="cohort 'Apr' is not listed"):
        LikertSurvey(cohorts=("Jan",), statements=("a",), responses=[_r("R1", "Apr", "a", None)])
    with pytest.raises(InvalidInputError, match="statement 'b' is not listed"):
        LikertSurvey(cohorts=("Jan",), statements=("a",), responses=[_r("R1", "Jan", "b", None)])
    with pytest.raises(InvalidInputError, match="are not unique"):
        LikertSurvey(cohorts=("Jan", "Jan"), statements=("a",), responses=())
    with pytest.raises(InvalidInputError, match="must be a non-empty string"):
        LikertSurvey(cohorts=(" ",), statements=("a",), responses=())
    with pytest.raises(InvalidInputError, match="expected a LikertResponse"):
        LikertSurvey(cohorts=("Jan",), statements=("a",), responses=["R1"])  # type: ignore[list-item]
    # Two people called R1 in two cohorts are two respondents.
    LikertSurvey.from_responses([_r("R1", "Jan", "a", None), _r("R1", "Apr", "a", None)])


@pytest.mark.parametrize("field", ["respondent", "cohort", "statement"])
def test_responses_need_names(field: str) -> None:
    values = {"respondent": "R1", "cohort": "Jan", "statement": "a", "level": None}
    with pytest.raises(ValueError, match=rf"^{field} must be a non-empty string"):
        LikertResponse(**{**values, field: " "})  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        LikertResponse(respondent="R1", cohort="Jan", statement="a", level="agree")  # type: ignore[arg-type]


def test_survey_problem_messages_are_exact() -> None:
    with pytest.raises(InvalidInputError) as error:
        LikertSurvey(cohorts=("Jan",), statements=(), responses=())
    assert [str(p) for p in error.value.problems] == ["survey: has no responses"]
    with pytest.raises(InvalidInputError) as error:
        LikertSurvey(cohorts=("Jan", "Jan", " "), statements=("a", "a"), responses=())
    assert [str(p) for p in error.value.problems] == [
        "cohort ' ': must be a non-empty string",
        "cohorts: are not unique",
        "statements: are not unique",
    ]
    # A wrong item does not stop the check: the response after it is checked too.
    with pytest.raises(InvalidInputError) as error:
        LikertSurvey(
            cohorts=("Jan",),
            statements=("a",),
            responses=["R1", _r("R2", "Apr", "a", None)],  # type: ignore[list-item]
        )
    assert [str(p) for p in error.value.problems] == [
        "responses[0]: expected a LikertResponse, got 'R1'",
        "responses[1]: cohort 'Apr' is not listed",
    ]


def test_a_statement_unanswered_first_does_not_stop_the_comparison() -> None:
    survey = LikertSurvey.from_responses(
        [
            _r("R1", "Jan", "a", None),
            _r("R1", "Jan", "b", LikertLevel.AGREE),
            _r("R1", "Apr", "a", LikertLevel.AGREE),
            _r("R1", "Apr", "b", LikertLevel.DISAGREE),
        ]
    )
    assert [c.statement for c in analyse_likert(survey).comparisons] == ["b"]


def test_display_decimals_from_0_to_6() -> None:
    survey = survey_from_tables()
    assert analyse_likert(survey).decimals == 0
    assert analyse_likert(survey, decimals=6).decimals == 6
    for bad in (7, -1, True, 1.0):
        with pytest.raises(ValueError, match=r"^decimals must be a whole number from 0 to 6, got"):
            analyse_likert(survey, decimals=bad)  # type: ignore[arg-type]


def test_a_full_width_digit_is_not_a_code() -> None:
    with pytest.raises(ValueError, match=r"^expected one of"):
        parse_level("\uff14")  # FULLWIDTH DIGIT FOUR

"""The attitude survey (``002_ea409380ef17158f.txt``, Tables 1 and 2): figures and rules."""

from __future__ import annotations

import csv
import importlib.util
from fractions import Fraction
from pathlib import Path

import pytest

from coprod.errors import InvalidInputError
from coprod.surveys import (
    LEVELS,
    LikertLevel,
    LikertResponse,
    LikertSurvey,
    StatementSummary,
    analyse_likert,
    compare_cohorts,
    is_polarised,
    parse_level,
    read_likert,
    summarise_likert,
)
from coprod.surveys._numbers import round_half_away

DATA = Path(__file__).parent / "data"
FIXTURE = DATA / "attitude_002_wide.csv"
TAXES = (
    "Citizens prefer to pay higher fees and taxes rather than contributing themselves to "
    "improving outcomes"
)


def published() -> dict[tuple[str, str], tuple[int, ...]]:
    """Tables 1 and 2 as transcribed: ``{(cohort, statement): percentages}``."""
    with (DATA / "seed_002_tables.csv").open(encoding="utf-8", newline="") as handle:
        return {
            (row["cohort"], row["statement"]): tuple(int(row[level.value]) for level in LEVELS)
            for row in csv.DictReader(handle)
        }


def summary(
    counts: tuple[int, int, int, int, int], respondents: int | None = None
) -> StatementSummary:
    return StatementSummary("s", sum(counts) if respondents is None else respondents, counts)


# ------------------------------------------------------------------ the seed's tables


def test_fixture_is_what_the_generator_writes() -> None:
    spec = importlib.util.spec_from_file_location("make_fixture", DATA / "make_attitude_fixture.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == FIXTURE.read_text(encoding="utf-8")


def test_tables_1_and_2_are_reproduced_to_the_published_percent() -> None:
    analysis = analyse_likert(read_likert(FIXTURE))
    expected = published()
    seen = 0
    for cohort in analysis.cohorts:
        for s in cohort.statements:
            assert s.percent is not None
            shown = tuple(int(round_half_away(p)) for p in s.percent)
            assert shown == expected[cohort.cohort, s.statement], (cohort.cohort, s.statement)
            # No published figure sits on a rounding tie, so half-even would agree.
            assert all(p - int(p) != Fraction(1, 2) for p in s.percent)
            seen += 1
    assert seen == len(expected) == 14


def test_seed_cohorts_and_statements_keep_their_order() -> None:
    survey = read_likert(FIXTURE)
    assert survey.cohorts == ("January", "April")
    assert survey.statements == tuple(s for c, s in published() if c == "January")


def test_seed_cohort_sizes_and_blanks() -> None:
    january, april = summarise_likert(read_likert(FIXTURE))
    assert (january.respondents, april.respondents) == (62, 85)
    assert [s.n for s in january.statements] == [59, 61, 59, 58, 59, 62, 60]
    assert [s.no_answer for s in january.statements] == [3, 1, 3, 4, 3, 0, 2]
    assert january.statement(TAXES).counts == (2, 9, 9, 38, 4)
    assert april.statement(TAXES).counts == (2, 33, 16, 34, 0)


def test_polarisation_fires_on_the_taxes_statement_only() -> None:
    # 002_…: "the April groups differed from the January groups in being polarised about
    # whether citizens would rather pay more taxes than get involved themselves".
    analysis = analyse_likert(read_likert(FIXTURE))
    flagged = [c.statement for c in analysis.comparisons if c.polarised]
    assert flagged == [TAXES]
    taxes = next(c for c in analysis.comparisons if c.statement == TAXES)
    assert (taxes.from_cohort, taxes.to_cohort) == ("January", "April")
    assert taxes.before.agreeing == Fraction(1100, 62)
    assert taxes.after.agreeing == Fraction(3500, 85)
    assert taxes.after.disagreeing == 40


def test_seed_net_agreement() -> None:
    january = summarise_likert(read_likert(FIXTURE))[0]
    # Trust in politicians: 4 agree, 55 disagree or strongly disagree, of 59.
    trust = january.statements[4]
    assert trust.net_agreement == Fraction(100 * (4 - 55), 59)
    assert int(round_half_away(trust.net_agreement)) == -86


# ---------------------------------------------------------------------------- levels


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("strongly agree", LikertLevel.STRONGLY_AGREE),
        ("  Strongly   AGREE ", LikertLevel.STRONGLY_AGREE),
        ("StronglyDisagree", LikertLevel.STRONGLY_DISAGREE),
        ("not\u00a0sure", LikertLevel.NOT_SURE),
        ("NOT SURE", LikertLevel.NOT_SURE),
        ("agree", LikertLevel.AGREE),
        ("5", LikertLevel.STRONGLY_AGREE),
        ("4.0", LikertLevel.AGREE),
        (" 3 ", LikertLevel.NOT_SURE),
        ("2", LikertLevel.DISAGREE),
        ("1", LikertLevel.STRONGLY_DISAGREE),
        ("", None),
        ("   ", None),
    ],
)
def test_parse_level(text: str, level: LikertLevel | None) -> None:
    assert parse_level(text) is level


@pytest.mark.parametrize("text", ["0", "6", "4.5", "agreed", "n/a", "yes", "nan", "-1", "strongly"])
def test_parse_level_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="expected one of 'strongly agree'"):
        parse_level(text)


def test_level_codes_and_order() -> None:
    assert [level.code for level in LEVELS] == [5, 4, 3, 2, 1]
    assert [level.value for level in LEVELS] == [
        "strongly agree", "agree", "not sure", "disagree", "strongly disagree",
    ]  # fmt: skip


# ------------------------------------------------------------------------- summaries


def test_summary_percentages_are_of_those_who_answered() -> None:
    s = summary((1, 1, 0, 1, 0), respondents=5)
    assert s.n == 3
    assert s.no_answer == 2
    assert s.percent == (Fraction(100, 3), Fraction(100, 3), 0, Fraction(100, 3), 0)
    assert s.net_agreement == Fraction(100, 3)
    assert s.count(LikertLevel.DISAGREE) == 1


def test_statement_nobody_answered_has_no_percentages() -> None:
    s = summary((0, 0, 0, 0, 0), respondents=4)
    assert s.percent is None
    assert s.net_agreement is None
    assert s.polarisation_index is None


def test_summary_validates_counts() -> None:
    with pytest.raises(ValueError, match="five non-negative"):
        StatementSummary("s", 3, (1, 1, 1, -1, 0))
    with pytest.raises(ValueError, match="answers from"):
        StatementSummary("s", 2, (1, 1, 1, 0, 0))


def test_polarisation_index() -> None:
    assert summary((0, 10, 0, 0, 0)).polarisation_index == 0
    assert summary((0, 0, 10, 0, 0)).polarisation_index == 0
    assert summary((5, 0, 0, 0, 5)).polarisation_index == 100
    assert summary((1, 1, 2, 0, 0)).polarisation_index == 0
    assert summary((1, 1, 0, 1, 1)).polarisation_index == 100
    assert summary((0, 3, 4, 3, 0)).polarisation_index == 60


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        # Both poles grow at the expense of the middle.
        ((0, 2, 6, 2, 0), (1, 3, 2, 3, 1), True),
        # The minority grows at the expense of a consensus (the seed's taxes statement).
        ((0, 2, 2, 6, 0), (0, 4, 2, 4, 0), True),
        # A slimmer consensus is not a split: 66% → 58% disagreeing.
        ((0, 29, 5, 66, 0), (0, 40, 2, 58, 0), False),
        # A swing from one side to the other is not polarisation.
        ((0, 8, 0, 2, 0), (0, 2, 0, 8, 0), False),
        # Already split, staying split: the index does not rise.
        ((0, 5, 0, 5, 0), (0, 5, 0, 5, 0), False),
        # A small rise (10 points) stays below the threshold.
        ((0, 3, 4, 3, 0), (0, 35, 30, 35, 0), False),
    ],
)
def test_is_polarised(
    before: tuple[int, int, int, int, int], after: tuple[int, int, int, int, int], expected: bool
) -> None:
    assert is_polarised(summary(before), summary(after)) is expected


def test_polarisation_threshold_is_inclusive_and_adjustable() -> None:
    before, after = summary((0, 2, 6, 2, 0)), summary((0, 3, 4, 3, 0))  # index 40 → 60
    assert is_polarised(before, after)
    assert not is_polarised(before, after, threshold=Fraction(21))
    assert not is_polarised(summary((0, 0, 0, 0, 0), 3), after)


def test_summarise_counts_cohort_members_including_blank_rows() -> None:
    survey = LikertSurvey.from_responses(
        [
            LikertResponse("r1", "Jan", "s1", LikertLevel.AGREE),
            LikertResponse("r1", "Jan", "s2", None),
            LikertResponse("r2", "Jan", "s2", LikertLevel.DISAGREE),
            LikertResponse("r1", "Apr", "s2", LikertLevel.AGREE),
        ]
    )
    jan, apr = summarise_likert(survey)
    assert [(s.statement, s.n, s.no_answer) for s in jan.statements] == [("s1", 1, 1), ("s2", 1, 1)]
    assert [(s.statement, s.n, s.no_answer) for s in apr.statements] == [("s1", 0, 1), ("s2", 1, 0)]


def test_comparison_changes_and_skips_unanswered_statements() -> None:
    survey = LikertSurvey.from_responses(
        [
            LikertResponse("a", "Jan", "s1", LikertLevel.AGREE),
            LikertResponse("b", "Jan", "s1", LikertLevel.DISAGREE),
            LikertResponse("a", "Jan", "s2", LikertLevel.AGREE),
            LikertResponse("c", "Apr", "s1", LikertLevel.AGREE),
        ]
    )
    jan, apr = summarise_likert(survey)
    (comparison,) = compare_cohorts(jan, apr)
    assert comparison.statement == "s1"
    assert comparison.change == (0, 50, 0, -50, 0)
    assert comparison.net_agreement_change == 100
    assert comparison.polarisation_change == -100
    assert not comparison.polarised


def test_analyse_compares_consecutive_cohorts() -> None:
    survey = LikertSurvey.from_responses(
        LikertResponse("r", cohort, "s", LikertLevel.AGREE) for cohort in ("Jan", "Apr", "Jul")
    )
    pairs = [(c.from_cohort, c.to_cohort) for c in analyse_likert(survey).comparisons]
    assert pairs == [("Jan", "Apr"), ("Apr", "Jul")]


def test_survey_rejects_duplicate_answers_and_unlisted_names() -> None:
    response = LikertResponse("r", "Jan", "s", LikertLevel.AGREE)
    with pytest.raises(InvalidInputError, match="answers 's' twice"):
        LikertSurvey.from_responses([response, response])
    with pytest.raises(InvalidInputError, match="cohort 'Jan' is not listed"):
        LikertSurvey(cohorts=["Apr"], statements=["s"], responses=[response])
    with pytest.raises(InvalidInputError, match="has no responses"):
        LikertSurvey.from_responses([])


def test_response_rejects_blank_names() -> None:
    with pytest.raises(ValueError, match="cohort must be a non-empty string"):
        LikertResponse("r", " ", "s", LikertLevel.AGREE)

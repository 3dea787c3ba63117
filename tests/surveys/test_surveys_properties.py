"""Hypothesis properties of the surveys (``001_…`` allocation, ``002_…`` attitude survey).

* a statement's percentages sum to 100 (exactly; displayed values within rounding);
* allocation means do not depend on the order of respondents;
* the long and the wide layout of the same data give the same result.
"""

from __future__ import annotations

import csv
import io
import itertools
import random
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from coprod.surveys import (
    LEVELS,
    AllocationSurvey,
    LikertLevel,
    LikertResponse,
    LikertSurvey,
    analyse_allocation,
    analyse_likert,
    parse_allocation,
    parse_likert,
    summarise_likert,
)
from coprod.surveys._numbers import round_half_away
from coprod.surveys._text import clean_label

PROPERTY_SETTINGS = settings(max_examples=60, deadline=None)

# Header names with a meaning in some layout; labels avoid them.
RESERVED = {"respondent", "cohort", "statement", "response", "factor", "percent", "barriers"}
RESERVED |= {"barrier", "barrierids", "avg", "average", "mean"}


def _usable(text: str) -> bool:
    try:
        cleaned = clean_label(text)
    except ValueError:
        return False
    key = "".join(ch for ch in cleaned.casefold() if ch.isalnum())
    return bool(cleaned) and key not in RESERVED and not cleaned.startswith("\ufeff")


labels = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\t"),
    min_size=1,
    max_size=12,
).filter(_usable)


def unique_labels(min_size: int, max_size: int) -> st.SearchStrategy[list[str]]:
    return st.lists(labels, min_size=min_size, max_size=max_size, unique_by=clean_label)


levels = st.one_of(st.none(), st.sampled_from(LEVELS))


@st.composite
def likert_data(
    draw: st.DrawFn,
) -> tuple[list[str], list[str], list[tuple[str, list[list[LikertLevel | None]]]]]:
    """(cohorts, statements, [(cohort, [one row of levels per respondent])])."""
    cohorts = draw(unique_labels(1, 3))
    statements = draw(unique_labels(1, 4))
    data = []
    for cohort in cohorts:
        rows = draw(
            st.lists(
                st.lists(levels, min_size=len(statements), max_size=len(statements)),
                min_size=1,
                max_size=8,
            )
        )
        data.append((cohort, rows))
    return cohorts, statements, data


def written(level: LikertLevel | None, style: int) -> str:
    """A response as a council might type it: label, shouted label, or code."""
    if level is None:
        return "" if style % 2 else "  "
    if style == 0:
        return level.value
    if style == 1:
        return f"  {level.value.upper()} "
    return str(level.code)


def to_csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


@PROPERTY_SETTINGS
@given(likert_data())
def test_percentages_of_a_statement_sum_to_100(
    data: tuple[list[str], list[str], list[tuple[str, list[list[LikertLevel | None]]]]],
) -> None:
    _cohorts, statements, cohorts = data
    survey = LikertSurvey.from_responses(
        LikertResponse(f"r{i}", cohort, statement, level)
        for cohort, rows in cohorts
        for i, row in enumerate(rows)
        for statement, level in zip(statements, row, strict=True)
    )
    for cohort in summarise_likert(survey):
        for summary in cohort.statements:
            if summary.percent is None:
                assert summary.n == 0
                continue
            assert sum(summary.percent) == 100
            assert abs(sum(float(p) for p in summary.percent) - 100) < 1e-9
            shown = sum(round_half_away(p) for p in summary.percent)
            assert 98 <= shown <= 102  # five values, each off by at most one half


@PROPERTY_SETTINGS
@given(likert_data())
def test_likert_long_and_wide_layouts_agree(
    data: tuple[list[str], list[str], list[tuple[str, list[list[LikertLevel | None]]]]],
) -> None:
    _cohorts, statements, cohorts = data
    wide = [["respondent", "cohort", *statements]]
    long = [["respondent", "cohort", "statement", "response"]]
    style = 0
    for cohort, rows in cohorts:
        for i, row in enumerate(rows):
            wide.append([f"r{i}", cohort, *(written(level, style := style + 1) for level in row)])
            for statement, level in zip(statements, row, strict=True):
                long.append([f"r{i}", cohort, statement, written(level, (style := style + 1) % 3)])
    from_wide = analyse_likert(parse_likert(to_csv(wide)))
    from_long = analyse_likert(parse_likert(to_csv(long)))
    assert from_wide == from_long
    assert [c.cohort for c in from_wide.cohorts] == [clean_label(c) for c, _ in cohorts]


@st.composite
def allocation_data(draw: st.DrawFn) -> tuple[list[str], list[str], list[list[Fraction]]]:
    """(factors, respondents, columns): each respondent's column totals exactly 100."""
    factors = draw(unique_labels(1, 8))
    respondents = draw(unique_labels(1, 8))
    columns = []
    for _ in respondents:
        cuts = sorted(
            draw(
                st.lists(st.integers(0, 400), min_size=len(factors) - 1, max_size=len(factors) - 1)
            )
        )
        bounds = [0, *cuts, 400]
        columns.append([Fraction(b - a, 4) for a, b in itertools.pairwise(bounds)])
    return factors, respondents, columns


def cell(value: Fraction) -> str:
    return "" if value == 0 else str(float(value))


@PROPERTY_SETTINGS
@given(allocation_data(), st.randoms(use_true_random=False))
def test_allocation_means_do_not_depend_on_respondent_order(
    data: tuple[list[str], list[str], list[list[Fraction]]], rng: random.Random
) -> None:
    factors, respondents, columns = data
    order = list(range(len(respondents)))
    rng.shuffle(order)

    def survey(indexes: list[int]) -> AllocationSurvey:
        return AllocationSurvey(
            factors=factors,
            respondents=[respondents[j] for j in indexes],
            allocations=[[columns[j][i] for j in indexes] for i in range(len(factors))],
        )

    before = analyse_allocation(survey(list(range(len(respondents)))))
    after = analyse_allocation(survey(order))
    assert before == after
    for summary in before.factors:
        assert summary.mean * len(respondents) == sum(
            col[factors.index(summary.factor)] for col in columns
        )
    assert sum(f.mean for f in before.factors) == 100


@PROPERTY_SETTINGS
@given(allocation_data())
def test_allocation_long_and_wide_layouts_agree(
    data: tuple[list[str], list[str], list[list[Fraction]]],
) -> None:
    factors, respondents, columns = data
    wide = [["factor", *respondents]]
    wide += [[f, *(cell(col[i]) for col in columns)] for i, f in enumerate(factors)]
    long = [["respondent", "factor", "percent"]]
    long += [
        [r, f, cell(col[i])]
        for r, col in zip(respondents, columns, strict=True)
        for i, f in enumerate(factors)
    ]
    from_wide = parse_allocation(to_csv(wide))
    from_long = parse_allocation(to_csv(long))
    assert from_wide == from_long
    assert analyse_allocation(from_wide) == analyse_allocation(from_long)
    assert from_wide.factors == tuple(clean_label(f) for f in factors)

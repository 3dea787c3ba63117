"""The scheme report's member counts: no hidden count can be worked out from what is shown.

A reader of the aggregate report knows the shown counts, that each column adds up to
the ``all banks`` row, that counts are whole and never negative, and that in every
row members = active + inactive and active = earn_never_spend + spend_never_earn +
other_active (and, for limits, nothing more: a bank's counts by status). For each hidden cell
the test asks an integer program (SciPy's ``milp``, independent of
:mod:`coprod.people.disclosure`) for the smallest and the largest value consistent
with all that: they must differ. Cell-by-cell hiding failed this (a hidden count
was the total minus the shown ones).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coprod.io.safe_text import csv_text
from coprod.timebank.reports import ALL_BANKS, SUPPRESS_BELOW, TimebankReport

optimize = pytest.importorskip("scipy.optimize")


def _bounds(
    shown: list[list[int | None]], row_sums: Sequence[Sequence[tuple[int, int]]]
) -> dict[tuple[int, int], tuple[float, float]]:
    """(row, column) of each hidden cell → (least, greatest) value a reader can allow.

    ``shown`` is the table with its totals row last; ``row_sums`` the sums (column,
    coefficient; adding up to zero) that hold within every row.
    """
    hidden = [(r, c) for r, row in enumerate(shown) for c, v in enumerate(row) if v is None]
    if not hidden:
        return {}
    index = {cell: i for i, cell in enumerate(hidden)}
    rows, width = len(shown), len(shown[0])
    a_eq, b_eq = [], []

    def term(r: int, c: int, sign: int, coefficients: np.ndarray) -> float:
        if (r, c) in index:
            coefficients[index[(r, c)]] += sign
            return 0.0
        return float(sign * shown[r][c])  # type: ignore[operator]

    for c in range(width):  # column sums: sum of rows - total = 0
        coefficients = np.zeros(len(hidden))
        constant = sum(term(r, c, 1, coefficients) for r in range(rows - 1))
        constant += term(rows - 1, c, -1, coefficients)
        a_eq.append(coefficients)
        b_eq.append(-constant)
    for r in range(rows):
        for terms in row_sums:
            coefficients = np.zeros(len(hidden))
            constant = sum(term(r, c, k, coefficients) for c, k in terms)
            a_eq.append(coefficients)
            b_eq.append(-constant)
    constraints = [optimize.LinearConstraint(np.array(a_eq), b_eq, b_eq)]
    found = {}
    for cell, i in index.items():
        extremes = []
        for sign in (1, -1):
            objective = np.zeros(len(hidden))
            objective[i] = sign
            result = optimize.milp(
                objective,
                constraints=constraints,
                integrality=np.ones(len(hidden)),
                bounds=optimize.Bounds(0, 10_000),
            )
            assert result.success, result.message
            extremes.append(round(sign * result.fun))
        found[cell] = (extremes[0], extremes[1])
    return found


# Written out here, not taken from the module: members = active + inactive;
# active = earn_never_spend + spend_never_earn + other_active.
_MEMBER_SUMS = (((0, -1), (1, 1), (2, 1)), ((1, -1), (3, 1), (4, 1), (5, 1)))


@st.composite
def _member_rows(draw: st.DrawFn) -> tuple[tuple[str, int, int, int, int], ...]:
    rows = []
    for n in range(draw(st.integers(1, 5))):
        members = draw(st.integers(0, 14))
        active = draw(st.integers(0, members))
        earn = draw(st.integers(0, active))
        spend = draw(st.integers(0, active - earn))
        rows.append((f"bank{n}", members, active, earn, spend))
    return tuple(rows)


def _report(
    members: tuple[tuple[str, int, int, int, int], ...],
    limits: tuple[tuple[str, str, int], ...] = (),
) -> TimebankReport:
    return TimebankReport((), members, (), (), limits, (), ())


@settings(max_examples=150, deadline=None)
@given(members=_member_rows())
def test_no_hidden_member_count_can_be_worked_out(
    members: tuple[tuple[str, int, int, int, int], ...],
) -> None:
    table = next(t for t in _report(members).tables() if t.name == "members-by-bank")
    rows = list(table.rows)
    assert [r[0] for r in rows] == [m[0] for m in members] + [ALL_BANKS]
    assert table.columns == (
        "bank",
        "members",
        "active",
        "inactive",
        "earn_never_spend",
        "spend_never_earn",
        "other_active",
    )
    truth = [[m, a, m - a, e, s, a - e - s] for _bank, m, a, e, s in members]
    truth.append([sum(column) for column in zip(*truth, strict=True)])
    shown = [list(r[1:]) for r in rows]
    for r, row in enumerate(shown):
        for c, value in enumerate(row):
            true = truth[r][c]
            if 0 < true < SUPPRESS_BELOW:
                assert value is None  # every small count is hidden
            assert value is None or value == true
    for (r, c), (least, greatest) in _bounds(shown, _MEMBER_SUMS).items():
        assert least <= truth[r][c] <= greatest
        assert least < greatest, (r, c, shown)


@settings(max_examples=100, deadline=None)
@given(
    counts=st.lists(
        st.tuples(st.integers(0, 9), st.integers(0, 9), st.integers(0, 9)), min_size=1, max_size=4
    )
)
def test_no_hidden_limit_count_can_be_worked_out(counts: list[tuple[int, int, int]]) -> None:
    statuses = ("near", "past-hard", "past-soft")
    limits = tuple(
        (f"bank{b}", status, n)
        for b, row in enumerate(counts)
        for status, n in zip(statuses, row, strict=True)
        if n
    )
    table = next(t for t in _report((), limits).tables() if t.name == "limits-by-bank")
    shown_rows = list(table.rows)
    if not limits:
        assert shown_rows == []
        return
    present = sorted({s for _b, s, _n in limits})
    banks = sorted({b for b, _s, _n in limits})
    truth = {(b, s): n for b, s, n in limits}
    published = {(b, s): v for b, s, v in shown_rows}
    grid: list[list[int | None]] = []
    for bank in banks:
        # A row left out is a zero the reader knows.
        grid.append([published.get((bank, s), 0) for s in present])
    grid.append([published[(ALL_BANKS, s)] for s in present])
    for (bank, status), value in published.items():
        if bank != ALL_BANKS:
            assert value is None or value == truth.get((bank, status), 0)
    for (r, c), (least, greatest) in _bounds(grid, ()).items():
        assert least < greatest, (r, c, grid)


def test_the_scheme_csv_goes_through_the_shared_writer() -> None:
    from coprod.plugins import make_plugin_manager

    manager = make_plugin_manager(entry_points=False)
    report = TimebankReport((("=1+1", "2026-03", 2, 90, 30),), (), (), (), (), (), ())
    rendered = manager.exporter("csv", "timebank").render(report)
    # Formula neutralised, numbers exact as written (1.5 hours, not 1.50), CRLF.
    assert rendered == (
        "bank,month,transfers,minutes_exchanged,hours_exchanged,minutes_given_away,"
        "hours_given_away\r\n'=1+1,2026-03,2,90,1.5,30,0.5\r\n"
    )
    assert rendered == csv_text(next(report.tables()).columns, next(report.tables()).rows)

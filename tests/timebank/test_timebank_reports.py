"""Time-bank reports through the registered exporters: aggregates, names, hostile text."""

from __future__ import annotations

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest

from coprod.plugins import make_plugin_manager
from coprod.timebank import (
    BalanceLimits,
    BalanceRow,
    BalancesReport,
    Bank,
    LedgerTransfer,
    LimitStatus,
    Member,
    TransferOrder,
    build_timebank_report,
    hours,
)

DAY = datetime.date(2026, 3, 2)
HOSTILE = '=HYPERLINK("http://x")<script>alert(1)</script>|**b**'


def ledger(*orders: TransferOrder) -> list[LedgerTransfer]:
    return [
        LedgerTransfer(n, o.key, o.kind, o.on, o.entries, o.reverses) for n, o in enumerate(orders)
    ]


def test_hours_are_exact_to_the_hundredth() -> None:
    assert hours(90) == Decimal("1.50")
    assert hours(20) == Decimal("0.33")
    assert hours(-45) == Decimal("-0.75")


def test_every_format_is_registered_for_the_timebank_kind() -> None:
    manager = make_plugin_manager(entry_points=False)
    known = manager.exporters_for("timebank")
    assert {"summary", "json", "csv", "markdown", "html"} <= set(known)
    assert all(e.plugin == "coprod.builtin.export_timebank" for e in known.values())


@pytest.fixture
def hostile_balances() -> BalancesReport:
    return BalancesReport(
        (BalanceRow("m1", "cowal", "person", -90, LimitStatus.NEAR, HOSTILE),), include_names=True
    )


def test_hostile_names_are_escaped_in_every_format(hostile_balances: BalancesReport) -> None:
    manager = make_plugin_manager(entry_points=False)
    html = manager.exporter("html", "timebank").render(hostile_balances)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    rows = list(
        csv.reader(io.StringIO(manager.exporter("csv", "timebank").render(hostile_balances)))
    )
    assert rows[0] == ["member", "name", "bank", "kind", "minutes", "hours", "limit_status"]
    assert rows[1][1].startswith("'=HYPERLINK")
    assert rows[1][4:6] == ["-90", "-1.5"]  # numbers stay numbers, exact
    markdown = manager.exporter("markdown", "timebank").render(hostile_balances)
    assert "<script>" not in markdown
    assert "\\|" in markdown
    data = json.loads(manager.exporter("json", "timebank").render(hostile_balances))
    assert data["tables"][0]["rows"][0][1] == HOSTILE
    assert data["tables"][0]["rows"][0][5] == "-1.50"


def test_the_scheme_report_is_aggregate_unless_names_are_asked_for() -> None:
    banks = {"cowal": Bank("cowal", "Cowal", limits=BalanceLimits(soft_floor=-60, near=30))}
    members = {f"m{n}": Member(f"m{n}", "cowal", display_name=f"Person {n}") for n in range(7)}
    orders = [TransferOrder.pay(f"t{n}", "m0", [(f"m{n}", 30)], on=DAY) for n in range(1, 7)]
    report = build_timebank_report(banks, members, ledger(*orders))
    tables = {t.name: (t.columns, list(t.rows)) for t in report.tables()}
    assert "one-sided-members" not in tables
    # 7 members, all active (0 inactive); 6 earn and never spend; m0 alone spends and
    # never earns: that 1 is hidden, and so is the 6, which would give it away
    # (7 active = 6 + 1 + 0 other); the totals row is the same as the one bank's.
    assert tables["members-by-bank"][1] == [
        ("cowal", 7, 7, 0, None, None, 0),
        ("all banks", 7, 7, 0, None, None, 0),
    ]
    # m0 is at -180, past the soft floor of -60: one member, hidden (and its total).
    assert tables["limits-by-bank"][1] == [
        ("cowal", "past-soft", None),
        ("all banks", "past-soft", None),
    ]
    assert "Person" not in repr(tables)
    named = build_timebank_report(banks, members, ledger(*orders), include_names=True)
    named_tables = {t.name: list(t.rows) for t in named.tables()}
    assert named_tables["limits-by-bank"] == [
        ("cowal", "past-soft", 1),
        ("all banks", "past-soft", 1),
    ]
    assert ("m0", "Person 0", "cowal", "spends, never earns", 0, 180) in named_tables[
        "one-sided-members"
    ]
    # Six exchanges of 30 minutes in March 2026: 180 minutes, 3.00 hours.
    assert list(next(report.tables()).rows) == [
        ("cowal", "2026-03", 6, 180, Decimal("3.00"), 0, Decimal("0.00"))
    ]

"""The pure ledger: double entry, zero sums, reversals, limits, durations (002, 004)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coprod.timebank import (
    BalanceLimits,
    Bank,
    Entry,
    HardLimitError,
    LedgerTransfer,
    LimitStatus,
    Member,
    TransferKind,
    TransferOrder,
    TransferRefusedError,
    assess_transfer,
    balances,
    format_minutes,
    ledger_problems,
    parse_duration,
)

DAY = datetime.date(2026, 3, 2)
PEOPLE = ["ann", "bob", "cara", "dan", "eve"]


def recorded(order: TransferOrder, n: int) -> LedgerTransfer:
    return LedgerTransfer(n, order.key, order.kind, order.on, order.entries, order.reverses)


@st.composite
def ledgers(draw: st.DrawFn) -> list[LedgerTransfer]:
    """Random transfers (one-to-one, one-to-many, gifts) and reversals of earlier ones."""
    out: list[LedgerTransfer] = []
    reversed_keys: set[str] = set()
    for n in range(draw(st.integers(0, 40))):
        candidates = [
            t for t in out if t.kind is not TransferKind.REVERSAL and t.key not in reversed_keys
        ]
        if candidates and draw(st.integers(0, 4)) == 0:
            original = draw(st.sampled_from(candidates))
            order = TransferOrder.reversal_of(original, f"r{n}", on=DAY)
            reversed_keys.add(original.key)
        else:
            people = draw(st.permutations(PEOPLE))
            count = draw(st.integers(1, 3))
            payees = [(p, draw(st.integers(1, 24 * 60))) for p in people[1 : 1 + count]]
            kind = draw(st.sampled_from([TransferKind.EXCHANGE, TransferKind.GIFT]))
            order = TransferOrder.pay(f"t{n}", people[0], payees, on=DAY, kind=kind)
        out.append(recorded(order, n))
    return out


@given(ledgers())
def test_the_sum_of_all_balances_is_always_zero(transfers: list[LedgerTransfer]) -> None:
    totals = balances(transfers)
    assert sum(totals.values()) == 0
    assert ledger_problems(transfers, totals) == ()
    # Independently: what each member received minus what each paid.
    received = dict.fromkeys(PEOPLE, 0)
    for t in transfers:
        for e in t.entries:
            received[e.member] += e.minutes
    assert {p: totals.get(p, 0) for p in PEOPLE} == received


@given(ledgers())
def test_reversing_everything_brings_every_balance_back_to_zero(
    transfers: list[LedgerTransfer],
) -> None:
    reversed_keys = {t.reverses for t in transfers if t.reverses}
    full = list(transfers)
    for t in transfers:
        if t.kind is not TransferKind.REVERSAL and t.key not in reversed_keys:
            full.append(recorded(TransferOrder.reversal_of(t, f"undo-{t.key}", on=DAY), len(full)))
    assert set(balances(full).values()) <= {0}
    assert ledger_problems(full) == ()


def test_ledger_problems_are_found() -> None:
    good = recorded(TransferOrder.pay("t1", "ann", [("bob", 60)], on=DAY), 1)
    unbalanced = LedgerTransfer(
        2, "t2", TransferKind.EXCHANGE, DAY, (Entry("ann", -5), Entry("bob", 4))
    )
    twice = LedgerTransfer(3, "t1", TransferKind.EXCHANGE, DAY, good.entries)
    bad_reversal = LedgerTransfer(
        4, "r1", TransferKind.REVERSAL, DAY, (Entry("ann", 30), Entry("bob", -30)), "t1"
    )
    problems = [
        str(p) for p in ledger_problems([good, unbalanced, twice, bad_reversal], {"ann": 0})
    ]
    assert "transfer 't2': entries sum to -1 minutes, not zero" in problems
    assert "transfer 't1': the idempotency key is used twice" in problems
    assert "transfer 'r1': does not negate the transfer it reverses" in problems
    assert any("stored balance 0" in p for p in problems)


def test_a_transfer_must_balance_and_name_each_member_once() -> None:
    with pytest.raises(ValueError, match="sum to zero"):
        TransferOrder("k", "exchange", (Entry("ann", -60), Entry("bob", 30)), DAY)
    with pytest.raises(ValueError, match="appears twice"):
        TransferOrder("k", "exchange", (Entry("ann", -60), Entry("ann", 30), Entry("bob", 30)), DAY)
    with pytest.raises(ValueError, match="cannot pay themselves"):
        TransferOrder.pay("k", "ann", [("ann", 10)], on=DAY)
    with pytest.raises(ValueError, match="positive"):
        TransferOrder.pay("k", "ann", [("bob", 0)], on=DAY)
    with pytest.raises(ValueError, match="idempotency key"):
        TransferOrder.pay(" k", "ann", [("bob", 10)], on=DAY)
    with pytest.raises(ValueError, match="names the transfer it reverses"):
        TransferOrder("k", "reversal", (Entry("ann", -60), Entry("bob", 60)), DAY)


def test_the_digest_tells_a_retry_from_a_different_transfer() -> None:
    a = TransferOrder.pay("k", "ann", [("bob", 60), ("cara", 30)], on=DAY, description="x")
    assert (
        a.digest()
        == TransferOrder.pay(
            "k", "ann", [("bob", 60), ("cara", 30)], on=DAY, description="x"
        ).digest()
    )
    for other in (
        TransferOrder.pay("k", "ann", [("bob", 61), ("cara", 29)], on=DAY, description="x"),
        TransferOrder.pay("k", "ann", [("bob", 60), ("cara", 30)], on=DAY, description="y"),
        TransferOrder.pay(
            "k", "ann", [("bob", 60), ("cara", 30)], on=DAY, kind="gift", description="x"
        ),
        TransferOrder.pay(
            "k", "ann", [("bob", 60), ("cara", 30)], on=DAY + datetime.timedelta(1), description="x"
        ),
    ):
        assert other.digest() != a.digest()


BANKS = {
    "cowal": Bank("cowal", "Cowal", "argyll", BalanceLimits(soft_floor=-60, hard_floor=-120)),
    "bute": Bank("bute", "Bute", "argyll"),
    "leith": Bank("leith", "Leith"),
}
MEMBERS = {
    "ann": Member("ann", "cowal"),
    "bob": Member("bob", "bute"),
    "dee": Member("dee", "leith"),
    "club": Member("club", "cowal", kind="group"),
}


def test_rules_flag_soft_limits_and_refuse_hard_ones() -> None:
    order = TransferOrder.pay("k", "ann", [("bob", 90)], on=DAY)
    (flag,) = assess_transfer(order, MEMBERS, BANKS, {})
    assert (flag.member, flag.balance, flag.status) == ("ann", -90, LimitStatus.PAST_SOFT)
    with pytest.raises(HardLimitError):
        assess_transfer(order, MEMBERS, BANKS, {"ann": -31})
    # A reversal may always be recorded; so may imported history.
    reversal = TransferOrder.reversal_of(
        recorded(TransferOrder.pay("x", "bob", [("ann", 200)], on=DAY), 1), "r", on=DAY
    )
    assert assess_transfer(reversal, MEMBERS, BANKS, {"ann": 0})
    imported = TransferOrder.pay("i", "ann", [("bob", 500)], on=DAY, kind="imported")
    assess_transfer(imported, MEMBERS, BANKS, {})
    with pytest.raises(TransferRefusedError, match="not linked"):
        assess_transfer(TransferOrder.pay("k", "ann", [("dee", 5)], on=DAY), MEMBERS, BANKS, {})
    assess_transfer(
        TransferOrder.pay("k", "bob", [("club", 5)], on=DAY, kind="donation"), MEMBERS, BANKS, {}
    )


@pytest.mark.parametrize(
    ("balance", "status"),
    [
        (0, LimitStatus.WITHIN),
        (-59, LimitStatus.NEAR),
        (-60, LimitStatus.NEAR),
        (-61, LimitStatus.PAST_SOFT),
        (-120, LimitStatus.PAST_SOFT),
        (-121, LimitStatus.PAST_HARD),
        (1000, LimitStatus.WITHIN),
        (1060, LimitStatus.NEAR),
        (-20, LimitStatus.WITHIN),
        (-30, LimitStatus.NEAR),
        (1100, LimitStatus.PAST_SOFT),
        (1201, LimitStatus.PAST_HARD),
    ],
)
def test_limit_status(balance: int, status: LimitStatus) -> None:
    limits = BalanceLimits(
        soft_floor=-60, hard_floor=-120, soft_ceiling=1080, hard_ceiling=1200, near=30
    )
    assert limits.status(balance) is status


def test_limits_must_be_in_order() -> None:
    with pytest.raises(ValueError, match="hard_floor"):
        BalanceLimits(soft_floor=-60, hard_floor=-30)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("1:30", 90),
        ("0:05", 5),
        ("1.5h", 90),
        ("2 hours", 120),
        ("0.25h", 15),
        ("45m", 45),
        ("45 minutes", 45),
        ("10h", 600),
    ],
)
def test_durations(text: str, minutes: int) -> None:
    assert parse_duration(text) == minutes


@pytest.mark.parametrize("text", ["", "1", "0.01h", "1:75", "-1h", "1.234h", "h"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(ValueError, match=r"duration|minutes|hours"):
        parse_duration(text)


@given(st.integers(-(10**7), 10**7))
def test_format_minutes_round_trips(minutes: int) -> None:
    text = format_minutes(minutes)
    assert (-1 if text.startswith("-") else 1) * parse_duration(text.lstrip("-")) == minutes

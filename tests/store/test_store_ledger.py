"""The ledger in the store, on SQLite and PostgreSQL: rules, idempotency, erasure, check."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select, text

from coprod.store import TimebankStore, open_timebank
from coprod.store import schema as s
from coprod.timebank import (
    BalanceLimits,
    Bank,
    HardLimitError,
    IdempotencyConflictError,
    LimitStatus,
    Member,
    TransferOrder,
    TransferRefusedError,
)

DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def store(db_url: str) -> Iterator[TimebankStore]:
    """Two linked banks (Cowal with limits, Bute), a third unlinked one, five members."""
    store = open_timebank(db_url)
    limits = BalanceLimits(soft_floor=-300, hard_floor=-600, soft_ceiling=1200, hard_ceiling=1800)
    store.create_bank(Bank("cowal", "Cowal Timebank", linked_system="argyll", limits=limits))
    store.create_bank(Bank("bute", "Bute Timebank", linked_system="argyll"))
    store.create_bank(Bank("leith", "Leith Timebank"))
    store.add_member(Member("ann", "cowal", display_name="Ann A"))
    store.add_member(Member("bob", "cowal", display_name="Bob B"))
    store.add_member(Member("cara", "bute", display_name="Cara C"))
    store.add_member(Member("cafe", "cowal", kind="business", display_name="Shore Café"))
    store.add_member(Member("dee", "leith"))
    yield store
    store.engine.dispose()


def _count(store: TimebankStore, table: str) -> int:
    with store.engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(s.metadata.tables[table])))


def test_one_to_many_between_linked_banks_then_a_gift_and_a_reversal(
    store: TimebankStore,
) -> None:
    # ann is helped by bob (1:30) and cara of the linked Bute bank (0:45): she pays 2:15.
    store.record_transfer(
        TransferOrder.pay("t1", "ann", [("bob", 90), ("cara", 45)], on=DAY, description="garden")
    )
    # bob gives ann an hour for her birthday (004).
    store.record_transfer(TransferOrder.pay("g1", "bob", [("ann", 60)], on=DAY, kind="gift"))
    # cara donates half an hour to the café.
    store.record_transfer(TransferOrder.pay("d1", "cara", [("cafe", 30)], on=DAY, kind="donation"))
    # Hand calculation: ann -135 + 60 = -75; bob 90 - 60 = 30; cara 45 - 30 = 15; café 30.
    assert store.stored_balances() == {"ann": -75, "bob": 30, "cara": 15, "cafe": 30, "dee": 0}
    store.reverse("t1", "t1-fix", on=DAY)
    # The exchange undone: ann -75 + 135 = 60; bob 30 - 90 = -60; cara 15 - 45 = -30.
    assert store.stored_balances() == {"ann": 60, "bob": -60, "cara": -30, "cafe": 30, "dee": 0}
    report = store.check()
    assert report.sound, report.problems
    assert report.total_minutes == 0
    assert report.transfers == 4


def test_a_retry_with_the_same_key_is_recorded_once(store: TimebankStore) -> None:
    order = TransferOrder.pay("same-key", "ann", [("bob", 60)], on=DAY)
    first = store.record_transfer(order)
    again = store.record_transfer(order)
    assert not first.replayed
    assert again.replayed
    assert again.transfer == first.transfer
    assert _count(store, "time_transfers") == 1
    assert _count(store, "time_transfer_entries") == 2
    assert store.stored_balances()["bob"] == 60


def test_the_same_key_with_other_content_is_an_error_and_writes_nothing(
    store: TimebankStore,
) -> None:
    store.record_transfer(TransferOrder.pay("k", "ann", [("bob", 60)], on=DAY))
    with pytest.raises(IdempotencyConflictError, match="different transfer"):
        store.record_transfer(TransferOrder.pay("k", "ann", [("bob", 61)], on=DAY))
    with pytest.raises(IdempotencyConflictError):
        store.record_transfer(TransferOrder.pay("k", "cara", [("bob", 60)], on=DAY))
    assert _count(store, "time_transfers") == 1
    assert store.stored_balances()["bob"] == 60


def test_a_transfer_past_a_hard_limit_is_refused_and_nothing_is_written(
    store: TimebankStore,
) -> None:
    store.record_transfer(TransferOrder.pay("t1", "ann", [("bob", 500)], on=DAY))
    entries_before = _count(store, "time_transfer_entries")
    # ann is at -500; paying bob 60 and cara 50 would take her to -610, past -600.
    with pytest.raises(HardLimitError, match="hard limit"):
        store.record_transfer(
            TransferOrder.pay("t2", "ann", [("bob", 60), ("cara", 50)], on=DAY, description="x")
        )
    assert _count(store, "time_transfers") == 1
    assert _count(store, "time_transfer_entries") == entries_before
    assert _count(store, "time_transfer_notes") == 0
    assert store.stored_balances() == {"ann": -500, "bob": 500, "cara": 0, "cafe": 0, "dee": 0}
    # Exactly at the hard floor is allowed (it is not below it), and flagged.
    outcome = store.record_transfer(TransferOrder.pay("t3", "ann", [("cara", 100)], on=DAY))
    assert [(f.member, f.balance, f.status) for f in outcome.flags] == [
        ("ann", -600, LimitStatus.PAST_SOFT)
    ]
    # The key of the refused transfer was not used up: it can be recorded later.
    store.record_transfer(TransferOrder.pay("t2", "cara", [("ann", 20)], on=DAY))


def test_a_hard_ceiling_refuses_the_payee(store: TimebankStore) -> None:
    store.record_transfer(TransferOrder.pay("t1", "cara", [("bob", 1800)], on=DAY))
    with pytest.raises(HardLimitError):
        store.record_transfer(TransferOrder.pay("t2", "cara", [("bob", 1)], on=DAY))


def test_banks_that_are_not_linked_do_not_exchange(store: TimebankStore) -> None:
    with pytest.raises(TransferRefusedError, match="not linked"):
        store.record_transfer(TransferOrder.pay("t1", "ann", [("dee", 60)], on=DAY))
    assert _count(store, "time_transfers") == 0


def test_a_donation_goes_to_a_group_or_business(store: TimebankStore) -> None:
    with pytest.raises(TransferRefusedError, match="donation"):
        store.record_transfer(TransferOrder.pay("d", "ann", [("bob", 60)], on=DAY, kind="donation"))


def test_a_transfer_is_reversed_once_and_a_reversal_never(store: TimebankStore) -> None:
    store.record_transfer(TransferOrder.pay("t1", "ann", [("bob", 60)], on=DAY))
    store.reverse("t1", "r1", on=DAY)
    assert store.reverse("t1", "r1", on=DAY).replayed  # a retry of the same reversal
    with pytest.raises(TransferRefusedError, match="already reversed"):
        store.reverse("t1", "r2", on=DAY)
    with pytest.raises(TransferRefusedError, match="itself a reversal"):
        store.reverse("r1", "r3", on=DAY)
    assert store.stored_balances()["bob"] == 0
    assert store.check().sound


def test_unknown_members_are_refused(store: TimebankStore) -> None:
    with pytest.raises(TransferRefusedError, match="unknown member 'zed'"):
        store.record_transfer(TransferOrder.pay("t", "ann", [("zed", 60)], on=DAY))


def test_erasure_keeps_the_ledger_balanced_and_the_totals_unchanged(
    store: TimebankStore,
) -> None:
    store.record_transfer(
        TransferOrder.pay(
            "t1", "ann", [("bob", 90), ("cara", 30)], on=DAY, description="Ann's hedge"
        )
    )
    store.record_transfer(TransferOrder.pay("t2", "bob", [("cara", 15)], on=DAY, description="x"))
    totals_before = sorted(store.stored_balances().values())
    new_code = store.erase_member("ann")
    assert new_code.startswith("erased-")
    balances = store.stored_balances()
    assert "ann" not in balances
    assert balances[new_code] == -120
    assert sorted(balances.values()) == totals_before
    assert sum(balances.values()) == 0
    erased = store.member(new_code)
    assert erased.erased
    assert erased.display_name is None
    # The notes of ann's transfers are gone; bob's other note stays.
    notes = {t.key: t.description for t in store.transfers()}
    assert notes == {"t1": None, "t2": "x"}
    report = store.check()
    assert report.sound
    assert report.total_minutes == 0
    # An erased member takes part in no new exchange.
    with pytest.raises(TransferRefusedError, match="erased"):
        store.record_transfer(TransferOrder.pay("t3", new_code, [("bob", 10)], on=DAY))
    # Nothing personal is left in the database about ann.
    with store.engine.connect() as connection:
        dump = " ".join(
            str(row)
            for table in s.metadata.sorted_tables
            for row in connection.execute(select(table))
        )
    assert "Ann A" not in dump
    assert "hedge" not in dump


def test_the_check_finds_a_running_balance_that_disagrees_with_the_entries(
    store: TimebankStore,
) -> None:
    store.record_transfer(TransferOrder.pay("t1", "ann", [("bob", 60)], on=DAY))
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE member_balances SET balance_minutes = 999"))
    report = store.check()
    assert not report.sound
    assert any("stored balance 999" in p for p in report.problems)

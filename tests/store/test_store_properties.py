"""Random transfer sequences through the store: it agrees with plain arithmetic, always sums
to zero, and its on-demand check stays sound (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coprod.store import TimebankStore, open_timebank
from coprod.timebank import (
    BalanceLimits,
    Bank,
    HardLimitError,
    IdempotencyConflictError,
    Member,
    TransferOrder,
    TransferRefusedError,
)

DAY = datetime.date(2026, 3, 2)
PEOPLE = ("ann", "bob", "cara", "dan")
FLOOR = -180  # ann and bob's bank refuses balances below -3 hours


@pytest.fixture(scope="module")
def runs() -> itertools.count[int]:
    """Numbers the Hypothesis examples, so each uses keys of its own."""
    return itertools.count()


@pytest.fixture
def store(db_url: str) -> Iterator[TimebankStore]:
    store = open_timebank(db_url)
    store.create_bank(Bank("tight", "Tight", "sys", BalanceLimits(hard_floor=FLOOR)))
    store.create_bank(Bank("loose", "Loose", "sys"))
    for person in PEOPLE:
        store.add_member(Member(person, "tight" if person in ("ann", "bob") else "loose"))
    yield store
    store.engine.dispose()


_step = st.one_of(
    st.tuples(
        st.just("pay"),
        st.sampled_from(PEOPLE),
        st.lists(st.tuples(st.sampled_from(PEOPLE), st.integers(1, 120)), min_size=1, max_size=3),
    ),
    st.tuples(st.just("reverse"), st.integers(0, 50), st.just([])),
    st.tuples(st.just("retry"), st.integers(0, 50), st.just([])),
)


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(_step, max_size=12))
def test_random_sequences_keep_the_store_balanced(
    store: TimebankStore,
    runs: itertools.count[int],
    steps: list[tuple[str, object, list[tuple[str, int]]]],
) -> None:
    # Each example continues the same database under fresh keys: the invariants hold
    # for the whole ledger, whatever came before.
    run = next(runs)
    expected = dict(store.stored_balances())
    recorded: list[TransferOrder] = []
    reversed_keys: set[str] = set()
    for n, (action, arg, payees) in enumerate(steps):
        if action == "pay":
            payer = str(arg)
            merged: dict[str, int] = {}
            for person, minutes in payees:
                if person != payer:
                    merged[person] = merged.get(person, 0) + minutes
            if not merged:
                continue
            order = TransferOrder.pay(f"p{run}-{n}", payer, sorted(merged.items()), on=DAY)
            total = sum(merged.values())
            # Plain arithmetic, independent of coprod: refused if ann or bob would
            # end below the floor (only the payer's balance goes down here).
            refused = payer in ("ann", "bob") and expected[payer] - total < FLOOR
            if refused:
                with pytest.raises(HardLimitError):
                    store.record_transfer(order)
                continue
            store.record_transfer(order)
            expected[payer] -= total
            for person, minutes in merged.items():
                expected[person] += minutes
            recorded.append(order)
        elif action == "reverse" and recorded:
            original = recorded[int(str(arg)) % len(recorded)]
            if original.key in reversed_keys:
                with pytest.raises(TransferRefusedError, match="already reversed"):
                    store.reverse(original.key, f"r{run}-{n}", on=DAY)
                continue
            store.reverse(original.key, f"r{run}-{n}", on=DAY)
            reversed_keys.add(original.key)
            for entry in original.entries:
                expected[entry.member] -= entry.minutes
        elif action == "retry" and recorded:
            original = recorded[int(str(arg)) % len(recorded)]
            assert store.record_transfer(original).replayed
            changed = TransferOrder.pay(original.key, "cara", [("dan", 1)], on=DAY)
            if changed.digest() != original.digest():
                with pytest.raises(IdempotencyConflictError):
                    store.record_transfer(changed)
    assert store.stored_balances() == expected
    assert sum(expected.values()) == 0
    report = store.check()
    assert report.sound, report.problems
    assert report.total_minutes == 0

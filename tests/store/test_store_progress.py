"""Progress of the store's long work: a TimeOverflow import and a schema upgrade.

The callback gets monotone counts per stage, starting at 0 and ending at the stage's
total; the totals are counted here from the input (rows written by the test, the
migration files shipped), not taken from coprod.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from coprod.store import create_store_engine, open_timebank, upgrade
from coprod.timebank import (
    Bank,
    convert_timeoverflow,
    read_timeoverflow_members,
    read_timeoverflow_transfers,
)

Call = tuple[str, int, "int | None"]

MIGRATIONS = Path(__file__).resolve().parents[2] / "src" / "coprod" / "store" / "migrations"


def _exports(members: int, transfers: int) -> tuple[str, str]:
    """A TimeOverflow members export and a transfers export between those members."""
    member_rows = "".join(f"{n},Member {n},,,,,,,0\n" for n in range(1, members + 1))
    transfer_rows = "".join(
        f"2024-01-{1 + k % 28:02d} 10:00:00 UTC,Member {1 + k % members} ({1 + k % members}),"
        f"Member {1 + (k + 1) % members} ({1 + (k + 1) % members}),,1:00\n"
        for k in range(transfers)
    )
    return (
        "N,Name,Email,Phone,Alternative Phone,Created,Last login,Locale,Balance\n" + member_rows,
        "Date,From,To,Post,Quantity\n" + transfer_rows,
    )


def test_timeoverflow_import_reports_members_and_transfers(
    db_url: str, progress_stages: Callable[..., dict[str, list[int]]]
) -> None:
    members_csv, transfers_csv = _exports(members=7, transfers=120)
    data = convert_timeoverflow(
        "b",
        read_timeoverflow_members(members_csv, name="m.csv"),
        read_timeoverflow_transfers(transfers_csv, name="t.csv"),
    )
    store = open_timebank(db_url)
    try:
        store.create_bank(Bank(code="b", name="B"))
        calls: list[Call] = []
        outcome = store.import_timeoverflow(data, progress=lambda *call: calls.append(call))
        stages = progress_stages(calls)
        assert list(stages) == ["adding members", "recording transfers"]
        assert {stage: total for stage, _, total in calls} == {
            "adding members": 7,
            "recording transfers": 120,
        }
        # Each is a transaction: a call every 50, so a long import moves visibly.
        assert stages["recording transfers"] == [0, 50, 100, 120]
        assert (outcome.members_added, outcome.transfers_recorded) == (7, 120)
        # Again: nothing new, the same stages and totals (everything is looked at).
        calls.clear()
        again = store.import_timeoverflow(data, progress=lambda *call: calls.append(call))
        assert again.transfers_already_there == 120
        assert progress_stages(calls)["recording transfers"][-1] == 120
    finally:
        store.engine.dispose()


def test_import_without_a_callback_is_unchanged(db_url: str) -> None:
    members_csv, transfers_csv = _exports(members=3, transfers=4)
    data = convert_timeoverflow(
        "b", read_timeoverflow_members(members_csv), read_timeoverflow_transfers(transfers_csv)
    )
    store = open_timebank(db_url)
    try:
        store.create_bank(Bank(code="b", name="B"))
        outcome = store.import_timeoverflow(data)
        assert (outcome.members_added, outcome.transfers_recorded) == (3, 4)
    finally:
        store.engine.dispose()


def test_schema_upgrade_reports_each_migration_step(db_url: str) -> None:
    shipped = len(list((MIGRATIONS / "versions").glob("v[0-9]*.py")))
    assert shipped >= 2
    engine = create_store_engine(db_url)
    try:
        calls: list[Call] = []
        upgrade(engine, progress=lambda *call: calls.append(call))
        assert calls == [("upgrading the schema", n, shipped) for n in range(shipped + 1)]
        # Already at the newest: nothing to do, said as 0 of 0 (at the start and end,
        # as coprod.progress_callback.counted says an empty stage).
        calls.clear()
        upgrade(engine, progress=lambda *call: calls.append(call))
        assert calls == [("upgrading the schema", 0, 0)] * 2
    finally:
        engine.dispose()


def test_schema_upgrade_step_by_step(tmp_path: Path) -> None:
    """Up to the first revision, then on to the newest: each run counts its own steps."""
    shipped = sorted((MIGRATIONS / "versions").glob("v[0-9]*.py"))
    first = shipped[0].stem.removeprefix("v")  # v0001_timebank.py: revision 0001_timebank
    engine = create_store_engine(f"sqlite:///{tmp_path / 'steps.sqlite'}")
    try:
        calls: list[Call] = []
        assert upgrade(engine, first, progress=lambda *call: calls.append(call)) == first
        assert calls == [("upgrading the schema", 0, 1), ("upgrading the schema", 1, 1)]
        calls.clear()
        upgrade(engine, progress=lambda *call: calls.append(call))
        rest = len(shipped) - 1
        assert calls == [("upgrading the schema", n, rest) for n in range(rest + 1)]
    finally:
        engine.dispose()

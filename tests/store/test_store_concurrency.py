"""Eight writer processes, thousands of transfers: nothing lost, nothing counted twice.

Each worker records its own transfers between random members, records every tenth
one a second time with the same key (a retry), records one transfer every worker
shares by key (recorded once in all), and keeps trying to take a member with a
hard limit further below it (refused atomically once the limit is reached).
"""

from __future__ import annotations

import datetime
import multiprocessing
import random
import time

from sqlalchemy import func, select

from coprod.store import open_timebank
from coprod.store import schema as s
from coprod.timebank import BalanceLimits, Bank, HardLimitError, Member, TransferOrder

WORKERS = 8
PER_WORKER = 250
MEMBERS = [f"m{n:02d}" for n in range(12)]
TIGHT = "tight"  # in the bank with a hard floor of -100 minutes
HARD_FLOOR = -100
DAY = datetime.date(2026, 3, 2)


def _worker(url: str, worker: int, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    store = open_timebank(url, create=False)
    rng = random.Random(worker)
    recorded: list[str] = []
    replayed = 0
    refused = 0
    tight_paid = 0
    try:
        shared = TransferOrder.pay("shared-key", "m00", [("m01", 7)], on=DAY)
        if not store.record_transfer(shared).replayed:
            recorded.append(shared.key)
        for i in range(PER_WORKER):
            if i % 25 == 0:
                # Keep pushing the tight member past its hard floor.
                order = TransferOrder.pay(f"w{worker}-tight-{i}", TIGHT, [("m02", 9)], on=DAY)
                try:
                    store.record_transfer(order)
                    recorded.append(order.key)
                    tight_paid += 9
                except HardLimitError:
                    refused += 1
                continue
            payer, *payees = rng.sample(MEMBERS, rng.choice((2, 2, 3)))
            order = TransferOrder.pay(
                f"w{worker}-{i}", payer, [(p, rng.randint(1, 30)) for p in payees], on=DAY
            )
            if not store.record_transfer(order).replayed:
                recorded.append(order.key)
            # Every tenth again with the same key, as after a lost reply.
            if i % 10 == 0 and store.record_transfer(order).replayed:
                replayed += 1
        queue.put((worker, recorded, replayed, refused, tight_paid, None))
    except Exception as error:  # pragma: no cover - reported to the parent
        queue.put((worker, recorded, replayed, refused, tight_paid, repr(error)))
    finally:
        store.engine.dispose()


def test_eight_writer_processes_lose_nothing_and_count_nothing_twice(db_url: str) -> None:
    store = open_timebank(db_url)
    store.create_bank(Bank("cowal", "Cowal", linked_system="argyll"))
    store.create_bank(
        Bank("tight", "Tight", linked_system="argyll", limits=BalanceLimits(hard_floor=HARD_FLOOR))
    )
    for code in MEMBERS:
        store.add_member(Member(code, "cowal"))
    store.add_member(Member(TIGHT, "tight"))
    store.engine.dispose()

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    queue = context.Queue()
    started = time.perf_counter()
    processes = [context.Process(target=_worker, args=(db_url, n, queue)) for n in range(WORKERS)]
    for process in processes:
        process.start()
    # While they write, the on-demand check keeps seeing a sound ledger (one snapshot).
    checker = open_timebank(db_url, create=False)
    checks = 0
    try:
        while checks < 20 and any(p.is_alive() for p in processes) and queue.empty():
            report = checker.check()
            assert report.sound, report.problems[:5]
            assert report.total_minutes == 0
            checks += 1
            time.sleep(0.05)
    finally:
        checker.engine.dispose()
    results = [queue.get(timeout=240) for _ in processes]
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0
    elapsed = time.perf_counter() - started
    errors = [r[5] for r in results if r[5]]
    assert not errors, errors

    recorded = [key for r in results for key in r[1]]
    assert len(recorded) == len(set(recorded)), "a worker recorded a key another also did"
    assert recorded.count("shared-key") == 1
    retries = sum(1 for i in range(PER_WORKER) if i % 10 == 0 and i % 25)
    assert sum(r[2] for r in results) == WORKERS * retries  # every retry replayed
    tight_paid = sum(r[4] for r in results)
    refused = sum(r[3] for r in results)
    # -100 allows 11 payments of 9 minutes (-99); every later one is refused.
    assert tight_paid == 99
    assert refused == WORKERS * (PER_WORKER // 25) - 11

    store = open_timebank(db_url, create=False)
    try:
        with store.engine.connect() as connection:
            keys = connection.execute(select(s.time_transfers.c.idempotency_key)).scalars().all()
            entry_total = connection.scalar(select(func.sum(s.time_transfer_entries.c.minutes)))
        assert sorted(keys) == sorted(recorded)  # nothing lost, nothing extra
        assert len(keys) >= WORKERS * PER_WORKER * 0.9  # thousands of transfers
        assert int(entry_total) == 0
        balances = store.stored_balances()
        assert sum(balances.values()) == 0
        assert balances[TIGHT] == -99
        report = store.check()
        assert report.sound, report.problems[:5]
    finally:
        store.engine.dispose()
    print(f"{len(keys)} transfers by {WORKERS} processes in {elapsed:.1f} s; {checks} checks")

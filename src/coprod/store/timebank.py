"""The time bank in the store: banks, members, offers, requests and the ledger.

Every method is one database transaction. :meth:`TimebankStore.record_transfer`
locks the balances of the members involved (``BEGIN IMMEDIATE`` on SQLite, ``FOR
UPDATE`` in member order on PostgreSQL), then looks the idempotency key up: a
retry returns the transfer already recorded, a different transfer under the same
key raises :class:`~coprod.timebank.IdempotencyConflictError`. Otherwise the
time bank's rules (:func:`coprod.timebank.assess_transfer`) run on the locked
balances; a refusal (a hard limit, say) rolls the whole transaction back, so
nothing of the transfer is written. Ledger rows are only inserted; the schema's
triggers refuse updates and deletes.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs
from sqlalchemy import Connection, Engine, and_, bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from coprod.errors import CoprodError, InvalidInputError
from coprod.people import CapabilityLevel, Frequency, NeedPriority
from coprod.progress_callback import ProgressCallback, counted
from coprod.store import schema as s
from coprod.store.engine import retrying, write_transaction
from coprod.timebank import (
    AvailabilityWindow,
    BalanceLimits,
    Bank,
    CheckReport,
    Entry,
    IdempotencyConflictError,
    LedgerTransfer,
    LimitFlag,
    Member,
    MemberKind,
    Offer,
    OptOut,
    Request,
    StatementReport,
    TimeOverflowImport,
    TransferKind,
    TransferOrder,
    TransferRefusedError,
    assess_transfer,
    check_report,
    statement,
)
from coprod.timebank.model import Involves

__all__ = ["ImportOutcome", "TimebankStore", "TransferOutcome", "UnknownError"]

#: Members or transfers between two progress calls of an import: each is a
#: transaction (a few milliseconds on SQLite), so far fewer than ``STEP``.
_STEP = 50


class UnknownError(CoprodError, KeyError):
    """A bank, member, offer, request or transfer code that the store does not hold."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown"


@attrs.frozen
class TransferOutcome:
    """What recording a transfer did: the transfer, soft-limit flags, and whether it
    was already recorded under the same key (``replayed``)."""

    transfer: LedgerTransfer
    flags: tuple[LimitFlag, ...]
    replayed: bool


@attrs.frozen
class ImportOutcome:
    """What an import did, and where the ledger disagrees with the exported balances."""

    members_added: int
    transfers_recorded: int
    transfers_already_there: int
    notes: tuple[str, ...]
    balance_mismatches: tuple[str, ...]


def _utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def _clock(minute: int | None) -> str | None:
    return None if minute is None else f"{minute // 60:02d}:{minute % 60:02d}"


def _minute(text: str | None) -> int | None:
    if text is None:
        return None
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


class TimebankStore:
    """The time bank's tables behind plain methods (see the module docstring).

    ``clock`` gives the time recorded in ``*_at`` columns (UTC now by default);
    the days of exchanges are the caller's (``TransferOrder.on``).
    """

    def __init__(self, engine: Engine, *, clock: Callable[[], datetime.datetime] = _utcnow) -> None:
        self.engine = engine
        self._clock = clock
        self._postgres = engine.dialect.name == "postgresql"
        self._bank_cache: dict[str, Bank] = {}

    # -- writing -----------------------------------------------------------------

    def _write(self, action: Callable[[Connection], Any]) -> Any:
        def attempt() -> Any:
            with write_transaction(self.engine) as connection:
                return action(connection)

        return retrying(attempt)

    def create_bank(self, bank: Bank) -> None:
        """Add ``bank``; its code must be new."""

        def action(c: Connection) -> None:
            if c.scalar(select(s.time_banks.c.id).where(s.time_banks.c.bank_code == bank.code)):
                raise InvalidInputError.single(f"bank {bank.code!r}", "already exists")
            limits = bank.limits
            c.execute(
                insert(s.time_banks).values(
                    bank_code=bank.code,
                    name=bank.name,
                    linked_system=bank.linked_system,
                    soft_floor_minutes=limits.soft_floor,
                    hard_floor_minutes=limits.hard_floor,
                    soft_ceiling_minutes=limits.soft_ceiling,
                    hard_ceiling_minutes=limits.hard_ceiling,
                    near_limit_margin_minutes=limits.near,
                    min_references=bank.min_references,
                    created_at=self._clock(),
                )
            )

        self._write(action)

    def add_member(self, member: Member) -> None:
        """Add ``member`` (with availability and opt-outs) to its bank, balance zero."""
        self._write(lambda c: self._insert_member(c, member))

    def _insert_member(self, c: Connection, member: Member) -> int:
        bank_id = c.scalar(select(s.time_banks.c.id).where(s.time_banks.c.bank_code == member.bank))
        if bank_id is None:
            raise UnknownError(f"unknown bank {member.bank!r}")
        m = s.time_bank_members
        if c.scalar(select(m.c.id).where(m.c.member_code == member.code)):
            raise InvalidInputError.single(f"member {member.code!r}", "already exists")
        member_id = c.execute(
            insert(m)
            .values(
                member_code=member.code,
                bank_id=bank_id,
                member_kind=member.kind.value,
                display_name=member.display_name,
                area=member.area,
                references_count=member.references,
                protection_check=member.protection_check,
                agreement_signed_on=member.agreement_signed_on,
                consents_to_be_asked=member.consent,
                joined_at=self._clock(),
            )
            .returning(m.c.id)
        ).scalar_one()
        c.execute(insert(s.member_balances).values(member_id=member_id, balance_minutes=0))
        self._insert_schedule(c, member_id, member.availability, member.opt_outs)
        return int(member_id)

    def _insert_schedule(
        self,
        c: Connection,
        member_id: int,
        windows: Iterable[AvailabilityWindow],
        opt_outs: Iterable[OptOut],
    ) -> None:
        for w in windows:
            c.execute(
                insert(s.member_availability).values(
                    member_id=member_id,
                    weekdays=str(w).split(" ")[0],
                    from_time=_clock(w.start),
                    until_time=_clock(w.end),
                )
            )
        for o in opt_outs:
            c.execute(
                insert(s.member_opt_outs).values(
                    member_id=member_id, first_day=o.first_day, last_day=o.last_day
                )
            )

    def update_member(
        self,
        code: str,
        *,
        references: int | None = None,
        protection_check: bool | None = None,
        agreement_signed_on: datetime.date | None = None,
        consent: bool | None = None,
        area: str | None = None,
        availability: Sequence[AvailabilityWindow] | None = None,
        add_opt_outs: Sequence[OptOut] = (),
    ) -> Member:
        """Change what a broker knows of a member; ``availability`` replaces the windows."""
        current = self.member(code)
        changed = attrs.evolve(
            current,
            references=current.references if references is None else references,
            protection_check=(
                current.protection_check if protection_check is None else protection_check
            ),
            agreement_signed_on=agreement_signed_on or current.agreement_signed_on,
            consent=current.consent if consent is None else consent,
            area=current.area if area is None else area,
        )

        def action(c: Connection) -> None:
            m = s.time_bank_members
            member_id = self._member_id(c, code)
            c.execute(
                update(m)
                .where(m.c.id == member_id)
                .values(
                    references_count=changed.references,
                    protection_check=changed.protection_check,
                    agreement_signed_on=changed.agreement_signed_on,
                    consents_to_be_asked=changed.consent,
                    area=changed.area,
                )
            )
            if availability is not None:
                c.execute(
                    s.member_availability.delete().where(
                        s.member_availability.c.member_id == member_id
                    )
                )
            self._insert_schedule(c, member_id, availability or (), add_opt_outs)

        self._write(action)
        return self.member(code)

    def _member_id(self, c: Connection, code: str) -> int:
        found = c.scalar(
            select(s.time_bank_members.c.id).where(s.time_bank_members.c.member_code == code)
        )
        if found is None:
            raise UnknownError(f"unknown member {code!r}")
        return int(found)

    def add_offer(self, offer: Offer) -> None:
        """Record what a member offers."""

        def action(c: Connection) -> None:
            member_id = self._member_id(c, offer.member)
            o = s.time_offers
            if c.scalar(select(o.c.id).where(o.c.offer_code == offer.code)):
                raise InvalidInputError.single(f"offer {offer.code!r}", "already exists")
            c.execute(
                insert(o).values(
                    offer_code=offer.code,
                    member_id=member_id,
                    category=offer.category,
                    area=offer.area,
                    also_covers=";".join(sorted(offer.also_covers)),
                    anywhere=offer.anywhere,
                    capability_level=offer.level.value,
                    capacity=offer.capacity,
                    created_at=self._clock(),
                )
            )

        self._write(action)

    def add_request(self, request: Request) -> None:
        """Record what a member asks for (status ``open``)."""

        def action(c: Connection) -> None:
            member_id = self._member_id(c, request.member)
            r = s.time_requests
            if c.scalar(select(r.c.id).where(r.c.request_code == request.code)):
                raise InvalidInputError.single(f"request {request.code!r}", "already exists")
            c.execute(
                insert(r).values(
                    request_code=request.code,
                    member_id=member_id,
                    category=request.category,
                    area=request.area,
                    wanted_on=request.on,
                    from_time=_clock(request.start),
                    until_time=_clock(request.end),
                    frequency=request.frequency.value,
                    involves=request.involves.value,
                    home_visit=request.home_visit,
                    helpers_needed=request.helpers,
                    needs_reliability=request.reliability,
                    priority=request.priority.value,
                    request_status="open",
                    created_at=self._clock(),
                )
            )

        self._write(action)

    def close_request(self, code: str, status: str = "met") -> None:
        """Mark a request ``met`` or ``withdrawn``."""
        if status not in ("met", "withdrawn", "open"):
            raise InvalidInputError.single("status", "expected met, withdrawn or open")

        def action(c: Connection) -> None:
            r = s.time_requests
            done = c.execute(
                update(r).where(r.c.request_code == code).values(request_status=status)
            )
            if done.rowcount == 0:
                raise UnknownError(f"unknown request {code!r}")

        self._write(action)

    # -- the ledger --------------------------------------------------------------

    def record_transfer(self, order: TransferOrder) -> TransferOutcome:
        """Record ``order`` once, atomically, under the rules (see the module docstring).

        Raises :class:`~coprod.timebank.TransferRefusedError` (or its
        :class:`~coprod.timebank.HardLimitError`) when the rules refuse it and
        :class:`~coprod.timebank.IdempotencyConflictError` when the key already
        names a different transfer; nothing is written in either case.
        """
        digest = order.digest()

        def action(c: Connection) -> TransferOutcome:
            codes = sorted({e.member for e in order.entries})
            m, b = s.time_bank_members, s.member_balances
            # One query reads the members, their banks and their balances, and on
            # PostgreSQL locks those balance rows (in member order: no deadlocks)
            # until the transaction ends. SQLite's BEGIN IMMEDIATE locks it all.
            query = (
                select(m, s.time_banks.c.bank_code, b.c.balance_minutes)
                .join(s.time_banks, s.time_banks.c.id == m.c.bank_id)
                .join(b, b.c.member_id == m.c.id)
                .where(m.c.member_code.in_(codes))
                .order_by(m.c.id)
            )
            if self._postgres:
                query = query.with_for_update(of=b)
            rows = c.execute(query).all()
            ids = {row.member_code: row.id for row in rows}
            missing = [code for code in codes if code not in ids]
            if missing:
                raise TransferRefusedError(f"unknown member {missing[0]!r}")
            t = s.time_transfers
            found = c.execute(
                select(t.c.id, t.c.content_sha256).where(t.c.idempotency_key == order.key)
            ).first()
            if found is not None:
                existing = self._transfer_by_key(c, order.key)
                assert existing is not None
                if existing.digest != digest:
                    raise IdempotencyConflictError(
                        f"idempotency key {order.key!r} already names a different transfer "
                        f"(recorded on {existing.on.isoformat()})"
                    )
                return TransferOutcome(existing, (), True)
            original_id = None
            if order.reverses is not None:
                original = self._transfer_by_key(c, order.reverses)
                if original is None:
                    raise TransferRefusedError(f"unknown transfer {order.reverses!r}")
                expected = TransferOrder.reversal_of(original, order.key, on=order.on)
                if sorted(attrs.astuple(e) for e in expected.entries) != sorted(
                    attrs.astuple(e) for e in order.entries
                ):
                    raise TransferRefusedError("a reversal must negate the original exactly")
                original_id = original.id
                t = s.time_transfers
                if c.scalar(select(t.c.id).where(t.c.reverses_transfer_id == original_id)):
                    raise TransferRefusedError(f"transfer {order.reverses!r} is already reversed")
            # Banks are never changed once created: a per-store cache saves a query per
            # transfer, refreshed when a bank created since (by anyone) is involved.
            if any(row.bank_code not in self._bank_cache for row in rows):
                self._bank_cache = self._banks(c)
            banks = self._bank_cache
            members = {row.member_code: self._member_from_row(row, row.bank_code) for row in rows}
            before = {row.member_code: int(row.balance_minutes) for row in rows}
            flags = assess_transfer(order, members, banks, before)
            transfer_id = c.execute(
                insert(s.time_transfers)
                .values(
                    idempotency_key=order.key,
                    content_sha256=digest,
                    transfer_kind=order.kind.value,
                    exchanged_on=order.on,
                    reverses_transfer_id=original_id,
                    recorded_at=self._clock(),
                )
                .returning(s.time_transfers.c.id)
            ).scalar_one()
            c.execute(
                insert(s.time_transfer_entries),
                [
                    {"transfer_id": transfer_id, "member_id": ids[e.member], "minutes": e.minutes}
                    for e in order.entries
                ],
            )
            if order.description:
                c.execute(
                    insert(s.time_transfer_notes).values(
                        transfer_id=transfer_id, note=order.description
                    )
                )
            c.execute(
                update(b)
                .where(b.c.member_id == bindparam("entry_member"))
                .values(balance_minutes=b.c.balance_minutes + bindparam("entry_minutes")),
                [
                    {"entry_member": ids[e.member], "entry_minutes": e.minutes}
                    for e in order.entries
                ],
            )
            recorded = LedgerTransfer(
                id=int(transfer_id),
                key=order.key,
                kind=order.kind,
                on=order.on,
                entries=order.entries,
                reverses=order.reverses,
                digest=digest,
                description=order.description,
            )
            return TransferOutcome(recorded, flags, False)

        for _ in range(3):
            try:
                result: TransferOutcome = self._write(action)
                return result
            except IntegrityError:
                # Another process recorded the same key (or reversed the same
                # transfer) between our look-up and our insert: look again.
                continue
        return self._write(action)  # type: ignore[no-any-return]

    def reverse(
        self,
        original_key: str,
        key: str,
        *,
        on: datetime.date,
        description: str | None = None,
    ) -> TransferOutcome:
        """Record the transfer that undoes ``original_key`` exactly (once)."""
        original = self.transfer(original_key)
        order = TransferOrder.reversal_of(original, key, on=on, description=description)
        return self.record_transfer(order)

    def _transfer_by_key(self, c: Connection, key: str) -> LedgerTransfer | None:
        t = s.time_transfers
        found = self._transfers(c, t.c.idempotency_key == key)
        return found[0] if found else None

    def _transfers(self, c: Connection, where: Any = None) -> list[LedgerTransfer]:
        t, e, m, n = (
            s.time_transfers,
            s.time_transfer_entries,
            s.time_bank_members,
            s.time_transfer_notes,
        )
        original = t.alias("original")
        query = (
            select(
                t.c.id,
                t.c.idempotency_key,
                t.c.transfer_kind,
                t.c.exchanged_on,
                t.c.content_sha256,
                original.c.idempotency_key.label("reverses_key"),
                n.c.note,
                m.c.member_code,
                e.c.minutes,
            )
            .join(e, e.c.transfer_id == t.c.id)
            .join(m, m.c.id == e.c.member_id)
            .outerjoin(original, original.c.id == t.c.reverses_transfer_id)
            .outerjoin(n, n.c.transfer_id == t.c.id)
            .order_by(t.c.id, e.c.id)
        )
        if where is not None:
            query = query.where(where)
        out: list[LedgerTransfer] = []
        current: dict[str, Any] | None = None
        entries: list[Entry] = []
        for row in c.execute(query):
            if current is None or current["id"] != row.id:
                if current is not None:
                    out.append(self._ledger_transfer(current, entries))
                current = dict(row._mapping)
                entries = []
            entries.append(Entry(row.member_code, int(row.minutes)))
        if current is not None:
            out.append(self._ledger_transfer(current, entries))
        return out

    @staticmethod
    def _ledger_transfer(row: Mapping[str, Any], entries: list[Entry]) -> LedgerTransfer:
        return LedgerTransfer(
            id=int(row["id"]),
            key=row["idempotency_key"],
            kind=TransferKind(row["transfer_kind"]),
            on=row["exchanged_on"],
            entries=tuple(entries),
            reverses=row["reverses_key"],
            digest=row["content_sha256"],
            description=row["note"],
        )

    # -- reading -----------------------------------------------------------------

    def _read(self, action: Callable[[Connection], Any]) -> Any:
        """Run ``action`` in one read transaction that sees one consistent snapshot.

        SQLite (WAL) gives a read transaction a snapshot from its first read;
        PostgreSQL needs REPEATABLE READ for that (READ COMMITTED, its default, lets
        each statement see newer commits).
        """
        with self.engine.connect() as connection:
            if self._postgres:
                connection = connection.execution_options(isolation_level="REPEATABLE READ")
            with connection.begin():
                return action(connection)

    def transfers(self) -> list[LedgerTransfer]:
        """Every transfer, in recording order."""
        result: list[LedgerTransfer] = self._read(self._transfers)
        return result

    def transfer(self, key: str) -> LedgerTransfer:
        """The transfer recorded under ``key``."""
        found: LedgerTransfer | None = self._read(lambda c: self._transfer_by_key(c, key))
        if found is None:
            raise UnknownError(f"unknown transfer {key!r}")
        return found

    def _banks(self, c: Connection) -> dict[str, Bank]:
        out = {}
        for row in c.execute(select(s.time_banks)):
            out[row.bank_code] = Bank(
                code=row.bank_code,
                name=row.name,
                linked_system=row.linked_system,
                limits=BalanceLimits(
                    soft_floor=row.soft_floor_minutes,
                    hard_floor=row.hard_floor_minutes,
                    soft_ceiling=row.soft_ceiling_minutes,
                    hard_ceiling=row.hard_ceiling_minutes,
                    near=row.near_limit_margin_minutes,
                ),
                min_references=row.min_references,
            )
        return out

    def banks(self) -> dict[str, Bank]:
        """Every bank by code."""
        result: dict[str, Bank] = self._read(self._banks)
        return result

    @staticmethod
    def _member_from_row(
        row: Any,
        bank_code: str,
        windows: Sequence[AvailabilityWindow] = (),
        opt_outs: Sequence[OptOut] = (),
    ) -> Member:
        return Member(
            code=row.member_code,
            bank=bank_code,
            kind=MemberKind(row.member_kind),
            display_name=row.display_name,
            area=row.area,
            references=row.references_count,
            protection_check=bool(row.protection_check),
            agreement_signed_on=row.agreement_signed_on,
            consent=bool(row.consents_to_be_asked),
            availability=tuple(windows),
            opt_outs=tuple(opt_outs),
            erased=row.erased_at is not None,
        )

    def _members(self, c: Connection) -> dict[str, Member]:
        windows: dict[int, list[AvailabilityWindow]] = {}
        for w in c.execute(select(s.member_availability).order_by(s.member_availability.c.id)):
            windows.setdefault(w.member_id, []).append(
                AvailabilityWindow(
                    frozenset(w.weekdays.split(",")),
                    _minute(w.from_time) or 0,
                    _minute(w.until_time) or 0,
                )
            )
        opt_outs: dict[int, list[OptOut]] = {}
        for o in c.execute(select(s.member_opt_outs).order_by(s.member_opt_outs.c.id)):
            opt_outs.setdefault(o.member_id, []).append(OptOut(o.first_day, o.last_day))
        out = {}
        query = (
            select(s.time_bank_members, s.time_banks.c.bank_code)
            .join(s.time_banks, s.time_banks.c.id == s.time_bank_members.c.bank_id)
            .order_by(s.time_bank_members.c.member_code)
        )
        for row in c.execute(query):
            out[row.member_code] = self._member_from_row(
                row, row.bank_code, windows.get(row.id, ()), opt_outs.get(row.id, ())
            )
        return out

    def members(self) -> dict[str, Member]:
        """Every member by code, with availability and opt-outs."""
        result: dict[str, Member] = self._read(self._members)
        return result

    def member(self, code: str) -> Member:
        """One member."""
        found = self.members().get(code)
        if found is None:
            raise UnknownError(f"unknown member {code!r}")
        return found

    def offers(self, *, include_withdrawn: bool = False) -> list[Offer]:
        """Offers by code (open ones unless ``include_withdrawn``)."""
        o, m = s.time_offers, s.time_bank_members
        query = select(o, m.c.member_code).join(m, m.c.id == o.c.member_id).order_by(o.c.offer_code)
        if not include_withdrawn:
            query = query.where(o.c.withdrawn_at.is_(None))

        def action(c: Connection) -> list[Offer]:
            return [
                Offer(
                    code=row.offer_code,
                    member=row.member_code,
                    category=row.category,
                    area=row.area,
                    also_covers=frozenset(a for a in row.also_covers.split(";") if a),
                    anywhere=bool(row.anywhere),
                    level=CapabilityLevel(row.capability_level),
                    capacity=row.capacity,
                )
                for row in c.execute(query)
            ]

        result: list[Offer] = self._read(action)
        return result

    def requests(self, *, status: str | None = "open") -> list[Request]:
        """Requests by code with ``status`` (every request for ``None``)."""
        r, m = s.time_requests, s.time_bank_members
        query = (
            select(r, m.c.member_code).join(m, m.c.id == r.c.member_id).order_by(r.c.request_code)
        )
        if status is not None:
            query = query.where(r.c.request_status == status)

        def action(c: Connection) -> list[Request]:
            return [
                Request(
                    code=row.request_code,
                    member=row.member_code,
                    category=row.category,
                    area=row.area,
                    on=row.wanted_on,
                    start=_minute(row.from_time),
                    end=_minute(row.until_time),
                    frequency=Frequency(row.frequency),
                    involves=Involves(row.involves),
                    home_visit=bool(row.home_visit),
                    helpers=row.helpers_needed,
                    reliability=bool(row.needs_reliability),
                    priority=NeedPriority(row.priority),
                )
                for row in c.execute(query)
            ]

        result: list[Request] = self._read(action)
        return result

    def request(self, code: str) -> Request:
        """One request, whatever its status."""
        for request in self.requests(status=None):
            if request.code == code:
                return request
        raise UnknownError(f"unknown request {code!r}")

    def stored_balances(self) -> dict[str, int]:
        """The running balances the store keeps, by member code."""
        b, m = s.member_balances, s.time_bank_members
        query = select(m.c.member_code, b.c.balance_minutes).join(m, m.c.id == b.c.member_id)
        result: dict[str, int] = self._read(
            lambda c: {row[0]: int(row[1]) for row in c.execute(query)}
        )
        return result

    def statement(self, code: str) -> StatementReport:
        """The statement of member ``code``."""
        self.member(code)
        return statement(code, self.transfers())

    def check(self) -> CheckReport:
        """Check the whole ledger against itself and the running balances, in one snapshot."""

        def action(c: Connection) -> CheckReport:
            b, m = s.member_balances, s.time_bank_members
            query = select(m.c.member_code, b.c.balance_minutes).join(m, m.c.id == b.c.member_id)
            stored = {row[0]: int(row[1]) for row in c.execute(query)}
            report = check_report(self._transfers(c), stored)
            grand = c.scalar(select(func.coalesce(func.sum(s.time_transfer_entries.c.minutes), 0)))
            if int(grand or 0) != 0 and report.sound:  # pragma: no cover - belt and braces
                return attrs.evolve(report, problems=(f"entries sum to {grand} minutes",))
            return report

        # One snapshot: the balances and the entries checked are of the same moment,
        # while other brokers go on recording transfers.
        result: CheckReport = self._read(action)
        return result

    # -- personal data -----------------------------------------------------------

    def erase_member(self, code: str) -> str:
        """Erase a member's personal data; the ledger and every balance stay as they are.

        The member's name and area are emptied, availability and opt-out periods
        deleted, the notes of their transfers deleted, their offers withdrawn and
        open requests withdrawn, and their code replaced by ``erased-<row id>``.
        Ledger rows (transfers and entries) are not touched. Returns the new code.
        """
        now = self._clock()

        def action(c: Connection) -> str:
            member_id = self._member_id(c, code)
            m = s.time_bank_members
            new_code = f"erased-{member_id}"
            c.execute(
                update(m)
                .where(m.c.id == member_id)
                .values(member_code=new_code, display_name=None, area=None, erased_at=now)
            )
            for table in (s.member_availability, s.member_opt_outs):
                c.execute(table.delete().where(table.c.member_id == member_id))
            their_transfers = select(s.time_transfer_entries.c.transfer_id).where(
                s.time_transfer_entries.c.member_id == member_id
            )
            c.execute(
                s.time_transfer_notes.delete().where(
                    s.time_transfer_notes.c.transfer_id.in_(their_transfers)
                )
            )
            c.execute(
                update(s.time_offers)
                .where(
                    and_(
                        s.time_offers.c.member_id == member_id,
                        s.time_offers.c.withdrawn_at.is_(None),
                    )
                )
                .values(withdrawn_at=now)
            )
            c.execute(
                update(s.time_requests)
                .where(
                    and_(
                        s.time_requests.c.member_id == member_id,
                        s.time_requests.c.request_status == "open",
                    )
                )
                .values(request_status="withdrawn")
            )
            return new_code

        result: str = self._write(action)
        return result

    # -- import ------------------------------------------------------------------

    def import_timeoverflow(
        self, data: TimeOverflowImport, *, progress: ProgressCallback | None = None
    ) -> ImportOutcome:
        """Add the members not there yet, then record every transfer (idempotently).

        Each member added and each transfer is a transaction of its own (an import
        stopped midway keeps what it recorded; running it again records the rest).
        ``progress`` is called as ``progress(stage, done, total)`` for ``"adding
        members"`` (members of ``data``, present or not) and ``"recording
        transfers"`` (see :mod:`coprod.progress_callback`).
        """
        known = self.members()
        added = 0
        members = data.members
        for member in counted(members, progress, "adding members", len(members), step=_STEP):
            if member.code not in known:
                self.add_member(member)
                added += 1
        recorded = again = 0
        transfers = data.transfers
        for order in counted(
            transfers, progress, "recording transfers", len(transfers), step=_STEP
        ):
            outcome = self.record_transfer(order)
            if outcome.replayed:
                again += 1
            else:
                recorded += 1
        balances = self.stored_balances()
        mismatches = tuple(
            f"member {code}: TimeOverflow balance {expected} minutes, "
            f"ledger {balances.get(code, 0)}"
            for code, expected in sorted(data.expected_balances.items())
            if balances.get(code, 0) != expected
        )
        return ImportOutcome(added, recorded, again, data.notes, mismatches)

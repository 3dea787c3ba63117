"""Readings and action plans in the store: dated documents kept once, statuses as a history.

A reading (an assessment document with ``as_of``, the "journey over time") is
stored as coprod's canonical JSON of the *loaded* assessment
(:func:`coprod.io.documents.dump_assessment`), with the SHA-256 of that text. So
the same reading from a TOML file, its JSON export or a re-indented copy has one
hash, and:

- recording the same reading again is a no-op that returns the stored record;
- a *different* document with the same organisation and ``as_of`` is refused
  with :class:`ReadingConflictError`, naming both hashes (a reading is never
  replaced: a correction is a reading of another date, or a new database);
- organisations are told apart by name without case or repeated spaces, as
  :func:`coprod.progress.order_readings` compares them.

Each action of a recorded reading's ``[[actions]]`` is kept in ``plan_actions``
(as first recorded), and its status in ``action_status_changes``: a new row only
when the status differs from the one in effect on that day, so the table is the
status history, one row per change with the day it took effect. Rows of all three
tables are only ever inserted (triggers refuse updates and deletes).
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any, ClassVar

import attrs
from sqlalchemy import Connection, Engine, and_, select
from sqlalchemy.exc import IntegrityError

from coprod.errors import CoprodError
from coprod.model.actions import ActionStatus
from coprod.model.assessment import Assessment
from coprod.report_value import Table
from coprod.store import schema as s
from coprod.store.engine import retrying, write_transaction

__all__ = [
    "ActionStatusChange",
    "ReadingConflictError",
    "ReadingStore",
    "RecordedReading",
    "StoredReadingsReport",
    "canonical_document",
    "organisation_key",
    "organisations",
]


class ReadingConflictError(CoprodError):
    """Another document is already recorded for this organisation and date."""


def _utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def organisation_key(name: str) -> str:
    """The key one organisation's readings share: its name without case or repeated spaces."""
    return " ".join(name.split()).casefold()


def canonical_document(assessment: Assessment) -> tuple[str, str]:
    """(canonical JSON text of ``assessment``, its SHA-256 in hex)."""
    from coprod.io.documents import dump_assessment

    text = dump_assessment(assessment, "json")
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()


@attrs.frozen
class RecordedReading:
    """One stored reading (``created``: whether this call stored it, or it was there)."""

    id: int
    organisation: str
    as_of: datetime.date
    round: str | None
    source_name: str
    content_sha256: str
    recorded_at: datetime.datetime
    created: bool = False


@attrs.frozen
class ActionStatusChange:
    """One row of an action's status history."""

    organisation: str
    action: str
    status: ActionStatus
    changed_on: datetime.date
    reading_as_of: datetime.date | None


def _recorded(row: Any, *, created: bool = False) -> RecordedReading:
    return RecordedReading(
        id=row.id,
        organisation=row.organisation_name,
        as_of=row.as_of,
        round=row.round_label,
        source_name=row.source_name,
        content_sha256=row.content_sha256,
        recorded_at=row.recorded_at,
        created=created,
    )


class ReadingStore:
    """Readings and action plans behind plain methods (see the module docstring).

    ``clock`` gives the time recorded in ``recorded_at`` columns (UTC now by default).
    """

    def __init__(self, engine: Engine, *, clock: Callable[[], datetime.datetime] = _utcnow) -> None:
        self.engine = engine
        self._clock = clock
        self._postgres = engine.dialect.name == "postgresql"

    def _write(self, action: Callable[[Connection], Any]) -> Any:
        def attempt() -> Any:
            with write_transaction(self.engine) as connection:
                return action(connection)

        return retrying(attempt)

    def _read(self, action: Callable[[Connection], Any]) -> Any:
        with self.engine.connect() as connection:
            if self._postgres:
                connection = connection.execution_options(isolation_level="REPEATABLE READ")
            with connection.begin():
                return action(connection)

    # -- writing -----------------------------------------------------------------

    def record(self, assessment: Assessment, *, source_name: str) -> RecordedReading:
        """Store ``assessment`` (a reading with ``as_of``) and its actions' statuses.

        ``source_name`` is the file name the progress report will show for it. Returns
        the stored record; ``created`` is false when the same reading was already
        there (nothing is written). Raises :class:`ReadingConflictError` when another
        document is recorded for the organisation and date, and
        :class:`~coprod.errors.CoprodError` for a document without ``as_of``.
        """
        if assessment.as_of is None:
            raise CoprodError(
                f"{source_name}: a reading needs as_of (the date it describes) to be recorded"
            )
        as_of: datetime.date = assessment.as_of
        text, digest = canonical_document(assessment)
        name = assessment.organisation.name
        key = organisation_key(name)

        def action(c: Connection) -> RecordedReading:
            same = c.execute(
                select(s.readings).where(s.readings.c.content_sha256 == digest)
            ).first()
            if same is not None:
                return _recorded(same)
            clash = c.execute(
                select(s.readings).where(
                    and_(s.readings.c.organisation_key == key, s.readings.c.as_of == as_of)
                )
            ).first()
            if clash is not None:
                raise ReadingConflictError(
                    f"{source_name}: {name} already has a different reading of "
                    f"{as_of.isoformat()} (recorded from {clash.source_name}, sha256 "
                    f"{clash.content_sha256}); this one has sha256 {digest}. A reading is "
                    "never replaced: record the new one with its own as_of"
                )
            now = self._clock()
            reading_id = c.execute(
                s.readings.insert()
                .values(
                    organisation_name=name,
                    organisation_key=key,
                    as_of=as_of,
                    round_label=assessment.round,
                    source_name=source_name,
                    content_sha256=digest,
                    document_json=text,
                    recorded_at=now,
                )
                .returning(s.readings.c.id)
            ).scalar_one()
            for item in assessment.actions:
                action_id = self._action_id(
                    c,
                    key,
                    item.id,
                    create={
                        "title": item.title,
                        "step": item.step.value,
                        "owner_role": item.owner or None,
                        "due_on": item.due,
                        "first_reading_id": reading_id,
                    },
                )
                self._change_status(c, action_id, item.status, as_of, reading_id)
            row = c.execute(select(s.readings).where(s.readings.c.id == reading_id)).one()
            return _recorded(row, created=True)

        try:
            result: RecordedReading = self._write(action)
        except IntegrityError:
            # Another process stored this reading (or one of its actions) between our
            # look-up and our insert (PostgreSQL at READ COMMITTED; SQLite's BEGIN
            # IMMEDIATE queues writers instead): look again, once, and find it.
            result = self._write(action)
        return result

    def record_action_status(
        self, organisation: str, action: str, status: ActionStatus | str, on: datetime.date
    ) -> bool:
        """Record that ``action`` of ``organisation`` has ``status`` from day ``on``.

        For a change between readings (an action done in June). Returns whether a row
        was added: none when the status in effect that day is already ``status``.
        The action must have been recorded from a reading.
        """
        wanted = ActionStatus(status)
        key = organisation_key(organisation)

        def write(c: Connection) -> bool:
            action_id = self._action_id(c, key, action, create=None)
            return self._change_status(c, action_id, wanted, on, None)

        changed: bool = self._write(write)
        return changed

    def _action_id(
        self, c: Connection, key: str, code: str, *, create: dict[str, Any] | None
    ) -> int:
        table = s.plan_actions
        found = c.execute(
            select(table.c.id).where(
                and_(table.c.organisation_key == key, table.c.action_code == code)
            )
        ).scalar()
        if found is not None:
            return int(found)
        if create is None:
            raise CoprodError(f"no action {code!r} is recorded for {key!r}: record a reading first")
        return int(
            c.execute(
                table.insert()
                .values(organisation_key=key, action_code=code, recorded_at=self._clock(), **create)
                .returning(table.c.id)
            ).scalar_one()
        )

    def _change_status(
        self,
        c: Connection,
        action_id: int,
        status: ActionStatus,
        on: datetime.date,
        reading_id: int | None,
    ) -> bool:
        table = s.action_status_changes
        in_effect = c.execute(
            select(table.c.action_status)
            .where(and_(table.c.action_id == action_id, table.c.changed_on <= on))
            .order_by(table.c.changed_on.desc(), table.c.id.desc())
            .limit(1)
        ).scalar()
        if in_effect == status.value:
            return False
        c.execute(
            table.insert().values(
                action_id=action_id,
                action_status=status.value,
                changed_on=on,
                reading_id=reading_id,
                recorded_at=self._clock(),
            )
        )
        return True

    # -- reading -----------------------------------------------------------------

    def readings(self, organisation: str | None = None) -> list[RecordedReading]:
        """Stored readings (of ``organisation`` if given), by organisation and date."""
        return [record for record, _text in self.documents(organisation)]

    def documents(self, organisation: str | None = None) -> list[tuple[RecordedReading, str]]:
        """Stored readings with their canonical JSON text, by organisation and date."""
        query = select(s.readings).order_by(s.readings.c.organisation_key, s.readings.c.as_of)
        if organisation is not None:
            query = query.where(s.readings.c.organisation_key == organisation_key(organisation))

        def action(c: Connection) -> list[tuple[RecordedReading, str]]:
            return [(_recorded(row), row.document_json) for row in c.execute(query)]

        result: list[tuple[RecordedReading, str]] = self._read(action)
        return result

    def document(self, record: RecordedReading) -> dict[str, Any]:
        """The stored document of ``record``, parsed (for ``load_assessment``)."""
        query = select(s.readings.c.document_json).where(s.readings.c.id == record.id)

        def action(c: Connection) -> str:
            return str(c.execute(query).scalar_one())

        data: dict[str, Any] = json.loads(self._read(action))
        return data

    def action_history(self, organisation: str | None = None) -> list[ActionStatusChange]:
        """Every status change (of ``organisation``'s actions), by action and day.

        A row that repeats the status before it (a reading recorded after a later
        one) is not a change and is left out.
        """
        changes, actions, readings = s.action_status_changes, s.plan_actions, s.readings
        first = readings.alias("first_reading")
        query = (
            select(
                first.c.organisation_name,
                actions.c.action_code,
                changes.c.action_status,
                changes.c.changed_on,
                readings.c.as_of,
            )
            .join(actions, actions.c.id == changes.c.action_id)
            .join(first, first.c.id == actions.c.first_reading_id)
            .outerjoin(readings, readings.c.id == changes.c.reading_id)
            .order_by(
                actions.c.organisation_key,
                actions.c.action_code,
                changes.c.changed_on,
                changes.c.id,
            )
        )
        if organisation is not None:
            query = query.where(actions.c.organisation_key == organisation_key(organisation))

        def action(c: Connection) -> list[ActionStatusChange]:
            history: list[ActionStatusChange] = []
            for row in c.execute(query):
                change = ActionStatusChange(row[0], row[1], ActionStatus(row[2]), row[3], row[4])
                previous = history[-1] if history else None
                # A reading recorded after a later one may repeat the status that later
                # one brought in: the change happened at the earlier date, once.
                if previous and (previous.action, previous.organisation, previous.status) == (
                    change.action,
                    change.organisation,
                    change.status,
                ):
                    continue
                history.append(change)
            return history

        result: list[ActionStatusChange] = self._read(action)
        return result


def organisations(records: Iterable[RecordedReading]) -> list[str]:
    """The organisations of ``records``, each once, in order of first appearance."""
    seen: dict[str, str] = {}
    for record in records:
        seen.setdefault(organisation_key(record.organisation), record.organisation)
    return list(seen.values())


@attrs.frozen
class StoredReadingsReport:
    """What a store holds of the journey: its readings, and its actions' status history.

    Report kind ``stored-readings``, rendered by the generic exporters (json, csv,
    markdown, html); the CSV is the main table, one row per reading.
    """

    kind: ClassVar[str] = "stored-readings"

    readings: tuple[RecordedReading, ...]
    history: tuple[ActionStatusChange, ...] = ()

    def tables(self) -> Iterator[Table]:
        """The readings (main table), then the actions' status changes."""
        yield Table(
            "readings",
            ("organisation", "as_of", "round", "file", "content_sha256", "recorded_at"),
            [
                (
                    r.organisation,
                    r.as_of,
                    r.round,
                    r.source_name,
                    r.content_sha256,
                    r.recorded_at.isoformat(),
                )
                for r in self.readings
            ],
            title=f"Stored readings ({len(self.readings)})",
        )
        yield Table(
            "action_status_history",
            ("organisation", "action", "status", "changed_on", "from_reading_of"),
            [
                (h.organisation, h.action, h.status.value, h.changed_on, h.reading_as_of)
                for h in self.history
            ],
            title="Action status history (one row per change)",
        )

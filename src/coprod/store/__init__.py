"""The store: a real database for what coprod keeps over time (SQLAlchemy Core + Alembic).

SQLite by default — a file you name, no server — and PostgreSQL by URL
(``postgresql+psycopg://user@host/db``) for a scheme shared by several brokers.
The schema is created and upgraded by the Alembic migrations shipped in this
package (``coprod db upgrade --db URL``); tables and columns are named to explain
themselves and described in the ``schema_descriptions`` table and ``docs/store.md``.

The store holds the time bank (:class:`TimebankStore`) and the readings and action
plans of the "journey over time" (:class:`ReadingStore`).

This package imports SQLAlchemy and Alembic (the ``coprod[store]`` extra);
``import coprod`` never imports it.
"""

from __future__ import annotations

from sqlalchemy import Engine

from coprod.errors import CoprodError
from coprod.store.engine import create_store_engine, normalise_url
from coprod.store.migrate import current_revision, head_revision, upgrade
from coprod.store.readings import (
    ActionStatusChange,
    ReadingConflictError,
    ReadingStore,
    RecordedReading,
)
from coprod.store.schema import metadata
from coprod.store.timebank import ImportOutcome, TimebankStore, TransferOutcome, UnknownError

__all__ = [
    "ActionStatusChange",
    "ImportOutcome",
    "ReadingConflictError",
    "ReadingStore",
    "RecordedReading",
    "SchemaOutOfDateError",
    "TimebankStore",
    "TransferOutcome",
    "UnknownError",
    "create_store_engine",
    "current_revision",
    "head_revision",
    "metadata",
    "normalise_url",
    "open_readings",
    "open_timebank",
    "upgrade",
]


class SchemaOutOfDateError(CoprodError):
    """The database holds an older coprod schema: run ``coprod db upgrade``."""


def open_timebank(target: str, *, create: bool = True) -> TimebankStore:
    """The time bank stored at ``target`` (a file path or a database URL).

    A database with no coprod schema yet is created when ``create`` is true; one at
    an older revision raises :class:`SchemaOutOfDateError` (upgrading is an explicit
    step: ``coprod db upgrade``).
    """
    return TimebankStore(_open(target, create=create))


def open_readings(target: str, *, create: bool = True) -> ReadingStore:
    """The readings and action plans stored at ``target``, opened as :func:`open_timebank`."""
    return ReadingStore(_open(target, create=create))


def _open(target: str, *, create: bool) -> Engine:
    engine = create_store_engine(target)
    revision = current_revision(engine)
    if revision is None and create:
        upgrade(engine)
    elif revision != head_revision():
        engine.dispose()
        raise SchemaOutOfDateError(
            f"the database is at schema revision {revision or '(none)'}, coprod needs "
            f"{head_revision()}: run 'coprod db upgrade --db ...'"
        )
    return engine

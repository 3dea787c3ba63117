"""Opening a store: SQLite by default (a file you name), PostgreSQL by URL.

SQLite connections use write-ahead logging (readers never block the writer), a
busy timeout (a writer waits for another instead of failing), foreign keys on,
and ``BEGIN IMMEDIATE`` for every write transaction, so two processes never both
read a balance and then both write: the second waits until the first commits.
PostgreSQL write transactions lock the balance rows they change (``SELECT ... FOR
UPDATE``, in member order so two transfers never deadlock); both retry a
transaction the database aborted for contention.
"""

from __future__ import annotations

import contextlib
import random
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError

__all__ = [
    "BUSY_TIMEOUT_SECONDS",
    "WRITE",
    "create_store_engine",
    "is_retryable",
    "normalise_url",
    "retrying",
    "write_transaction",
]

#: How long an SQLite writer waits for another before giving up.
BUSY_TIMEOUT_SECONDS = 60
#: Execution option that makes an SQLite transaction ``BEGIN IMMEDIATE``.
WRITE = "coprod_write"

_T = TypeVar("_T")


def normalise_url(target: str) -> str:
    """A database URL from ``target``: a URL as given, or a file path as ``sqlite:///``."""
    if "://" in target:
        return target
    return f"sqlite:///{Path(target).expanduser()}"


def create_store_engine(target: str, **kwargs: Any) -> Engine:
    """An engine for ``target`` (a file path or URL), set up as the module describes."""
    url = make_url(normalise_url(target))
    if url.get_backend_name() == "sqlite":
        # A pool per engine: create the engine in the process that uses it (after a
        # fork, a child makes its own), as SQLAlchemy advises.
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_SECONDS}, **kwargs)
        _sqlite_events(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _sqlite_events(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's BEGIN below, not the sqlite3 module, open transactions.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in (
            f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}",
            "PRAGMA journal_mode = WAL",
            "PRAGMA synchronous = NORMAL",
            "PRAGMA foreign_keys = ON",
        ):
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


_RETRY_SQLSTATES = {"40001", "40P01", "55P03"}  # serialization failure, deadlock, lock


def is_retryable(error: BaseException) -> bool:
    """Whether ``error`` is contention the database asks us to retry after."""
    if not isinstance(error, DBAPIError):
        return False
    orig = error.orig
    sqlstate = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if sqlstate in _RETRY_SQLSTATES:
        return True
    return isinstance(error, OperationalError) and "locked" in str(orig).lower()


@contextlib.contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A connection in one write transaction (``BEGIN IMMEDIATE`` on SQLite)."""
    with engine.connect() as connection:
        connection = connection.execution_options(**{WRITE: True})
        with connection.begin():
            yield connection


def retrying(action: Callable[[], _T], *, attempts: int = 30) -> _T:
    """Run ``action``, again after a short random pause when the database asks to retry."""
    for attempt in range(attempts):
        try:
            return action()
        except DBAPIError as error:
            if not is_retryable(error) or attempt == attempts - 1:
                raise
            time.sleep(random.uniform(0, min(0.2, 0.005 * 2**attempt)))
    raise AssertionError("unreachable")  # pragma: no cover

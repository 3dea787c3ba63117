"""The store tests run on SQLite always and on a real PostgreSQL server when one is given.

``COPROD_TEST_POSTGRES_URL`` names a PostgreSQL server (``.ci/run`` starts a
throwaway one and sets it). Each test gets a database of its own there, dropped
afterwards. Without the variable the PostgreSQL cases are skipped with the reason,
except in CI (environment variable ``CI`` set), where they fail: a store that was
never tested on PostgreSQL must not pass as tested.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

pytest.importorskip("sqlalchemy", reason="the store needs the coprod[store] extra")

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

POSTGRES_ENV = "COPROD_TEST_POSTGRES_URL"
BACKENDS = ("sqlite", "postgresql")


def postgres_server_url() -> str:
    """The server URL from the environment; skip (or fail in CI) when there is none."""
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        message = (
            f"{POSTGRES_ENV} is not set: the store tests did not run on PostgreSQL "
            "(.ci/run starts a server and sets it)"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return url


def fresh_postgres_database() -> tuple[str, str]:
    """(server URL, URL of a new empty database on it)."""
    server = postgres_server_url()
    name = f"coprod_test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    finally:
        admin.dispose()
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    return server, url


def drop_postgres_database(server: str, url: str) -> None:
    """Drop the test database, closing any connection a test left open."""
    name = make_url(url).database
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A URL of an empty database: an SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('store') / 'timebank.sqlite'}"
        return
    server, url = fresh_postgres_database()
    try:
        yield url
    finally:
        drop_postgres_database(server, url)

"""Alembic environment of the coprod store (run by ``coprod db upgrade``).

coprod runs migrations itself (:func:`coprod.store.upgrade`), passing an open
connection in ``config.attributes["connection"]``; the URL in the configuration is
used only when Alembic is driven from its own command line. Offline (SQL script)
mode is not supported: the migrations include dialect-specific triggers.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from coprod.store.schema import metadata

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite cannot ALTER most things: later revisions use batch operations.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        # coprod.store.upgrade's progress: called after each migration step.
        on_version_apply=config.attributes.get("on_version_apply"),
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("coprod's migrations run online only (they create triggers per database)")

_connection = config.attributes.get("connection")
if _connection is not None:
    _run(_connection)
else:
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("set sqlalchemy.url, or run the migrations with 'coprod db upgrade'")
    with create_engine(url).begin() as connection:
        _run(connection)

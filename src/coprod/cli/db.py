"""``coprod db``: create and upgrade the store's schema (Alembic migrations in the package).

``coprod db upgrade --db FILE_OR_URL`` creates the schema in a new database (an
SQLite file is created if missing) or upgrades an older one; ``coprod db current``
says which revision a database is at. ``--db`` takes a file path (SQLite) or a
SQLAlchemy URL (``postgresql+psycopg://user@host/dbname``); the environment
variable ``COPROD_DB`` is the default. See ``docs/store.md``.
"""

from __future__ import annotations

import argparse
import functools
import os
from collections.abc import Callable
from typing import Any

from coprod.cli.output import terminal_progress
from coprod.errors import CoprodError

__all__ = [
    "DB_ENV",
    "STORE_INSTALL_HINT",
    "add_db_option",
    "database",
    "database_errors",
    "register",
    "require_store",
]

#: Environment variable naming the database when ``--db`` is not given.
DB_ENV = "COPROD_DB"

#: What to tell someone whose coprod was installed without the store's extra.
STORE_INSTALL_HINT = (
    "the store needs SQLAlchemy and Alembic, which are not installed: "
    "pip install 'coprod[store]' (for PostgreSQL: pip install 'coprod[postgresql]')"
)


def require_store() -> None:
    """Raise a :class:`~coprod.errors.CoprodError` saying how to install the store if missing."""
    try:
        import alembic  # noqa: F401
        import sqlalchemy  # noqa: F401
    except ImportError:
        raise CoprodError(STORE_INSTALL_HINT) from None


Handler = Callable[[argparse.Namespace], int]


def database_errors(handler: Handler) -> Handler:
    """``handler`` with database failures turned into one-line errors (exit 2), not tracebacks.

    A file that cannot be opened, a server that does not answer, a malformed URL or a
    driver that is not installed all end as ``error: ...`` naming the cause.
    """

    @functools.wraps(handler)
    def guarded(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except ImportError as error:
            raise CoprodError(
                f"a database driver is not installed ({error.name or error}): for PostgreSQL "
                "pip install 'coprod[postgresql]' and use a postgresql+psycopg:// URL"
            ) from None
        except CoprodError:
            raise
        except Exception as error:
            try:
                from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
            except ImportError:
                raise error from None

            if isinstance(error, DBAPIError):
                cause = " ".join(str(error.orig).split())
                raise CoprodError(f"database error: {cause}") from None
            if isinstance(error, ArgumentError):
                raise CoprodError(f"not a database URL or file: {error}") from None
            if isinstance(error, SQLAlchemyError):
                raise CoprodError(f"database error: {error}") from None
            raise

    return guarded


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """``--db FILE_OR_URL`` (default: the ``COPROD_DB`` environment variable)."""
    parser.add_argument(
        "--db",
        metavar="FILE_OR_URL",
        default=None,
        help="the database: an SQLite file (created if missing) or a URL such as "
        f"postgresql+psycopg://user@host/dbname (default: ${DB_ENV})",
    )


def database(args: argparse.Namespace) -> str:
    """The database the arguments name; a usage error if none."""
    target: str | None = args.db or os.environ.get(DB_ENV)
    if not target:
        raise CoprodError(f"name the database with --db FILE_OR_URL (or set {DB_ENV})")
    return target


def register(subcommands: argparse._SubParsersAction[Any]) -> None:
    """Add ``db upgrade`` and ``db current``."""
    db = subcommands.add_parser(
        "db",
        help="create or upgrade the store's database schema",
        description="Create or upgrade the schema of coprod's store (SQLite file or "
        "PostgreSQL URL) with the migrations shipped in coprod.",
    )
    db.set_defaults(handler=lambda _args: _usage(db))
    actions = db.add_subparsers(dest="db_command", metavar="ACTION")
    upgrade = actions.add_parser(
        "upgrade", help="create the schema, or upgrade it to this coprod's revision"
    )
    add_db_option(upgrade)
    upgrade.add_argument("--revision", default="head", help="the revision to reach (default: head)")
    upgrade.set_defaults(handler=database_errors(_upgrade))
    current = actions.add_parser("current", help="say which schema revision the database is at")
    add_db_option(current)
    current.set_defaults(handler=database_errors(_current))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _upgrade(args: argparse.Namespace) -> int:
    require_store()
    from coprod.store import create_store_engine, head_revision, upgrade

    engine = create_store_engine(database(args))
    try:
        # A migration of a large database can take minutes: progress on a terminal.
        with terminal_progress() as progress:
            reached = upgrade(engine, args.revision, progress=progress)
    finally:
        engine.dispose()
    where = engine.url.render_as_string(hide_password=True)
    head = " (the newest)" if reached == head_revision() else ""
    print(f"{where}: schema at revision {reached}{head}")
    return 0


def _current(args: argparse.Namespace) -> int:
    require_store()
    from coprod.store import create_store_engine, current_revision, head_revision

    engine = create_store_engine(database(args))
    try:
        revision = current_revision(engine)
    finally:
        engine.dispose()
    if revision is None:
        print("no coprod schema yet: run 'coprod db upgrade'")
    elif revision == head_revision():
        print(f"{revision} (the newest)")
    else:
        print(f"{revision} (older than {head_revision()}: run 'coprod db upgrade')")
    return 0

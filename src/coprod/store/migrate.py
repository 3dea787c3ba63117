"""Creating and upgrading the store's schema with the Alembic migrations coprod ships.

The migrations live in the package (``coprod/store/migrations``), so ``coprod db
upgrade --db URL`` works from an installed wheel with no ``alembic.ini``.
"""

from __future__ import annotations

from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from coprod.progress_callback import ProgressCallback

__all__ = ["SCRIPT_LOCATION", "alembic_config", "current_revision", "head_revision", "upgrade"]

#: Where Alembic finds coprod's migrations (a package resource path).
SCRIPT_LOCATION = "coprod.store:migrations"


def alembic_config(engine: Engine | None = None) -> Config:
    """An Alembic configuration pointing at coprod's migrations (and ``engine``'s URL)."""
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    if engine is not None:
        # ConfigParser interpolation: a literal % in a password must be doubled.
        url = engine.url.render_as_string(hide_password=False).replace("%", "%%")
        config.set_main_option("sqlalchemy.url", url)
    return config


def head_revision() -> str:
    """The newest revision coprod ships."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (``None``: no coprod schema yet)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(
    engine: Engine, revision: str = "head", *, progress: ProgressCallback | None = None
) -> str | None:
    """Create or upgrade the schema to ``revision``; returns the revision reached.

    ``progress`` is called as ``progress("upgrading the schema", done, total)``:
    before the first migration step, after each, and at the end, with ``total`` the
    steps from the database's revision to ``revision`` (``None`` when Alembic cannot
    count them, a relative revision say; see :mod:`coprod.progress_callback`).
    """
    config = alembic_config(engine)
    stage = "upgrading the schema"
    total = _steps_to(revision, current_revision(engine)) if progress is not None else None
    done = 0

    def applied(**_step: Any) -> None:
        nonlocal done
        done += 1
        if progress is not None and done != total:
            progress(stage, done, total)

    if progress is not None:
        progress(stage, 0, total)
        config.attributes["on_version_apply"] = applied
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    if progress is not None:
        progress(stage, done, done)
    return current_revision(engine)


def _steps_to(revision: str, current: str | None) -> int | None:
    """How many migration steps lead from ``current`` to ``revision`` (``None``: unknown)."""
    script = ScriptDirectory.from_config(alembic_config())
    try:
        return sum(1 for _ in script.iterate_revisions(revision, current or "base"))
    except Exception:  # an unknown or relative revision: command.upgrade reports it
        return None

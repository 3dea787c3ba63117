"""Creating and upgrading the store's schema with the Alembic migrations coprod ships.

The migrations live in the package (``coprod/store/migrations``), so ``coprod db
upgrade --db URL`` works from an installed wheel with no ``alembic.ini``.
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

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


def upgrade(engine: Engine, revision: str = "head") -> str | None:
    """Create or upgrade the schema to ``revision``; returns the revision reached."""
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    return current_revision(engine)

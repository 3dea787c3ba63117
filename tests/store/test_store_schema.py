"""The schema: Alembic builds exactly the metadata, describes itself, guards the ledger."""

from __future__ import annotations

import datetime
import subprocess
import sys

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import DBAPIError

from coprod.cli import main
from coprod.store import (
    SchemaOutOfDateError,
    create_store_engine,
    current_revision,
    head_revision,
    metadata,
    open_timebank,
    upgrade,
)
from coprod.store import schema as s
from coprod.timebank import Bank, Member, TransferOrder

DAY = datetime.date(2026, 3, 2)


def test_the_migrations_build_exactly_the_schema_the_metadata_describes(db_url: str) -> None:
    engine = create_store_engine(db_url)
    try:
        assert current_revision(engine) is None
        assert upgrade(engine) == head_revision()
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, metadata)
        assert differences == []
        tables = set(inspect(engine).get_table_names())
        assert set(metadata.tables) <= tables
        assert "alembic_version" in tables
    finally:
        engine.dispose()


def test_upgrading_twice_changes_nothing(db_url: str) -> None:
    engine = create_store_engine(db_url)
    try:
        upgrade(engine)
        with engine.connect() as connection:
            before = connection.execute(select(s.schema_descriptions)).all()
        assert upgrade(engine) == head_revision()
        with engine.connect() as connection:
            assert connection.execute(select(s.schema_descriptions)).all() == before
    finally:
        engine.dispose()


def test_every_table_and_column_is_described_in_the_database(db_url: str) -> None:
    engine = create_store_engine(db_url)
    try:
        upgrade(engine)
        with engine.connect() as connection:
            rows = connection.execute(select(s.schema_descriptions)).all()
    finally:
        engine.dispose()
    described = {(r.table_name, r.column_name): r.description for r in rows}
    for table in metadata.tables.values():
        assert described[(table.name, "")].strip(), table.name
        for column in table.columns:
            assert described[(table.name, column.name)].strip(), (table.name, column.name)
    assert described[("time_transfer_entries", "minutes")].startswith("Minutes added to")


def test_amount_columns_say_their_unit() -> None:
    for table in metadata.tables.values():
        for column in table.columns:
            if "balance" in column.name or "floor" in column.name or "ceiling" in column.name:
                assert column.name.endswith("_minutes"), (table.name, column.name)


def test_the_ledger_refuses_updates_and_deletes(db_url: str) -> None:
    store = open_timebank(db_url)
    try:
        store.create_bank(Bank("cowal", "Cowal"))
        store.add_member(Member("ann", "cowal"))
        store.add_member(Member("bob", "cowal"))
        store.record_transfer(TransferOrder.pay("t1", "ann", [("bob", 60)], on=DAY))
        for statement in (
            "UPDATE time_transfer_entries SET minutes = 1000",
            "DELETE FROM time_transfer_entries",
            "UPDATE time_transfers SET transfer_kind = 'gift'",
            "DELETE FROM time_transfers",
        ):
            with pytest.raises(DBAPIError, match="append-only"), store.engine.begin() as c:
                c.execute(text(statement))
        assert store.stored_balances() == {"ann": -60, "bob": 60}
        assert store.check().sound
    finally:
        store.engine.dispose()


def test_an_older_schema_is_not_upgraded_behind_the_users_back(db_url: str) -> None:
    engine = create_store_engine(db_url)
    try:
        upgrade(engine)
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = '0000_older'"))
    finally:
        engine.dispose()
    with pytest.raises(SchemaOutOfDateError, match="coprod db upgrade"):
        open_timebank(db_url)


def test_coprod_db_upgrade_creates_the_schema_and_says_so(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "current", "--db", db_url]) == 0
    assert "no coprod schema yet" in capsys.readouterr().out
    assert main(["db", "upgrade", "--db", db_url]) == 0
    assert f"revision {head_revision()} (the newest)" in capsys.readouterr().out
    assert main(["db", "current", "--db", db_url]) == 0
    assert capsys.readouterr().out.strip() == f"{head_revision()} (the newest)"


def test_a_plain_path_is_an_sqlite_file(tmp_path: pytest.TempPathFactory) -> None:
    path = tmp_path / "bank.sqlite"  # type: ignore[operator]
    assert main(["db", "upgrade", "--db", str(path)]) == 0
    assert path.exists()
    engine = create_store_engine(str(path))
    try:
        assert engine.dialect.name == "sqlite"
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()


def test_import_coprod_does_not_import_sqlalchemy_or_the_store() -> None:
    code = (
        "import sys, coprod, coprod.timebank; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'sqlalchemy', 'alembic', 'psycopg'} or m.startswith('coprod.store')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"


def test_without_the_extra_the_commands_say_how_to_install_it() -> None:
    # A child interpreter in which SQLAlchemy cannot be imported.
    code = (
        "import sys; sys.modules['sqlalchemy'] = None\n"
        "from coprod.cli import main\n"
        "raise SystemExit(main(['timebank', 'balances', '--db', 'x.sqlite']))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "pip install 'coprod[store]'" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("/nonexistent-directory/x.sqlite", "database error: unable to open database file"),
        ("foo://", "not a database URL or file"),
    ],
)
def test_database_failures_are_one_line_errors(
    target: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["timebank", "balances", "--db", target]) == 2
    assert main(["db", "upgrade", "--db", target]) == 2
    err = capsys.readouterr().err
    assert err.count(f"error: {message}") == 2
    assert "Traceback" not in err


def test_the_migration_downgrades_cleanly_and_upgrades_again(db_url: str) -> None:
    from alembic import command

    from coprod.store.migrate import alembic_config

    engine = create_store_engine(db_url)
    try:
        upgrade(engine)
        config = alembic_config(engine)
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        assert current_revision(engine) is None
        assert upgrade(engine) == head_revision()
        assert set(metadata.tables) <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()

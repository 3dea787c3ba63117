"""Readings and action plans in the store, on SQLite and on PostgreSQL.

The three Eastbridge demo readings (2024, 2025, 2026) are recorded; the expected
status history is worked out from the TOML files themselves (``tomllib``), not from
the store, and ``coprod progress --db`` must give the same JSON as from the files.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import tomllib
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import DBAPIError

from coprod.cli import main
from coprod.cli.demo import DEMO_READINGS
from coprod.io.documents import dump_assessment, load_assessment
from coprod.model.actions import ActionStatus
from coprod.store import ReadingConflictError, create_store_engine, open_readings, upgrade
from coprod.store import schema as s

DATA = resources.files("coprod") / "data"


def _demo_paths(tmp_path: Path) -> list[Path]:
    paths = []
    for name in DEMO_READINGS:
        path = tmp_path / name
        path.write_bytes((DATA / name).read_bytes())
        paths.append(path)
    return paths


def _expected_history(paths: list[Path]) -> list[tuple[str, str, datetime.date]]:
    """(action, status, day) for every change, from the documents' own text."""
    documents = sorted(
        (tomllib.loads(p.read_text(encoding="utf-8")) for p in paths), key=lambda d: d["as_of"]
    )
    last: dict[str, str] = {}
    changes = []
    for document in documents:
        for action in document.get("actions", []):
            status = action.get("status", "planned")
            if last.get(action["id"]) != status:
                day = datetime.date.fromisoformat(str(document["as_of"]))
                changes.append((action["id"], status, day))
                last[action["id"]] = status
    return sorted(changes)


def test_the_demo_readings_are_recorded_once_with_the_hash_of_their_canonical_json(
    db_url: str, tmp_path: Path
) -> None:
    paths = _demo_paths(tmp_path)
    store = open_readings(db_url)
    try:
        records = [store.record(load_assessment(str(p)), source_name=p.name) for p in paths]
        assert all(r.created for r in records)
        for path, record in zip(paths, records, strict=True):
            canonical = dump_assessment(load_assessment(str(path)), "json")
            assert record.content_sha256 == hashlib.sha256(canonical.encode()).hexdigest()
            assert record.source_name == path.name
        assert [(r.as_of.year, r.round) for r in store.readings()] == [
            (2024, "2024 baseline"),
            (2025, "2025 review"),
            (2026, "2026 review"),
        ]
        assert {r.organisation for r in records} == {"Eastbridge Borough Council"}

        # The same reading again, even as a JSON file of another name: a no-op.
        again_path = tmp_path / "eastbridge-2025-copy.json"
        again_path.write_text(dump_assessment(load_assessment(str(paths[1]))), encoding="utf-8")
        again = store.record(load_assessment(str(again_path)), source_name=again_path.name)
        assert not again.created
        assert again.id == records[1].id and again.source_name == paths[1].name
        assert len(store.readings()) == 3
        history_before = store.action_history()

        # The stored text loads back to the same assessment.
        for record in records:
            assert load_assessment(store.document(record)) == load_assessment(
                str(paths[records.index(record)])
            )
        assert store.action_history() == history_before
    finally:
        store.engine.dispose()


def test_a_different_document_of_the_same_organisation_and_day_is_refused_naming_both_hashes(
    db_url: str, tmp_path: Path
) -> None:
    paths = _demo_paths(tmp_path)
    store = open_readings(db_url)
    try:
        first = store.record(load_assessment(str(paths[0])), source_name=paths[0].name)
        changed = (
            paths[0]
            .read_text(encoding="utf-8")
            .replace('round = "2024 baseline"', 'round = "2024 baseline, corrected"')
        )
        assert changed != paths[0].read_text(encoding="utf-8")
        other = tmp_path / "corrected.toml"
        other.write_text(changed, encoding="utf-8")
        assessment = load_assessment(str(other))
        other_hash = hashlib.sha256(dump_assessment(assessment).encode()).hexdigest()
        with pytest.raises(ReadingConflictError) as raised:
            store.record(assessment, source_name=other.name)
        message = str(raised.value)
        assert first.content_sha256 in message and other_hash in message
        assert "2024-03-01" in message and "eastbridge-2024.toml" in message
        assert [r.content_sha256 for r in store.readings()] == [first.content_sha256]
        # The organisation is the same whatever the case and spacing of its name.
        shouted = tmp_path / "shouted.toml"
        shouted.write_text(
            changed.replace(
                'name = "Eastbridge Borough Council"', 'name = "EASTBRIDGE  borough council"'
            ),
            encoding="utf-8",
        )
        with pytest.raises(ReadingConflictError):
            store.record(load_assessment(str(shouted)), source_name=shouted.name)
    finally:
        store.engine.dispose()


def test_action_statuses_are_a_history_of_changes_never_updated(
    db_url: str, tmp_path: Path
) -> None:
    paths = _demo_paths(tmp_path)
    store = open_readings(db_url)
    try:
        # Recorded in reverse date order: the history is still one row per change.
        for path in reversed(paths):
            store.record(load_assessment(str(path)), source_name=path.name)
        history = store.action_history("eastbridge borough council")
        got = sorted((h.action, h.status.value, h.changed_on) for h in history)
        expected = _expected_history(paths)
        assert got == expected
        assert ("act-street-wardens", "dropped", datetime.date(2025, 3, 1)) in got

        # A change between readings, by hand: a new row; the same status again: none.
        day = datetime.date(2026, 6, 30)
        assert store.record_action_status(
            "Eastbridge Borough Council", "act-young-inspectors", ActionStatus.DONE, day
        )
        assert not store.record_action_status(
            "Eastbridge Borough Council", "act-young-inspectors", "done", day
        )
        latest = [h for h in store.action_history() if h.action == "act-young-inspectors"]
        assert [(h.status, h.changed_on, h.reading_as_of) for h in latest][-1] == (
            ActionStatus.DONE,
            day,
            None,
        )
        assert len(store.action_history()) == len(expected) + 1

        for statement in (
            "UPDATE action_status_changes SET action_status = 'planned'",
            "DELETE FROM action_status_changes",
            "UPDATE readings SET round_label = 'edited'",
            "DELETE FROM readings",
            "UPDATE plan_actions SET title = 'edited'",
        ):
            with pytest.raises(DBAPIError, match="never changed"), store.engine.begin() as c:
                c.execute(text(statement))
        assert len(store.action_history()) == len(expected) + 1
    finally:
        store.engine.dispose()


def test_progress_from_the_store_equals_progress_from_the_files(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = _demo_paths(tmp_path)
    files_json = tmp_path / "files.json"
    store_json = tmp_path / "store.json"
    assert main(["progress", *map(str, paths), "-f", "json", "-o", str(files_json)]) == 0
    assert main(["readings", "record", *map(str, reversed(paths)), "--db", db_url]) == 0
    out = capsys.readouterr().out
    assert out.count("recorded: ") == 3 and "already" not in out
    assert main(["readings", "record", str(paths[0]), "--db", db_url]) == 0
    assert capsys.readouterr().out.startswith("already recorded: eastbridge-2024.toml")
    assert main(["progress", "--db", db_url, "-f", "json", "-o", str(store_json)]) == 0
    assert store_json.read_bytes() == files_json.read_bytes()
    loaded = json.loads(store_json.read_text(encoding="utf-8"))
    assert [r["file"] for r in loaded["readings"]] == list(DEMO_READINGS)

    # A second organisation: progress needs --organisation, and then agrees again.
    other = tmp_path / "other.toml"
    other.write_text(
        paths[0]
        .read_text(encoding="utf-8")
        .replace('name = "Eastbridge Borough Council"', 'name = "Westbridge Council"'),
        encoding="utf-8",
    )
    assert main(["readings", "record", str(other), "--db", db_url]) == 0
    capsys.readouterr()
    assert main(["progress", "--db", db_url, "-f", "json"]) == 2
    err = capsys.readouterr().err
    assert "--organisation" in err and "Westbridge Council" in err
    assert (
        main(
            [
                "progress",
                "--db",
                db_url,
                "--organisation",
                "eastbridge borough council",
                "-f",
                "json",
                "-o",
                str(store_json),
            ]
        )
        == 0
    )
    assert store_json.read_bytes() == files_json.read_bytes()


def test_readings_list_reports_through_the_exporters(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = _demo_paths(tmp_path)
    assert main(["readings", "record", *map(str, paths), "--db", db_url]) == 0
    capsys.readouterr()
    assert main(["readings", "list", "--db", db_url, "-f", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["kind"] == "stored-readings"
    readings, history = report["tables"]
    rows = [dict(zip(readings["columns"], row, strict=True)) for row in readings["rows"]]
    assert [(r["as_of"], r["file"]) for r in rows] == [
        ("2024-03-01", "eastbridge-2024.toml"),
        ("2025-03-01", "eastbridge-2025.toml"),
        ("2026-03-01", "demo-council.toml"),
    ]
    assert len(history["rows"]) == len(_expected_history(paths))
    assert main(["readings", "list", "--db", db_url, "-f", "csv"]) == 0
    csv_out = capsys.readouterr().out.splitlines()
    assert csv_out[0].startswith("organisation,as_of,round,file,content_sha256")
    assert len(csv_out) == 4


def test_a_conflicting_reading_on_the_command_line_exits_2_naming_both_hashes(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = _demo_paths(tmp_path)
    assert main(["readings", "record", str(paths[1]), "--db", db_url]) == 0
    first_hash = capsys.readouterr().out.split("sha256 ")[1].strip()
    other = tmp_path / "eastbridge-2025-edited.toml"
    other.write_text(
        paths[1].read_text(encoding="utf-8").replace("2025 review", "2025 review (edited)"),
        encoding="utf-8",
    )
    assert main(["readings", "record", str(other), "--db", db_url]) == 2
    err = capsys.readouterr().err
    assert first_hash in err and "eastbridge-2025-edited.toml" in err
    assert err.count("sha256") == 2


def test_the_readings_migration_downgrades_to_the_time_bank_and_upgrades_again(
    db_url: str,
) -> None:
    from alembic import command

    from coprod.store.migrate import alembic_config

    engine = create_store_engine(db_url)
    try:
        upgrade(engine)
        config = alembic_config(engine)
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0001_timebank")
        tables = set(inspect(engine).get_table_names())
        assert not tables & {"readings", "plan_actions", "action_status_changes"}
        assert "time_transfers" in tables
        with engine.connect() as connection:
            described = {
                row.table_name for row in connection.execute(select(s.schema_descriptions))
            }
        assert "readings" not in described and "time_banks" in described
        assert upgrade(engine) == "0002_readings"
        with engine.connect() as connection:
            rows = connection.execute(
                select(s.schema_descriptions).where(
                    s.schema_descriptions.c.table_name == "readings"
                )
            ).all()
        assert {r.column_name for r in rows} == {"", *s.readings.columns.keys()}
    finally:
        engine.dispose()


def _record_in_a_process(url: str, path: str, barrier: Any, queue: Any) -> None:
    store = open_readings(url, create=False)
    try:
        assessment = load_assessment(path)
        barrier.wait(timeout=60)
        queue.put(store.record(assessment, source_name=Path(path).name).created)
    finally:
        store.engine.dispose()


def test_processes_recording_the_same_reading_at_once_store_it_once(
    db_url: str, tmp_path: Path
) -> None:
    import multiprocessing

    paths = _demo_paths(tmp_path)
    engine = create_store_engine(db_url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    writers = 6
    barrier, queue = context.Barrier(writers), context.Queue()
    processes = [
        context.Process(target=_record_in_a_process, args=(db_url, str(paths[2]), barrier, queue))
        for _ in range(writers)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    assert [p.exitcode for p in processes] == [0] * writers
    created = sorted(queue.get(timeout=10) for _ in range(writers))
    assert created == [False] * (writers - 1) + [True]
    store = open_readings(db_url)
    try:
        assert len(store.readings()) == 1
        history = store.action_history()
        assert len(history) == len({h.action for h in history})  # one status each
    finally:
        store.engine.dispose()

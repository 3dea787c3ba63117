"""Progress of every long CLI job: reports written, readings recorded, imports, upgrades.

The library calls back with monotone counts that end at totals counted here (bytes in
the file written, rows in the files given); the command line draws them on standard
error only when it is a terminal (a pseudo-terminal here, as for ``coprod match``) and
prints nothing extra otherwise.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar, TextIO

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coprod
from coprod.cli.output import stream_report, write_report

Call = tuple[str, int, "int | None"]

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
READINGS = [EXAMPLES / "eastbridge-2024.toml", EXAMPLES / "eastbridge-2025.toml"]


@attrs.frozen
class Lines:
    """A report value of kind ``lines``: its text, in pieces."""

    kind: ClassVar[str] = "lines"
    pieces: tuple[str, ...]


def _write_lines(report: Lines, stream: TextIO) -> None:
    for piece in report.pieces:
        stream.write(piece)


def _exporter(*, streams: bool) -> coprod.Exporter:
    return coprod.Exporter(
        format="lines",
        media_type="text/plain",
        suffix=".lines",
        render=lambda report: "".join(report.pieces),
        kinds=("lines",),
        write=_write_lines if streams else None,
    )


def _manager(*, streams: bool) -> coprod.PluginManager:
    class Plugin:
        @coprod.hookimpl
        def register_exporters(self, register: Callable[[coprod.Exporter], None]) -> None:
            register(_exporter(streams=streams))

    return coprod.make_plugin_manager(entry_points=False, plugins=[Plugin()])


def _check(calls: list[Call], stage: str, size: int) -> list[int]:
    """Counts of ``stage`` start at 0, never go down, and the last is ``size`` of ``size``."""
    counts = [done for s, done, _ in calls if s == stage]
    assert counts[0] == 0
    assert counts == sorted(counts), counts
    assert calls[-1] == (stage, size, size)
    assert all(total is None for s, _, total in calls[:-1] if s == stage)
    return counts


def test_a_streamed_report_is_counted_in_bytes_up_to_the_file_size(tmp_path: Path) -> None:
    # 20,000 rows of 40 bytes, some of them not ASCII: about 800 kB, many encoder chunks.
    rows = tuple(f"{n:08d},Zoë's café,{n % 97:5d},ready\r\n" for n in range(20_000))
    out = tmp_path / "big.lines"
    calls: list[Call] = []
    stream_report(
        _exporter(streams=True), Lines(rows), str(out), progress=lambda *call: calls.append(call)
    )
    data = out.read_bytes()
    assert data == "".join(rows).encode("utf-8")
    counts = _check(calls, "writing the lines report", len(data))
    assert len(counts) > 50  # reported as it goes, not only at the end


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=3000),
        max_size=12,
    )
)
def test_the_count_is_the_bytes_in_the_file_whatever_is_written(pieces: list[str]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "r.lines"
        calls: list[Call] = []
        stream_report(
            _exporter(streams=True),
            Lines(tuple(pieces)),
            str(out),
            progress=lambda *call: calls.append(call),
        )
        size = len("".join(pieces).encode("utf-8"))
        assert out.stat().st_size == size
        _check(calls, "writing the lines report", size)


def test_without_a_callback_the_stream_is_written_as_before(tmp_path: Path) -> None:
    out = tmp_path / "r.lines"
    stream_report(_exporter(streams=True), Lines(("a\n", "é\r\n")), str(out))
    assert out.read_bytes() == "a\né\r\n".encode()


class _Terminal(io.StringIO):
    """Standard error that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def _args(output: str | None) -> argparse.Namespace:
    return argparse.Namespace(output=output, format="lines", default_format="lines")


@pytest.mark.parametrize("streams", [True, False])
def test_write_report_draws_bytes_written_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, streams: bool
) -> None:
    out = tmp_path / "r.lines"
    report = Lines(tuple(f"row {n}\n" for n in range(3000)))
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert write_report(report, _args(str(out)), _manager(streams=streams)) == 0
    size = out.stat().st_size
    assert size == sum(len(piece) for piece in report.pieces)
    text = terminal.getvalue()
    assert "writing the lines report…" in text
    assert f"writing the lines report: {size:,} of {size:,} (100%)" in text
    assert text.endswith(f"\r\x1b[Kwrote lines report to {out}\n")


def test_write_report_to_stdout_counts_what_reaches_stdout(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    terminal = _Terminal()
    report = Lines(("no newline at the end: ", "añadida"))
    monkeypatch.setattr(sys, "stderr", terminal)
    write_report(report, _args(None), _manager(streams=True))
    written = capsys.readouterr().out.encode("utf-8")
    assert written == "no newline at the end: añadida\n".encode()
    size = len(written)
    assert f"writing the lines report: {size:,} of {size:,} (100%)" in terminal.getvalue()


def test_write_report_says_nothing_when_stderr_is_not_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.lines"
    write_report(Lines(("x\n",) * 5000), _args(str(out)), _manager(streams=True))
    assert capsys.readouterr().err == f"wrote lines report to {out}\n"


# -- the commands, end to end ------------------------------------------------------

pytest.importorskip("sqlalchemy", reason="the store needs the coprod[store] extra")

MEMBERS_CSV = "N,Name,Balance\n" + "".join(f"{n},Member {n},\n" for n in range(1, 6))
TRANSFERS_CSV = "Date,From,To,Post,Quantity\n" + "".join(
    f"2024-02-{1 + k % 28:02d} 10:00:00 UTC,Member {1 + k % 5} ({1 + k % 5}),"
    f"Member {1 + (k + 2) % 5} ({1 + (k + 2) % 5}),,0:30\n"
    for k in range(60)
)


def _import_args(folder: Path, db: Path) -> list[str]:
    members, transfers = folder / "members.csv", folder / "transfers.csv"
    members.write_text(MEMBERS_CSV, encoding="utf-8")
    transfers.write_text(TRANSFERS_CSV, encoding="utf-8")
    return [
        "timebank",
        "import-timeoverflow",
        "--db",
        str(db),
        "--bank",
        "b",
        "--members",
        str(members),
        "--transfers",
        str(transfers),
    ]


def test_store_commands_print_no_progress_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    from coprod.testing import run_coprod

    db = tmp_path / "store.sqlite"
    result = run_coprod("db", "upgrade", "--db", db)
    assert (result.code, result.err) == (0, "")
    result = run_coprod("readings", "record", *READINGS, "--db", db)
    assert (result.code, result.err) == (0, "")
    assert result.out.count("recorded: ") == 2
    assert run_coprod("timebank", "create-bank", "b", "--name", "B", "--db", db).code == 0
    result = run_coprod(*_import_args(tmp_path, db))
    assert (result.code, result.err) == (0, "")
    assert "imported 5 member(s) and 60 transfer(s)" in result.out


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_store_commands_show_progress_on_a_terminal(
    tmp_path: Path, on_a_terminal: Callable[..., tuple[str, str]]
) -> None:
    env = {**os.environ, "COPROD_DISABLE_ENTRY_POINTS": "1"}

    def _stderr_on_a_terminal(arguments: list[str]) -> tuple[str, str]:
        return on_a_terminal([sys.executable, "-m", "coprod", *arguments], env)

    db = tmp_path / "store.sqlite"
    _out, err = _stderr_on_a_terminal(["db", "upgrade", "--db", str(db)])
    shipped = len(list((EXAMPLES.parent / "src/coprod/store/migrations/versions").glob("v*.py")))
    assert f"upgrading the schema: {shipped} of {shipped} (100%)" in err
    assert err.endswith("\r\x1b[K")  # the line is cleared: the shell prompt starts clean
    out, err = _stderr_on_a_terminal(["readings", "record", *map(str, READINGS), "--db", str(db)])
    assert "reading files: 0 of 2 (0%)" in err
    assert "recording readings: 2 of 2 (100%)" in err
    # The results are printed once the progress line is gone.
    assert out.count("recorded: ") == 2 and "\x1b" not in out
    subprocess.run(
        [sys.executable, "-m", "coprod", "timebank", "create-bank", "b", "--name", "B", "--db", db],
        check=True,
        capture_output=True,
    )
    out, err = _stderr_on_a_terminal(_import_args(tmp_path, db))
    assert "adding members: 5 of 5 (100%)" in err
    assert "recording transfers: 60 of 60 (100%)" in err
    assert "imported 5 member(s) and 60 transfer(s)" in out
    report = tmp_path / "readings.csv"
    _out, err = _stderr_on_a_terminal(
        ["readings", "list", "--db", str(db), "-f", "csv", "-o", str(report)]
    )
    size = report.stat().st_size
    assert f"writing the csv report: {size:,} of {size:,} (100%)" in err


def test_the_terminal_names_every_stage_even_between_redraws() -> None:
    from coprod.progress_callback import TerminalProgress

    stream = io.StringIO()
    draw = TerminalProgress(stream, interval=3600.0)
    draw("reading files", 0, 3)  # a new stage: drawn, however soon
    draw("reading files", 1, 3)  # within the interval: not drawn
    draw("reading files", 3, 3)  # the last of a stage: drawn
    draw("recording readings", 0, 3)  # a new stage: drawn
    draw.close()
    shown = stream.getvalue().split("\r\x1b[K")
    assert [part for part in shown if part] == [
        "reading files: 0 of 3 (0%)",
        "reading files: 3 of 3 (100%)",
        "recording readings: 0 of 3 (0%)",
    ]

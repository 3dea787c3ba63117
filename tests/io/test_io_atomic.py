"""Atomic writes: a failed write leaves no temporary file and does not clobber the target."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import pytest

from coprod.io.atomic import write_atomic

GOOD = "the good report\n"
#: What write_atomic calls to swap the files (patched on the os module it uses).
REPLACE = "coprod.io.atomic.os.replace"


def _raise(error: BaseException) -> Callable[..., NoReturn]:
    def fail(*_args: Any, **_kwargs: Any) -> NoReturn:
        raise error

    return fail


@pytest.fixture
def target(tmp_path: Path) -> Path:
    path = tmp_path / "report.html"
    path.write_text(GOOD, encoding="utf-8")
    return path


def test_writes_text_as_utf8_and_bytes_as_given(tmp_path: Path) -> None:
    text_path = write_atomic(tmp_path / "a.txt", "Côr – 名前\n")
    assert text_path == tmp_path / "a.txt"
    assert text_path.read_bytes() == "Côr – 名前\n".encode()
    write_atomic(tmp_path / "b.bin", b"\x00\xff")
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\xff"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.bin"]


def test_replaces_an_existing_file(target: Path) -> None:
    write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert list(target.parent.iterdir()) == [target]


def test_a_relative_path_in_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_atomic("report.txt", "x")
    assert (tmp_path / "report.txt").read_text(encoding="utf-8") == "x"


def test_the_temporary_file_is_in_the_same_directory(
    target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[Path, Path]] = []
    real_replace = os.replace

    def spy(src: Any, dst: Any) -> None:
        seen.append((Path(src), Path(dst)))
        assert Path(src).read_text(encoding="utf-8") == "new"  # complete before the swap
        assert target.read_text(encoding="utf-8") == GOOD
        real_replace(src, dst)

    monkeypatch.setattr(REPLACE, spy)
    write_atomic(target, "new")
    ((src, dst),) = seen
    assert src.parent == target.parent
    assert src.name.startswith(".report.html.")
    assert dst == target


@pytest.mark.parametrize(
    ("where", "error"),
    [
        ("replace", OSError(28, "No space left on device")),
        ("fsync", OSError(5, "Input/output error")),
        ("replace", KeyboardInterrupt()),
        ("fsync", RuntimeError("unexpected")),
    ],
    ids=["replace-oserror", "fsync-oserror", "replace-interrupt", "fsync-runtimeerror"],
)
def test_a_failure_leaves_no_temporary_file_and_the_target_intact(
    target: Path, monkeypatch: pytest.MonkeyPatch, where: str, error: BaseException
) -> None:
    monkeypatch.setattr(f"coprod.io.atomic.os.{where}", _raise(error))
    with pytest.raises(type(error)) as caught:
        write_atomic(target, "half a report")
    assert target.read_text(encoding="utf-8") == GOOD
    assert list(target.parent.iterdir()) == [target]
    if isinstance(error, OSError):
        # The error names the file asked for, not the temporary one.
        assert caught.value.filename == str(target)  # type: ignore[attr-defined]
        assert caught.value.strerror == error.strerror  # type: ignore[attr-defined]


def test_a_failure_with_no_previous_file_creates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(REPLACE, _raise(OSError(28, "No space left on device")))
    with pytest.raises(OSError, match="No space left on device"):
        write_atomic(tmp_path / "new.json", "{}")
    assert list(tmp_path.iterdir()) == []


def test_text_that_cannot_be_encoded_fails_before_touching_the_disk(target: Path) -> None:
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "lone \ud800 surrogate")
    assert target.read_text(encoding="utf-8") == GOOD
    assert list(target.parent.iterdir()) == [target]


def test_a_missing_directory_is_reported_with_the_target_path(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "r.txt"
    with pytest.raises(FileNotFoundError) as caught:
        write_atomic(target, "x")
    assert caught.value.filename == str(target)


def test_the_cli_reports_a_failed_write_and_keeps_the_old_report(
    cli: Any, target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(REPLACE, _raise(OSError(28, "No space left on device")))
    run = cli(["demo", "-o", str(target)])
    assert run.code == 2
    assert run.err == f"error: {target}: No space left on device\n"
    assert "Traceback" not in run.err
    assert target.read_text(encoding="utf-8") == GOOD
    assert list(target.parent.iterdir()) == [target]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_reports_get_the_usual_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        new = write_atomic(tmp_path / "new.html", "x")
        assert new.stat().st_mode & 0o777 == 0o644
        shared = tmp_path / "shared.html"
        shared.write_text(GOOD, encoding="utf-8")
        shared.chmod(0o664)
        write_atomic(shared, "y")
        assert shared.stat().st_mode & 0o777 == 0o664
    finally:
        os.umask(umask)


def test_a_symlink_is_followed_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    target = real / "report.json"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "report.json"
    link.symlink_to(target)
    write_atomic(link, "new")
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "new"
    assert [p.name for p in real.iterdir()] == ["report.json"]  # no temporary left behind


def test_a_device_is_written_to_not_replaced() -> None:
    device = Path(os.devnull)
    write_atomic(device, "discarded")
    assert device.is_char_device()


# --- killed mid-write -------------------------------------------------------------------

_KILLED_MID_WRITE = """
import sys, time
import coprod.io.atomic as atomic

def stall(fd):
    print("writing", flush=True)
    time.sleep(60)

atomic.os.fsync = stall
atomic.write_atomic(sys.argv[1], b"x" * 8_000_000)
"""


@pytest.mark.skipif(not hasattr(os, "kill") or os.name != "posix", reason="POSIX signals")
@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_a_signal_mid_write_leaves_the_report_and_no_temporary_file(
    target: Path, signame: str
) -> None:
    import signal
    import subprocess
    import sys

    signum = getattr(signal, signame)
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED_MID_WRITE, str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == "writing\n"  # the 8 MB temporary file exists now
        assert len(list(target.parent.iterdir())) == 2
        child.send_signal(signum)
        _out, err = child.communicate(timeout=30)
    finally:
        child.kill()
    if signame == "SIGINT":
        assert child.returncode != 0
        assert "KeyboardInterrupt" in err
    else:
        # The process still dies of the signal, as it would have without coprod.
        assert child.returncode == -signum, err
    assert target.read_text(encoding="utf-8") == GOOD
    assert list(target.parent.iterdir()) == [target]


def test_a_handler_the_application_installed_is_left_alone(target: Path) -> None:
    import signal

    def mine(_signum: int, _frame: object) -> None:
        return None

    previous = signal.signal(signal.SIGTERM, mine)
    try:
        write_atomic(target, "new")
        assert signal.getsignal(signal.SIGTERM) is mine
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert signal.getsignal(signal.SIGTERM) is previous
    assert target.read_text(encoding="utf-8") == "new"

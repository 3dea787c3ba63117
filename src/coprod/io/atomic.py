"""Atomic file writes: a failed or interrupted export never leaves a partial file.

Interrupted means also *killed politely*: while the temporary file exists, SIGTERM
and SIGHUP (when nothing else handles them) remove it before the process dies of
the same signal, as Ctrl-C (SIGINT, a ``KeyboardInterrupt``) always did.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import signal
import stat
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any, BinaryIO

__all__ = ["write_atomic"]


#: Something that writes a file's content to a binary stream (a streamed write).
Writer = Callable[[BinaryIO], None]


def _put(handle: BinaryIO, payload: bytes | Writer) -> None:
    if isinstance(payload, (bytes, bytearray)):
        handle.write(payload)
    else:
        payload(handle)


def write_atomic(path: str | os.PathLike[str], data: str | bytes | Writer) -> Path:
    """Write ``data`` to ``path`` atomically and return the path written.

    The data goes to a temporary file in the same directory, is flushed to disk,
    and then replaces ``path`` with :func:`os.replace`. If anything fails, the
    temporary file is removed and an existing file at ``path`` is left untouched.
    A symlink is followed (the file it points to is replaced, the link kept); an
    existing file keeps its permissions; a device such as ``/dev/stdout`` is
    written directly. ``str`` data is written as UTF-8. SIGTERM or SIGHUP during
    the write removes the temporary file before the process ends of that signal.

    ``data`` may also be a callable ``write(stream)`` that writes the content to a
    binary stream piece by piece (a large report, never whole in memory); if it
    raises, the temporary file is removed and ``path`` is left untouched.
    """
    requested = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        existing = requested.stat()  # follows symlinks
    except OSError:
        existing = None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        # A device, FIFO or terminal (``-o /dev/stdout``): there is nothing to replace
        # atomically, and replacing it would destroy it. Write straight to it.
        try:
            with open(requested, "wb") as handle:
                _put(handle, payload)
        except OSError as error:
            raise _about(error, requested) from error
        return requested
    # Replace what a symlink points to, not the link itself.
    target = Path(os.path.realpath(requested))
    existing_mode = stat.S_IMODE(existing.st_mode) if existing is not None else None
    with _terminations_cleaned_up():
        return _write_replacing(target, payload, existing_mode)


def _write_replacing(target: Path, payload: bytes | Writer, existing_mode: int | None) -> Path:
    directory = target.parent
    try:
        fd, tmp_name = _create_temporary(directory, target.name)
    except OSError as error:
        raise _about(error, target) from error
    try:
        if existing_mode is not None:
            # Replacing a report keeps its permissions (a shared 0664 stays shared).
            os.chmod(tmp_name, existing_mode)
        with os.fdopen(fd, "wb") as handle:
            _put(handle, payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        if isinstance(error, OSError):
            raise _about(error, target) from error
        raise
    return target


class _Terminated(BaseException):
    """Raised by the temporary signal handler: unwinds the write so it cleans up."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(signum)


def _terminate(signum: int, _frame: FrameType | None) -> None:
    raise _Terminated(signum)


#: Signals that kill a process without unwinding it unless a handler is installed.
_POLITE_KILLS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


@contextlib.contextmanager
def _terminations_cleaned_up() -> Iterator[None]:
    """While writing, turn SIGTERM/SIGHUP into an exception, then die of the signal.

    Only signals whose handler is the default (which would kill the process on the
    spot and leave the temporary file behind) are taken over, and only in the main
    thread (the only one Python lets set handlers). Once the write has unwound and
    removed its temporary file, the previous handler is restored and the signal is
    sent again, so the process ends exactly as it would have.
    """
    previous: dict[int, Callable[[int, FrameType | None], Any] | int | None] = {}
    if threading.current_thread() is threading.main_thread():
        for signum in _POLITE_KILLS:
            if signal.getsignal(signum) is signal.SIG_DFL:
                previous[signum] = signal.signal(signum, _terminate)
    try:
        yield
    except _Terminated as terminated:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        previous.clear()
        os.kill(os.getpid(), terminated.signum)
        raise  # pragma: no cover - only reached if the signal does not end the process
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _create_temporary(directory: Path, name: str) -> tuple[int, str]:
    # Not tempfile.mkstemp: it creates files 0600, and os.replace would keep that, so
    # every report would be private whatever the umask. Mode 0666 lets the umask decide,
    # as for any file the user creates; O_EXCL keeps the name ours alone.
    for _attempt in range(100):
        candidate = directory / f".{name}.{secrets.token_hex(6)}.tmp"
        try:
            return os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), str(candidate)
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "could not create a temporary file", str(directory))


def _about(error: OSError, target: Path) -> OSError:
    # The same error, naming the file the caller asked for rather than the temporary one.
    return OSError(error.errno, error.strerror or str(error), str(target))

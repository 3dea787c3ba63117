"""Atomic file writes: a failed or interrupted export never leaves a partial file."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path

__all__ = ["write_atomic"]


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write ``data`` to ``path`` atomically and return the path written.

    The data goes to a temporary file in the same directory, is flushed to disk,
    and then replaces ``path`` with :func:`os.replace`. If anything fails, the
    temporary file is removed and an existing file at ``path`` is left untouched.
    A symlink is followed (the file it points to is replaced, the link kept); an
    existing file keeps its permissions; a device such as ``/dev/stdout`` is
    written directly. ``str`` data is written as UTF-8.
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
                handle.write(payload)
        except OSError as error:
            raise _about(error, requested) from error
        return requested
    # Replace what a symlink points to, not the link itself.
    target = Path(os.path.realpath(requested))
    directory = target.parent
    existing_mode = stat.S_IMODE(existing.st_mode) if existing is not None else None
    try:
        fd, tmp_name = _create_temporary(directory, target.name)
    except OSError as error:
        raise _about(error, target) from error
    try:
        if existing_mode is not None:
            # Replacing a report keeps its permissions (a shared 0664 stays shared).
            os.chmod(tmp_name, existing_mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
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

"""Atomic file writes: a failed or interrupted export never leaves a partial file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["write_atomic"]


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write ``data`` to ``path`` atomically and return the resolved path.

    The data goes to a temporary file in the same directory, is flushed to disk,
    and then replaces ``path`` with :func:`os.replace`. If anything fails, the
    temporary file is removed and an existing file at ``path`` is left untouched.
    ``str`` data is written as UTF-8.
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as error:
        raise _about(error, target) from error
    try:
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


def _about(error: OSError, target: Path) -> OSError:
    # The same error, naming the file the caller asked for rather than the temporary one.
    return OSError(error.errno, error.strerror or str(error), str(target))

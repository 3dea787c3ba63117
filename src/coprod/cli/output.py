"""Where a command's output goes: stdout, or a file written atomically."""

from __future__ import annotations

import sys

from coprod.io.atomic import write_atomic

__all__ = ["emit"]


def emit(data: str | bytes, output: str | None) -> None:
    """Write ``data`` to the file ``output`` atomically, or to stdout for None or '-'."""
    if output is None or output == "-":
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(data)
            if not data.endswith("\n"):
                sys.stdout.write("\n")
        return
    write_atomic(output, data)

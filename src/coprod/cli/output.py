"""Where a command's output goes: stdout, or a file written atomically."""

from __future__ import annotations

import sys

from coprod.io.atomic import write_atomic

__all__ = ["emit"]


def emit(data: str | bytes, output: str | None) -> None:
    """Write ``data`` to the file ``output`` atomically, or to stdout for None or '-'."""
    if output is None or output == "-":
        if isinstance(data, str):
            # Bytes, not text: a narrow stdout encoding (cp1252, ascii) must not turn
            # an unusual name into a traceback.
            data = (data if data.endswith("\n") else data + "\n").encode("utf-8")
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:  # a text-only stream, e.g. pytest's capsys
            sys.stdout.write(data.decode("utf-8"))
        else:
            sys.stdout.flush()
            buffer.write(data)
            buffer.flush()
        return
    write_atomic(output, data)

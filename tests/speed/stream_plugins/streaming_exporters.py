"""Streaming exporters for the tests: one that fails midway, one with a lone surrogate."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TextIO

from coprod import Exporter, hookimpl


def _half_then_fail(_report: Any, stream: TextIO) -> None:
    stream.write("first row\r\n" * 10_000)  # more than any buffer: some reaches the file
    raise ValueError("broke midway")


def _surrogate(_report: Any, stream: TextIO) -> None:
    stream.write("fine\r\n")
    stream.write("a lone surrogate \ud800\r\n")


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
    for format, write in (("half-fail", _half_then_fail), ("surrogate", _surrogate)):
        register(
            Exporter(
                format=format,
                media_type="text/plain",
                suffix=f".{format.replace('-', '')}",
                render=lambda _report: "rendered whole\n",
                write=write,
                kinds=("*",),
            )
        )

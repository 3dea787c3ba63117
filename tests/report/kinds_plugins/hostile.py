"""Exporters that misbehave in every way an exporter can, for every report kind."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from coprod import Exporter, hookimpl


def _raise(_report: Any) -> str:
    raise ValueError("the exporter\nbroke\r\non three lines")


def _exit(_report: Any) -> str:
    sys.exit(0)


#: format → what its render does.
BEHAVIOURS: dict[str, Callable[[Any], Any]] = {
    "bad-int": lambda _report: 42,
    "bad-none": lambda _report: None,
    "bad-list": lambda _report: ["a", "b"],
    "bad-surrogate": lambda _report: "text with a lone surrogate \ud800",
    "bad-raise": _raise,
    "bad-exit": _exit,
}


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
    for number, (format, render) in enumerate(BEHAVIOURS.items()):
        register(
            Exporter(
                format=format,
                media_type="text/plain",
                suffix=f".bad{number}",
                render=render,
                kinds=("*",),
            )
        )

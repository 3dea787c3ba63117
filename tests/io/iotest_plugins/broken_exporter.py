"""An exporter that raises while rendering: exit 3, nothing written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from coprod import Exporter, hookimpl


def _broken(report: Any) -> str:
    raise ValueError("cannot render")


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
    register(Exporter(format="broken", media_type="text/plain", suffix=".txt", render=_broken))

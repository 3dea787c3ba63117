"""A third-party report format, ``shout``: usable with ``--format`` as soon as loaded."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from coprod import Exporter, hookimpl


def _shout(report: Any) -> str:
    return f"{report.organisation.name.upper()}: {len(report.initiatives)} INITIATIVES\n"


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
    register(Exporter(format="shout", media_type="text/plain", suffix=".shout", render=_shout))

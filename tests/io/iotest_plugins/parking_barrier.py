"""An organisation's own barrier: documents may name it once this plugin is loaded."""

from __future__ import annotations

from collections.abc import Callable

from coprod import Barrier, BarrierCategory, hookimpl


@hookimpl
def register_barriers(register: Callable[[Barrier], None]) -> None:
    register(Barrier(id="parking", label="No parking", category=BarrierCategory.OTHER))

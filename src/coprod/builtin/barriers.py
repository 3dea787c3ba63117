"""Built-in plugin: the seed barrier taxonomy (``001_…``, ``002_…``)."""

from __future__ import annotations

from collections.abc import Callable

from coprod.catalogues import seed_barrier_taxonomy
from coprod.hookspecs import hookimpl
from coprod.model.barriers import Barrier


@hookimpl
def register_barriers(register: Callable[[Barrier], None]) -> None:
    """Register the eleven barriers of ``001_…`` and the five workshop barriers of ``002_…``."""
    for barrier in seed_barrier_taxonomy():
        register(barrier)

"""The progress-callback protocol: how long library work tells its caller how far it is.

(Not :mod:`coprod.progress`, which holds an initiative's readings over time.)

Functions that may run for seconds on large inputs take ``progress:
ProgressCallback | None = None`` and call it as ``progress(stage, done, total)``:

- ``stage`` is a short text naming the step (``"reading needs"``, ``"matching"``);
- ``done`` is how many items of that stage are finished; within a stage it never
  decreases, and the stage's last call has ``done == total`` when ``total`` is known;
- ``total`` is the number of items of the stage, or ``None`` when it is not known.

Calls are throttled to about one per :data:`STEP` items (fewer items between calls
where each is costly: a database transaction, a solver's group), so a callback may
do I/O. The library never prints: the command line passes :class:`TerminalProgress`
when standard error is a terminal, and nothing otherwise.

The functions that take ``progress=``, and their stages:

- :func:`coprod.evaluate`: ``"evaluating"`` (rules, classifications and checks);
- :func:`coprod.people.read_match_problem`: ``"reading capabilities"``,
  ``"reading needs"`` (rows);
- :func:`coprod.people.match_needs`: ``"finding eligible pairs"``, ``"best matches"``
  (groups), ``"explaining"`` (needs);
- :meth:`coprod.store.TimebankStore.import_timeoverflow`: ``"adding members"``,
  ``"recording transfers"`` (members and transfers of the import);
- :func:`coprod.store.upgrade`: ``"upgrading the schema"`` (migration steps).

The command line adds its own steps around them (files read and readings recorded
by ``coprod readings record``; the assessment's loading, evaluating and building;
the report written, counted in bytes). ``docs/architecture.md`` lists them all.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from typing import TextIO, TypeVar

__all__ = ["STEP", "ProgressCallback", "TerminalProgress", "counted"]

#: ``progress(stage, done, total)``; see the module docstring.
ProgressCallback = Callable[[str, int, "int | None"], None]

#: Items between two calls of a callback within a stage.
STEP = 1000

_T = TypeVar("_T")


def counted(
    items: Iterable[_T],
    progress: ProgressCallback | None,
    stage: str,
    total: int | None,
    *,
    step: int = STEP,
) -> Iterator[_T]:
    """``items``, calling ``progress(stage, done, total)`` at 0, every ``step`` items, at the end.

    Without a callback, ``items`` are returned as they are (no cost per item).
    """
    if progress is None:
        yield from items
        return
    progress(stage, 0, total)
    done = 0
    for item in items:
        yield item
        done += 1
        if done % step == 0 and done != total:
            progress(stage, done, total)
    progress(stage, done, total if total is not None else done)


class TerminalProgress:
    """A :data:`ProgressCallback` that shows one updating line on a terminal stream.

    At most one redraw per ``interval`` seconds, except that the first call of a
    stage and its last are always drawn, so fast work costs nothing visible and every
    stage is named; :meth:`close` ends the line.
    """

    def __init__(self, stream: TextIO, *, interval: float = 0.1) -> None:
        self._stream = stream
        self._interval = interval
        self._last = 0.0
        self._stage: str | None = None
        self._shown = False

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        now = time.monotonic()
        final = total is not None and done >= total
        if not final and stage == self._stage and now - self._last < self._interval:
            return
        self._last = now
        self._stage = stage
        if total:
            text = f"{stage}: {done:,} of {total:,} ({100 * done // total}%)"
        elif done:
            text = f"{stage}: {done:,}"
        else:
            text = f"{stage}…"  # a step that cannot count its items
        # Carriage return and erase-line: the line is redrawn in place.
        self._stream.write(f"\r\x1b[K{text}")
        self._stream.flush()
        self._shown = True

    def close(self) -> None:
        """Clear the progress line, so later messages start on a clean line."""
        if self._shown:
            self._stream.write("\r\x1b[K")
            self._stream.flush()
            self._shown = False

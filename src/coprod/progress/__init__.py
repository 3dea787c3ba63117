"""The journey over time: dated readings of one organisation, and what moved.

``coprod progress READING...`` loads readings (assessment documents with ``as_of``),
evaluates each with the registered rules, and compares them
(:func:`compare_readings`) into a :class:`Progress` report (kind ``"progress"``).
See ``docs/journey.md``.
"""

from __future__ import annotations

from coprod.progress.compare import compare_readings, share
from coprod.progress.model import EVENTS, KINDS, Change, Measure, Progress
from coprod.progress.readings import Lineages, Reading, lineages, order_readings

__all__ = [
    "EVENTS",
    "KINDS",
    "Change",
    "Lineages",
    "Measure",
    "Progress",
    "Reading",
    "compare_readings",
    "lineages",
    "order_readings",
    "share",
]

"""The result of checking an input as a report (kind ``"validation"``): ``coprod validate``.

Either the input is valid, and the report counts what it holds, or it lists every
problem, each with its location, its stable code (``docs/format.md``, "Problem
codes") and its message, so a program (a web form, a CI job) can read them from
``coprod validate --format json``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

import attrs

from coprod.errors import Problem
from coprod.report_value import Table

__all__ = ["ValidationReport"]


@attrs.frozen
class ValidationReport:
    """What validating ``source`` found: ``counts`` when valid, else ``problems``.

    ``counts`` are (noun, number) pairs in a fixed order, such as
    ``("services", 3)``.
    """

    kind: ClassVar[str] = "validation"

    source: str
    problems: tuple[Problem, ...] = ()
    counts: tuple[tuple[str, int], ...] = ()

    @property
    def valid(self) -> bool:
        """Whether the input had no problem."""
        return not self.problems

    def tables(self) -> Iterator[Table]:
        """The problems (the main table; empty when valid), then the counts."""
        yield Table(
            name="problems",
            title=f"Problems in {self.source}",
            columns=("where", "code", "message"),
            rows=((p.where, p.code, p.message) for p in self.problems),
        )
        yield Table(
            name="counts",
            title=f"What {self.source} holds",
            columns=("item", "count"),
            rows=tuple(self.counts),
        )

"""What every report value offers exporters: its kind and a tabular view.

Every job (assessing, a survey, matching, a priority-setting vote, a time bank, …)
ends in one pure report value. An :class:`~coprod.Exporter` declares the kinds it
renders (``kinds=("likert",)``), or ``"*"`` for every kind: such a generic exporter
(an ODS or XLSX writer, say) renders any report through :meth:`ReportValue.tables`.

``tables()`` yields :class:`Table` values whose ``rows`` may be a generator, so an
exporter can stream a large report without holding it all in memory. The first
table is the report's main table (what a one-table format such as CSV writes).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import ClassVar, Protocol, TypeAlias, runtime_checkable

import attrs

__all__ = ["ANY_KIND", "Cell", "ReportValue", "Table"]

#: The kind an exporter declares to render every report kind through its tables.
ANY_KIND = "*"

#: What a table cell may hold. Money and exact figures are :class:`~decimal.Decimal`.
Cell: TypeAlias = str | int | float | Decimal | bool | datetime.date | None


@attrs.frozen
class Table:
    """A named table: column names and rows of cells (``rows`` may be consumed once)."""

    name: str
    columns: tuple[str, ...]
    rows: Iterable[tuple[Cell, ...]] = attrs.field(eq=False)
    title: str = ""


@runtime_checkable
class ReportValue(Protocol):
    """A report of some kind: ``kind`` names it, ``tables()`` is its tabular view."""

    kind: ClassVar[str]

    def tables(self) -> Iterator[Table]:
        """The report as tables, main table first."""
        ...

"""The Co-Production Star report: a pure value that exporters render.

See ``docs/format.md`` for the JSON keys other tools rely on.
"""

from __future__ import annotations

from coprod.report.build import build_report, provenance_of
from coprod.report.model import (
    BarrierCategoryProfile,
    BarrierUse,
    ExplorerCell,
    GapSuggestion,
    InitiativeReport,
    PluginRecord,
    Provenance,
    QuadrantStakeholders,
    Report,
    ServiceMap,
    Totals,
)

__all__ = [
    "BarrierCategoryProfile",
    "BarrierUse",
    "ExplorerCell",
    "GapSuggestion",
    "InitiativeReport",
    "PluginRecord",
    "Provenance",
    "QuadrantStakeholders",
    "Report",
    "ServiceMap",
    "Totals",
    "build_report",
    "provenance_of",
]

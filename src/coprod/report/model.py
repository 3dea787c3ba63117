"""The report's parts: pure values built from an assessment and its evaluation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

import attrs

from coprod.engine import Evaluation
from coprod.findings import Finding
from coprod.model.assessment import Assessment, InitiativeStatus, Organisation
from coprod.model.barriers import Barrier, BarrierCategory
from coprod.model.explorer import Actor, CoProfile, Extent
from coprod.model.priority import PriorityPosition, PriorityScheme
from coprod.model.stakeholders import Stakeholder, StakeholderQuadrant
from coprod.model.star import Co
from coprod.report_value import Table

if TYPE_CHECKING:
    from coprod.people.network import StakeholderNetworkAnalysis

__all__ = [
    "BarrierCategoryProfile",
    "BarrierUse",
    "ExplorerCell",
    "GapSuggestion",
    "InitiativeReport",
    "Report",
    "ServiceMap",
    "StakeholderGroup",
    "Totals",
]


@attrs.frozen
class InitiativeReport:
    """One initiative as the report shows it: its classes, position and metric values.

    ``metrics`` holds each metric's value (``None`` when no rule applies) in the
    evaluation's metric order; the explanation of each is
    ``report.evaluation.score(initiative.id, metric)``. ``incomplete`` names the
    metrics a failing rule left incomplete.
    """

    id: str
    name: str
    service: str
    service_name: str
    cos: tuple[Co, ...]
    status: InitiativeStatus
    service_model: str | None
    form: str | None
    position: PriorityPosition | None
    metrics: tuple[tuple[str, float | None], ...]
    incomplete: tuple[str, ...]
    barriers: tuple[str, ...]
    volunteer_hours: float
    description: str
    website: str | None

    def metric(self, name: str) -> float | None:
        """The value of metric ``name`` (``KeyError`` if the evaluation has no such metric)."""
        for metric, value in self.metrics:
            if metric == name:
                return value
        raise KeyError(f"unknown metric {name!r}")


@attrs.frozen
class ExplorerCell:
    """How far one Co goes in one service, and who takes part (``None``: not mapped)."""

    co: Co
    extent: Extent
    actors: tuple[Actor, ...]
    mapped: bool


@attrs.frozen
class ServiceMap:
    """One service's row of the Explorer map, with its gaps and initiatives."""

    id: str
    name: str
    cells: tuple[ExplorerCell, ...]
    gaps: tuple[Co, ...]
    initiatives: tuple[str, ...]


@attrs.frozen
class GapSuggestion:
    """A gap in the map and case studies from the catalogue that fill such a gap."""

    service: str
    service_name: str
    co: Co
    case_studies: tuple[tuple[str, str], ...]  # (case id, case name)


@attrs.frozen
class BarrierUse:
    """A barrier and the initiatives that name it."""

    barrier: Barrier
    initiatives: tuple[str, ...]


@attrs.frozen
class BarrierCategoryProfile:
    """The barriers of one category that initiatives name, most-named first."""

    category: BarrierCategory
    mentions: int
    barriers: tuple[BarrierUse, ...]


@attrs.frozen
class StakeholderGroup:
    """The stakeholders in one quadrant of the stakeholder matrix."""

    quadrant: StakeholderQuadrant
    advice: str
    stakeholders: tuple[Stakeholder, ...]


@attrs.frozen
class Totals:
    """Headline figures for the summary."""

    initiatives: int
    services: int
    by_service_model: tuple[tuple[str, int], ...]
    by_form: tuple[tuple[str, int], ...]
    by_quadrant: tuple[tuple[str, int], ...]
    volunteer_hours: float
    volunteer_value: float | None
    public_saving: float | None
    findings_by_severity: tuple[tuple[str, int], ...]


@attrs.frozen
class Report:
    """A Co-Production Star report: everything an exporter renders.

    Built by :func:`coprod.build_report` from an assessment and its evaluation;
    pure, with no timestamps, so the same input always gives the same report.
    Its kind is ``"assessment"``.
    """

    kind: ClassVar[str] = "assessment"

    generator: str
    organisation: Organisation
    assessment: Assessment = attrs.field(repr=False)
    evaluation: Evaluation = attrs.field(repr=False)
    scheme: PriorityScheme
    star: tuple[CoProfile, ...]
    services: tuple[ServiceMap, ...]
    gaps: tuple[GapSuggestion, ...]
    initiatives: tuple[InitiativeReport, ...]
    quick_wins: tuple[str, ...]
    barriers: tuple[BarrierCategoryProfile, ...]
    stakeholders: tuple[StakeholderGroup, ...]
    network: StakeholderNetworkAnalysis | None
    findings: tuple[Finding, ...]
    metrics: tuple[str, ...]
    totals: Totals

    def tables(self) -> Iterator[Table]:
        """The report as tables: initiatives with their metrics, then findings."""
        yield Table(
            name="initiatives",
            title="Initiatives",
            columns=(
                "id",
                "name",
                "service",
                "cos",
                "status",
                "service_model",
                "form",
                "quadrant",
                *self.metrics,
            ),
            rows=(
                (
                    i.id,
                    i.name,
                    i.service_name,
                    " ".join(co.value for co in i.cos),
                    i.status.value,
                    i.service_model,
                    i.form,
                    None if i.position is None else i.position.quadrant.value,
                    *(value for _name, value in i.metrics),
                )
                for i in self.initiatives
            ),
        )
        yield Table(
            name="findings",
            title="Findings",
            columns=("severity", "step", "source", "plugin", "initiative", "message"),
            rows=(
                (
                    f.severity.value,
                    None if f.step is None else f.step.value,
                    f.source,
                    f.plugin,
                    f.initiative,
                    f.message,
                )
                for f in self.findings
            ),
        )

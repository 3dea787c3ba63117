"""The report's parts: pure values built from an assessment and its evaluation."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar

import attrs

from coprod.evaluation import Evaluation
from coprod.findings import Finding
from coprod.model.assessment import Assessment, InitiativeStatus, Organisation, ResourceUnit
from coprod.model.barriers import Barrier, BarrierCategory
from coprod.model.explorer import Actor, CoProfile, Extent
from coprod.model.priority import PriorityPosition, PriorityScheme
from coprod.model.stakeholders import Stakeholder, StakeholderQuadrant
from coprod.model.star import Co
from coprod.report_value import Table

if TYPE_CHECKING:
    from coprod.model.raters import InstrumentAgreement
    from coprod.people.network import StakeholderNetworkAnalysis
    from coprod.report.business_case import BusinessCaseSection
    from coprod.report.market import MarketSection
    from coprod.report.plan import ActionPlan

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
    """How far one Co goes in one service, who takes part, and the evidence.

    ``extent`` counts the Explorer entry and the service's existing initiatives of
    this Co (:func:`coprod.model.explorer.cell_extents`): at least ``in pockets``
    where ``initiatives`` is not empty. ``mapped`` is false when the Explorer map
    has no entry for the cell.
    """

    co: Co
    extent: Extent
    actors: tuple[Actor, ...]
    mapped: bool
    initiatives: tuple[str, ...] = ()


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
class QuadrantStakeholders:
    """The stakeholders in one quadrant of the stakeholder matrix."""

    quadrant: StakeholderQuadrant
    advice: str
    stakeholders: tuple[Stakeholder, ...]


@attrs.frozen
class Totals:
    """Headline figures for the summary; exact figures are :class:`~decimal.Decimal`.

    ``volunteer_hours`` is in hours; ``volunteer_value`` in the report's currency
    (to the penny) and ``volunteer_hourly_rate`` in currency per hour (``None``
    unless the built-in business-case rule valued the hours); ``public_saving`` is
    the fall in public inputs in the report's resource unit (negative: public
    inputs rise). Sums are of the decimal values as written, so they carry no
    binary rounding noise.
    """

    initiatives: int
    services: int
    by_service_model: tuple[tuple[str, int], ...]
    by_form: tuple[tuple[str, int], ...]
    by_quadrant: tuple[tuple[str, int], ...]
    volunteer_hours: Decimal
    volunteer_value: Decimal | None
    public_saving: Decimal | None
    findings_by_severity: tuple[tuple[str, int], ...]
    volunteer_hourly_rate: Decimal | None = None


@attrs.frozen
class PluginRecord:
    """A plugin that took part: its name, kind and, where known, distribution and version."""

    name: str
    kind: str
    distribution: str | None = None
    version: str | None = None

    def describe(self) -> str:
        """``name (distribution version)``, ``name version``, or the name alone."""
        if self.distribution:
            return f"{self.name} ({self.distribution} {self.version or '?'})"
        if self.version:
            return f"{self.name} {self.version}"
        return self.name


@attrs.frozen
class Provenance:
    """What produced a report: stated once, built at the edge, shown by every format.

    ``plugins`` are the plugins loaded and ``blocked`` those the caller blocked;
    ``scheme_plugin`` is the plugin that registered the Priority Matrix scheme
    (``None``: none did, and the report used the default thresholds);
    ``input_sha256`` the SHA-256 of the input's bytes; ``date`` the day the report
    was made (from ``SOURCE_DATE_EPOCH`` when set, so builds are reproducible).
    Build it with :func:`coprod.report.provenance_of`; fields that are not known
    are ``None`` or empty.
    """

    coprod_version: str
    plugins: tuple[PluginRecord, ...] = ()
    blocked: tuple[str, ...] = ()
    scheme_plugin: str | None = None
    input_name: str | None = None
    input_sha256: str | None = None
    date: datetime.date | None = None


@attrs.frozen
class Report:
    """A Co-Production Star report: everything an exporter renders.

    Built by :func:`coprod.build_report` from an assessment and its evaluation;
    pure: its date, input hash and plugin list come in as a :class:`Provenance`
    built at the edge, so the same input always gives the same report.
    ``scheme`` is the Priority Matrix scheme the plugins registered (the default
    one when none did: ``provenance.scheme_plugin`` is then ``None``). Findings are
    in :func:`~coprod.findings.finding_order`: most serious first, then by step.
    Money is in ``currency`` (ISO 4217); resource figures in ``resource_unit``.
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
    stakeholders: tuple[QuadrantStakeholders, ...]
    network: StakeholderNetworkAnalysis | None
    findings: tuple[Finding, ...]
    metrics: tuple[str, ...]
    totals: Totals
    provenance: Provenance
    currency: str = "GBP"
    resource_unit: ResourceUnit = ResourceUnit.MONEY
    #: The action plan (by step, overdue, unowned) and the suggested plan
    #: (:mod:`coprod.report.plan`); ``None`` only for reports built by hand.
    action_plan: ActionPlan | None = None
    #: How far several raters agree, per instrument (:mod:`coprod.model.raters`).
    agreement: tuple[InstrumentAgreement, ...] = ()
    #: Market it: incentives, nudges, charters and the checks' findings
    #: (:mod:`coprod.report.market`); ``None`` when there is nothing to show.
    market: MarketSection | None = None
    #: Grow it: the appraised business case (:mod:`coprod.report.business_case`);
    #: ``None`` when the document has no ``[business_case]``.
    business_case: BusinessCaseSection | None = None

    def tables(self) -> Iterator[Table]:
        """The report as tables: initiatives with their metrics, findings, then provenance."""
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
        if self.market is not None:
            yield from self.market.tables()
        if self.business_case is not None:
            yield from self.business_case.tables()
        yield Table(
            name="about",
            title="About this report",
            columns=("item", "value"),
            rows=self._about_rows(),
        )

    def _about_rows(self) -> Iterator[tuple[str, str | None]]:
        p, scheme = self.provenance, self.scheme
        yield ("coprod version", p.coprod_version)
        yield ("date", None if p.date is None else p.date.isoformat())
        yield ("input", p.input_name)
        yield ("input SHA-256", p.input_sha256)
        yield ("currency", self.currency)
        yield ("resource unit", self.resource_unit.value)
        yield ("priority scheme registered by", p.scheme_plugin)
        for name in (
            "savings_weight",
            "outcomes_weight",
            "investment_weight",
            "risk_weight",
            "impact_threshold",
            "effort_threshold",
        ):
            yield (f"priority scheme {name.replace('_', ' ')}", f"{getattr(scheme, name):g}")
        for plugin in p.plugins:
            yield (f"plugin loaded ({plugin.kind})", plugin.describe())
        for name in p.blocked:
            yield ("plugin blocked", name)

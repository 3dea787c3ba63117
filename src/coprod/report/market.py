"""The report's Market it section: incentives by kind and target, nudges, charters.

Built from the assessment's ``[[incentives]]``, ``[[nudges]]`` and ``[[charters]]``
(seeds ``003_…`` line 50, ``002_…`` line 233) and the findings of the Market it
checks. Pure.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator

import attrs

from coprod.findings import Finding
from coprod.model.assessment import Assessment
from coprod.model.market import Charter, Incentive, IncentiveKind, IncentiveTarget, Nudge
from coprod.model.star import Step
from coprod.report_value import Table

__all__ = ["CharterView", "IncentiveCell", "MarketSection", "market_section"]


@attrs.frozen
class IncentiveCell:
    """The incentives of one kind aimed at one target (``"(no target stated)"`` if none)."""

    kind: IncentiveKind
    target: str
    incentives: tuple[str, ...]


@attrs.frozen
class CharterView:
    """A charter with its two-way commitments: what each party does, what the agency gives.

    ``review_overdue`` is true when the review date is before the assessment's
    ``as_of`` (``None`` when either is missing: the clock is never read).
    """

    charter: Charter
    review_overdue: bool | None

    @property
    def label(self) -> str:
        """The charter's id, or its name."""
        return self.charter.label


@attrs.frozen
class MarketSection:
    """Market it, as the report shows it."""

    incentives: tuple[Incentive, ...]
    by_kind_and_target: tuple[IncentiveCell, ...]
    nudges: tuple[Nudge, ...]
    charters: tuple[CharterView, ...]
    findings: tuple[Finding, ...]
    currency: str

    def tables(self) -> Iterator[Table]:
        """Incentives, nudges and charter commitments as tables."""
        yield Table(
            name="market incentives",
            title="Market it: incentives",
            columns=("id", "name", "kind", "targets", "initiatives", f"cost ({self.currency})"),
            rows=(
                (
                    i.id,
                    i.name,
                    i.kind.value,
                    ", ".join(t.value for t in i.targets),
                    ", ".join(i.initiatives),
                    i.cost,
                )
                for i in self.incentives
            ),
        )
        yield Table(
            name="market nudges",
            title="Market it: nudges",
            columns=("id", "name", "behaviour aimed at", "targets", "initiatives"),
            rows=(
                (
                    n.id,
                    n.name,
                    n.target_behaviour,
                    ", ".join(t.value for t in n.targets),
                    ", ".join(n.initiatives),
                )
                for n in self.nudges
            ),
        )
        yield Table(
            name="market charters",
            title="Market it: charters, who commits to what",
            columns=("charter", "party", "role", "commits to", "agency provides"),
            rows=self._charter_rows(),
        )

    def _charter_rows(self) -> Iterator[tuple[str, str, str, str, str]]:
        for view in self.charters:
            c = view.charter
            for role in c.roles:
                yield (
                    view.label,
                    role.party.value,
                    role.role,
                    "; ".join(role.responsibilities),
                    "; ".join(role.support),
                )
            if c.agency_commitments:
                yield (view.label, "agency", "", "", "; ".join(c.agency_commitments))


def _cells(incentives: Iterable[Incentive]) -> tuple[IncentiveCell, ...]:
    grouped: dict[tuple[IncentiveKind, str], list[str]] = {}
    for incentive in incentives:
        targets = [t.value for t in incentive.targets] or ["(no target stated)"]
        for target in targets:
            grouped.setdefault((incentive.kind, target), []).append(incentive.name)
    order = [t.value for t in IncentiveTarget] + ["(no target stated)"]
    kinds = list(IncentiveKind)
    return tuple(
        IncentiveCell(kind, target, tuple(names))
        for (kind, target), names in sorted(
            grouped.items(), key=lambda item: (kinds.index(item[0][0]), order.index(item[0][1]))
        )
    )


def _overdue(charter: Charter, as_of: datetime.date | None) -> bool | None:
    if charter.review_date is None or as_of is None:
        return None
    return charter.review_date < as_of


def market_section(assessment: Assessment, findings: Iterable[Finding]) -> MarketSection | None:
    """The Market it section; ``None`` when nothing is recorded and no check found anything."""
    market_findings = tuple(f for f in findings if f.step is Step.MARKET)
    if not (assessment.incentives or assessment.nudges or assessment.charters or market_findings):
        return None
    return MarketSection(
        incentives=assessment.incentives,
        by_kind_and_target=_cells(assessment.incentives),
        nudges=assessment.nudges,
        charters=tuple(CharterView(c, _overdue(c, assessment.as_of)) for c in assessment.charters),
        findings=market_findings,
        currency=assessment.currency,
    )

"""The match report: a match result with what may be shown of it (kind ``"match"``).

Sources: ``002_ea409380ef17158f.txt`` (Capabilities Assessment),
``004_2ab9b3d444068e57.txt`` (time brokers matching members). Capability and needs
records are personal data:

* names (``display_name``, ``requester_name``) appear only with
  ``include_personal_data=True``;
* matches and unmatched needs are listed by pseudonymous id, which is what a time
  broker needs to act on them; ``aggregates_only=True`` leaves those lists out, for
  sharing beyond the people who run the matching;
* aggregates (needs, matched and unmatched by category and area, their totals, and
  unmatched needs by reason) hide counts from 1 to ``threshold − 1`` and, by
  complementary suppression (:mod:`coprod.people.disclosure`), enough other cells
  that no hidden count can be worked out from the totals, rows or columns shown.

The built-in exporters (:mod:`coprod.builtin.export_match`) render it as JSON, CSV,
Markdown or HTML; any exporter of every kind renders it through :meth:`tables`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from itertools import compress
from operator import attrgetter
from typing import Any, ClassVar

import attrs

from coprod.people.disclosure import Relation, protect
from coprod.people.explain import UnmatchedReason
from coprod.people.matching import MatchResult
from coprod.report_value import Cell, Table

__all__ = [
    "SUPPRESSION_THRESHOLD",
    "MatchAggregates",
    "MatchReport",
    "MatchSummary",
    "NeedAggregate",
    "ReasonAggregate",
    "aggregate_needs",
    "aggregate_unmatched_reasons",
    "match_aggregates",
]

#: Counts from 1 up to this number minus one are suppressed in aggregates.
SUPPRESSION_THRESHOLD = 5


@attrs.frozen
class NeedAggregate:
    """Needs, matched and unmatched in one category and area (``004_…``); None if hidden."""

    category: str
    area: str
    needs: int | None
    matched: int | None
    unmatched: int | None


@attrs.frozen
class ReasonAggregate:
    """Unmatched needs for one reason (``004_…``); ``needs`` is None when suppressed."""

    reason: UnmatchedReason
    needs: int | None


@attrs.frozen
class MatchSummary:
    """The headline counts of a match report; ``None`` where a count is hidden."""

    needs: int | None
    matched: int | None
    unmatched: int | None
    capabilities: int | None
    providers: int | None
    total_score: float


@attrs.frozen
class MatchAggregates:
    """Every count that may be published together, suppressed as one table.

    ``needs``, ``matched`` and ``unmatched`` are the totals (the margins of
    ``by_category_and_area``; ``unmatched`` is also the total of ``by_reason``).
    ``None`` means hidden.
    """

    threshold: int
    needs: int | None
    matched: int | None
    unmatched: int | None
    by_category_and_area: tuple[NeedAggregate, ...]
    by_reason: tuple[ReasonAggregate, ...]


_CATEGORY_AND_AREA = attrgetter("category", "area")
_ID = attrgetter("id")


def match_aggregates(
    result: MatchResult, *, threshold: int = SUPPRESSION_THRESHOLD
) -> MatchAggregates:
    """The aggregates of ``result``, small counts and their complements hidden (``004_…``).

    Cells: needs, matched and unmatched per (category, area); the three totals; the
    unmatched needs per reason. Relations known to a reader: matched + unmatched =
    needs in every row and in the totals, each column adds up to its total, and the
    reasons add up to the unmatched total. See :func:`coprod.people.disclosure.protect`.
    """
    matched_ids = {m.need_id for m in result.matches}
    needs = result.problem.needs
    # Counted in C (a Counter of an iterable): a 20k-need result has thousands of groups.
    pairs = list(map(_CATEGORY_AND_AREA, needs))
    cells = Counter(pairs)
    met = Counter(compress(pairs, map(matched_ids.__contains__, map(_ID, needs))))
    keys = sorted(cells)
    reasons = Counter([u.reason for u in result.unmatched])
    values: list[int] = []
    for key in keys:
        count, matched = cells[key], met[key]
        values += (count, matched, count - matched)
    groups = len(keys)
    total = 3 * groups  # needs, matched, unmatched totals at total, total + 1, total + 2
    all_needs, all_met = sum(cells.values()), sum(met.values())
    values += [all_needs, all_met, all_needs - all_met]
    first_reason = len(values)
    values += [reasons.get(reason, 0) for reason in UnmatchedReason]
    relations: list[Relation] = [
        ((3 * g + 1, 1), (3 * g + 2, 1), (3 * g, -1)) for g in range(groups)
    ]
    relations.append([(total + 1, 1), (total + 2, 1), (total, -1)])
    for column in range(3):
        relations.append([*((3 * g + column, 1) for g in range(groups)), (total + column, -1)])
    relations.append(
        [*((first_reason + k, 1) for k in range(len(UnmatchedReason))), (total + 2, -1)]
    )
    hidden = protect(values, relations, threshold=threshold)
    # Hidden cells as None, in one pass.
    shown: list[int | None] = [None if i in hidden else v for i, v in enumerate(values)]

    return MatchAggregates(
        threshold=threshold,
        needs=shown[total],
        matched=shown[total + 1],
        unmatched=shown[total + 2],
        by_category_and_area=tuple(
            [
                NeedAggregate(category, area, shown[3 * g], shown[3 * g + 1], shown[3 * g + 2])
                for g, (category, area) in enumerate(keys)
            ]
        ),
        by_reason=tuple(
            ReasonAggregate(reason, shown[first_reason + k])
            for k, reason in enumerate(UnmatchedReason)
        ),
    )


def aggregate_needs(
    result: MatchResult, *, threshold: int = SUPPRESSION_THRESHOLD
) -> tuple[NeedAggregate, ...]:
    """Needs, matched and unmatched by category and area, as :func:`match_aggregates` hides them."""
    return match_aggregates(result, threshold=threshold).by_category_and_area


def aggregate_unmatched_reasons(
    result: MatchResult, *, threshold: int = SUPPRESSION_THRESHOLD
) -> tuple[ReasonAggregate, ...]:
    """Unmatched needs by reason (every reason listed), as :func:`match_aggregates` hides them."""
    return match_aggregates(result, threshold=threshold).by_reason


def _small(value: int, threshold: int) -> bool:
    return 0 < value < threshold


def _threshold(_instance: object, _attribute: object, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"threshold must be a whole number of at least 1, got {value!r}")


@attrs.frozen
class MatchReport:
    """A match result and what may be shown of it: the report of ``coprod match``.

    ``include_personal_data`` adds names; ``aggregates_only`` leaves out the lists
    of matches and unmatched needs (ids included) and hides small counts in the
    summary too; ``threshold`` is the smallest count shown (smaller non-zero counts
    and their complements are hidden). (``002_…``, ``004_…``.)
    """

    kind: ClassVar[str] = "match"

    result: MatchResult
    include_personal_data: bool = False
    aggregates_only: bool = False
    threshold: int = attrs.field(default=SUPPRESSION_THRESHOLD, validator=_threshold)

    def aggregates(self) -> MatchAggregates:
        """The suppressed aggregates (see :func:`match_aggregates`)."""
        return match_aggregates(self.result, threshold=self.threshold)

    def shown(self, value: int | None) -> str:
        """A count as shown to people: ``<threshold`` when hidden."""
        return f"<{self.threshold}" if value is None else str(value)

    def summary(self, aggregates: MatchAggregates | None = None) -> MatchSummary:
        """Needs, matched, unmatched, capabilities, providers and the total score.

        With ``aggregates_only`` the three need counts are the suppressed totals of
        the aggregates, and capabilities and providers from 1 to ``threshold − 1``
        are hidden (``None``).
        """
        result, problem = self.result, self.result.problem
        if self.aggregates_only:
            agg = aggregates or self.aggregates()
            needs, matched, unmatched = agg.needs, agg.matched, agg.unmatched
        else:
            needs, matched = len(problem.needs), result.matched_count
            unmatched = len(result.unmatched)

        def count(value: int) -> int | None:
            return None if self.aggregates_only and _small(value, self.threshold) else value

        return MatchSummary(
            needs=needs,
            matched=matched,
            unmatched=unmatched,
            capabilities=count(len(problem.capabilities)),
            providers=count(len(problem.providers)),
            total_score=round(result.total_score, 3),
        )

    def component_names(self) -> tuple[str, ...]:
        """The score components of the matches, in order of first appearance."""
        names: dict[str, None] = {}
        # Matches share their breakdowns: each distinct one (in order of first
        # appearance) adds its names once.
        scores = {id(m.score): m.score for m in self.result.matches}
        for score in scores.values():
            for component in score.components:
                names[component.name] = None
        return tuple(names)

    def data(self) -> dict[str, Any]:
        """The report as JSON-ready data (the ``--format json`` document).

        Keys: ``objective``, ``solvers``, ``personal_data``, ``summary``, ``matches``
        and ``unmatched`` (left out when ``aggregates_only``), ``aggregates``.
        Names are included only when ``include_personal_data`` is true.
        """
        result, problem = self.result, self.result.problem
        needs = {n.id: n for n in problem.needs}
        providers = {p.id: p for p in problem.providers}
        aggregates = self.aggregates()
        data: dict[str, Any] = {
            "objective": result.objective.value,
            "solvers": list(result.solvers),
            "personal_data": self.include_personal_data,
            "summary": attrs.asdict(self.summary(aggregates)),
        }
        if not self.aggregates_only:
            matches = []
            for m in result.matches:
                need = needs[m.need_id]
                row: dict[str, Any] = {
                    "need_id": m.need_id,
                    "requester_id": m.requester_id,
                    "category": need.category,
                    "area": need.area,
                    "capability_id": m.capability_id,
                    "provider_id": m.provider_id,
                    "score": round(m.score.total, 3),
                    "components": {
                        name: {k: round(v, 3) for k, v in parts.items()}
                        for name, parts in m.score.as_dict().items()
                    },
                }
                if self.include_personal_data:
                    row["requester_name"] = need.requester_name
                    row["provider_name"] = providers[m.provider_id].display_name
                matches.append(row)
            unmatched = []
            for u in result.unmatched:
                need = needs[u.need_id]
                entry: dict[str, Any] = {
                    "need_id": u.need_id,
                    "requester_id": u.requester_id,
                    "category": need.category,
                    "area": need.area,
                    "reason": u.reason.value,
                    "reason_label": u.reason.label,
                    "explanation": u.explanation,
                    "funnel": u.funnel.as_dict(),
                }
                if self.include_personal_data:
                    entry["requester_name"] = need.requester_name
                unmatched.append(entry)
            data["matches"] = matches
            data["unmatched"] = unmatched
        data["aggregates"] = {
            "suppression_threshold": self.threshold,
            "totals": {
                "needs": aggregates.needs,
                "matched": aggregates.matched,
                "unmatched": aggregates.unmatched,
            },
            "by_category_and_area": [attrs.asdict(a) for a in aggregates.by_category_and_area],
            "unmatched_by_reason": [
                {"reason": a.reason.value, "label": a.reason.label, "needs": a.needs}
                for a in aggregates.by_reason
            ],
        }
        return data

    def tables(self) -> Iterator[Table]:
        """The main table, then the aggregates and the reasons.

        The main table is one row per need (matched or not, by need id) with
        ``status``, the match's ids and score points, or the reason it is
        unmatched; names at the end with ``include_personal_data``. With
        ``aggregates_only`` it is the category-and-area aggregates instead.
        Hidden counts are ``<threshold`` text.
        """
        if not self.aggregates_only:
            yield self._needs_table()
        # Only now (a one-table format such as CSV never gets here): suppression costs.
        aggregates = self.aggregates()
        yield Table(
            name="needs_by_category_and_area",
            title="Needs by category and area",
            columns=("category", "area", "needs", "matched", "unmatched"),
            rows=(
                (
                    a.category,
                    a.area,
                    *(self._count_cell(v) for v in (a.needs, a.matched, a.unmatched)),
                )
                for a in aggregates.by_category_and_area
            ),
        )
        yield Table(
            name="unmatched_by_reason",
            title="Unmatched needs by reason",
            columns=("reason", "label", "needs"),
            rows=(
                (a.reason.value, a.reason.label, self._count_cell(a.needs))
                for a in aggregates.by_reason
            ),
        )

    def _count_cell(self, value: int | None) -> Cell:
        return self.shown(value) if value is None else value

    def _needs_table(self) -> Table:
        components = self.component_names()
        columns = [
            "need_id",
            "requester_id",
            "category",
            "area",
            "status",
            "capability_id",
            "provider_id",
            "score",
            *(f"{name}_points" for name in components),
            "reason",
            "explanation",
        ]
        if self.include_personal_data:
            columns += ["requester_name", "provider_name"]
        return Table(
            name="needs",
            title="Needs, matched or not",
            columns=tuple(columns),
            rows=self._need_rows(components),
        )

    def _need_rows(self, components: tuple[str, ...]) -> Iterator[tuple[Cell, ...]]:
        problem = self.result.problem
        needs = {n.id: n for n in problem.needs}
        providers = {p.id: p for p in problem.providers}
        rows: list[tuple[str, tuple[Cell, ...]]] = []
        personal = self.include_personal_data
        for m in self.result.matches:
            need = needs[m.need_id]
            parts = {c.name: c.points for c in m.score.components}
            row: tuple[Cell, ...] = (
                m.need_id,
                m.requester_id,
                need.category,
                need.area,
                "matched",
                m.capability_id,
                m.provider_id,
                round(m.score.total, 3),
                *(round(parts[name], 3) if name in parts else None for name in components),
                None,
                None,
            )
            if personal:
                row += (need.requester_name, providers[m.provider_id].display_name)
            rows.append((m.need_id, row))
        for u in self.result.unmatched:
            need = needs[u.need_id]
            row = (
                u.need_id,
                u.requester_id,
                need.category,
                need.area,
                "unmatched",
                None,
                None,
                None,
                *(None for _ in components),
                u.reason.value,
                u.explanation,
            )
            if personal:
                row += (need.requester_name, None)
            rows.append((u.need_id, row))
        for _, row in sorted(rows, key=lambda item: item[0]):
            yield row

"""The registered plugins as a report (kind ``"plugins"``): ``coprod plugins``.

A snapshot of a :class:`~coprod.PluginManager`: every plugin (built-in, entry
point, explicit) with its distribution and version and what it contributes, and
the problems of plugins that failed to load or register.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

import attrs

from coprod.contributions import (
    BatchScoringRule,
    ClassificationRule,
    Exporter,
    MaturityCheck,
    ScoringRule,
)
from coprod.findings import Finding
from coprod.model.barriers import Barrier
from coprod.plugins import PluginInfo, PluginManager
from coprod.report_value import Cell, Table

__all__ = ["PluginListing"]


@attrs.frozen
class PluginListing:
    """Every registered plugin and its contributions, and the plugins' problems."""

    kind: ClassVar[str] = "plugins"

    plugins: tuple[PluginInfo, ...]
    scoring_rules: tuple[ScoringRule | BatchScoringRule, ...] = ()
    classifications: tuple[ClassificationRule, ...] = ()
    maturity_checks: tuple[MaturityCheck, ...] = ()
    exporters: tuple[Exporter, ...] = ()
    barriers: tuple[Barrier, ...] = ()
    problems: tuple[Finding, ...] = ()

    @classmethod
    def of(cls, manager: PluginManager) -> PluginListing:
        """What ``manager`` holds."""
        return cls(
            plugins=manager.plugins,
            scoring_rules=manager.scoring_rules,
            classifications=manager.classifications,
            maturity_checks=manager.maturity_checks,
            exporters=manager.all_exporters,
            barriers=tuple(manager.barriers),
            problems=manager.problems,
        )

    def exporters_of(self, info: PluginInfo) -> tuple[Exporter, ...]:
        """The exporters ``info``'s plugin registered, in order."""
        return tuple(e for e in self.exporters if e.plugin == info.name)

    def document(self) -> dict[str, Any]:
        """The JSON document of ``coprod plugins --format json``: plugins, then problems.

        Keys are stable: ``{"plugins": [{"name", "kind", "module", "distribution",
        "version", "scoring_rules", "classifications", "maturity_checks",
        "exporters", "barriers"}], "problems": [{"plugin", "source", "severity",
        "message"}]}``. Each exporter has ``format``, ``kinds``, ``media_type``,
        ``suffix`` and ``description``.
        """
        return {
            "plugins": [self._plugin_document(info) for info in self.plugins],
            "problems": [
                {
                    "plugin": problem.plugin,
                    "source": problem.source,
                    "severity": problem.severity.value,
                    "message": problem.message,
                }
                for problem in self.problems
            ],
        }

    def _plugin_document(self, info: PluginInfo) -> dict[str, Any]:
        rules = {r.name: r for r in self.scoring_rules if r.plugin == info.name}
        classifications = {c.name: c for c in self.classifications if c.plugin == info.name}
        checks = {c.name: c for c in self.maturity_checks if c.plugin == info.name}
        barriers = {b.id: b for b in self.barriers}
        return {
            "name": info.name,
            "kind": info.kind,
            "module": info.module,
            "distribution": info.distribution,
            "version": info.version,
            "scoring_rules": [
                {
                    "name": name,
                    "metric": rules[name].metric,
                    "weight": rules[name].weight,
                    "batch": isinstance(rules[name], BatchScoringRule),
                    "description": rules[name].description,
                }
                for name in info.scoring_rules
                if name in rules
            ],
            "classifications": [
                {"name": name, "description": classifications[name].description}
                for name in info.classifications
                if name in classifications
            ],
            "maturity_checks": [
                {
                    "name": name,
                    "step": None if checks[name].step is None else checks[name].step.value,  # type: ignore[union-attr]
                    "description": checks[name].description,
                }
                for name in info.maturity_checks
                if name in checks
            ],
            "exporters": [
                {
                    "format": e.format,
                    "kinds": list(e.kinds),
                    "media_type": e.media_type,
                    "suffix": e.suffix,
                    "description": e.description,
                }
                for e in self.exporters_of(info)
            ],
            "barriers": [
                {
                    "id": barrier_id,
                    "label": barriers[barrier_id].label,
                    "category": barriers[barrier_id].category.value,
                }
                for barrier_id in info.barriers
                if barrier_id in barriers
            ],
        }

    def tables(self) -> Iterator[Table]:
        """One row per plugin (the main table), one per contribution, one per problem."""
        yield Table(
            name="plugins",
            title="Plugins",
            columns=("name", "kind", "module", "distribution", "version"),
            rows=((i.name, i.kind, i.module, i.distribution, i.version) for i in self.plugins),
        )
        yield Table(
            name="contributions",
            title="What each plugin contributes",
            columns=("plugin", "type", "name", "detail"),
            rows=self._contributions(),
        )
        yield Table(
            name="problems",
            title="Plugin problems",
            columns=("plugin", "source", "severity", "message"),
            rows=((p.plugin, p.source, p.severity.value, p.message) for p in self.problems),
        )

    def _contributions(self) -> Iterator[tuple[Cell, ...]]:
        rules = {r.name: r for r in self.scoring_rules}
        for info in self.plugins:
            for name in info.scoring_rules:
                yield (
                    info.name,
                    "scoring rule",
                    name,
                    rules[name].metric if name in rules else None,
                )
            for name in info.classifications:
                yield (info.name, "classification", name, None)
            for name in info.maturity_checks:
                yield (info.name, "maturity check", name, None)
            for exporter in self.exporters_of(info):
                yield (info.name, "exporter", exporter.format, ", ".join(exporter.kinds))
            for barrier_id in info.barriers:
                yield (info.name, "barrier", barrier_id, None)

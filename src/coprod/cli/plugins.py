"""``coprod plugins``: every registered plugin and what it contributes.

Lists the built-in plugins, installed entry-point plugins (with distribution and
version) and any ``-p MODULE`` plugins, each with its scoring rules,
classifications, maturity checks, exporters and barrier entries. Plugins that
failed to load or register are reported on stderr (and under ``problems`` in
JSON); ``--strict`` makes such a failure fatal (exit 3).
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from typing import Any

from coprod.cli.plugin_options import add_plugin_options, plugin_manager
from coprod.plugins import (
    PluginInfo,
    PluginManager,
)
from coprod.registry import BatchScoringRule, MaturityCheck

__all__ = ["plugins_document", "register", "render_text"]

_WIDTH = 88


def register(subcommands: argparse._SubParsersAction[Any]) -> None:
    """Add the ``plugins`` sub-command."""
    parser = subcommands.add_parser(
        "plugins",
        help="list registered plugins and what each contributes",
        description="List every registered plugin (built-in, entry point, explicit) with "
        "its distribution and version and what it contributes: scoring rules, "
        "classifications, maturity checks, exporters and barrier entries.",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="output format (default: text; json has stable keys for machines)",
    )
    add_plugin_options(parser)
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    # Problems are printed after the listing (and are in the JSON).
    manager = plugin_manager(args, print_problems=False)
    if args.format == "json":
        sys.stdout.write(json.dumps(plugins_document(manager), indent=2, ensure_ascii=False))
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_text(manager))
    for problem in manager.problems:
        print(f"warning: {problem.message}", file=sys.stderr)
    return 0


def _plugin_document(info: PluginInfo, manager: PluginManager) -> dict[str, Any]:
    rules = {rule.name: rule for rule in manager.scoring_rules if rule.plugin == info.name}
    classifications = {c.name: c for c in manager.classifications if c.plugin == info.name}
    checks = {c.name: c for c in manager.maturity_checks if c.plugin == info.name}
    barriers = {b.id: b for b in manager.barriers}
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
        ],
        "classifications": [
            {"name": name, "description": classifications[name].description}
            for name in info.classifications
        ],
        "maturity_checks": [_check_document(checks[name]) for name in info.maturity_checks],
        "exporters": [
            {
                "format": name,
                "media_type": manager.exporters[name].media_type,
                "suffix": manager.exporters[name].suffix,
                "description": manager.exporters[name].description,
            }
            for name in info.exporters
        ],
        "barriers": [
            {
                "id": barrier_id,
                "label": barriers[barrier_id].label,
                "category": barriers[barrier_id].category.value,
            }
            for barrier_id in info.barriers
        ],
    }


def _check_document(check: MaturityCheck) -> dict[str, Any]:
    step = check.step
    return {
        "name": check.name,
        "step": None if step is None else step.value,
        "description": check.description,
    }


def plugins_document(manager: PluginManager) -> dict[str, Any]:
    """The JSON document of ``coprod plugins --format json``: plugins, then problems.

    Keys are stable: ``{"plugins": [{"name", "kind", "module", "distribution",
    "version", "scoring_rules", "classifications", "maturity_checks", "exporters",
    "barriers"}], "problems": [{"plugin", "source", "severity", "message"}]}``.
    """
    return {
        "plugins": [_plugin_document(info, manager) for info in manager.plugins],
        "problems": [
            {
                "plugin": problem.plugin,
                "source": problem.source,
                "severity": problem.severity.value,
                "message": problem.message,
            }
            for problem in manager.problems
        ],
    }


def _line(label: str, items: list[str]) -> str:
    if not items:
        return ""
    text = textwrap.fill(
        ", ".join(items),
        width=_WIDTH,
        initial_indent=f"  {label}: ",
        subsequent_indent="    ",
        break_on_hyphens=False,
    )
    return text + "\n"


def render_text(manager: PluginManager) -> str:
    """The text listing of ``coprod plugins``: one block per plugin."""
    rules = {rule.name: rule for rule in manager.scoring_rules}
    out: list[str] = []
    for info in manager.plugins:
        origin = info.kind
        if info.distribution:
            origin += f", {info.distribution} {info.version or '?'}"
        if info.module != info.name:
            origin += f", {info.module}"
        out.append(f"{info.name} ({origin})\n")
        body = (
            _line("scoring rules", [f"{n} -> {rules[n].metric}" for n in info.scoring_rules])
            + _line("classifications", list(info.classifications))
            + _line("maturity checks", list(info.maturity_checks))
            + _line("exporters", list(info.exporters))
            + _line(f"barriers ({len(info.barriers)})", list(info.barriers))
        )
        out.append(body or "  (contributes nothing)\n")
    if manager.problems:
        out.append(f"{len(manager.problems)} plugin problem(s): see the warnings on stderr\n")
    return "".join(out)

"""Built-in plugin: ``summary`` (text) and ``json`` for the listings coprod prints.

Kinds ``cases`` (``coprod cases``), ``plugins`` (``coprod plugins``) and
``validation`` (``coprod validate``); and ``json`` for ``schema`` (``coprod
schema``: the JSON Schema itself). ``summary`` is each command's default: a
plain-text listing for a terminal, control characters in names replaced so a
hostile name cannot move the cursor. ``json`` has stable keys for programs.
Other formats (CSV, Markdown, HTML) come from the generic exporters, through the
reports' ``tables()``.
"""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Callable
from typing import Any

from coprod.builtin.tabular import json_text
from coprod.case_catalogue import CaseCatalogue
from coprod.contributions import Exporter
from coprod.hookspecs import hookimpl
from coprod.plugin_listing import PluginListing
from coprod.schema_report import SchemaReport
from coprod.validation_report import ValidationReport

__all__ = ["KINDS"]

#: The report kinds this plugin renders.
KINDS = ("cases", "plugins", "validation")

_WIDTH = 88

Listing = CaseCatalogue | PluginListing | ValidationReport | SchemaReport


def _clean(text: str) -> str:
    return "".join(
        ch if unicodedata.category(ch)[0] != "C" else "\N{REPLACEMENT CHARACTER}" for ch in text
    )


# --------------------------------------------------------------------------- cases


def _cases_summary(report: CaseCatalogue) -> str:
    rows = [("Case study", "Place", "Co's", "Service model", "Form")]
    for case in report.cases:
        cos = ", ".join(c.value for c in case.cos) + ("" if case.co_tagged_by_seed else " *")
        rows.append(
            (
                _clean(case.name),
                _clean(case.place or ""),
                cos,
                case.service_model.value if case.service_model else "-",
                case.form.value if case.form else "-",
            )
        )
    widths = [min(max(len(row[i]) for row in rows), 42) for i in range(len(rows[0]))]

    def line(row: tuple[str, ...]) -> str:
        cells = [
            (cell if len(cell) <= width else cell[: width - 1] + "…").ljust(width)
            for cell, width in zip(row, widths, strict=True)
        ]
        return "  ".join(cells).rstrip()

    out = [line(rows[0]), line(tuple("-" * w for w in widths))]
    out += [line(row) for row in rows[1:]]
    out.append("")
    out.append("* no seed names a Co for this case; coprod's best fit (see docs/concepts.md)")
    out.append("Service model and form are shown only where the seeds say.")
    return "\n".join(out) + "\n"


def _cases_document(report: CaseCatalogue) -> dict[str, Any]:
    return {
        "cases": [
            {
                "id": c.id,
                "name": c.name,
                "place": c.place,
                "country": c.country,
                "cos": [co.value for co in c.cos],
                "co_tagged_by_seed": c.co_tagged_by_seed,
                "sector": c.sector.value,
                "service_model": c.service_model.value if c.service_model else None,
                "form": c.form.value if c.form else None,
                "figures": [
                    {"label": f.label, "value": f.value, "seed": f.seed} for f in c.figures
                ],
                "seeds": list(c.seeds),
            }
            for c in report.cases
        ]
    }


# ------------------------------------------------------------------------- plugins


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


def _plugins_summary(report: PluginListing) -> str:
    rules = {rule.name: rule for rule in report.scoring_rules}
    out: list[str] = []
    for info in report.plugins:
        origin = info.kind
        if info.distribution:
            origin += f", {info.distribution} {info.version or '?'}"
        if info.module != info.name:
            origin += f", {info.module}"
        out.append(_clean(f"{info.name} ({origin})") + "\n")
        exporters = [
            f"{e.format} ({', '.join(e.kinds)})" if e.kinds != ("assessment",) else e.format
            for e in report.exporters_of(info)
        ]
        body = (
            _line(
                "scoring rules",
                [f"{n} -> {rules[n].metric}" for n in info.scoring_rules if n in rules],
            )
            + _line("classifications", list(info.classifications))
            + _line("maturity checks", list(info.maturity_checks))
            + _line("exporters", exporters)
            + _line(f"barriers ({len(info.barriers)})", list(info.barriers))
        )
        out.append(body or "  (contributes nothing)\n")
    if report.problems:
        out.append(f"{len(report.problems)} plugin problem(s): see the warnings on stderr\n")
    return "".join(out)


# ---------------------------------------------------------------------- validation


def _count(n: int, noun: str) -> str:
    if n == 1:
        singular = noun[:-3] + "y" if noun.endswith("ies") else noun.removesuffix("s")
        return f"1 {singular}"
    return f"{n} {noun}"


def _validation_summary(report: ValidationReport) -> str:
    source = _clean(report.source)
    if report.valid:
        counts = ", ".join(_count(n, noun) for noun, n in report.counts)
        return f"{source}: valid ({counts})\n"
    lines = [f"{source}: {len(report.problems)} problem(s)"]
    lines += [f"  {_clean(str(problem))}" for problem in report.problems]
    return "\n".join(lines) + "\n"


def _validation_document(report: ValidationReport) -> dict[str, Any]:
    return {
        "source": report.source,
        "valid": report.valid,
        "counts": dict(report.counts),
        "problems": [problem.to_dict() for problem in report.problems],
    }


# ---------------------------------------------------------------------- registered


def _summary(report: CaseCatalogue | PluginListing | ValidationReport) -> str:
    if isinstance(report, CaseCatalogue):
        return _cases_summary(report)
    if isinstance(report, PluginListing):
        return _plugins_summary(report)
    return _validation_summary(report)


def _json(report: Listing) -> str:
    if isinstance(report, CaseCatalogue):
        return json_text(_cases_document(report))
    if isinstance(report, PluginListing):
        return json_text(report.document())
    if isinstance(report, SchemaReport):
        return json_text(dict(report.schema))
    return json_text(_validation_document(report))


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
    """Register summary and json for the cases, plugins and validation reports."""
    register(
        Exporter(
            format="summary",
            media_type="text/plain",
            suffix=".txt",
            render=_summary,
            description="A plain-text listing for a terminal.",
            kinds=KINDS,
        )
    )
    register(
        Exporter(
            format="json",
            media_type="application/json",
            suffix=".json",
            render=_json,
            description="Stable keys for programs (for schema: the JSON Schema).",
            kinds=(*KINDS, "schema"),
        )
    )

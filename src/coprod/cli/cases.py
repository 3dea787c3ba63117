"""``coprod cases``: the seeds' case-study catalogue, classified by the core."""

from __future__ import annotations

import argparse
import json
from typing import Any

from coprod.cli.output import emit

__all__ = ["register", "render_cases"]


def render_cases(co: str | None = None) -> str:
    """The catalogue as a text table: each case's Co(s), service model and form."""
    from coprod.model.cases import case_studies
    from coprod.model.star import Co

    wanted = Co(co) if co else None
    rows = [("Case study", "Place", "Co's", "Service model", "Form")]
    for case in case_studies():
        if wanted is not None and wanted not in case.cos:
            continue
        cos = ", ".join(c.value for c in case.cos) + ("" if case.co_tagged_by_seed else " *")
        rows.append(
            (
                case.name,
                case.place or "",
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


def _handle(args: argparse.Namespace) -> int:
    if args.format == "json":
        from coprod.model.cases import case_studies

        data = [
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
            for c in case_studies()
            if args.co is None or args.co in [co.value for co in c.cos]
        ]
        emit(json.dumps({"cases": data}, indent=2, ensure_ascii=False) + "\n", None)
    else:
        emit(render_cases(args.co), None)
    return 0


def register(subcommands: argparse._SubParsersAction[Any]) -> None:
    """Add the ``cases`` sub-command."""
    from coprod.model.star import Co

    parser = subcommands.add_parser(
        "cases", help="list the seeds' case studies with their Co's, service model and form"
    )
    parser.add_argument("--co", choices=[co.value for co in Co], help="only cases of this Co")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.set_defaults(handler=_handle)

"""``coprod demo``: assess the bundled demo council and report."""

from __future__ import annotations

import argparse
from importlib import resources
from typing import Any

from coprod.cli.assess import add_report_options, report_command

__all__ = ["DEMO_READINGS", "DEMO_RESOURCE", "demo_document", "register"]

DEMO_RESOURCE = "demo-council.toml"

#: The demo's dated readings, oldest first: the last is :data:`DEMO_RESOURCE` (2026).
DEMO_READINGS = ("eastbridge-2024.toml", "eastbridge-2025.toml", DEMO_RESOURCE)


def demo_document(resource: str = DEMO_RESOURCE) -> str:
    """The bundled demo council's assessment document (TOML text), or an earlier reading."""
    return resources.files("coprod.data").joinpath(resource).read_text(encoding="utf-8")


def _progress(args: argparse.Namespace) -> int:
    from coprod.cli.progress import progress_command
    from coprod.io.documents import parse_document

    sources = []
    for name in DEMO_READINGS:
        text = demo_document(name)
        sources.append((name, parse_document(text, "toml", source=name), text.encode("utf-8")))
    return progress_command(sources, args)


def _handle(args: argparse.Namespace) -> int:
    from coprod.io.documents import parse_document

    if args.progress:
        return _progress(args)

    text = demo_document()
    document = parse_document(text, "toml", source=DEMO_RESOURCE)
    return report_command(
        document, args, input_name=DEMO_RESOURCE, input_bytes=text.encode("utf-8")
    )


def register(subcommands: argparse._SubParsersAction[Any]) -> None:
    """Add the ``demo`` sub-command."""
    parser = subcommands.add_parser(
        "demo",
        help="assess the bundled demo council (Eastbridge) and report",
        description="Assess the bundled demo council and print a summary, or write the "
        "full report with --format and -o (e.g. --format html -o report.html).",
    )
    parser.add_argument(
        "--progress",
        action="store_true",
        help="show the journey: what moved between Eastbridge's 2024, 2025 and 2026 readings "
        "(the progress report, as 'coprod progress' writes it)",
    )
    add_report_options(parser)
    parser.set_defaults(handler=_handle)

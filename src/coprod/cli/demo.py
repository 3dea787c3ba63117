"""``coprod demo``: assess the bundled demo council and report."""

from __future__ import annotations

import argparse
from importlib import resources
from typing import Any

from coprod.cli.assess import add_report_options, report_command

__all__ = ["DEMO_RESOURCE", "demo_document", "register"]

DEMO_RESOURCE = "demo-council.toml"


def demo_document() -> str:
    """The bundled demo council's assessment document (TOML text)."""
    return resources.files("coprod.data").joinpath(DEMO_RESOURCE).read_text(encoding="utf-8")


def _handle(args: argparse.Namespace) -> int:
    from coprod.io.documents import parse_document

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
    add_report_options(parser)
    parser.set_defaults(handler=_handle)

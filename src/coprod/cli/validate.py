"""``coprod validate PATH``: check an assessment file and list every problem."""

from __future__ import annotations

import argparse
from typing import Any

from coprod.cli.plugin_options import add_plugin_options, plugin_manager

__all__ = ["register"]


def _handle(args: argparse.Namespace) -> int:
    from coprod.io.documents import load_assessment

    manager = plugin_manager(args)
    assessment = load_assessment(
        args.path, barriers=manager.barriers, organisation=args.organisation
    )
    counts = ", ".join(
        _count(n, noun)
        for n, noun in (
            (len(assessment.services), "service"),
            (len(assessment.initiatives), "initiative"),
            (len(assessment.explorer), "Explorer entry"),
            (len(assessment.stakeholders), "stakeholder"),
        )
    )
    print(f"{args.path}: valid ({counts})")
    return 0


def _count(n: int, noun: str) -> str:
    if n == 1:
        return f"1 {noun}"
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{n} {plural}"


def register(subcommands: argparse._SubParsersAction[Any]) -> None:
    """Add the ``validate`` sub-command."""
    parser = subcommands.add_parser(
        "validate",
        help="check an assessment file; list every problem with its path",
        description="Exit 0 when the file is valid; otherwise print every problem, one per "
        "line with its $. path (or CSV row and column), and exit 2.",
    )
    parser.add_argument("path", metavar="PATH", help="assessment file: .toml, .json or .csv")
    parser.add_argument(
        "--organisation", metavar="NAME", help="organisation name for a CSV of initiatives"
    )
    add_plugin_options(parser)
    parser.set_defaults(handler=_handle)

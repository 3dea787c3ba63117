"""``coprod validate PATH``: check an assessment file and list every problem.

The result is a report (kind ``validation``,
:class:`coprod.validation_report.ValidationReport`). By default (``summary``) a
valid file prints one line to stdout, and an invalid one prints each problem on
stderr as ``error: <where>: <message>``, exit 2, as every command does. With any
other format (``--format json`` for machines: each problem's ``where``, ``code``
and ``message``) the report is written whether the file is valid or not, to stdout
or ``-o``, and the exit code is still 2 when it is not.
"""

from __future__ import annotations

import argparse
from typing import Any

from coprod.cli.assess import organisation_name
from coprod.cli.output import add_output_options, choose_exporter, write_report
from coprod.cli.plugin_options import add_plugin_options, plugin_manager
from coprod.errors import InvalidInputError

__all__ = ["DEFAULT_FORMAT", "register"]

#: The format written when neither ``--format`` nor an ``-o`` suffix says.
DEFAULT_FORMAT = "summary"

_EXIT_INVALID = 2


def _handle(args: argparse.Namespace) -> int:
    from coprod.io.documents import load_assessment
    from coprod.validation_report import ValidationReport

    manager = plugin_manager(args)
    exporter = choose_exporter(manager, "validation", args.format, args.output, DEFAULT_FORMAT)
    source = "<stdin>" if args.path == "-" else args.path
    try:
        assessment = load_assessment(
            args.path,
            barriers=manager.barriers,
            organisation=args.organisation,
            parameter_sets=manager.appraisal_parameters,
        )
        from coprod.cli.progress import check_action_links

        check_action_links(assessment, manager)  # finding links name registered checks
    except InvalidInputError as error:
        if exporter.format == DEFAULT_FORMAT:
            raise  # one "error:" line per problem on stderr, exit 2
        write_report(ValidationReport(source, problems=error.problems), args, manager)
        return _EXIT_INVALID
    report = ValidationReport(
        source,
        counts=(
            ("services", len(assessment.services)),
            ("initiatives", len(assessment.initiatives)),
            ("Explorer entries", len(assessment.explorer)),
            ("stakeholders", len(assessment.stakeholders)),
        ),
    )
    return write_report(report, args, manager)


def register(subcommands: argparse._SubParsersAction[Any]) -> None:
    """Add the ``validate`` sub-command."""
    parser = subcommands.add_parser(
        "validate",
        help="check an assessment file; list every problem with its path",
        description="Exit 0 when the file is valid; otherwise print every problem, one per "
        "line with its $. path (or CSV row and column), and exit 2. With --format json "
        "the problems are written as JSON (where, code, message) for programs.",
    )
    parser.add_argument(
        "path", metavar="PATH", help="assessment file: .toml, .json or .csv ('-': stdin)"
    )
    parser.add_argument(
        "--organisation",
        metavar="NAME",
        type=organisation_name,
        help="organisation name for a CSV of initiatives",
    )
    add_output_options(parser, default_format=DEFAULT_FORMAT)
    add_plugin_options(parser)
    parser.set_defaults(handler=_handle)

"""``coprod survey``: analyse the attitude survey and the budget-allocation survey.

``coprod survey likert PATH`` summarises an attitude survey (``002_…``, Tables 1
and 2) per cohort and compares consecutive cohorts; ``coprod survey allocation
PATH`` summarises a Barriers to Co-production budget-allocation survey (``001_…``).
Both read CSV in long or wide layout (``-`` for standard input) and write a report
(kinds ``likert`` and ``allocation``) in any format registered for it (``json`` by
default; csv, markdown, html, and any plugin's) to stdout or, atomically, to ``-o
FILE``. Bad input exits with 2 and one line per problem, each naming its row and
column. See ``docs/surveys.md``.
"""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from coprod.cli.output import add_output_options, choose_exporter, write_report
from coprod.cli.plugin_options import add_plugin_options, plugin_manager
from coprod.errors import CoprodError
from coprod.surveys import (
    POLARISATION_THRESHOLD,
    analyse_allocation,
    analyse_likert,
    read_allocation,
    read_barrier_tags,
    read_likert,
    with_barriers,
)

__all__ = ["register"]

_EXIT_USAGE = 2

#: The format written when neither ``--format`` nor an ``-o`` suffix says.
DEFAULT_FORMAT = "json"

_DELIMITERS = {"comma": ",", "semicolon": ";", "tab": "\t", "\\t": "\t"}


def _delimiter(text: str) -> str:
    value = _DELIMITERS.get(text.lower(), text)
    if len(value) != 1 or value in '"\r\n' or value.isalnum():
        raise argparse.ArgumentTypeError(
            f"expected one character, 'comma', 'semicolon' or 'tab', got {text!r}"
        )
    return value


def _decimals(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 6:
        raise argparse.ArgumentTypeError(f"expected a whole number from 0 to 6, got {text!r}")
    return value


def _points(text: str) -> Fraction:
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal(-1)
    if not value.is_finite() or not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"expected a number from 0 to 100, got {text!r}")
    return Fraction(value)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="the CSV file ('-' for standard input)")
    add_output_options(parser, default_format=DEFAULT_FORMAT)
    add_plugin_options(parser)
    parser.add_argument(
        "--layout",
        choices=("auto", "long", "wide"),
        default="auto",
        help="layout of the file (default: auto, decided from the header)",
    )
    parser.add_argument(
        "--delimiter",
        type=_delimiter,
        metavar="CHAR",
        help="field separator: comma, semicolon, tab or one character (default: detected)",
    )
    parser.add_argument(
        "--encoding",
        metavar="NAME",
        help="text encoding of the file (default: UTF-8, with or without a BOM)",
    )
    parser.add_argument(
        "--decimals",
        type=_decimals,
        default=0,
        metavar="N",
        help="decimal places shown in markdown and html, rounded half away from zero "
        "(default: 0, like the seeds' tables); json and csv are exact",
    )


def register(subcommands: argparse._SubParsersAction[Any]) -> None:
    """Add ``survey likert`` and ``survey allocation``."""
    survey = subcommands.add_parser(
        "survey",
        help="analyse an attitude survey or a budget-allocation survey",
        description="Analyse the surveys of the Co-Production Star toolkit: the five-point "
        "attitude survey (likert) and the Barriers to Co-production budget-allocation "
        "survey (allocation).",
    )
    survey.set_defaults(handler=lambda _args: _usage(survey))
    kinds = survey.add_subparsers(dest="survey", metavar="SURVEY")

    likert = kinds.add_parser(
        "likert",
        help="attitude survey: counts, percentages, net agreement, cohort comparison",
        description="Summarise five-point attitude-survey responses per cohort and "
        "statement, and compare each cohort with the one before it. Long layout: "
        "respondent,cohort,statement,response; wide layout: one row per respondent with "
        "a cohort column and one column per statement.",
    )
    _common(likert)
    likert.add_argument(
        "--cohort",
        metavar="NAME",
        help="cohort of every row of a wide file that has no cohort column",
    )
    likert.add_argument(
        "--polarisation-threshold",
        type=_points,
        default=POLARISATION_THRESHOLD,
        metavar="POINTS",
        help="rise of the polarisation index that flags a statement as polarised (default: 20)",
    )
    likert.set_defaults(handler=_likert)

    allocation = kinds.add_parser(
        "allocation",
        help="budget-allocation survey: mean, median, share allocating, rank per factor",
        description="Summarise a Barriers to Co-production budget-allocation survey: each "
        "respondent shares out 100%% of a budget increase. Long layout: "
        "respondent,factor,percent; wide layout: the seed's table, factors down the first "
        "column and one column per respondent (an AVG column is checked, not used).",
    )
    _common(allocation)
    allocation.add_argument(
        "--tags",
        metavar="FILE",
        help="CSV with columns factor,barriers tagging factors with barrier ids",
    )
    allocation.add_argument(
        "--check-barriers",
        action="store_true",
        help="reject barrier ids that are not in coprod's seed barrier taxonomy",
    )
    allocation.set_defaults(handler=_allocation)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return _EXIT_USAGE


def _likert(args: argparse.Namespace) -> int:
    manager = plugin_manager(args)
    # Choose before reading, so a bad --format or -o is reported before any work.
    choose_exporter(manager, "likert", args.format, args.output, DEFAULT_FORMAT)
    survey = read_likert(
        args.path,
        layout=args.layout,
        delimiter=args.delimiter,
        default_cohort=args.cohort,
        encoding=args.encoding,
    )
    analysis = analyse_likert(survey, threshold=args.polarisation_threshold, decimals=args.decimals)
    return write_report(analysis, args, manager)


def _seed_barrier_ids() -> frozenset[str]:
    try:
        from coprod.catalogues import seed_barrier_taxonomy
    except ImportError as error:  # pragma: no cover - the taxonomy ships with coprod
        raise CoprodError(f"the seed barrier taxonomy is not available: {error}") from None
    return frozenset(barrier.id for barrier in seed_barrier_taxonomy())


def _allocation(args: argparse.Namespace) -> int:
    manager = plugin_manager(args)
    choose_exporter(manager, "allocation", args.format, args.output, DEFAULT_FORMAT)
    known = _seed_barrier_ids() if args.check_barriers else None
    survey = read_allocation(
        args.path,
        layout=args.layout,
        delimiter=args.delimiter,
        known_barriers=known,
        encoding=args.encoding,
    )
    if args.tags:
        # The table reader names the tags file in every problem (its rows are not
        # the survey file's rows).
        tags = read_barrier_tags(args.tags, encoding=args.encoding)
        survey = with_barriers(survey, tags, known=known)
    analysis = analyse_allocation(survey, decimals=args.decimals)
    for warning in analysis.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return write_report(analysis, args, manager)

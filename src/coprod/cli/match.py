"""``coprod match``: match capabilities to needs from two CSV files (People it).

Sources: ``002_ea409380ef17158f.txt`` and ``003_eb91abacab6ac2c6.txt``
(Capabilities Assessment), ``004_2ab9b3d444068e57.txt`` (time banks). The layouts
of both files are documented in ``docs/people.md``; examples are under
``examples/``. Either file may be ``-`` (standard input). The report (kind
``match``) is written in any format registered for it (``markdown`` by default;
json, csv, html, and any plugin's). Bad rows exit with status 2 and name the file,
row and column.
"""

from __future__ import annotations

import argparse
import io
import sys
from typing import Any, BinaryIO, TextIO

from coprod.cli.output import (
    add_output_options,
    choose_exporter,
    terminal_progress,
    write_report,
)
from coprod.cli.plugin_options import add_plugin_options, plugin_manager
from coprod.errors import InvalidInputError

#: The format written when neither ``--format`` nor an ``-o`` suffix says.
DEFAULT_FORMAT = "markdown"


def register(subcommands: argparse._SubParsersAction[Any]) -> None:
    """Add the ``match`` sub-command."""
    parser = subcommands.add_parser(
        "match",
        help="match capabilities to needs (People it)",
        description="Match the capabilities in CAPABILITIES to the needs in NEEDS (both CSV). "
        "Hard constraints are never broken: consent, verification, capacity, and nobody "
        "is matched to their own need. Names are shown only with --include-personal-data.",
    )
    parser.add_argument(
        "capabilities", metavar="CAPABILITIES", help="capabilities CSV file ('-': stdin)"
    )
    parser.add_argument("needs", metavar="NEEDS", help="needs CSV file ('-': stdin)")
    parser.add_argument(
        "--objective",
        choices=("most", "best"),
        default="best",
        help="most: most needs met; best: best matches among the most needs met (default)",
    )
    add_output_options(parser, default_format=DEFAULT_FORMAT)
    parser.add_argument(
        "--include-personal-data",
        action="store_true",
        help="include names from the input files (personal data)",
    )
    parser.add_argument(
        "--aggregates-only",
        action="store_true",
        help="show only counts by category and area, no ids: counts from 1 to 4 and enough "
        "others that none can be worked out from the totals are hidden",
    )
    parser.add_argument(
        "--strict-availability",
        action="store_true",
        help="never match a helper outside the times they are available",
    )
    parser.add_argument(
        "--engine",
        choices=("auto", "pure", "fast"),
        default="auto",
        help="solver for the best objective: auto, pure (networkx) or fast (SciPy)",
    )
    parser.add_argument(
        "--encoding",
        metavar="ENCODING",
        help="text encoding of both files (default: UTF-8, with or without a BOM, or UTF-16 "
        "with one; e.g. cp1252 for Excel's CSV on Windows)",
    )
    add_plugin_options(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Read both files, match, and write the report; returns the exit code."""
    from coprod.people import MatchReport, match_needs, read_match_problem

    if args.capabilities == "-" and args.needs == "-":
        raise InvalidInputError.single(
            "NEEDS", "only one of CAPABILITIES and NEEDS can be '-' (standard input)"
        )
    manager = plugin_manager(args)
    # Choose before reading, so a bad --format or -o is reported before any work.
    choose_exporter(manager, "match", args.format, args.output, DEFAULT_FORMAT)
    # Progress on standard error only when it is a terminal (nothing in pipes or logs).
    with terminal_progress() as progress:
        problem = read_match_problem(
            _source(args.capabilities, args.encoding),
            _source(args.needs, args.encoding),
            encoding=args.encoding,
            progress=progress,
        )
        result = match_needs(
            problem,
            objective=args.objective,
            engine=args.engine,
            strict_availability=args.strict_availability,
            progress=progress,
        )
    report = MatchReport(
        result,
        include_personal_data=args.include_personal_data,
        aggregates_only=args.aggregates_only,
    )
    return write_report(report, args, manager)


def _source(path: str, encoding: str | None = None) -> str | TextIO | BinaryIO:
    """``path``, or standard input as a stream named ``<stdin>`` for ``-``.

    With an ``encoding``, standard input stays bytes, decoded by the table reader as
    a file would be (an unknown codec is a problem there, not a traceback).
    """
    if path != "-":
        return path
    data = sys.stdin.buffer.read()
    if encoding is not None:
        raw = io.BytesIO(data)
        raw.name = "<stdin>"
        return raw
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInputError.single(
            "<stdin>", f"not UTF-8 text (byte {error.start}): save the file as UTF-8"
        ) from None
    stream = io.StringIO(text, newline="")
    stream.name = "<stdin>"
    return stream

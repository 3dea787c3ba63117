"""``coprod match``: match capabilities to needs from two CSV files (People it).

Sources: ``002_ea409380ef17158f.txt`` and ``003_eb91abacab6ac2c6.txt``
(Capabilities Assessment), ``004_2ab9b3d444068e57.txt`` (time banks). The layouts
of both files are documented in ``docs/people.md``; examples are under
``examples/``. Bad rows exit with status 2 and name the file, row and column.
"""

from __future__ import annotations

import argparse
from typing import Any

from coprod.cli.output import emit


def register(subcommands: argparse._SubParsersAction[Any]) -> None:
    """Add the ``match`` sub-command."""
    parser = subcommands.add_parser(
        "match",
        help="match capabilities to needs (People it)",
        description="Match the capabilities in CAPABILITIES to the needs in NEEDS (both CSV). "
        "Hard constraints are never broken: consent, verification, capacity, and nobody "
        "is matched to their own need. Names are shown only with --include-personal-data.",
    )
    parser.add_argument("capabilities", metavar="CAPABILITIES", help="capabilities CSV file")
    parser.add_argument("needs", metavar="NEEDS", help="needs CSV file")
    parser.add_argument(
        "--objective",
        choices=("most", "best"),
        default="best",
        help="most: most needs met; best: best matches among the most needs met (default)",
    )
    parser.add_argument(
        "--format",
        choices=("json", "csv", "markdown", "html"),
        default="markdown",
        help="output format (default: markdown)",
    )
    parser.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of stdout")
    parser.add_argument(
        "--include-personal-data",
        action="store_true",
        help="include names from the input files (personal data)",
    )
    parser.add_argument(
        "--aggregates-only",
        action="store_true",
        help="show only counts by category and area (small counts suppressed), no ids",
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
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Read both files, match, render and emit; returns the exit code."""
    from coprod.people import match_needs, read_match_problem, render_match_result

    problem = read_match_problem(args.capabilities, args.needs)
    result = match_needs(
        problem,
        objective=args.objective,
        engine=args.engine,
        strict_availability=args.strict_availability,
    )
    text = render_match_result(
        result,
        args.format,
        include_personal_data=args.include_personal_data,
        aggregates_only=args.aggregates_only,
    )
    emit(text, args.output)
    return 0

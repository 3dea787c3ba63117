"""``coprod priorities``: count a citizen priority-setting vote, check its files.

``coprod priorities count FILE.pb`` reads the projects, budget, rules and ballots
of a Pabulib ``.pb`` file (Decidim exports budgets in the same format), adds
ballots from other channels (``--ballots postal=post.csv``), keeps one ballot
per voter, counts under ``--rule`` and writes the report in any format
registered for the kind ``priorities``. ``--initiatives OUT.toml --service ID``
also writes the funded projects as co-commissioning initiatives, a fragment to
merge into an assessment. ``coprod priorities check FILE...`` validates files and
their ballots. Bad input exits with 2 and one line per problem naming the file,
line or row. See ``docs/priorities.md``.
"""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from coprod.cli.output import add_output_options, write_report
from coprod.cli.plugin_options import add_plugin_options, plugin_manager
from coprod.errors import InvalidInputError, Problem

__all__ = ["register"]

_EXIT_OK = 0
_EXIT_INVALID = 2


def _district_budget(text: str) -> tuple[str, Decimal]:
    name, sep, amount = text.partition("=")
    try:
        value = Decimal(amount.strip())
    except InvalidOperation:
        value = Decimal(-1)
    if not sep or not name.strip() or not value.is_finite() or value < 0:
        raise argparse.ArgumentTypeError(f"expected DISTRICT=AMOUNT, got {text!r}")
    return name.strip(), value


def _channel_file(text: str) -> tuple[str | None, str]:
    channel, sep, path = text.partition("=")
    if sep and channel.strip() and "/" not in channel and "\\" not in channel:
        return channel.strip().lower(), path
    return None, text


def _precedence(text: str) -> tuple[str, ...]:
    channels = tuple(c.strip().lower() for c in text.split(",") if c.strip())
    if not channels:
        raise argparse.ArgumentTypeError("expected channels separated by commas")
    return channels


def register(subcommands: argparse._SubParsersAction[Any]) -> None:
    """Add the ``priorities`` command with ``count`` and ``check``."""
    from coprod.priorities.ballots import DEFAULT_PRECEDENCE
    from coprod.priorities.rules import Completion, Rule

    parser = subcommands.add_parser(
        "priorities",
        help="citizen priority-setting (participatory budgeting): count a vote",
        description="Count a citizen priority-setting vote from Pabulib .pb files and ballots "
        "from several channels, or check the files. See docs/priorities.md.",
    )
    commands = parser.add_subparsers(dest="priorities_command", metavar="SUBCOMMAND")

    count = commands.add_parser(
        "count",
        help="count the ballots and report which projects are funded, and why",
        description="Count FILE.pb (projects, budget, ballot rules, ballots) plus any "
        "--ballots from other channels. One voter, one ballot: see --precedence.",
    )
    count.add_argument("file", metavar="FILE.pb", help="the Pabulib file of the exercise")
    count.add_argument(
        "--rule",
        choices=[r.value for r in Rule],
        default=Rule.GREEDY.value,
        help="counting rule (default: greedy, Pabulib's standard: projects in order of "
        "support, each funded if it still fits)",
    )
    count.add_argument(
        "--completion",
        choices=[c.value for c in Completion],
        default=Completion.ADD1.value,
        help="how Equal Shares spends what its first run leaves (default: add1)",
    )
    count.add_argument(
        "--no-compare",
        action="store_true",
        help="do not count under the other family of rules beside the chosen one",
    )
    count.add_argument(
        "--ballots",
        metavar="[CHANNEL=]FILE",
        action="append",
        type=_channel_file,
        default=[],
        help="more ballots, from a .pb file (same projects) or a CSV table (voter, channel, "
        "projects, points); CHANNEL= names their channel; may be repeated",
    )
    count.add_argument(
        "--channel",
        help="the channel of FILE.pb's own ballots (default: its voting_method column, "
        "else 'unrecorded')",
    )
    count.add_argument(
        "--no-file-ballots",
        action="store_true",
        help="use FILE.pb for projects, budget and rules only, not its ballots",
    )
    count.add_argument(
        "--precedence",
        type=_precedence,
        default=DEFAULT_PRECEDENCE,
        metavar="CH1,CH2,...",
        help="which channel's ballot counts when a voter used several (default: "
        f"{','.join(DEFAULT_PRECEDENCE)}; other channels after, alphabetically)",
    )
    count.add_argument(
        "--district-budget",
        metavar="DISTRICT=AMOUNT",
        action="append",
        type=_district_budget,
        default=[],
        help="give a district its own budget (projects of that district are counted "
        "against it); may be repeated",
    )
    count.add_argument(
        "--initiatives",
        metavar="OUT.toml",
        help="also write the funded projects as co-commissioning initiatives "
        "(an [[initiatives]] TOML fragment; needs --service)",
    )
    count.add_argument("--service", help="service id of the initiatives (with --initiatives)")
    count.add_argument(
        "--write-pb",
        metavar="OUT.pb",
        help="also write the counted ballots and the outcome as a Pabulib file (votes, "
        "score and selected recomputed; one ballot per voter; voting_method = channel)",
    )
    count.add_argument(
        "--prefix", default="pb", help="initiative ids are PREFIX-PROJECT (default: pb)"
    )
    add_output_options(count, default_format="summary")
    add_plugin_options(count)
    count.set_defaults(handler=run_count)

    check = commands.add_parser(
        "check",
        help="check .pb files: structure, ballot rules, duplicate voters",
        description="Check each FILE: every problem of its structure (by line and section), "
        "every ballot that breaks the rules and every voter with more than one ballot. "
        "Exit 2 if any file has a problem or an invalid ballot.",
    )
    check.add_argument("files", metavar="FILE", nargs="+", help=".pb files")
    check.set_defaults(handler=run_check)
    parser.set_defaults(handler=lambda _args: _usage(parser))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return _EXIT_INVALID


def run_count(args: argparse.Namespace) -> int:
    """Read, merge, count and report; returns the exit code."""
    import attrs

    from coprod.io.pabulib import read_ballots_csv, read_pb, read_pb_exercise
    from coprod.priorities import analyse, ballots_from_pb, sort_ballots
    from coprod.priorities.rules import Completion

    if args.initiatives and not args.service:
        raise InvalidInputError.single("--initiatives", "needs --service ID", code="invalid-option")
    pb, exercise, own = read_pb_exercise(args.file, channel=args.channel)
    if args.district_budget:
        exercise = attrs.evolve(exercise, district_budgets=tuple(args.district_budget))
    ballots = [] if args.no_file_ballots else list(own)
    problems: list[Problem] = []
    for channel, path in args.ballots:
        try:
            if Path(path).suffix.lower() == ".pb":
                other = read_pb(path)
                ballots.extend(ballots_from_pb(other, exercise, channel=channel))
            else:
                ballots.extend(read_ballots_csv(path, exercise, channel=channel))
        except InvalidInputError as error:
            problems.extend(error.problems)
    if problems:
        raise InvalidInputError(problems)
    sorted_ballots = sort_ballots(ballots, exercise, precedence=args.precedence)
    recorded = _recorded_selected(pb)
    report = analyse(
        exercise,
        sorted_ballots,
        rule=args.rule,
        completion=Completion(args.completion),
        compare=not args.no_compare,
        recorded_selected=recorded,
    )
    manager = plugin_manager(args)
    if args.initiatives:
        _write_initiatives(args, exercise, report.outcome)
    if args.write_pb:
        from coprod.io.atomic import write_atomic
        from coprod.priorities import format_pb, publish_pb

        published = publish_pb(pb, exercise, sorted_ballots.counted, report.outcome)
        write_atomic(args.write_pb, format_pb(published))
        print(
            f"wrote {len(sorted_ballots.counted)} counted ballots to {args.write_pb}",
            file=sys.stderr,
        )
    return write_report(report, args, manager)


def _recorded_selected(pb: Any) -> tuple[str, ...] | None:
    header = pb.projects_header
    if "selected" not in header:
        return None
    at = header.index("selected")
    key = header.index("project_id")
    return tuple(r.cells[key].strip() for r in pb.projects if r.cells[at].strip() == "1")


def _write_initiatives(args: argparse.Namespace, exercise: Any, outcome: Any) -> None:
    import tomli_w

    from coprod.io.atomic import write_atomic
    from coprod.io.converter import make_converter
    from coprod.model.text import ID_PATTERN
    from coprod.priorities import funded_initiatives

    if ID_PATTERN.fullmatch(args.service) is None:
        raise InvalidInputError.single(
            "--service", f"not a valid service id: {args.service!r}", code="invalid-option"
        )
    initiatives = funded_initiatives(exercise, outcome, service=args.service, prefix=args.prefix)
    converter = make_converter()
    data = {"initiatives": [converter.unstructure(i) for i in initiatives]}
    header = (
        f"# Co-commissioning initiatives: the projects funded in {exercise.name}\n"
        f"# under {outcome.rule}. Merge into an assessment whose services include "
        f"{args.service!r}.\n"
    )
    write_atomic(args.initiatives, header + tomli_w.dumps(data))
    print(f"wrote {len(initiatives)} initiative(s) to {args.initiatives}", file=sys.stderr)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def run_check(args: argparse.Namespace) -> int:
    """Check every file; print each problem; exit 2 if any."""
    from coprod.io.pabulib import read_pb_exercise
    from coprod.priorities import sort_ballots

    failed = False
    for path in args.files:
        name = Path(path).name
        try:
            _pb, exercise, ballots = read_pb_exercise(path)
        except InvalidInputError as error:
            failed = True
            for problem in error.problems:
                print(f"error: {problem}")
            continue
        except OSError as error:
            failed = True
            print(f"error: {path}: {error.strerror or error}")
            continue
        result = sort_ballots(ballots, exercise)
        for bad in result.invalid:
            failed = True
            print(f"invalid ballot: {bad}")
        for extra in result.superseded:
            print(f"duplicate voter: {extra}")
        print(
            f"{name}: {_count(len(exercise.projects), 'project')}, "
            f"{_count(result.received, 'ballot')} ({len(result.counted)} counted, "
            f"{len(result.invalid)} invalid, {len(result.superseded)} superseded by another "
            "ballot of the same voter)"
        )
    return _EXIT_INVALID if failed else _EXIT_OK

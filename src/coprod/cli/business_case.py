"""``coprod business-case PATH``: the document's business case, appraised, as tables.

The report is the :class:`coprod.appraisal.AppraisalResult` (kind ``appraisal``) of the
whole programme, or of one initiative with ``--initiative``; its first table is the
long list of every cash flow (one row per flow × year, with how each figure was
reached), so the default ``csv`` is the long CSV of every cash flow. ``json``,
``markdown`` and ``html`` give every table (cash flows, years, the substitutive /
additive mix, the summary with the parameter set and the volunteer hourly rate).
``coprod assess`` shows the same business case as a section of the assessment report.
"""

from __future__ import annotations

import argparse
from typing import Any

from coprod.cli.output import add_output_options, choose_exporter, write_report
from coprod.cli.plugin_options import add_plugin_options, plugin_manager
from coprod.errors import InvalidInputError

__all__ = ["DEFAULT_FORMAT", "register"]

#: The long CSV of every cash flow.
DEFAULT_FORMAT = "csv"


def _handle(args: argparse.Namespace) -> int:
    from coprod.appraisal import parameter_set
    from coprod.io.documents import load_assessment
    from coprod.report.business_case import appraisal_case

    manager = plugin_manager(args)
    choose_exporter(manager, "appraisal", args.format, args.output, DEFAULT_FORMAT)
    assessment = load_assessment(
        args.path, barriers=manager.barriers, parameter_sets=manager.appraisal_parameters
    )
    inputs = assessment.business_case
    if inputs is None:
        raise InvalidInputError.single(
            "$.business_case", "the document has no [business_case] to appraise"
        )
    case = appraisal_case(assessment)
    if args.initiative is not None:
        if args.initiative not in case.initiatives:
            named = ", ".join(case.initiatives) or "none"
            raise InvalidInputError.single(
                "--initiative",
                f"no cost, benefit or hours of initiative {args.initiative!r} "
                f"(the business case names: {named})",
            )
        case = case.for_initiative(args.initiative)
    from coprod.appraisal import appraise

    parameters = parameter_set(inputs.parameter_set, extra=manager.appraisal_parameters)
    result = appraise(case, parameters, inputs.schedule)
    return write_report(result, args, manager)


def register(subcommands: argparse._SubParsersAction[Any]) -> None:
    """Add the ``business-case`` sub-command."""
    parser = subcommands.add_parser(
        "business-case",
        help="appraise the document's [business_case]: every cash flow (CSV) and the summary",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("path", help="the assessment document (.toml or .json; - for stdin)")
    parser.add_argument("--initiative", metavar="ID", help="appraise one initiative's flows only")
    add_output_options(parser, default_format=DEFAULT_FORMAT)
    add_plugin_options(parser)
    parser.set_defaults(handler=_handle)

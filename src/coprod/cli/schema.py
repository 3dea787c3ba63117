"""``coprod schema``: print the JSON Schema of the assessment document."""

from __future__ import annotations

import argparse
import json
from typing import Any

from coprod.cli.output import emit

__all__ = ["register"]


def _handle(args: argparse.Namespace) -> int:
    from coprod.io.schema import assessment_schema

    emit(json.dumps(assessment_schema(), indent=2, ensure_ascii=False) + "\n", args.output)
    return 0


def register(subcommands: argparse._SubParsersAction[Any]) -> None:
    """Add the ``schema`` sub-command."""
    parser = subcommands.add_parser(
        "schema", help="print the JSON Schema of the assessment document"
    )
    parser.add_argument("-o", "--output", metavar="OUT", help="write it to this file")
    parser.set_defaults(handler=_handle)

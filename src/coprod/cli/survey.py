"""``coprod survey``: placeholder until its issue lands."""

from __future__ import annotations

import argparse
from typing import Any


def register(subcommands: argparse._SubParsersAction[Any]) -> None:
    """Add the ``survey`` sub-command."""
    subcommands.add_parser("survey", help="(not yet available)")

"""``coprod match``: placeholder until its issue lands."""

from __future__ import annotations

import argparse
from typing import Any


def register(subcommands: argparse._SubParsersAction[Any]) -> None:
    """Add the ``match`` sub-command."""
    subcommands.add_parser("match", help="(not yet available)")

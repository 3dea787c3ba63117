"""``coprod assess``: placeholder until its issue lands."""

from __future__ import annotations

import argparse
from typing import Any


def register(subcommands: argparse._SubParsersAction[Any]) -> None:
    """Add the ``assess`` sub-command."""
    subcommands.add_parser("assess", help="(not yet available)")

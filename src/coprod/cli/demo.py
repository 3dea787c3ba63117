"""``coprod demo``: placeholder until its issue lands."""

from __future__ import annotations

import argparse
from typing import Any


def register(subcommands: argparse._SubParsersAction[Any]) -> None:
    """Add the ``demo`` sub-command."""
    subcommands.add_parser("demo", help="(not yet available)")

"""``coprod schema``: placeholder until its issue lands."""

from __future__ import annotations

import argparse
from typing import Any


def register(subcommands: argparse._SubParsersAction[Any]) -> None:
    """Add the ``schema`` sub-command."""
    subcommands.add_parser("schema", help="(not yet available)")

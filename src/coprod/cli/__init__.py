"""The ``coprod`` command line: argparse, thin; every command calls into the library.

Each command lives in its own module exposing ``register(subcommands)``, which adds
a sub-parser whose ``handler`` default takes the parsed arguments and returns an
exit code. Exit codes: 0 success, 2 invalid input or usage, 3 a plugin failed (a
rule or check with ``--strict``; a ``-p`` module or an exporter always).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

from coprod.errors import CoprodError, InvalidInputError, PluginError

__all__ = ["EXIT_INVALID", "EXIT_OK", "EXIT_PLUGIN", "build_parser", "main"]

EXIT_OK = 0
EXIT_INVALID = 2
EXIT_PLUGIN = 3

# Order is the order of ``coprod --help``.
_COMMAND_MODULES = (
    "coprod.cli.demo",
    "coprod.cli.assess",
    "coprod.cli.validate",
    "coprod.cli.schema",
    "coprod.cli.plugins",
    "coprod.cli.cases",
    "coprod.cli.survey",
    "coprod.cli.match",
    "coprod.cli.completion",
    "coprod.cli.timebank",
    "coprod.cli.db",
    "coprod.cli.priorities",
    "coprod.cli.progress",
    "coprod.cli.readings",
    "coprod.cli.business_case",
)

Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser (used by :func:`main` and by the docs tests)."""
    from coprod import __version__

    # argparse itself exits with 2 on usage errors, as documented.
    parser = argparse.ArgumentParser(
        prog="coprod",
        description="The Co-Production Star: assess, score and report public-service "
        "co-production.",
    )
    parser.add_argument("--version", action="version", version=f"coprod {__version__}")
    subcommands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _COMMAND_MODULES:
        importlib.import_module(name).register(subcommands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (the console script exits with it)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return EXIT_INVALID
    try:
        return handler(args)
    except InvalidInputError as error:
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_INVALID
    except PluginError as error:
        # One line, whatever the plugin's text: scripts and logs read it line by line.
        print(f"plugin error: {' '.join(str(error).split())}", file=sys.stderr)
        return EXIT_PLUGIN
    except CoprodError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INVALID
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        print(f"error: {where}{error.strerror or error}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

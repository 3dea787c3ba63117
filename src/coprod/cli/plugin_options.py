"""The plugin options every command that builds a plugin manager shares."""

from __future__ import annotations

import argparse
import sys
import warnings

from coprod.plugins import PluginManager, PluginWarning, load_plugin_module, make_plugin_manager

__all__ = ["add_plugin_options", "plugin_manager"]


def add_plugin_options(parser: argparse.ArgumentParser) -> None:
    """``-p MODULE``, ``--no-entry-points``, ``--block NAME`` and ``--strict``."""
    parser.add_argument(
        "-p",
        "--plugin",
        metavar="MODULE",
        action="append",
        default=[],
        help="also load this plugin module (dotted import path); may be repeated",
    )
    parser.add_argument(
        "--no-entry-points",
        action="store_true",
        help="do not load installed plugins (entry points of group 'coprod'; as "
        "COPROD_DISABLE_ENTRY_POINTS=1)",
    )
    parser.add_argument(
        "--block",
        metavar="NAME",
        action="append",
        default=[],
        help="do not register this plugin, e.g. coprod.builtin.priority to replace the "
        "built-in Priority Matrix scoring with a plugin of your own; may be repeated",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="fail (exit 3) if any plugin fails, instead of reporting it and going on",
    )


def plugin_manager(args: argparse.Namespace, *, print_problems: bool = True) -> PluginManager:
    """The manager the options ask for; plugin problems go to stderr as warnings."""
    modules = [load_plugin_module(name) for name in args.plugin]
    with warnings.catch_warnings():
        # Problems are reported once, by the caller or below, not as Python warnings.
        warnings.simplefilter("ignore", PluginWarning)
        manager = make_plugin_manager(
            entry_points=not args.no_entry_points,
            plugins=modules,
            blocked=args.block,
            strict=args.strict,
        )
    if print_problems:
        for problem in manager.problems:
            print(f"warning: {problem.message}", file=sys.stderr)
    return manager

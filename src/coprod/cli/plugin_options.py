"""The plugin options every command that builds a plugin manager shares."""

from __future__ import annotations

import argparse
import math
import signal
import sys
import threading
import warnings
from types import FrameType
from typing import TYPE_CHECKING

from coprod.contributions import StopRun
from coprod.errors import InvalidInputError, PluginError
from coprod.plugins import PluginManager, PluginWarning, load_plugin_module, make_plugin_manager

if TYPE_CHECKING:
    from coprod.evaluation import Evaluation
    from coprod.model.assessment import Assessment
    from coprod.progress_callback import ProgressCallback

__all__ = [
    "add_plugin_options",
    "add_timeout_option",
    "evaluate_within_timeout",
    "plugin_manager",
]


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
    from coprod.cli.output import refuse_essential_blocks

    refuse_essential_blocks(args.block)
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


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, got {text!r}")
    return value


def add_timeout_option(parser: argparse.ArgumentParser) -> None:
    """``--timeout SECONDS``: a bound on the whole evaluation (every rule and check)."""
    parser.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=_seconds,
        help="stop (exit 3) if evaluating every rule and check takes longer than this, "
        "naming the rule that was running; default: no limit",
    )


class _TimedOut(StopRun):
    """Raised by the alarm in the main thread; the engine lets it through."""


def evaluate_within_timeout(
    assessment: Assessment,
    manager: PluginManager,
    args: argparse.Namespace,
    progress: ProgressCallback | None = None,
) -> Evaluation:
    """:func:`coprod.evaluate`, stopped after ``args.timeout`` seconds if one is given.

    The alarm (``SIGALRM``, so Unix and the main thread only) interrupts whatever
    Python code is running, a rule that never returns included; the engine tells us
    which rule that is, and the run ends with a one-line
    :class:`~coprod.errors.PluginError` (exit 3) naming it.
    """
    from coprod.evaluation import evaluate

    seconds: float | None = getattr(args, "timeout", None)
    if seconds is None:
        return evaluate(assessment, manager, progress=progress)
    if not hasattr(signal, "setitimer") or threading.current_thread() is not (
        threading.main_thread()
    ):  # pragma: no cover - Windows, or coprod embedded in a worker thread
        raise InvalidInputError.single(
            "--timeout", "needs a Unix system and the main thread (it uses SIGALRM)"
        )
    running = ["no rule had started"]
    finished = False

    def expire(_signal: int, _frame: FrameType | None) -> None:
        if not finished:
            raise _TimedOut

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        evaluation = evaluate(
            assessment,
            manager,
            watch=lambda what: running.__setitem__(0, what),
            progress=progress,
        )
        finished = True
        return evaluation
    except _TimedOut:
        raise PluginError(
            f"the evaluation took longer than --timeout {seconds:g} s and was stopped; "
            f"{running[0]} was running",
            plugin=running[0],
        ) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

"""Where a command's output goes, and in which format.

Every command that produces a report uses :func:`add_output_options` (``-f/--format``
and ``-o``) and :func:`write_report`: the format is looked up among the exporters
registered for the report's kind, inferred from the ``-o`` suffix when not given,
rendered with the exporter's faults isolated, and written atomically.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from coprod.errors import InvalidInputError, PluginError
from coprod.io.atomic import write_atomic

if TYPE_CHECKING:
    from coprod.plugins import PluginManager
    from coprod.registry import Exporter
    from coprod.report_value import ReportValue

__all__ = ["add_output_options", "choose_exporter", "emit", "render", "write_report"]

#: Suffixes people type that name a format under another suffix.
_SUFFIX_ALIASES = {".htm": ".html", ".markdown": ".md", ".txt": ".txt"}


def add_output_options(parser: argparse.ArgumentParser, *, default_format: str) -> None:
    """``-f/--format FMT`` and ``-o/--output OUT`` (``-`` or none: standard output)."""
    parser.add_argument(
        "-f",
        "--format",
        metavar="FMT",
        help="output format: any exporter registered for this kind of report "
        f"(see 'coprod plugins'). Default: from the -o suffix, else {default_format}.",
    )
    parser.add_argument(
        "-o", "--output", metavar="OUT", help="write to this file (atomically) instead of stdout"
    )
    parser.set_defaults(default_format=default_format)


def choose_exporter(
    manager: PluginManager, kind: str, format: str | None, output: str | None, default: str
) -> Exporter:
    """The exporter for ``format``, else the one whose suffix ``output`` has, else ``default``."""
    known = manager.exporters_for(kind)
    if format:
        try:
            return manager.exporter(format, kind)
        except KeyError as error:
            raise InvalidInputError.single("--format", str(error.args[0])) from None
    if output and output != "-":
        suffix = Path(output).suffix.lower()
        suffix = _SUFFIX_ALIASES.get(suffix, suffix)
        if default in known and known[default].suffix == suffix:
            return known[default]
        for exporter in known.values():
            if exporter.suffix == suffix:
                return exporter
        if suffix:
            names = ", ".join(f"{e.suffix} ({name})" for name, e in known.items())
            raise InvalidInputError.single(
                "-o",
                f"cannot tell the format from {suffix!r}; use --format, or one of: {names}",
            )
    try:
        return manager.exporter(default, kind)
    except KeyError as error:
        raise InvalidInputError.single("--format", str(error.args[0])) from None


def render(exporter: Exporter, report: ReportValue) -> str | bytes:
    """Render ``report``; any failure or a result that is not text is a one-line PluginError."""
    where = f"exporter {exporter.format!r} of plugin {exporter.plugin}"
    try:
        rendered = exporter.render(report)
    except Exception as error:
        message = " ".join(f"{type(error).__name__}: {error}".split())
        raise PluginError(
            f"{where} failed: {message}", plugin=exporter.plugin, item=exporter.format
        ) from error
    if isinstance(rendered, str):
        try:
            rendered.encode("utf-8")
        except UnicodeEncodeError as error:
            raise PluginError(
                f"{where} returned text that cannot be written as UTF-8 (character {error.start})",
                plugin=exporter.plugin,
                item=exporter.format,
            ) from None
        return rendered
    if isinstance(rendered, (bytes, bytearray)):
        return bytes(rendered)
    raise PluginError(
        f"{where} returned {type(rendered).__name__}, not str or bytes",
        plugin=exporter.plugin,
        item=exporter.format,
    )


def write_report(report: ReportValue, args: argparse.Namespace, manager: PluginManager) -> int:
    """Render ``report`` in the format ``args`` ask for and write it; returns exit code 0."""
    output = getattr(args, "output", None)
    exporter = choose_exporter(
        manager, report.kind, getattr(args, "format", None), output, args.default_format
    )
    emit(render(exporter, report), output)
    if output and output != "-":
        print(f"wrote {exporter.format} report to {output}", file=sys.stderr)
    return 0


def emit(data: str | bytes, output: str | None) -> None:
    """Write ``data`` to the file ``output`` atomically, or to stdout for None or '-'."""
    if output is None or output == "-":
        if isinstance(data, str):
            # Bytes, not text: a narrow stdout encoding (cp1252, ascii) must not turn
            # an unusual name into a traceback.
            data = (data if data.endswith("\n") else data + "\n").encode("utf-8")
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:  # a text-only stream, e.g. pytest's capsys
            sys.stdout.write(data.decode("utf-8"))
        else:
            sys.stdout.flush()
            buffer.write(data)
            buffer.flush()
        return
    write_atomic(output, data)

"""Where a command's output goes, and in which format.

Every command that produces a report uses :func:`add_output_options` (``-f/--format``
and ``-o``) and :func:`write_report`: the format is looked up among the exporters
registered for the report's kind, inferred from the ``-o`` suffix when not given,
rendered with the exporter's faults isolated, and written atomically.

The built-in plugins that provide each command's default format are *essential*
(:data:`ESSENTIAL_PLUGINS`, as pytest's ``essential_plugins``): ``--block`` of one
of them is a usage error naming the option, so no command can end up without the
format it prints when none is asked for.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, cast

from coprod.errors import InvalidInputError, PluginError
from coprod.io.atomic import write_atomic

if TYPE_CHECKING:
    from coprod.contributions import Exporter
    from coprod.plugins import PluginManager
    from coprod.progress_callback import ProgressCallback
    from coprod.report_value import ReportValue

__all__ = [
    "ESSENTIAL_PLUGINS",
    "add_output_options",
    "choose_exporter",
    "emit",
    "refuse_essential_blocks",
    "render",
    "stream_report",
    "terminal_progress",
    "write_report",
]

#: Built-in plugins the command line cannot do without: each provides the default
#: format of some command (``summary`` of assess, demo, cases, plugins and validate;
#: ``json`` of survey; ``markdown`` of match). The other built-ins (the assessment's
#: json, csv, markdown and html, and the generic exporters of every kind) can be
#: blocked and replaced.
ESSENTIAL_PLUGINS = (
    "coprod.builtin.export_summary",
    "coprod.builtin.export_surveys",
    "coprod.builtin.export_match",
    "coprod.builtin.export_listings",
)

#: Suffixes people type that name a format under another suffix.
_SUFFIX_ALIASES = {".htm": ".html", ".markdown": ".md", ".text": ".txt"}

#: Format names people type for a format registered under another name.
_FORMAT_ALIASES = {"text": "summary", "txt": "summary", "md": "markdown", "htm": "html"}


def refuse_essential_blocks(blocked: Iterable[str]) -> None:
    """A usage error (exit 2) naming ``--block`` if it names an essential built-in."""
    for name in blocked:
        if name in ESSENTIAL_PLUGINS:
            raise InvalidInputError.single(
                "--block",
                f"{name} is essential to the command line (it provides a command's default "
                "format) and cannot be blocked; to use another format, register it in a "
                "plugin and choose it with --format",
            )


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
        format = _FORMAT_ALIASES.get(format, format) if format not in known else format
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
    """Render ``report``; any failure or a result that is not text is a one-line PluginError.

    An exporter is plugin code, so hostile: whatever it raises (``SystemExit``
    included, but not ``KeyboardInterrupt``), returns (an int, ``None``, a list) or
    writes (text with a lone surrogate, which no file can hold) ends in
    :class:`~coprod.errors.PluginError` naming the plugin and the format, before
    anything is written.
    """
    from coprod.contributions import describe_fault, is_plugin_fault, one_line

    where = f"exporter {exporter.format!r} of plugin {exporter.plugin}"
    try:
        rendered = exporter.render(report)
    except BaseException as error:
        if not is_plugin_fault(error):
            raise
        raise PluginError(
            f"{where} failed: {describe_fault(error)}",
            plugin=exporter.plugin,
            item=exporter.format,
        ) from error
    if isinstance(rendered, str):
        # A plain str, so a subclass's own methods (encode, endswith) play no part.
        rendered = str.__str__(rendered)
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
        f"{where} returned {one_line(type(rendered).__name__, 60)}, not str or bytes",
        plugin=exporter.plugin,
        item=exporter.format,
    )


@contextlib.contextmanager
def terminal_progress() -> Iterator[ProgressCallback | None]:
    """A progress callback drawing on standard error if it is a terminal, else ``None``.

    Long jobs pass it to the library (``progress=``); piped or redirected standard
    error gets nothing. The line is cleared on leaving, so later messages start clean.
    """
    isatty = getattr(sys.stderr, "isatty", None)
    if isatty is None or not isatty():
        yield None
        return
    from coprod.progress_callback import TerminalProgress

    progress = TerminalProgress(sys.stderr)
    try:
        yield progress
    finally:
        progress.close()


def write_report(report: ReportValue, args: argparse.Namespace, manager: PluginManager) -> int:
    """Render ``report`` in the format ``args`` ask for and write it; returns exit code 0.

    On a terminal standard error, progress is the stage ``"writing the FMT report"``
    counted in bytes written: as they reach the file for an exporter that streams
    (``Exporter.write`` with ``-o``), all at once otherwise; the last call's total is
    the size of the output.
    """
    output = getattr(args, "output", None)
    exporter = choose_exporter(
        manager, report.kind, getattr(args, "format", None), output, args.default_format
    )
    with terminal_progress() as progress:
        if exporter.write is not None and output and output != "-":
            stream_report(exporter, report, output, progress=progress)
        else:
            stage = f"writing the {exporter.format} report"
            if progress is not None:  # rendering a large report takes seconds: say so
                progress(stage, 0, None)
            data = render(exporter, report)
            emit(data, output)
            if progress is not None:
                size = _size(data, output)
                progress(stage, size, size)
    if output and output != "-":
        print(f"wrote {exporter.format} report to {output}", file=sys.stderr)
    return 0


def stream_report(
    exporter: Exporter,
    report: ReportValue,
    output: str,
    *,
    progress: ProgressCallback | None = None,
) -> None:
    """Write ``report`` to the file ``output`` through ``exporter.write``, atomically.

    The text goes into the temporary file as the exporter writes it (memory grows
    with a row, not the report). Faults are isolated as in :func:`render`: whatever
    the exporter raises, or text that cannot be written as UTF-8, ends in one
    :class:`~coprod.errors.PluginError`, the temporary file removed and ``output``
    untouched.

    ``progress``, if given, is called as ``progress("writing the FMT report", bytes
    so far, None)``: with 0 first, then each time the text encoder hands a chunk
    (about 8 KiB) to the file, and with the total at the end. The exporter's stream
    is the same with or without it.
    """
    from coprod.contributions import describe_fault, is_plugin_fault

    write = exporter.write
    assert write is not None
    where = f"exporter {exporter.format!r} of plugin {exporter.plugin}"
    stage = f"writing the {exporter.format} report"
    written = 0

    def writer(handle: BinaryIO) -> None:
        nonlocal written
        counter = None if progress is None else _CountingWriter(handle, progress, stage)
        if progress is not None:
            progress(stage, 0, None)
        sink = handle if counter is None else cast("BinaryIO", counter)
        # newline="": the exporter's own line ends (CSV's \r\n) are written as they are.
        text = io.TextIOWrapper(sink, encoding="utf-8", newline="", write_through=False)
        try:
            write(report, text)
            text.flush()
        except BaseException as error:
            if not is_plugin_fault(error):
                raise
            raise PluginError(
                f"{where} failed: {describe_fault(error)}",
                plugin=exporter.plugin,
                item=exporter.format,
            ) from error
        finally:
            text.detach()  # the handle is the atomic writer's to close
        if counter is not None:
            written = counter.written
            counter.close()  # the counter only: the handle stays open

    write_atomic(output, writer)
    if progress is not None:
        progress(stage, written, written)


class _CountingWriter(io.BufferedIOBase):
    """A binary stream that passes every write to ``handle`` and reports the bytes so far.

    Put between the text encoder and the file, it is called once a chunk (the
    encoder's buffer), not once a row, so it costs nothing an exporter would notice.
    """

    def __init__(self, handle: BinaryIO, progress: ProgressCallback, stage: str) -> None:
        super().__init__()
        self._handle = handle
        self._progress = progress
        self._stage = stage
        self.written = 0

    def writable(self) -> bool:
        return True

    # An exporter that asks where it is (``stream.tell()``) gets the file's answer,
    # as it would without the counter.
    def seekable(self) -> bool:
        return self._handle.seekable()

    def tell(self) -> int:
        return self._handle.tell()

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._handle.seek(offset, whence)

    def write(self, data: Any) -> int:
        count = len(memoryview(data).cast("B"))
        self._handle.write(data)
        self.written += count
        self._progress(self._stage, self.written, None)
        return count

    def flush(self) -> None:
        if not self.closed and not self._handle.closed:
            self._handle.flush()


def _size(data: str | bytes, output: str | None) -> int:
    """The bytes :func:`emit` writes for ``data`` (a newline is added to stdout text)."""
    if isinstance(data, bytes):
        return len(data)
    size = len(data.encode("utf-8"))
    return size + 1 if (output is None or output == "-") and not data.endswith("\n") else size


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

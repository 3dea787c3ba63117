"""Run the ``coprod`` command line in-process and look at what it did (like pytest's pytester).

>>> from coprod.testing import run_coprod
>>> result = run_coprod("cases", "--co", "co-delivery", "--format", "json")
>>> result.code
0

:func:`run_coprod` calls :func:`coprod.cli.main` with the arguments, an optional
standard input (text or bytes), and standard output and error captured as bytes
(so what a terminal would receive is what is checked, encoding included), in a
working directory of your choice, with installed entry-point plugins off unless
asked for. :class:`CoprodCli` (the ``coprod_cli`` fixture of the pytest plugin)
does the same in a temporary directory it also writes input files to.

An exception that escapes :func:`coprod.cli.main` (a bug: the command line turns
every error it expects into an exit code) is not caught: the test fails with it.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import attrs

__all__ = ["CliResult", "CoprodCli", "run_coprod"]


@attrs.frozen
class CliResult:
    """What one run of ``coprod`` did: exit code, stdout and stderr (text and bytes)."""

    args: tuple[str, ...]
    code: int
    stdout: bytes = attrs.field(repr=False)
    stderr: bytes = attrs.field(repr=False)

    @property
    def out(self) -> str:
        """Standard output as text (UTF-8; undecodable bytes shown as U+FFFD)."""
        return self.stdout.decode("utf-8", errors="replace")

    @property
    def err(self) -> str:
        """Standard error as text (UTF-8; undecodable bytes shown as U+FFFD)."""
        return self.stderr.decode("utf-8", errors="replace")

    def assert_clean_failure(self, code: int) -> None:
        """Assert exit ``code``, no traceback, nothing on stdout, and every stderr line
        an ``error:`` (code 2) or a single ``plugin error:`` line (code 3)."""
        assert self.code == code, f"exit {self.code}, expected {code}: {self.err}"
        assert "Traceback" not in self.err + self.out, self.err
        assert self.out == "", self.out
        lines = self.err.splitlines()
        assert lines, "nothing on stderr"
        if code == 3:
            assert len(lines) == 1, self.err
            assert lines[0].startswith("plugin error: "), self.err
        else:
            assert all(line.startswith("error: ") for line in lines), self.err


class _Stream(io.TextIOWrapper):
    """A text stream over bytes, as ``sys.stdout`` is (with a ``.buffer``)."""

    def __init__(self, data: bytes = b"") -> None:
        super().__init__(io.BytesIO(data), encoding="utf-8", errors="strict", newline="")

    def value(self) -> bytes:
        self.flush()
        raw = self.buffer
        assert isinstance(raw, io.BytesIO)
        return raw.getvalue()


@contextlib.contextmanager
def _environment(changes: Mapping[str, str | None]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in changes}
    try:
        for name, value in changes.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run_coprod(
    *args: str | os.PathLike[str],
    stdin: str | bytes | None = None,
    cwd: str | os.PathLike[str] | None = None,
    entry_points: bool = False,
    env: Mapping[str, str | None] | None = None,
) -> CliResult:
    """Run ``coprod ARGS`` in this process and return what it did.

    ``stdin`` is what the command reads from standard input (``-`` as a path);
    text is encoded as UTF-8. ``cwd`` is the working directory during the run.
    Installed entry-point plugins are ignored unless ``entry_points`` is true, so
    whatever else is installed cannot change the result. ``env`` sets (or, with
    ``None``, removes) environment variables for the run.
    """
    from coprod.cli import main
    from coprod.plugins import DISABLE_ENTRY_POINTS_ENV

    argv = tuple(os.fspath(a) for a in args)
    data = stdin.encode("utf-8") if isinstance(stdin, str) else (stdin or b"")
    changes: dict[str, str | None] = {DISABLE_ENTRY_POINTS_ENV: None if entry_points else "1"}
    changes.update(env or {})
    out, err, inp = _Stream(), _Stream(), _Stream(data)
    saved = sys.stdin, sys.stdout, sys.stderr
    previous_cwd = os.getcwd()
    try:
        with _environment(changes):
            sys.stdin, sys.stdout, sys.stderr = inp, out, err
            if cwd is not None:
                os.chdir(cwd)
            try:
                code = main(list(argv))
            except SystemExit as exit_:  # argparse's usage errors, --help, --version
                code = (
                    exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
                )
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
        os.chdir(previous_cwd)
    return CliResult(args=argv, code=code, stdout=out.value(), stderr=err.value())


class CoprodCli:
    """A ``coprod`` runner bound to a working directory (pytest's ``pytester``, for coprod).

    ``cli.write("needs.csv", text)`` writes an input file there (UTF-8, or bytes as
    given) and returns its path; ``cli.run(*args, stdin=...)`` runs ``coprod`` in
    that directory (see :func:`run_coprod`); ``cli.path`` is the directory.
    """

    def __init__(self, path: str | os.PathLike[str], *, entry_points: bool = False) -> None:
        self.path = Path(path)
        self.entry_points = entry_points

    def write(self, name: str, content: str | bytes) -> Path:
        """Write ``content`` to ``name`` in the working directory; return its path."""
        target = self.path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_bytes(content.encode("utf-8"))
        return target

    def run(
        self,
        *args: str | os.PathLike[str],
        stdin: str | bytes | None = None,
        env: Mapping[str, str | None] | None = None,
    ) -> CliResult:
        """Run ``coprod ARGS`` in :attr:`path`."""
        return run_coprod(
            *args, stdin=stdin, cwd=self.path, entry_points=self.entry_points, env=env
        )

    def files(self) -> list[str]:
        """The names of the files in the working directory, sorted (temporary ones too)."""
        return sorted(p.name for p in self.path.iterdir())

"""The exceptions coprod raises, and the problems an input error carries.

Every error coprod raises on purpose derives from :class:`CoprodError`, so an
embedding application can catch one type. Input errors carry every problem found,
each a :class:`Problem` with

* ``where``: a line-ready location, ``$.initiatives[3].ratings.risk`` for documents
  or ``initiatives.csv row 4, column 'risk'`` for tables;
* ``message``: what is wrong, for a person;
* ``code``: a stable, documented identifier (:data:`PROBLEM_CODES`, the "Problem
  codes" table of ``docs/format.md``) for a program, say a web form;
* ``path``: the document location as a tuple (``("initiatives", 3, "ratings",
  "risk")``), derived from ``where`` when it is a ``$`` path;
* ``cell``: the table location as a :class:`TableLocation` (file, row, column).

``str(problem)`` is ``"{where}: {message}"``, as it always was.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

__all__ = [
    "PROBLEM_CODES",
    "CoprodError",
    "InvalidInputError",
    "PluginError",
    "Problem",
    "TableLocation",
    "TaxonomyConflictError",
    "path_of",
]

#: Every problem code coprod uses, with its meaning. Codes are stable: a program
#: may branch on them. ``docs/format.md`` ("Problem codes") lists the same codes,
#: and a test keeps the two, and the codes used in the source, in agreement.
PROBLEM_CODES: Mapping[str, str] = {
    # Reading a file at all
    "unreadable": "the file or stream could not be read (missing, a directory, no permission)",
    "unsupported-format": "the input's format is unknown or was not given for text or bytes",
    "bad-encoding": "the bytes are not text in the encoding used (a cp1252 hint when it fits)",
    "unknown-encoding": "the encoding asked for is unknown, or not a text encoding",
    "binary": "the input contains a NUL byte: it is not a text table",
    "syntax": "the text is not valid TOML, JSON or CSV (a truncated file, a stray quote)",
    "cell-too-large": "a table cell is larger than the CSV reader accepts (131072 characters)",
    "empty": "there is nothing to read: no header row, or no data after it",
    # The header of a table
    "unknown-column": "a column that this table does not have (with a suggestion)",
    "duplicate-column": "the same column appears twice",
    "missing-column": "a required column is absent",
    "unnamed-column": "a column without a header has values",
    # Rows and cells of a table, fields of a document
    "row-width": "a row has more cells than the header",
    "missing-value": "a required cell or field is blank or absent",
    "invalid-value": "a value of the wrong form: not a number, a bad id, out of range",
    "control-character": "text holds a control character (other than tab and line breaks)",
    "unknown-value": "a value that is not one of the allowed ones (with a suggestion)",
    "unknown-key": "a document key that the format does not have",
    "duplicate": "an id, a row or an answer given twice",
    "unknown-reference": "a reference to something not defined (a service, stakeholder, barrier)",
    "inconsistent": "values that contradict each other (totals, rows of the same provider)",
    "invalid-option": "an option given with the input is invalid (say a blank --organisation)",
}

_STEP = re.compile(r"\.([A-Za-z0-9_-]+)|\[(\d+)\]|\[('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\]")


def path_of(where: str) -> tuple[str | int, ...] | None:
    """The path tuple of a ``$`` location: ``$.a[3].b`` → ``("a", 3, "b")``; else ``None``.

    Quoted keys (``$.a['odd key']``) come back unquoted; a location that is not a
    ``$`` path (a table cell, a file name) has no path.
    """
    if not where.startswith("$"):
        return None
    steps: list[str | int] = []
    position = 1
    while position < len(where):
        match = _STEP.match(where, position)
        if match is None:
            return None
        name, index, quoted = match.groups()
        if name is not None:
            steps.append(name)
        elif index is not None:
            steps.append(int(index))
        else:
            try:
                steps.append(str(ast.literal_eval(quoted)))
            except (ValueError, SyntaxError):
                return None
        position = match.end()
    return tuple(steps)


@attrs.frozen
class TableLocation:
    """Where a problem is in a table: the file's name, the spreadsheet row, the column.

    ``row`` counts as a spreadsheet does (the header is row 1, blank rows count);
    ``column`` is the column's header as written in the file (or the expected name
    of a missing column); ``letter`` is the spreadsheet letter (``A``, ``AB``). Any
    of them may be ``None`` when the problem is about the whole file, row or column.
    """

    source: str
    row: int | None = None
    column: str | None = None
    letter: str | None = None

    def __str__(self) -> str:
        parts = [self.source] if self.source else []
        if self.row is not None:
            parts.append(f"row {self.row}")
        place = " ".join(parts)
        if self.column is not None:
            column = f"column {_excerpt(self.column)}"
        elif self.letter is not None:
            column = f"column {self.letter}"
        else:
            return place
        return f"{place}, {column}" if place else column


def _excerpt(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _default_path(problem: Problem) -> tuple[str | int, ...] | None:
    return path_of(problem.where)


@attrs.frozen
class Problem:
    """One thing wrong with some input: where it is, what is wrong, and a stable code.

    ``Problem(where, message)`` still works: the code defaults to
    ``"invalid-value"`` and the path is read from a ``$`` location. Build table
    problems with :meth:`in_table` so that ``cell`` is set.
    """

    where: str
    message: str
    code: str = attrs.field(default="invalid-value", kw_only=True)
    path: tuple[str | int, ...] | None = attrs.field(
        default=attrs.Factory(_default_path, takes_self=True), kw_only=True
    )
    cell: TableLocation | None = attrs.field(default=None, kw_only=True)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message

    @classmethod
    def in_table(cls, cell: TableLocation, message: str, code: str = "invalid-value") -> Problem:
        """A problem at a table location; ``where`` is the location written out."""
        return cls(str(cell), message, code=code, path=None, cell=cell)

    def with_code(self, code: str) -> Problem:
        """The same problem with another code."""
        return attrs.evolve(self, code=code)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON (``coprod validate --format json``, a web form)."""
        data: dict[str, Any] = {"where": self.where, "code": self.code, "message": self.message}
        if self.path is not None:
            data["path"] = list(self.path)
        if self.cell is not None:
            data["source"] = self.cell.source
            data["row"] = self.cell.row
            data["column"] = self.cell.column
        return data


class CoprodError(Exception):
    """Base class of every error coprod raises on purpose."""


class InvalidInputError(CoprodError, ValueError):
    """Input was rejected; :attr:`problems` lists every problem found, in order.

    ``str(error)`` is one line per problem, ready for a terminal or a log.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("InvalidInputError needs at least one problem")
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, where: str, message: str, *, code: str = "invalid-value") -> InvalidInputError:
        """An error with exactly one problem."""
        return cls([Problem(where, message, code=code)])


class PluginError(CoprodError):
    """A plugin failed: it did not load, registered something invalid, or a rule raised.

    ``plugin`` names the plugin (and, for entry points, distribution and version);
    ``item`` names the rule, check or exporter when one is to blame.
    """

    def __init__(self, message: str, *, plugin: str, item: str | None = None) -> None:
        self.plugin = plugin
        self.item = item
        super().__init__(message)


class TaxonomyConflictError(CoprodError, ValueError):
    """Two barrier taxonomies define the same barrier id; the message names both sources."""

    def __init__(self, barrier_id: str, first_source: str, second_source: str) -> None:
        self.barrier_id = barrier_id
        self.sources = (first_source, second_source)
        super().__init__(
            f"barrier id {barrier_id!r} is defined twice: by {first_source} and by {second_source}"
        )

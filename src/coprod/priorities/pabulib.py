"""The Pabulib ``.pb`` format: text in, a faithful :class:`PbFile` out, and back.

A ``.pb`` file (Stolicki, Szufa, Talmon, "Pabulib: A Participatory Budgeting
Library", arXiv:2012.06539; https://pabulib.org/format) has three sections, each
a line with its name and then semicolon-separated rows under a header row:

- ``META``: ``key;value`` rows (``budget``, ``vote_type``, ``rule``, ``min_length``,
  ``max_sum_points``, …);
- ``PROJECTS``: one row per project, ``project_id`` and ``cost`` first or not, then
  any columns (``votes``, ``score``, ``name``, ``category``, ``selected``, …);
- ``VOTES``: one row per ballot: ``voter_id``, ``vote`` (comma-separated project
  ids), for cumulative and scoring ballots ``points`` (comma-separated, one per
  project), and any voter columns (``age``, ``sex``, ``voting_method``, …).

:func:`parse_pb` keeps every key, column and cell as the text it was, in order, so
:func:`format_pb` writes back the same text (fields are quoted only where the CSV
rules need it, as in every Pabulib file). The module is pure: no files are opened
here; :mod:`coprod.priorities.exercise` turns a :class:`PbFile` into an exercise.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator

import attrs

from coprod.errors import InvalidInputError, Problem, TableLocation

__all__ = ["SECTIONS", "PbFile", "PbRow", "format_pb", "located", "parse_pb"]

#: The three sections of a ``.pb`` file, in the order they must appear.
SECTIONS = ("META", "PROJECTS", "VOTES")

# A row longer than this is not a real ballot; refusing it bounds memory and time.
_MAX_FIELD = 1_000_000


@attrs.frozen
class PbRow:
    """One data row: its cells as text, and the line it started on (not compared)."""

    cells: tuple[str, ...]
    line: int = attrs.field(default=0, eq=False)


@attrs.frozen
class PbFile:
    """A ``.pb`` file as written: META pairs, and PROJECTS and VOTES with their headers.

    Every cell is the text of the file. ``meta_header`` is the header row of META
    (``("key", "value")``). :meth:`meta_value` looks a key up.
    """

    meta_header: tuple[str, ...]
    meta: tuple[PbRow, ...]
    projects_header: tuple[str, ...]
    projects: tuple[PbRow, ...]
    votes_header: tuple[str, ...]
    votes: tuple[PbRow, ...]
    name: str = attrs.field(default="", eq=False)

    def meta_value(self, key: str) -> str | None:
        """The value of META ``key`` (the first, if repeated), else ``None``."""
        for row in self.meta:
            if row.cells and row.cells[0] == key:
                return row.cells[1] if len(row.cells) > 1 else ""
        return None

    def meta_items(self) -> Iterator[tuple[str, str]]:
        """``(key, value)`` for every META row, in file order."""
        for row in self.meta:
            yield row.cells[0], (row.cells[1] if len(row.cells) > 1 else "")


def _where(name: str, line: int, section: str | None) -> str:
    inside = f" ({section})" if section else ""
    return f"{name}: line {line}{inside}"


def parse_pb(text: str, *, name: str = "<pb>", problems: list[Problem] | None = None) -> PbFile:
    """Read ``.pb`` text; every problem is collected into one InvalidInputError.

    Problems name the file, the line and the section (``"x.pb: line 40 (VOTES):
    expected 3 fields (voter_id;vote;points), got 2"``). A byte-order mark at the
    start is ignored.

    With ``problems`` given, a problem of one row (wrong number of fields, a
    blank line, a field too long) is appended to it and the row left out, so the
    caller can check the rest and report everything together; a problem of the
    file's structure (sections, headers, broken quoting) still raises at once.
    """
    given = problems
    if text.startswith("\ufeff"):
        text = text[1:]
    problems = []
    row_level: list[Problem] = []
    blank: list[Problem] = []
    headers: dict[str, tuple[str, ...]] = {}
    rows: dict[str, list[PbRow]] = {s: [] for s in SECTIONS}
    section: str | None = None
    expecting_header = False
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", strict=True)
    line = 0
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(
                Problem(_where(name, start, section), f"malformed line: {error}", code="syntax")
            )
            break  # the reader cannot resynchronise after broken quoting
        line = start
        if any(len(cell) > _MAX_FIELD for cell in cells):
            problems.append(
                Problem(_where(name, line, section), "field too long", code="cell-too-large")
            )
            row_level.append(problems[-1])
            continue
        if not cells or cells == [""]:
            blank.append(Problem(_where(name, line, section), "empty line", code="syntax"))
            continue
        # A blank line is allowed only at the end of the file.
        problems.extend(blank)
        row_level.extend(blank)
        blank.clear()
        marker = cells[0].strip().upper() if len(cells) == 1 else ""
        if marker in SECTIONS:
            expected = SECTIONS[len(headers)] if len(headers) < len(SECTIONS) else None
            if marker in headers or marker != expected:
                problems.append(
                    Problem(
                        _where(name, line, section),
                        f"section {marker} out of place (sections must be META, PROJECTS, "
                        "VOTES, once each)",
                        code="syntax",
                    )
                )
            section = marker
            headers.setdefault(marker, ())
            expecting_header = True
            continue
        if section is None:
            problems.append(
                Problem(
                    _where(name, line, None), "data before the first section (META)", code="syntax"
                )
            )
            continue
        if expecting_header:
            headers[section] = tuple(cells)
            expecting_header = False
            problems.extend(_header_problems(name, line, section, headers[section]))
            continue
        header = headers[section]
        if len(cells) != len(header):
            problems.append(
                Problem(
                    _where(name, line, section),
                    f"expected {len(header)} fields ({';'.join(header)}), got {len(cells)}",
                    code="row-width",
                )
            )
            row_level.append(problems[-1])
            continue
        rows[section].append(PbRow(tuple(cells), line))
    for missing in SECTIONS:
        if missing not in headers:
            problems.append(
                Problem(f"{name}: line {line + 1}", f"section {missing} is missing", code="syntax")
            )
        elif not headers[missing]:
            problems.append(
                Problem(f"{name} ({missing})", "the section has no header row", code="syntax")
            )
    fatal = len(problems) > len(row_level)
    if problems and (given is None or fatal):
        raise InvalidInputError(located([*(given or ()), *problems]))
    if given is not None:
        given.extend(problems)
    return PbFile(
        meta_header=headers["META"],
        meta=tuple(rows["META"]),
        projects_header=headers["PROJECTS"],
        projects=tuple(rows["PROJECTS"]),
        votes_header=headers["VOTES"],
        votes=tuple(rows["VOTES"]),
        name=name,
    )


_REQUIRED = {"META": ("key", "value"), "PROJECTS": ("project_id", "cost"), "VOTES": ("vote",)}


def _header_problems(
    name: str, line: int, section: str, header: tuple[str, ...]
) -> Iterator[Problem]:
    where = _where(name, line, section)
    if section == "META" and header[:2] != ("key", "value"):
        yield Problem(
            where, f"the META header must be key;value, got {';'.join(header)}", code="syntax"
        )
    for column in _REQUIRED[section]:
        if section != "META" and column not in header:
            yield Problem(
                where, f"the {section} header has no {column!r} column", code="missing-column"
            )
    if section == "VOTES" and "voter_id" not in header:
        yield Problem(where, "the VOTES header has no 'voter_id' column", code="missing-column")
    seen: set[str] = set()
    for column in header:
        if column in seen:
            yield Problem(where, f"column {column!r} appears twice", code="duplicate-column")
        seen.add(column)


_LINE = re.compile(r"(.+): line (\d+)")


def located(problems: Iterable[Problem]) -> list[Problem]:
    """``problems`` with a structured location: ``cell`` = (file, line) when ``where``
    names a line, so a program can point at it (``Problem.to_dict`` gives ``source``
    and ``row``; for a ``.pb`` file the row is the line number)."""
    out = []
    for problem in problems:
        match = _LINE.match(problem.where)
        if match and problem.cell is None:
            problem = attrs.evolve(problem, cell=TableLocation(match[1], int(match[2])))
        out.append(problem)
    return out


def _pb_field(cell: str) -> str:
    """One field, quoted when :func:`parse_pb`'s reader would otherwise split or alter it.

    Python's csv writer with ``lineterminator="\\n"`` quotes a ``;``, a ``"`` or a
    line feed, but not a bare carriage return, which its reader takes as a line end:
    a name holding one would split its row. Every line-break character is quoted here.
    """
    if any(c in cell for c in ';"\r\n'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def _pb_line(cells: Iterable[str]) -> str:
    fields = tuple(cells)
    if fields == ("",):
        return '""\n'  # a row of one empty field, not a blank line
    return ";".join(_pb_field(cell) for cell in fields) + "\n"


def format_pb(pb: PbFile) -> str:
    """``pb`` as ``.pb`` text: ``\\n`` line ends, fields quoted only where needed.

    For a file :func:`parse_pb` read, this is the same text it read (the Pabulib
    files quote minimally and end each line with ``\\n``), and :func:`parse_pb`
    reads the text back to an equal :class:`PbFile` whatever the cells hold (a ``;``,
    quotes, CR or LF in a project's name).
    """
    buffer = io.StringIO()
    for section, header, rows in (
        ("META", pb.meta_header, pb.meta),
        ("PROJECTS", pb.projects_header, pb.projects),
        ("VOTES", pb.votes_header, pb.votes),
    ):
        buffer.write(section + "\n")
        buffer.write(_pb_line(header))
        buffer.writelines(_pb_line(row.cells) for row in rows)
    return buffer.getvalue()

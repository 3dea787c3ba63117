"""The one table reader: every CSV input of coprod goes through :func:`read_table`.

A council's spreadsheet should load the same way in every command, so the rules
for reading a table live here, once:

* **Sources.** A path (``str`` or :class:`os.PathLike`; ``"-"`` is standard
  input), ``bytes``, a ``str`` holding the table's text (any ``str`` with a line
  break in it: no path has one), or an open file, binary or text.
* **Encodings.** UTF-8 with or without a byte-order mark, UTF-16 with one (Excel's
  "Unicode text"), or the ``encoding`` given (``--encoding cp1252`` for Excel's
  plain "CSV" on Windows). Bytes that are not UTF-8 but read as cp1252 get a note
  saying so. An unknown codec, or one that is not a text encoding (``rot13``,
  ``punycode``, ``undefined``), is a problem, never a traceback.
* **Delimiters.** A tab if the header line has one (outside quotes), else ``;``
  or ``,``, whichever the header has more of (``,`` on a tie). The guess is named
  in every error about the table's shape. CRLF, LF and CR line ends all work.
* **Strict CSV.** A file that ends inside a quoted cell (truncated), a quote
  followed by text, a NUL byte, and a cell over the csv module's field limit are
  problems. Blank rows are skipped; rows keep their spreadsheet numbers (the
  header is row 1, blank rows count).
* **Headers** are matched to a :class:`TableSpec`'s columns ignoring case, spaces
  and punctuation (``User involvement``, ``user-involvement`` and
  ``user_involvement`` are one column), and through each column's aliases
  (``Co's``). An unknown column gets a "did you mean" when one is close; it is an
  error, or kept and listed in :attr:`TableRows.ignored`, as the spec says.
* **Cells** are stripped and parsed by the column's parser (:func:`number`,
  :func:`integer`, :func:`decimal_amount`, :func:`enum_of`, :func:`boolean`,
  :func:`identifier`, :func:`text`, :func:`label`, :func:`reference`,
  :func:`list_of`). A parser raises :class:`CellError` (or :class:`ValueError`)
  with a message for a person; messages quote at most :data:`EXCERPT` characters of
  a bad value. One rule for numbers everywhere: ASCII digits only, no ``1_200``,
  ``1,250`` is 1250 only when every group after the first has exactly three digits,
  NaN and infinities are refused.
* **Problems.** Every problem of a table (header, rows, cells) is collected, each
  a :class:`~coprod.errors.Problem` with a :class:`~coprod.errors.TableLocation`
  (file, row, column) and a code, and raised together in one
  :class:`~coprod.errors.InvalidInputError`.

Tables whose columns are data (a wide survey: one column per statement) read
their cells with :func:`read_cells` and use the same parsers.

**Speed** (large files, ``coprod match``): a table whose cells are all good is read
a column at a time, each parser run over its column in one go (a column that
:attr:`Column.repeats` parses each distinct cell once; a :attr:`Column.plain`
column is checked with one pattern); any problem sends the table to the row-by-row
reading, which names every problem as described above. A file with no quote in it
is split at the delimiter without the csv module (the same records). Large tables
turned into records can be read a column at a time with :func:`read_columns`.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import enum
import io
import itertools
import math
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any, Literal, TypeVar

import attrs

from coprod.errors import InvalidInputError, Problem, TableLocation
from coprod.io.characters import REFUSED_IN_TEXT, refused_character
from coprod.model.text import ID_PATTERN

__all__ = [
    "EXCERPT",
    "CellError",
    "Column",
    "RawTable",
    "TableColumns",
    "TableRow",
    "TableRows",
    "TableSource",
    "TableSpec",
    "boolean",
    "column_key",
    "column_letter",
    "decimal_amount",
    "decode",
    "enum_of",
    "excerpt",
    "identifier",
    "integer",
    "label",
    "list_of",
    "number",
    "parse_value",
    "read_cells",
    "read_columns",
    "read_source",
    "read_table",
    "reference",
    "source_name",
    "suggest",
    "text",
    "text_pattern",
    "unnamed_column_problems",
]

#: What a table can be read from (see the module docstring).
TableSource = str | os.PathLike[str] | bytes | bytearray | IO[bytes] | IO[str]

#: At most this many characters of a bad value are quoted in a message.
EXCERPT = 60

T = TypeVar("T")


# ------------------------------------------------------------------ small helpers


def excerpt(value: str, limit: int = EXCERPT) -> str:
    """``value`` quoted for a message: ``repr`` (control characters escaped), cut to ``limit``."""
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return repr(value)


def column_key(name: str) -> str:
    """A header as a matching key: casefolded, letters and digits only.

    ``"User involvement"``, ``"user_involvement"`` and ``"USER-INVOLVEMENT"`` all
    give ``"userinvolvement"``; ``"Co's"`` gives ``"cos"``.
    """
    return "".join(
        char for char in unicodedata.normalize("NFKC", name).casefold() if char.isalnum()
    )


def column_letter(index: int) -> str:
    """Spreadsheet letters for a 0-based column index: 0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def suggest(value: str, choices: Iterable[str], *, key: Callable[[str], str] = column_key) -> str:
    """``" (did you mean 'x'?)"`` for the choice closest to ``value``, or ``""``."""
    by_key: dict[str, str] = {}
    for choice in choices:
        by_key.setdefault(key(choice), choice)
    close = difflib.get_close_matches(key(value)[:200], list(by_key), n=1, cutoff=0.6)
    return f" (did you mean {by_key[close[0]]!r}?)" if close else ""


class CellError(ValueError):
    """A cell that a parser refuses; ``code`` is a :data:`~coprod.errors.PROBLEM_CODES` key."""

    def __init__(self, message: str, *, code: str = "invalid-value") -> None:
        super().__init__(message)
        self.code = code


# ------------------------------------------------------------------ cell parsers


def text_pattern(*, max_length: int | None = None) -> re.Pattern[str]:
    """The cells :func:`text` accepts, as one pattern: no refused character, at most
    ``max_length`` characters (for a :attr:`Column.plain` column of free text)."""
    repeat = "+" if max_length is None else f"{{1,{max_length}}}"
    return re.compile(f"[^{REFUSED_IN_TEXT.pattern[1:-1]}]{repeat}")


def _check_characters(value: str) -> None:
    why = refused_character(value)
    if why is not None:
        raise CellError(why, code="control-character")


def text(*, max_length: int | None = None) -> Callable[[str], str]:
    """Free text (a name, a description): control characters other than tab and
    line breaks are refused, and so are bidirectional overrides."""

    def parse(value: str) -> str:
        _check_characters(value)
        if max_length is not None and len(value) > max_length:
            raise CellError(f"expected at most {max_length} characters, got {len(value)}")
        return value

    return parse


def label(value: str) -> str:
    """A label (a statement, a cohort): :func:`text`, NFC-normalised, whitespace runs
    (tabs, line breaks, no-break spaces) collapsed to one space."""
    _check_characters(value)
    return " ".join(unicodedata.normalize("NFC", value).split())


def identifier(value: str) -> str:
    """An id: 1–100 letters, digits, ``.``, ``_`` or ``-``, starting with a letter or digit."""
    if ID_PATTERN.fullmatch(value) is None:
        raise CellError(
            f"expected an id of 1-100 letters, digits, '.', '_' or '-', got {excerpt(value)}"
        )
    return value


_YES = frozenset({"yes", "y", "true", "1"})
_NO = frozenset({"no", "n", "false", "0"})


def boolean(value: str) -> bool:
    """``yes``/``no``, ``y``/``n``, ``true``/``false``, ``1``/``0``, in any case."""
    folded = value.casefold()
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise CellError(f"expected yes or no, got {excerpt(value)}")


# Plain decimal notation, ASCII digits only; groups of exactly three after a comma.
_PLAIN = r"(?:[0-9]+)"
_GROUPED = r"(?:[1-9][0-9]{0,2}(?:,[0-9]{3})+)"
_INTEGER = re.compile(rf"[+-]?(?:{_GROUPED}|{_PLAIN})", re.ASCII)
_NUMBER = re.compile(
    rf"[+-]?(?:(?:{_GROUPED}|{_PLAIN})(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{{1,3}})?", re.ASCII
)
#: More digits than this is never a figure from a spreadsheet (and ``int()`` of a
#: 5000-digit string raises).
_MAX_DIGITS = 30


def _number_text(value: str, pattern: re.Pattern[str], expected: str) -> str:
    if len(value) > _MAX_DIGITS + 12 or pattern.fullmatch(value) is None:
        hint = ""
        if re.fullmatch(r"[+-]?[0-9]+,[0-9]+", value, re.ASCII):
            hint = f" (a decimal comma: did you mean {value.replace(',', '.')}?)"
        raise CellError(f"expected {expected}, got {excerpt(value)}{hint}")
    return value.replace(",", "")


def _bounds(value: Any, minimum: Any, maximum: Any, shown: str) -> None:
    if minimum is not None and value < minimum:
        raise CellError(f"must be at least {minimum}, got {excerpt(shown)}")
    if maximum is not None and value > maximum:
        raise CellError(f"must be at most {maximum}, got {excerpt(shown)}")


def integer(*, minimum: int | None = None, maximum: int | None = None) -> Callable[[str], int]:
    """A whole number: ASCII digits, optional sign, optional ``1,250`` grouping."""

    def parse(value: str) -> int:
        digits = _number_text(value, _INTEGER, "an integer")
        if len(digits.lstrip("+-").lstrip("0")) > _MAX_DIGITS:
            raise CellError(f"number too large: {excerpt(value)}")
        number = int(digits)
        _bounds(number, minimum, maximum, value)
        return number

    return parse


def decimal_amount(
    *, minimum: Decimal | int | None = None, maximum: Decimal | int | None = None
) -> Callable[[str], Decimal]:
    """An exact decimal (money, hours): like :func:`number` but a :class:`~decimal.Decimal`."""

    def parse(value: str) -> Decimal:
        digits = _number_text(value, _NUMBER, "a number")
        try:
            amount = Decimal(digits)
        except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
            raise CellError(f"expected a number, got {excerpt(value)}") from None
        if abs(amount.adjusted()) > _MAX_DIGITS:
            raise CellError(f"expected a number, got {excerpt(value)}")
        _bounds(amount, minimum, maximum, value)
        return amount

    return parse


def number(*, minimum: float | None = None, maximum: float | None = None) -> Callable[[str], float]:
    """A finite number as a float: ``12``, ``-3.5``, ``1,250.75``, ``1e6``.

    ``nan``, ``inf``, ``1e999``, ``1_200``, ``2,5`` and non-ASCII digits are refused.
    """
    exact = decimal_amount()

    def parse(value: str) -> float:
        result = float(exact(value))
        if not math.isfinite(result):  # pragma: no cover - bounded by decimal_amount
            raise CellError(f"expected a finite number, got {excerpt(value)}")
        _bounds(result, minimum, maximum, value)
        return result

    return parse


E = TypeVar("E", bound=enum.Enum)


def enum_of(
    enum_type: type[E], *, labels: Mapping[E, Iterable[str]] | None = None
) -> Callable[[str], E]:
    """A member of ``enum_type`` by value, by name or by one of its ``labels``.

    Matching ignores case, spaces and punctuation, so ``Co-design``, ``co design``
    and ``CO_DESIGN`` are ``Co.CO_DESIGN``. An unknown value gets a "did you mean".
    """
    lookup: dict[str, E] = {}
    for member in enum_type:
        names = [str(member.value), member.name, *(labels or {}).get(member, ())]
        for name in names:
            lookup.setdefault(column_key(name), member)
    values = [str(member.value) for member in enum_type]
    spellings = [*values, *(name for names in (labels or {}).values() for name in names)]

    exact = {str(member.value): member for member in enum_type}

    def parse(value: str) -> E:
        member = exact.get(value) or lookup.get(column_key(value))
        if member is None:
            raise CellError(
                f"must be one of {', '.join(repr(v) for v in values)}, got {excerpt(value)}"
                + suggest(value, spellings),
                code="unknown-value",
            )
        return member

    return parse


def reference(known: Mapping[str, str], *, kind: str = "service") -> Callable[[str], str]:
    """An id from ``known`` (id → name), given by id or by name (any case or spacing).

    Used for services: a sheet may say ``Adult Social Care`` or ``adult-social-care``.
    """
    lookup: dict[str, str] = {}
    for item_id, name in known.items():
        lookup.setdefault(column_key(item_id), item_id)
        lookup.setdefault(column_key(name), item_id)

    def parse(value: str) -> str:
        if value in known:
            return value
        found = lookup.get(column_key(value))
        if found is None:
            listed = ", ".join(sorted(known)[:10]) + (", …" if len(known) > 10 else "")
            raise CellError(
                f"unknown {kind} {excerpt(value)} (known: {listed or 'none'})"
                + suggest(value, [*known, *known.values()]),
                code="unknown-reference",
            )
        return found

    return parse


def list_of(parse: Callable[[str], T], *, separators: str = ";") -> Callable[[str], tuple[T, ...]]:
    """Items separated by any character of ``separators`` (blank items skipped), each
    parsed by ``parse``; every bad item is named in one message."""
    split = re.compile("[" + re.escape(separators) + "]")

    def parse_list(value: str) -> tuple[T, ...]:
        items: list[T] = []
        errors: list[str] = []
        code = "invalid-value"
        for part in split.split(value):
            part = part.strip()
            if not part:
                continue
            try:
                items.append(parse(part))
            except ValueError as error:
                errors.append(str(error))
                code = getattr(error, "code", code)
        if errors:
            raise CellError("; ".join(errors[:3]) + ("; …" if len(errors) > 3 else ""), code=code)
        return tuple(items)

    return parse_list


# ------------------------------------------------------------------ specs and results


@attrs.frozen
class Column:
    """One column of a table.

    ``parse(text)`` turns a stripped, non-blank cell into a value or raises
    :class:`CellError`/:class:`ValueError`. ``required`` columns must be in the
    header and have a value in every row; otherwise a blank cell or an absent
    column gives ``default`` (not parsed). ``aliases`` are other headers a council
    would write (matched like the name, ignoring case, spaces and punctuation).
    ``repeats`` says the column's cells repeat (categories, areas, yes/no): each
    distinct cell is then parsed once per table and its value shared by every row
    that has it, so ``parse`` must be pure and its values immutable. ``plain`` is a
    pattern of cells that ``parse`` gives back as they are (ids, free text): a
    column whose cells all match it is read without calling ``parse``.
    """

    name: str
    parse: Callable[[str], Any]
    aliases: tuple[str, ...] = ()
    required: bool = True
    default: Any = None
    description: str = ""
    repeats: bool = False
    plain: re.Pattern[str] | None = None


@attrs.frozen
class TableSpec:
    """A table's columns, and what to do with others: ``"error"``, or ``"keep"`` and list them."""

    name: str
    columns: tuple[Column, ...]
    extra: Literal["error", "keep"] = "error"
    #: For tables of personal data: problems never quote a cell or an unknown
    #: header (a shifted column could put a name anywhere); columns are named by
    #: their letter instead. The parsers must not quote values either.
    private: bool = False

    def column(self, name: str) -> Column:
        """The column called ``name``."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)


@attrs.frozen
class TableRow:
    """One data row: its spreadsheet number, its values by column name, kept extras."""

    number: int
    values: Mapping[str, Any]
    #: Cells of columns the spec does not have (``extra="keep"``), by header.
    extra: Mapping[str, str] = attrs.field(factory=dict)
    #: With ``keep_failed``: the text of cells that could not be parsed, by column
    #: (their value is ``None``); the problems were reported.
    failed: Mapping[str, str] = attrs.field(factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.values[name]


@attrs.frozen
class TableRows:
    """What :func:`read_table` read: parsed rows and how the file was read."""

    source: str
    rows: tuple[TableRow, ...]
    #: The delimiter used (guessed or given) and the encoding the bytes were read with.
    delimiter: str
    encoding: str
    #: Spec columns found in the header, in spec order; headers as written, by column.
    columns: tuple[str, ...] = ()
    headers: Mapping[str, str] = attrs.field(factory=dict)
    #: Headers of columns the spec does not have, kept and ignored (``extra="keep"``).
    ignored: tuple[str, ...] = ()

    def __iter__(self) -> Iterator[TableRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def location(self, row: int | None, column: str | None = None) -> TableLocation:
        """A location in this table; ``column`` is a spec column name."""
        header = None if column is None else self.headers.get(column, column)
        return TableLocation(self.source, row, header)


@attrs.frozen
class TableColumns:
    """What :func:`read_columns` read: each spec column's values, a column at a time.

    ``values[name][i]`` is the value of column ``name`` on spreadsheet row
    ``numbers[i]`` (a column the header lacks holds its default on every row).
    """

    source: str
    #: The spreadsheet numbers of the rows read (the header is row 1).
    numbers: tuple[int, ...]
    values: Mapping[str, Sequence[Any]]
    delimiter: str
    encoding: str
    #: Spec columns found in the header, in spec order; headers as written, by column.
    columns: tuple[str, ...] = ()
    headers: Mapping[str, str] = attrs.field(factory=dict)
    #: Cells of columns the spec does not have (``extra="keep"``), by header.
    extra: Mapping[str, Sequence[str]] = attrs.field(factory=dict)

    def __len__(self) -> int:
        return len(self.numbers)

    def location(self, row: int | None, column: str | None = None) -> TableLocation:
        """A location in this table; ``column`` is a spec column name."""
        header = None if column is None else self.headers.get(column, column)
        return TableLocation(self.source, row, header)


@attrs.frozen
class RawTable:
    """A table as text cells: header and rows padded to the same width, blank rows dropped."""

    source: str
    encoding: str
    delimiter: str
    header_row: int
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    #: How many cells the header row has (rows are padded to the widest row).
    header_width: int = 0
    #: Whether the delimiter was guessed rather than given.
    delimiter_guessed: bool = False

    def location(self, row: int | None, index: int | None = None) -> TableLocation:
        """Row ``row``, column ``index`` (0-based), named by its header or its letter."""
        if index is None:
            return TableLocation(self.source, row)
        name = self.header[index] if index < len(self.header) else ""
        return TableLocation(self.source, row, name or None, column_letter(index))

    def problem(self, row: int | None, index: int | None, message: str, code: str) -> Problem:
        """A problem at row ``row``, column ``index``."""
        return Problem.in_table(self.location(row, index), message, code)

    def describe_delimiter(self) -> str:
        """How the table was split, for messages: ``"semicolon-separated (detected)"``."""
        name = _DELIMITER_NAMES.get(self.delimiter, repr(self.delimiter))
        return f"{name}-separated" + (" (detected)" if self.delimiter_guessed else "")


_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


# ------------------------------------------------------------------ reading bytes


def source_name(source: TableSource, name: str | None = None) -> str:
    """How ``source`` is named in messages: ``name``, a path's file name, ``<stdin>``…"""
    if name is not None:
        return name
    if isinstance(source, (bytes, bytearray)):
        return "<bytes>"
    if isinstance(source, str) and _is_text(source):
        return "<text>"
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        return "<stdin>" if path == "-" else Path(path).name
    given = getattr(source, "name", None)
    return Path(given).name if isinstance(given, str) and given else "<stream>"


def _is_text(value: str) -> bool:
    return "\n" in value or "\r" in value


# Codecs that decode bytes without being a file's text encoding.
_NOT_FILE_ENCODINGS = frozenset(
    {"punycode", "undefined", "idna", "unicode-escape", "raw-unicode-escape"}
)


def decode(data: bytes, source: str, *, encoding: str | None = None) -> tuple[str, str]:
    """``data`` as text, and the name of the encoding used.

    Without ``encoding``: UTF-16 when it starts with a UTF-16 byte-order mark, else
    UTF-8 (a BOM is dropped). Raises :class:`~coprod.errors.InvalidInputError` for
    undecodable bytes (naming the offset, and cp1252 when the bytes read as it) and
    for an unknown codec or one that is not a text encoding.
    """
    where = source
    if encoding is None:
        utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
        used = "utf-16" if utf16 else "utf-8-sig"
        shown = "UTF-16" if utf16 else "UTF-8"
    else:
        try:
            info = codecs.lookup(encoding)
        except (LookupError, ValueError, TypeError):
            raise InvalidInputError.single(
                where, f"unknown encoding {excerpt(encoding)}", code="unknown-encoding"
            ) from None
        if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_FILE_ENCODINGS:
            raise InvalidInputError.single(
                where,
                f"{excerpt(encoding)} is not a text encoding (try utf-8 or cp1252)",
                code="unknown-encoding",
            )
        used = "utf-8-sig" if info.name == "utf-8" else info.name
        shown = info.name
    try:
        decoded = data.decode(used)
    except UnicodeDecodeError as error:
        bad = data[error.start : error.start + 1].hex()
        hint = "save it as 'CSV UTF-8' or give its encoding (--encoding)"
        if encoding is None and _looks_cp1252(data):
            hint = (
                "it looks like Windows-1252 (Excel's plain 'CSV' on Windows): "
                "give --encoding cp1252, or save it as 'CSV UTF-8'"
            )
        raise InvalidInputError.single(
            where,
            f"is not {shown} text (byte 0x{bad} at offset {error.start}); {hint}",
            code="bad-encoding",
        ) from None
    except (UnicodeError, ValueError, TypeError, LookupError) as error:
        raise InvalidInputError.single(
            where,
            f"cannot be read as {shown}: {excerpt(str(error), 120)}",
            code="bad-encoding",
        ) from None
    if not isinstance(decoded, str):  # pragma: no cover - text encodings give str
        raise InvalidInputError.single(
            where, f"{excerpt(encoding or '')} is not a text encoding", code="unknown-encoding"
        )
    return decoded.removeprefix("\ufeff"), "utf-8" if used == "utf-8-sig" else used


def _looks_cp1252(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def read_source(source: TableSource, name: str, *, encoding: str | None = None) -> tuple[str, str]:
    """The text of ``source`` and the encoding it was read with (see the module docstring)."""
    if isinstance(source, str) and _is_text(source):
        return source.removeprefix("\ufeff"), "text"
    if isinstance(source, (bytes, bytearray)):
        return decode(bytes(source), name, encoding=encoding)
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        if path == "-":
            return decode(sys.stdin.buffer.read(), name, encoding=encoding)
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError as error:
            raise InvalidInputError.single(
                name, error.strerror or type(error).__name__, code="unreadable"
            ) from None
        return decode(data, name, encoding=encoding)
    try:
        content = source.read()
    except OSError as error:
        raise InvalidInputError.single(
            name, error.strerror or type(error).__name__, code="unreadable"
        ) from None
    except UnicodeDecodeError as error:
        raise InvalidInputError.single(
            name,
            f"is not text in the stream's encoding (offset {error.start})",
            code="bad-encoding",
        ) from None
    if isinstance(content, (bytes, bytearray)):
        return decode(bytes(content), name, encoding=encoding)
    return content.removeprefix("\ufeff"), "text"


# ------------------------------------------------------------------ reading cells


def _sniff(text: str) -> str:
    """Tab if the first non-blank line has one outside quotes; else the commoner of ``;`` ``,``."""
    for line in text.splitlines():
        unquoted = re.sub(r'"[^"]*"?', "", line)
        if not unquoted.strip():
            continue
        if "\t" in unquoted:
            return "\t"
        return ";" if unquoted.count(";") > unquoted.count(",") else ","
    return ","


def read_cells(
    source: TableSource,
    *,
    name: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> RawTable:
    """Read ``source`` as a :class:`RawTable` of text cells (header cells as labels).

    For tables whose columns are data (wide surveys); :func:`read_table` builds on
    it. Raises :class:`~coprod.errors.InvalidInputError` when the file cannot be
    read as a table at all, or a header cell holds a control character.
    """
    return _read_cells(source, name, encoding, delimiter).table()


@attrs.define
class _Cells:
    """A table's non-blank records as the csv module gave them (as tuples), before padding.

    Tuples rather than the csv module's lists: a tuple of strings is one the garbage
    collector stops tracking, so a large file read does not make the collector go
    through the whole heap.

    :meth:`table` makes the :class:`RawTable`; :func:`read_table` reads a table
    whose cells are all good straight from the records, without it.
    """

    source: str
    encoding: str
    delimiter: str
    guessed: bool
    header_row: int
    #: The header's labels, padded to the widest record.
    header: tuple[str, ...]
    #: How many cells the header row has.
    header_width: int
    #: The data records' spreadsheet numbers, and the records (not padded).
    numbers: list[int]
    records: list[tuple[str, ...]]
    _table: RawTable | None = None

    def padded(self) -> list[tuple[str, ...]]:
        """The data records, each padded with blank cells to the header's width."""
        width = len(self.header)
        return [
            cells if len(cells) == width else cells + ("",) * (width - len(cells))
            for cells in self.records
        ]

    def table(self) -> RawTable:
        """The :class:`RawTable` of these cells."""
        if self._table is None:
            self._table = self._raw_table(tuple(zip(self.numbers, self.padded(), strict=True)))
        return self._table

    def header_table(self) -> RawTable:
        """The :class:`RawTable` for matching the header; its rows are left out
        unless a blank header needs them (to name the first value under it)."""
        if self._table is None and all(self.header[: self.header_width]):
            return self._raw_table(())
        return self.table()

    def _raw_table(self, rows: tuple[tuple[int, tuple[str, ...]], ...]) -> RawTable:
        return RawTable(
            source=self.source,
            encoding=self.encoding,
            delimiter=self.delimiter,
            header_row=self.header_row,
            header=self.header,
            rows=rows,
            header_width=self.header_width,
            delimiter_guessed=self.guessed,
        )


def _read_cells(
    source: TableSource, name: str | None, encoding: str | None, delimiter: str | None
) -> _Cells:
    """The cells of ``source`` (see :func:`read_cells`)."""
    label_ = source_name(source, name)
    content, used = read_source(source, label_, encoding=encoding)
    guessed = delimiter is None
    chosen = _sniff(content) if delimiter is None else delimiter
    how = f"{_DELIMITER_NAMES.get(chosen, repr(chosen))}-separated" + (
        " (detected)" if guessed else ""
    )
    nul = content.find("\x00")
    if nul >= 0:
        line = content.count("\n", 0, nul) + 1
        raise InvalidInputError(
            [
                Problem.in_table(
                    TableLocation(label_, line),
                    "contains a NUL byte: is this a binary file?",
                    "binary",
                )
            ]
        )
    every = _split_unquoted(content, chosen)
    if every is None:
        try:
            # The whole file at once; on a syntax error it is read again record by
            # record below, to name the record.
            every = list(
                map(
                    tuple,
                    csv.reader(io.StringIO(content, newline=""), delimiter=chosen, strict=True),
                )
            )
        except csv.Error:
            every = None
    if every is not None:
        # A row is blank when all its cells are (whitespace is whitespace in any cell).
        numbers = [number for number, cells in enumerate(every, 1) if "".join(cells).strip()]
        records = every if len(numbers) == len(every) else [every[n - 1] for n in numbers]
    else:
        numbered = _records_or_raise(content, chosen, label_, how)
        numbers = [number for number, _ in numbered]
        records = [tuple(cells) for _, cells in numbered]
    if not records:
        raise InvalidInputError(
            [
                Problem.in_table(
                    TableLocation(label_, 1), "the file is empty: expected a header row", "empty"
                )
            ]
        )
    width = max(map(len, records))
    header_row, raw_header = numbers[0], records[0]
    header: list[str] = []
    problems: list[Problem] = []
    for index, cell in enumerate(raw_header + ("",) * (width - len(raw_header))):
        try:
            header.append(label(cell))
        except CellError as error:
            problems.append(
                Problem.in_table(
                    TableLocation(label_, header_row, None, column_letter(index)),
                    str(error),
                    error.code,
                )
            )
            header.append("")
    if problems:
        raise InvalidInputError(problems)
    return _Cells(
        source=label_,
        encoding=used,
        delimiter=chosen,
        guessed=guessed,
        header_row=header_row,
        header=tuple(header),
        header_width=len(raw_header),
        numbers=numbers[1:],
        records=records[1:],
    )


# What makes splitting lines at the delimiter differ from the csv module: a quote,
# and the line breaks of str.splitlines that are not CSV line ends. (Looked for one
# by one: ``in`` scans a string far faster than a pattern with a character class.)
_NOT_PLAIN_CSV = '"\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029'


def _split_unquoted(content: str, delimiter: str) -> list[tuple[str, ...]] | None:
    """The records of a table with no quote in it, as the csv module reads them, or
    ``None`` when the table needs the csv module (a quote, an odd line break, a line
    longer than the field limit, a delimiter that is not one character).

    Without quotes a CSV record is a line (``\\r\\n``, ``\\n`` or ``\\r``) split at
    each delimiter; an empty line is a record of no cells (blank, as for the csv
    module). Most exported files quote nothing, and this is twice as fast.
    """
    if (
        len(delimiter) != 1
        or delimiter in '\r\n"'
        or delimiter in _NOT_PLAIN_CSV
        or any(character in content for character in _NOT_PLAIN_CSV)
    ):
        return None
    lines = content.splitlines()
    if lines and max(map(len, lines)) > csv.field_size_limit():
        return None
    return [tuple(line.split(delimiter)) if line else () for line in lines]


def _records_or_raise(
    content: str, chosen: str, label_: str, how: str
) -> list[tuple[int, list[str]]]:
    """The non-blank records of ``content`` with their numbers, read one at a time; a
    record that is not valid CSV raises, naming its number."""
    records: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=chosen, strict=True)
    number = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            message = str(error)
            if "field limit" in message:
                raise InvalidInputError(
                    [
                        Problem.in_table(
                            TableLocation(label_, number + 1),
                            f"has a cell longer than {csv.field_size_limit()} characters",
                            "cell-too-large",
                        )
                    ]
                ) from None
            if "unexpected end of data" in message:
                message = "the file ends inside a quoted cell (is it truncated?)"
            raise InvalidInputError(
                [
                    Problem.in_table(
                        TableLocation(label_, number + 1),
                        f"is not valid {how} CSV: {message}",
                        "syntax",
                    )
                ]
            ) from None
        number += 1
        if any(cell.strip() for cell in record):
            records.append((number, record))
    return records


def parse_value(
    value: str,
    parse: Callable[[str], T],
    location: TableLocation,
    problems: list[Problem],
    *,
    prefix: str = "",
) -> T | None:
    """``parse(value)``; a refusal is added to ``problems`` at ``location`` and gives ``None``."""
    try:
        return parse(value)
    except ValueError as error:
        code = error.code if isinstance(error, CellError) else "invalid-value"
        problems.append(Problem.in_table(location, f"{prefix}{error}", code))
        return None


def unnamed_column_problems(table: RawTable, index: int, *, private: bool = False) -> list[Problem]:
    """A problem at the first value of column ``index`` when its header is blank."""
    for row_number, cells in table.rows:
        if cells[index].strip():
            value = "a value" if private else f"the value {excerpt(cells[index].strip())}"
            return [
                table.problem(
                    row_number, index, f"has {value} but its column has no header", "unnamed-column"
                )
            ]
    return []


def _match_header(
    table: RawTable, spec: TableSpec, problems: list[Problem]
) -> tuple[dict[str, int], dict[int, str]]:
    """Spec column name → index, and extra columns' index → header; header problems appended."""
    keys: dict[str, Column] = {}
    for declared in spec.columns:
        for alias in (declared.name, *declared.aliases):
            keys.setdefault(column_key(alias), declared)
    found: dict[str, int] = {}
    extra: dict[int, str] = {}
    names = [declared.name for declared in spec.columns]
    # A misspelt header is one problem: its suggestion stands for "missing".
    suggested: set[str] = set()
    for index, header in enumerate(table.header[: table.header_width]):
        if not header:
            problems.extend(unnamed_column_problems(table, index, private=spec.private))
            continue
        column = keys.get(column_key(header))
        if column is None:
            if spec.extra == "keep":
                extra[index] = header
                continue
            where = table.location(table.header_row, index)
            if spec.private:
                where = attrs.evolve(where, column=None)
            hint = suggest(header, names)
            if hint and table.header_width > 1:
                suggested.add(hint.split("'")[1])
            problems.append(
                Problem.in_table(
                    where,
                    f"unknown column{hint}; "
                    f"this {spec.name} table has the columns {', '.join(names)} "
                    f"(read as {table.describe_delimiter()})",
                    "unknown-column",
                )
            )
        elif column.name in found:
            first = found[column.name]
            problems.append(
                table.problem(
                    table.header_row,
                    index,
                    f"is the column {column.name!r} again (also column {column_letter(first)})",
                    "duplicate-column",
                )
            )
        else:
            found[column.name] = index
    missing = [
        c.name
        for c in spec.columns
        if c.required and c.name not in found and c.name not in suggested
    ]
    if missing:
        # A file read with the wrong delimiter has one wide column: say so.
        one_column = len(table.header) == 1
        hint = (
            f" (read as {table.describe_delimiter()}: is the delimiter right?)"
            if one_column
            else ""
        )
        for name in missing:
            problems.append(
                Problem.in_table(
                    TableLocation(table.source, table.header_row, name),
                    f"required column {name!r} is missing{hint}",
                    "missing-column",
                )
            )
    return found, extra


def _grouping_hint(delimiter: str, cells: tuple[str, ...]) -> str:
    """A hint when a comma-separated row looks split by a number written ``1,250``."""
    if delimiter != ",":
        return ""
    for left, right in itertools.pairwise(cells):
        if re.fullmatch(r"[+-]?[0-9]{1,3}", left.strip()) and re.fullmatch(
            r"[0-9]{3}(\.[0-9]*)?", right.strip()
        ):
            return (
                f"; did you mean the number {left.strip()},{right.strip()}? "
                "In a comma-separated file it must be quoted"
            )
    return ""


def read_table(
    source: TableSource,
    spec: TableSpec,
    *,
    name: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    problems: list[Problem] | None = None,
    keep_failed: bool = False,
) -> TableRows:
    """Read ``source`` as the table ``spec`` describes; see the module docstring.

    ``name`` names the source in messages (default: the file's name). Raises one
    :class:`~coprod.errors.InvalidInputError` with every problem, unless
    ``problems`` is given: then problems are appended to it, rows with a bad cell
    are left out (kept, with the cell's text in :attr:`TableRow.failed`, when
    ``keep_failed``), and the caller can add its own checks (duplicates,
    references) and raise once. A table that cannot be read at all always raises.
    """
    plan = _Plan.read(source, spec, name, encoding, delimiter, problems)
    parsed = plan.parse_columns()
    cells = plan.cells
    if parsed is None:
        rows = plan.read_rows(keep_failed)
    else:
        # Every cell was good: the rows are the columns read across.
        rows = []
        names = [column.name for column, _ in plan.present]
        records = cells.padded() if plan.extra else cells.records
        for number, record, values in zip(
            cells.numbers, records, zip(*parsed, strict=True), strict=True
        ):
            row = dict(plan.absent)
            row.update(zip(names, values, strict=True))
            kept = {header: record[index].strip() for index, header in plan.extra.items()}
            rows.append(TableRow(number, row, kept, {}))
    plan.raise_unless_collected()
    return TableRows(
        source=cells.source,
        rows=tuple(rows),
        delimiter=cells.delimiter,
        encoding=cells.encoding,
        columns=plan.columns(),
        headers=plan.headers(),
        ignored=tuple(plan.extra.values()),
    )


def read_columns(
    source: TableSource,
    spec: TableSpec,
    *,
    name: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    problems: list[Problem] | None = None,
) -> TableColumns:
    """:func:`read_table`, giving the values a column at a time (:class:`TableColumns`).

    The same reading, checks and problems as :func:`read_table` (rows with a bad
    cell are left out when ``problems`` is given); for large tables turned into
    records, where a dictionary per row is the cost to avoid.
    """
    plan = _Plan.read(source, spec, name, encoding, delimiter, problems)
    parsed = plan.parse_columns()
    cells = plan.cells
    values: dict[str, Sequence[Any]]
    if parsed is None:
        rows = plan.read_rows(False)
        numbers = tuple(row.number for row in rows)
        values = {c.name: [row.values[c.name] for row in rows] for c in spec.columns}
        kept = {header: [row.extra[header] for row in rows] for header in plan.extra.values()}
    else:
        numbers = tuple(cells.numbers)
        by_name = {
            column.name: column_values
            for (column, _), column_values in zip(plan.present, parsed, strict=True)
        }
        values = {
            c.name: by_name[c.name] if c.name in by_name else [c.default] * len(numbers)
            for c in spec.columns
        }
        records = cells.padded() if plan.extra else cells.records
        kept = {
            header: [record[index].strip() for record in records]
            for index, header in plan.extra.items()
        }
    plan.raise_unless_collected()
    return TableColumns(
        source=cells.source,
        numbers=numbers,
        values=values,
        delimiter=cells.delimiter,
        encoding=cells.encoding,
        columns=plan.columns(),
        headers=plan.headers(),
        extra=kept,
    )


@attrs.define
class _Plan:
    """A table read into cells with its header matched to a spec: how to read its rows."""

    cells: _Cells
    #: The table for the header's messages (its rows only when they were needed).
    header_table: RawTable
    spec: TableSpec
    collected: list[Problem]
    #: Whether the caller takes the problems (else they are raised).
    given: bool
    found: dict[str, int]
    extra: dict[int, str]
    #: Spec columns in the header with their index, and absent ones' defaults.
    present: list[tuple[Column, int]]
    absent: dict[str, Any]

    @classmethod
    def read(
        cls,
        source: TableSource,
        spec: TableSpec,
        name: str | None,
        encoding: str | None,
        delimiter: str | None,
        problems: list[Problem] | None,
    ) -> _Plan:
        cells = _read_cells(source, name, encoding, delimiter)
        table = cells.header_table()
        collected: list[Problem] = [] if problems is None else problems
        found, extra = _match_header(table, spec, collected)
        return cls(
            cells,
            table,
            spec,
            collected,
            problems is not None,
            found,
            extra,
            [(column, found[column.name]) for column in spec.columns if column.name in found],
            {column.name: column.default for column in spec.columns if column.name not in found},
        )

    def columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.spec.columns if c.name in self.found)

    def headers(self) -> dict[str, str]:
        return {column: self.cells.header[index] for column, index in self.found.items()}

    def raise_unless_collected(self) -> None:
        if not self.given and self.collected:
            raise InvalidInputError(self.collected)

    def parse_columns(self) -> list[list[Any]] | None:
        """Each present column's values in row order, parsed a column at a time.

        ``None`` when any row or cell has a problem: :meth:`read_rows` then reads the
        table row by row and names each one (in row order, as always). Reading a
        column at a time runs each parser over a column in one go, and a column
        that ``repeats`` parses each distinct cell once.
        """
        if not self.present:
            return None
        records, width = self.cells.records, self.cells.header_width
        if len(self.cells.header) > width and any(
            "".join(record[width:]).strip() for record in records
        ):
            return None  # a row wider than the header: a problem
        by_index = list(zip(*self.cells.padded(), strict=True)) if records else []
        parsed: list[list[Any]] = []
        try:
            for column, index in self.present:
                raw: Sequence[str] = by_index[index] if records else ()
                if column.repeats:
                    # Each distinct cell as written is stripped and parsed once.
                    distinct: dict[str, Any] = dict.fromkeys(raw)
                    for cell in distinct:
                        stripped = cell.strip()
                        if stripped:
                            distinct[cell] = column.parse(stripped)
                        elif column.required:
                            return None  # a blank required cell
                        else:
                            distinct[cell] = column.default
                    parsed.append(list(map(distinct.__getitem__, raw)))
                    continue
                cells = list(map(str.strip, raw))
                if (
                    column.plain is not None
                    and "" not in cells
                    and all(map(column.plain.fullmatch, cells))
                ):
                    parsed.append(cells)  # every cell is its own value
                elif column.required:
                    if "" in cells:
                        return None
                    parsed.append(list(map(column.parse, cells)))
                else:
                    parse, default = column.parse, column.default
                    parsed.append([parse(cell) if cell else default for cell in cells])
        except ValueError:
            return None  # a refused cell
        return parsed

    def read_rows(self, keep_failed: bool) -> list[TableRow]:
        """The rows read one at a time, every problem of a row or cell collected."""
        table, collected, extra, absent = (
            self.cells.table(),
            self.collected,
            self.extra,
            self.absent,
        )
        rows: list[TableRow] = []
        width = table.header_width
        for row_number, cells in table.rows:
            if len(cells) > width and any(cell.strip() for cell in cells[width:]):
                collected.append(
                    Problem.in_table(
                        TableLocation(table.source, row_number),
                        f"has {max(i for i, c in enumerate(cells) if c.strip()) + 1} cells but "
                        f"the header has {width} (read as {table.describe_delimiter()})"
                        + _grouping_hint(table.delimiter, cells),
                        "row-width",
                    )
                )
                continue
            values: dict[str, Any] = dict(absent)
            failed: dict[str, str] = {}
            for column, index in self.present:
                raw = cells[index].strip()
                if not raw:
                    if column.required:
                        collected.append(
                            table.problem(
                                row_number, index, "is required but blank", "missing-value"
                            )
                        )
                        failed[column.name] = ""
                    values[column.name] = column.default
                    continue
                try:
                    values[column.name] = column.parse(raw)
                except ValueError as error:
                    code = error.code if isinstance(error, CellError) else "invalid-value"
                    collected.append(table.problem(row_number, index, str(error), code))
                    failed[column.name] = raw
                    values[column.name] = None
            if not failed or keep_failed:
                kept = {header: cells[index].strip() for index, header in extra.items()}
                rows.append(TableRow(row_number, values, kept, failed))
        return rows

"""Text from input made safe for the formats coprod writes: CSV, Markdown, links.

Every string that came from an input file is hostile until shown otherwise. These
are the one place coprod neutralises spreadsheet formulas, escapes Markdown and
decides whether a URL may be a link; exporters, the surveys, matching output and
third-party plugins all use them.

- :func:`neutralise_csv` stops a spreadsheet from running a text cell as a formula.
- :func:`csv_text`, :func:`write_csv` and :func:`csv_cell`: the one CSV writer every
  CSV coprod writes goes through (RFC 4180 quoting, ``\r\n`` line ends, text cells
  neutralised, numbers written exactly and never neutralised).
- :func:`markdown_text` escapes text so that Markdown renders it literally.
- :func:`safe_url` returns a URL only when it is an absolute ``http``/``https`` URL.
"""

from __future__ import annotations

import csv
import datetime
import io
import math
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, Protocol
from urllib.parse import urlsplit

__all__ = [
    "CSV_LINE_END",
    "FORMULA_TRIGGERS",
    "csv_cell",
    "csv_text",
    "markdown_text",
    "markdown_url",
    "neutralise_csv",
    "safe_url",
    "write_csv",
]

#: Characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# Leading whitespace some spreadsheets trim before deciding a cell is a formula.
_LEADING_SPACE = " \t\r\n\f\v\u00a0\u3000"


def neutralise_csv(text: str) -> str:
    """``text`` as a CSV cell no spreadsheet will run as a formula.

    A cell that begins with ``=``, ``+``, ``-``, ``@``, tab or carriage return, or
    that begins with one of ``= + - @`` after leading whitespace, gets a leading
    apostrophe (``'``), which spreadsheets show as text. Everything else is
    returned unchanged.

    >>> neutralise_csv('=HYPERLINK("http://x")')
    '\\'=HYPERLINK("http://x")'
    >>> neutralise_csv("Time bank")
    'Time bank'
    """
    if not text:
        return text
    if text[0] in FORMULA_TRIGGERS or text.lstrip(_LEADING_SPACE)[:1] in ("=", "+", "-", "@"):
        return "'" + text
    return text


# Control characters, including the C1 range and Unicode line/paragraph separators.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an absolute ``http`` or ``https`` URL with a host, else ``None``.

    Rejects ``javascript:``, ``data:``, relative and scheme-relative URLs, and
    anything containing whitespace or control characters (which browsers strip,
    so ``"java\\tscript:"`` could otherwise sneak through).

    >>> safe_url("https://example.org/care")
    'https://example.org/care'
    >>> safe_url("javascript:alert(1)") is None
    True
    """
    if not url or not isinstance(url, str):
        return None
    if _CONTROL.search(url) or any(ch.isspace() for ch in url) or "\\" in url:
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or not host:
        return None
    return url


_MD_INLINE = re.compile(r"([\\`*_\[\]{}|~$!#<>&])")
_MD_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
# A list marker or heading underline only counts at the start of the text and only
# when a space, the end, or a run of the same mark follows: "1. x", "- x", "---",
# "===". "9.5" and "-40" are plain numbers and stay as they are.
_MD_LINE_START = re.compile(r"^\s*(?:\d+(?=[.)](?:\s|$))|(?=([-+=])(?:\s|$|\1)))")
_NEWLINES = re.compile(r"[\r\n\u2028\u2029]+")


def _md_escape_char(match: re.Match[str]) -> str:
    char = match.group(1)
    return _MD_ENTITIES.get(char) or "\\" + char


def markdown_text(text: str) -> str:
    """``text`` escaped for Markdown: rendered literally, on one line, safe in a table cell.

    Backslash-escapes ``\\ ` * _ [ ] { } | ~ $ ! #``, writes ``< > &`` as HTML
    entities (so no renderer sees a tag), escapes a leading list, heading, quote
    or numbered-list marker, and folds line breaks into spaces.

    >>> markdown_text("a | b <script>")
    'a \\\\| b &lt;script&gt;'
    """
    one_line = _NEWLINES.sub(" ", text)
    one_line = _CONTROL.sub(" ", one_line)
    escaped = _MD_INLINE.sub(_md_escape_char, one_line)
    match = _MD_LINE_START.match(escaped)
    if match:
        # Escape the marker itself: "- x" → "\\- x", "1. x" → "1\\. x".
        at = match.end()
        escaped = escaped[:at] + "\\" + escaped[at:]
    return escaped


_MD_URL_UNSAFE = {" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E", '"': "%22"}


def markdown_url(url: str) -> str:
    """A URL (already checked by :func:`safe_url`) made safe inside ``[text](url)``."""
    return "".join(_MD_URL_UNSAFE.get(ch, ch) for ch in url)


# ----------------------------------------------------------------------------- CSV

#: The line end of every CSV coprod writes (RFC 4180). The csv module quotes a cell
#: holding any character of the line end, so with ``\r\n`` a name with a bare
#: carriage return (or line feed) is quoted and never splits its row.
CSV_LINE_END = "\r\n"


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def _terminating(value: Fraction) -> str:
    """``value`` exactly in plain decimals when it terminates, else the nearest float."""
    denominator, places = value.denominator, 0
    while denominator % 10 == 0:
        denominator //= 10
        places += 1
    while denominator % 2 == 0 or denominator % 5 == 0:
        denominator //= 2 if denominator % 2 == 0 else 5
        places += 1
    if denominator != 1:
        return repr(float(value))
    return _decimal_text(Decimal(value.numerator) / Decimal(value.denominator))


def _decimal_text(value: Decimal) -> str:
    if not value.is_finite():
        return ""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def csv_cell(value: object) -> str:
    """One CSV cell as text: numbers exact and as they are, text neutralised.

    ``None`` is blank; ``bool`` is ``true``/``false``; ``int`` as written;
    ``float`` as its shortest ``repr`` (blank when not finite); ``Decimal`` and
    terminating ``Fraction`` in plain decimals, in full (``23.125``; a non-terminating
    fraction as the nearest float); a date in ISO 8601. Anything else is text and
    goes through :func:`neutralise_csv`, so no cell coprod writes starts a formula,
    while a number a spreadsheet should sum (``-40``) stays a number.

    >>> [csv_cell(v) for v in (None, -40, 0.5, Decimal("6.250"), "=1+1")]
    ['', '-40', '0.5', '6.25', "'=1+1"]
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ""
    if isinstance(value, Decimal):
        return _decimal_text(value)
    if isinstance(value, Fraction):
        return _terminating(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return neutralise_csv(value if isinstance(value, str) else str(value))


def write_csv(stream: _Writable, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Write ``header`` and ``rows`` to ``stream`` as CSV, every cell through :func:`csv_cell`.

    Rows may be a generator: they are written as they come, so a large table is
    never held in memory. Every CSV coprod writes (reports, surveys, matches and
    the generic tables of any report kind) goes through here.
    """
    writer = csv.writer(stream, lineterminator=CSV_LINE_END, quoting=csv.QUOTE_MINIMAL)
    writer.writerow([csv_cell(name) for name in header])
    for row in rows:
        writer.writerow([csv_cell(cell) for cell in row])


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """:func:`write_csv` into a string."""
    buffer = io.StringIO()
    write_csv(buffer, header, rows)
    return buffer.getvalue()

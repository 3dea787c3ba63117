"""Pages of headed tables for the built-in exporters: Markdown, HTML, JSON and CSV.

The survey, matching, listing and generic exporters all write the same kind of
page: a title, a few paragraphs, then sections each holding a table and a note.
They describe the page once as :class:`Page` and render it here, so escaping is
decided in one place:

- Markdown: every cell and paragraph through :func:`coprod.io.safe_text.markdown_text`;
- HTML: Jinja2 with autoescaping, one self-contained page (no scripts, no links out);
- CSV: :func:`coprod.io.safe_text.write_csv` (quoting and formula neutralising);
- JSON: numbers exact (``Decimal`` written in full), dates in ISO 8601.

Not a plugin: the exporter modules that import it are.
"""

from __future__ import annotations

import datetime
import json
import math
import re
import secrets
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs

from coprod.io.safe_text import markdown_text

if TYPE_CHECKING:
    from coprod.evaluation import Evaluation, MetricScore

_T = TypeVar("_T")

__all__ = [
    "Emphasis",
    "Explanations",
    "Page",
    "Section",
    "html_page",
    "json_text",
    "json_value",
    "markdown_cell",
    "markdown_page",
    "rows_of",
    "text_cell",
]


class Emphasis(str):
    """A cell shown in bold (``**yes**`` in Markdown, ``<strong>`` in HTML)."""

    __slots__ = ()


@attrs.frozen
class Section:
    """A heading, an optional table (``align``: one ``l`` or ``r`` per column) and a note."""

    title: str
    header: tuple[str, ...] = ()
    rows: tuple[tuple[object, ...], ...] = ()
    note: str = ""
    paragraphs: tuple[str, ...] = ()
    align: str = ""
    bullets: tuple[str, ...] = ()


@attrs.frozen
class Page:
    """A title, paragraphs under it, and sections."""

    title: str
    paragraphs: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    warning: str = ""


def text_cell(value: object) -> str:
    """A cell as plain text for people: blank for None, numbers without float noise."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}" if math.isfinite(value) else ""
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


#: Text that :func:`markdown_text` leaves as it is: no character it escapes or folds,
#: and a letter first (no list, heading or numbered-list marker can start it).
_MD_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 .,:;/'()%+=-]*")


#: Text :func:`markdown_text` does more to than escape characters: line breaks and
#: control characters (folded into spaces), or a start that may read as a list,
#: heading or numbered-list marker (escaped). Such text takes the slow path.
_MD_NOT_INLINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_MD_MARKER_START = re.compile(r"\s*[\d+=-]")
#: :func:`markdown_text`'s character escapes, as replacements: the backslash first (the
#: later ones add backslashes), ``&`` before ``<`` and ``>`` (whose entities hold one).
_MD_REPLACEMENTS = (
    ("\\", "\\\\"),
    *((char, "\\" + char) for char in "`*_[]{}|~$!#"),
    ("&", "&amp;"),
    ("<", "&lt;"),
    (">", "&gt;"),
)


def markdown_cell(text: str) -> str:
    """:func:`~coprod.io.safe_text.markdown_text` of ``text``, the same text, faster: no
    regex substitution for plain text (most names and labels), and ``str.replace``
    rather than a substitution calling back per character for text whose characters
    are all it needs to escape (tested equal)."""
    if _MD_PLAIN.fullmatch(text) is not None:
        return text
    if _MD_NOT_INLINE.search(text) is not None or _MD_MARKER_START.match(text) is not None:
        return markdown_text(text)
    for char, escaped in _MD_REPLACEMENTS:
        if char in text:
            text = text.replace(char, escaped)
    return text


def _md_text(text: str, seen: dict[str, str]) -> str:
    """:func:`markdown_text` of ``text``, skipping the regexes for plain text and
    remembering repeated cells (categories, areas, reasons repeat on every row)."""
    if _MD_PLAIN.fullmatch(text) is not None:
        return text
    escaped = seen.get(text)
    if escaped is None:
        escaped = markdown_text(text)
        if len(seen) < 4096:
            seen[text] = escaped
    return escaped


def _md_cell(value: object, seen: dict[str, str]) -> str:
    kind = type(value)  # exact types first: this runs once per cell of large tables
    if kind is str:
        return _md_text(value, seen)  # type: ignore[arg-type]
    if value is None:
        return ""
    if kind is int:  # digits only: nothing to escape
        return str(value)
    if isinstance(value, Emphasis):
        return f"**{_md_text(str(value), seen)}**"
    return _md_text(text_cell(value), seen)


def _md_table(section: Section) -> list[str]:
    align = section.align or "l" * len(section.header)
    rule = ["--:" if a == "r" else "---" for a in align]
    seen: dict[str, str] = {}
    return [
        "| " + " | ".join(markdown_text(h) for h in section.header) + " |",
        "| " + " | ".join(rule) + " |",
        *("| " + " | ".join([_md_cell(c, seen) for c in row]) + " |" for row in section.rows),
    ]


def markdown_page(page: Page) -> str:
    """``page`` as Markdown: every text from the report escaped, tables as pipe tables."""
    lines = [f"# {markdown_text(page.title)}", ""]
    for paragraph in page.paragraphs:
        lines += [markdown_text(paragraph), ""]
    if page.warning:
        lines += [f"**{markdown_text(page.warning)}**", ""]
    for section in page.sections:
        if section.title:
            lines += [f"## {markdown_text(section.title)}", ""]
        for paragraph in section.paragraphs:
            lines += [markdown_text(paragraph), ""]
        if section.rows:
            lines += [*_md_table(section), ""]
        if section.bullets:
            lines += [*(f"- {markdown_text(b)}" for b in section.bullets), ""]
        if section.note:
            lines += [markdown_text(section.note), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ page.title }}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #1a1a1a; max-width: 80rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #c8c8c8; padding: 0.3rem 0.6rem; text-align: left;
  vertical-align: top; overflow-wrap: break-word; }
th { background: #eef2f5; }
td.r { text-align: right; font-variant-numeric: tabular-nums; }
.warning { background: #fff3cd; padding: 0.5rem 1rem; border: 1px solid #e0c36a; }
.note { color: #555; font-size: 0.9rem; }
@page { size: A4; margin: 15mm; }
</style>
</head>
<body>
<h1>{{ page.title }}</h1>
{% for p in page.paragraphs %}<p>{{ p }}</p>
{% endfor %}
{% if page.warning %}<p class="warning">{{ page.warning }}</p>{% endif %}
{% for section in page.sections %}
{% if section.title %}<h2>{{ section.title }}</h2>{% endif %}
{% for p in section.paragraphs %}<p>{{ p }}</p>
{% endfor %}
{% if section.rows %}
<table>
<thead><tr>{% for h in section.header %}<th scope="col">{{ h }}</th>{% endfor %}</tr></thead>
<tbody>
{% for row in cells[loop.index0] %}<tr>
{%- for right, strong, text in row -%}
<td{% if right %} class="r"{% endif %}>
{%- if strong %}<strong>{{ text }}</strong>{% else %}{{ text }}{% endif -%}
</td>
{%- endfor %}</tr>
{% endfor %}</tbody>
</table>
{% endif %}
{% if section.bullets %}<ul>
{% for b in section.bullets %}<li>{{ b }}</li>
{% endfor %}</ul>{% endif %}
{% if section.note %}<p class="note">{{ section.note }}</p>{% endif %}
{% endfor %}
</body>
</html>
"""


def _align(section: Section, index: int) -> str:
    return section.align[index] if index < len(section.align) else "l"


def html_page(page: Page) -> str:
    """``page`` as one self-contained HTML page, every text autoescaped by Jinja2."""
    import jinja2

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = env.from_string(_HTML)
    # Cells prepared here, once, rather than by template calls per cell (large tables).
    cells = [
        [
            [
                (_align(section, i) == "r", isinstance(cell, Emphasis), text_cell(cell))
                for i, cell in enumerate(row)
            ]
            for row in section.rows
        ]
        for section in page.sections
    ]
    return template.render(page=page, cells=cells)


def json_value(value: object) -> Any:
    """A cell as a JSON-ready value (``Decimal`` kept exact; see :func:`json_text`)."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def json_text(data: object) -> str:
    """``data`` as indented, strictly valid JSON; ``Decimal`` numbers exact, text as is.

    The json module writes floats only, so each ``Decimal`` first stands in as a
    string holding an unguessable token, which is then swapped for the number's
    exact text (``23.125``, ``0.1``: never ``0.1000000000000000055``). Dates are
    written in ISO 8601. Non-finite floats are an error (use :func:`json_value`).
    """
    numbers: list[str] = []
    nonce = "decimal-" + secrets.token_hex(16) + "-"

    def default(value: object) -> object:
        if isinstance(value, Decimal) and value.is_finite():
            numbers.append(text_cell(value))
            return f"{nonce}{len(numbers) - 1}"
        if isinstance(value, Decimal):
            return None
        if isinstance(value, (datetime.date, datetime.datetime)):
            return value.isoformat()
        raise TypeError(f"{type(value).__name__} is not JSON serialisable")

    text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False, default=default)
    if numbers:
        text = re.sub(f'"{nonce}([0-9]+)"', lambda m: numbers[int(m.group(1))], text)
    return text + "\n"


class Explanations(Generic[_T]):
    """``explain(evaluation.score(initiative, metric))`` for many initiatives, memoised.

    Apart from its ``initiative`` field, a :class:`~coprod.evaluation.MetricScore`
    (value, completeness, every rule's contribution) depends only on the raw outputs
    of the metric's rules for that initiative, unless one of them failed on it. So
    ``explain``, which must not read the ``initiative`` field, runs once per distinct
    tuple of outputs rather than once per initiative: ratings from 1 to 5 repeat on
    every row of a large report. Initiatives on which a rule of the metric failed
    are explained afresh each time, as are outputs holding a zero (``0.0`` and
    ``-0.0`` are equal keys). At most ``limit`` explanations per metric are kept.
    """

    def __init__(
        self, evaluation: Evaluation, explain: Callable[[MetricScore], _T], *, limit: int = 16384
    ) -> None:
        self._evaluation = evaluation
        self._explain = explain
        self._limit = limit
        self._index = {initiative: n for n, initiative in enumerate(evaluation.initiative_ids)}
        rules: dict[str, list[int]] = {}
        for n, rule in enumerate(evaluation.rules):
            rules.setdefault(rule.metric, []).append(n)
        self._columns = {
            metric: [evaluation.columns[r] for r in found] for metric, found in rules.items()
        }
        self._failed: dict[str, set[int]] = {}
        for r, i, _error in evaluation.failures:
            if r >= 0:
                self._failed.setdefault(evaluation.rules[r].metric, set()).add(i)
        self._memo: dict[str, dict[tuple[object, ...], _T]] = {m: {} for m in rules}

    def __call__(self, initiative: str, metric: str) -> _T:
        """``explain`` of the score of ``initiative`` on ``metric`` (KeyError as ``score``)."""
        i = self._index.get(initiative)
        columns = self._columns.get(metric)
        if i is None or columns is None or i in self._failed.get(metric, ()):
            return self._explain(self._evaluation.score(initiative, metric))
        # Equal outputs give equal scores (1, 1.0 and True all score 1.0), except that
        # 0.0 and -0.0 are equal keys but not the same float: zeros are not memoised.
        key = tuple([column[i] for column in columns])
        if 0 in key:
            return self._explain(self._evaluation.score(initiative, metric))
        memo = self._memo[metric]
        if key in memo:
            return memo[key]
        found = self._explain(self._evaluation.score(initiative, metric))
        if len(memo) < self._limit:
            memo[key] = found
        return found


def rows_of(rows: Iterable[Sequence[object]]) -> tuple[tuple[object, ...], ...]:
    """Rows (maybe a generator) as a tuple of tuples, for a :class:`Section`."""
    return tuple(tuple(row) for row in rows)

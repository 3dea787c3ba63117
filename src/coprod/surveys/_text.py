"""Text helpers shared by the survey modules: labels in, safe cells and markdown out.

Labels (statements, cohorts, factors, respondents) come from spreadsheets that
councils fill in by hand, so they are normalised on the way in (Unicode NFC,
runs of whitespace collapsed) and refused if they hide control characters. On the
way out, CSV cells are neutralised against formula injection and markdown cells
are escaped, because a label may be ``=HYPERLINK(...)`` or ``<script>``.
"""

from __future__ import annotations

import re

from coprod.io.safe_text import markdown_text, neutralise_csv
from coprod.io.table import excerpt, label

__all__ = [
    "ID_PATTERN",
    "clean_label",
    "escape_markdown",
    "neutralise_cell",
    "show",
]

#: Barrier ids used as factor tags: the same shape as the taxonomy's ids
#: (letters, digits, ``.``, ``_``, ``-``; starting with a letter or digit).
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")

# A spreadsheet treats a cell starting with one of these as a formula.

# Characters with an inline meaning in (GitHub-flavoured) markdown: escaped in table
# cells. Block syntax (``#``, ``-``, ``1.``) has no effect inside a cell.


def clean_label(text: str) -> str:
    """Normalise a label: NFC, whitespace runs (tabs, newlines, NBSP) → one space, trimmed.

    The one rule of :func:`coprod.io.table.label`: raises :class:`ValueError` if the
    label contains a C0 or C1 control character other than tab and line breaks, or a
    bidirectional override, which could corrupt a terminal or disguise text. An empty
    result is returned as ``""``; callers decide whether blank is allowed.
    """
    return label(text)


def show(value: str, limit: int = 60) -> str:
    """``value`` quoted for an error message: control characters escaped, long text cut."""
    return excerpt(value, limit)


def neutralise_cell(text: str) -> str:
    """Make a text cell safe to open in a spreadsheet (no formula injection).

    Apply this to labels only: numbers written by coprod are left as numbers so that
    R and pandas read them as such. See :func:`coprod.io.safe_text.neutralise_csv`.
    (Survey CSV output, ``001_…`` and ``002_…``.)
    """
    return neutralise_csv(text)


def escape_markdown(text: str) -> str:
    """Escape a label for a markdown table cell (see :func:`coprod.io.safe_text.markdown_text`).

    (Survey markdown output, ``001_…`` and ``002_…``.)
    """
    return markdown_text(text)

"""The one rule for characters in text: assessment documents (TOML, JSON) and CSV tables.

Names, labels and texts refuse C0 and C1 control characters other than tab and
line breaks (``\\t``, ``\\n``, ``\\r``) and the bidirectional overrides and
isolates that reorder text on screen ("Trojan source", U+202A–U+202E and
U+2066–U+2069). Everything else is text, however hostile it looks: escaping it is
the exporters' job.
"""

from __future__ import annotations

import re

__all__ = ["REFUSED_IN_TEXT", "refused_character"]

#: One character that text may not hold (a character class, usable inside others).
REFUSED_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def refused_character(value: str) -> str | None:
    """Why ``value`` is not text (``"contains the control character U+0007 at
    character 3"``), or ``None`` when it is."""
    bad = REFUSED_IN_TEXT.search(value)
    if bad is None:
        return None
    return f"contains the control character U+{ord(bad.group()):04X} at character {bad.start()}"

"""Validators for the text fields of the domain core (ids and names)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

__all__ = ["ID_PATTERN", "identifier", "non_blank", "strings"]

#: Ids are short and safe in any output: letters, digits, ``-``, ``_`` and ``.``.
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


def identifier(_instance: Any, attribute: Any, value: str) -> None:
    """attrs validator: ``value`` is an id matching :data:`ID_PATTERN`."""
    if not isinstance(value, str) or ID_PATTERN.fullmatch(value) is None:
        raise ValueError(
            f"{attribute.name} must be 1-100 letters, digits, '.', '_' or '-' "
            f"starting with a letter or digit, got {value!r}"
        )


def non_blank(_instance: Any, attribute: Any, value: str) -> None:
    """attrs validator: ``value`` is a string with at least one non-space character."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{attribute.name} must be a non-empty string, got {value!r}")


def strings(items: Iterable[str]) -> tuple[str, ...]:
    """attrs converter: any iterable of strings → a tuple (a bare string is one item)."""
    if isinstance(items, str):
        return (items,)
    return tuple(items)

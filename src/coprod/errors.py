"""The exceptions coprod raises.

Every error coprod raises on purpose derives from :class:`CoprodError`, so an
embedding application can catch one type. Input errors carry every problem found,
each with a path into the document (``$.initiatives[3].ratings.risk``) or a
position in a table (``row 4, column 'percent'``).
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = ["CoprodError", "InvalidInputError", "PluginError", "Problem", "TaxonomyConflictError"]


@attrs.frozen
class Problem:
    """One thing wrong with some input: where it is, and what is wrong.

    ``where`` is a JSONPath-like location (``$.initiatives[3].service``) for
    documents, or ``row N, column 'name'`` for tables, or a file name.
    """

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


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
    def single(cls, where: str, message: str) -> InvalidInputError:
        """An error with exactly one problem."""
        return cls([Problem(where, message)])


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

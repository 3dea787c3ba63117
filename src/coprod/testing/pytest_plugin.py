"""The opt-in pytest plugin: fixtures for testing coprod plugins.

Enable it in a test module or the root ``conftest.py``::

    pytest_plugins = ["coprod.testing"]

It is deliberately not registered as a ``pytest11`` entry point, so installing
coprod does not add fixtures to every test suite in the environment.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

import pytest

from coprod.model.assessment import Assessment
from coprod.plugins import PluginManager
from coprod.testing.cli import CoprodCli
from coprod.testing.conformance import isolated_manager
from coprod.testing.sample import sample_assessment

__all__ = [
    "MakeManager",
    "coprod_assessment",
    "coprod_cli",
    "coprod_manager",
    "make_coprod_manager",
]


class MakeManager(Protocol):
    """The type of the :func:`make_coprod_manager` fixture."""

    def __call__(
        self, *plugins: object, blocked: Iterable[str] = (), strict: bool = False
    ) -> PluginManager: ...


@pytest.fixture
def coprod_manager() -> PluginManager:
    """A plugin manager with the built-in plugins only (installed entry points ignored)."""
    return isolated_manager()


@pytest.fixture
def make_coprod_manager() -> MakeManager:
    """A factory: ``make_coprod_manager(plugin, ..., blocked=(), strict=False)``.

    Builds an isolated manager (built-ins, then ``plugins``; no entry points).
    """
    return isolated_manager


@pytest.fixture
def coprod_assessment() -> Assessment:
    """A small, valid, realistic assessment (see :func:`coprod.testing.sample_assessment`)."""
    return sample_assessment()


@pytest.fixture
def coprod_cli(tmp_path: Path) -> CoprodCli:
    """Run ``coprod`` in-process in a temporary directory (see :class:`coprod.testing.CoprodCli`).

    ``coprod_cli.write(name, text)`` writes an input file there;
    ``coprod_cli.run(*args, stdin=...)`` returns a :class:`coprod.testing.CliResult`.
    Installed entry-point plugins are ignored.
    """
    return CoprodCli(tmp_path)

"""The opt-in pytest plugin: fixtures for testing coprod plugins.

Enable it in a test module or the root ``conftest.py``::

    pytest_plugins = ["coprod.testing"]

It is deliberately not registered as a ``pytest11`` entry point, so installing
coprod does not add fixtures to every test suite in the environment.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Protocol

import pytest

from coprod.model.assessment import Assessment
from coprod.plugins import PluginManager
from coprod.testing.cli import CoprodCli
from coprod.testing.conformance import isolated_manager
from coprod.testing.plugin_factory import make_plugin, write_distribution
from coprod.testing.sample import sample_assessment

__all__ = [
    "InstallDistribution",
    "MakeManager",
    "MakePlugin",
    "coprod_assessment",
    "coprod_cli",
    "coprod_manager",
    "install_coprod_distribution",
    "make_coprod_manager",
    "make_coprod_plugin",
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


class MakePlugin(Protocol):
    """The type of the :func:`make_coprod_plugin` fixture."""

    def __call__(
        self, name: str | None = None, /, **hooks: Callable[..., Any]
    ) -> types.ModuleType: ...


class InstallDistribution(Protocol):
    """The type of the :func:`install_coprod_distribution` fixture."""

    def __call__(
        self,
        source: str,
        *,
        entry_point: str = ...,
        distribution: str = ...,
        version: str = ...,
    ) -> str: ...


@pytest.fixture
def make_coprod_plugin() -> MakePlugin:
    """``make_coprod_plugin("name", register_exporters=fn, ...)``: a plugin module.

    See :func:`coprod.testing.make_plugin`.
    """
    return make_plugin


@pytest.fixture
def install_coprod_distribution(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> InstallDistribution:
    """Install a plugin as a distribution with a ``coprod`` entry point, for this test.

    ``install_coprod_distribution(source, entry_point=..., distribution=...,
    version=...)`` writes the module and its ``.dist-info`` in a temporary directory
    on ``sys.path`` (see :func:`coprod.testing.write_distribution`) and returns the
    module's name. Entry points are enabled for the test even if
    ``COPROD_DISABLE_ENTRY_POINTS`` is set.
    """
    monkeypatch.delenv("COPROD_DISABLE_ENTRY_POINTS", raising=False)
    monkeypatch.syspath_prepend(str(tmp_path))

    def install(
        source: str,
        *,
        entry_point: str = "fake-plugin",
        distribution: str = "coprod-fake-plugin",
        version: str = "1.2.3",
    ) -> str:
        return write_distribution(
            tmp_path, source, entry_point=entry_point, distribution=distribution, version=version
        )

    return install

"""Fixtures for the engine tests: plugin modules built on the fly, and fake installed
distributions with a ``coprod`` entry point (a real ``.dist-info`` on ``sys.path``, so
discovery goes through ``importlib.metadata`` exactly as for an installed package)."""

from __future__ import annotations

import itertools
import textwrap
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import pytest

_counter = itertools.count()


class MakePlugin(Protocol):
    def __call__(
        self, name: str | None = None, /, **hooks: Callable[..., Any]
    ) -> types.ModuleType: ...


class InstallDistribution(Protocol):
    def __call__(
        self,
        source: str,
        *,
        entry_point: str = ...,
        distribution: str = ...,
        version: str = ...,
    ) -> str: ...


@pytest.fixture
def make_plugin() -> MakePlugin:
    """``make_plugin("name", register_scoring_rules=fn, ...)``: a plugin module.

    Each function is marked with ``@coprod.hookimpl`` unless it already is (so a test
    can pass an unmarked one with ``coprod_unmarked=True`` set on it).
    """
    import coprod

    def make(name: str | None = None, /, **hooks: Callable[..., Any]) -> types.ModuleType:
        module = types.ModuleType(name or f"test_plugin_{next(_counter)}")
        for hook_name, function in hooks.items():
            if not getattr(function, "coprod_unmarked", False) and not hasattr(
                function, "coprod_impl"
            ):
                function = coprod.hookimpl(function)
            setattr(module, hook_name, function)
        return module

    return make


@pytest.fixture
def install_distribution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> InstallDistribution:
    """Write a module and a ``.dist-info`` declaring it as a ``coprod`` entry point.

    Returns the module name (unique per call). Entry points are re-enabled for the
    test even if ``COPROD_DISABLE_ENTRY_POINTS`` is set in the environment.
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
        module = f"coprod_fake_plugin_{next(_counter)}"
        (tmp_path / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
        dist_info = tmp_path / f"{distribution.replace('-', '_')}-{version}.dist-info"
        dist_info.mkdir()
        (dist_info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {distribution}\nVersion: {version}\n",
            encoding="utf-8",
        )
        (dist_info / "entry_points.txt").write_text(
            f"[coprod]\n{entry_point} = {module}\n", encoding="utf-8"
        )
        import importlib

        importlib.invalidate_caches()
        return module

    return install

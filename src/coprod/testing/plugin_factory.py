"""Plugins made on the fly for tests: a module from hook functions, an installed distribution.

- :func:`make_plugin` builds a plugin module from hook functions, marking each with
  ``@coprod.hookimpl`` (unless it is marked already, or carries
  ``coprod_unmarked = True`` to test what happens without the marker).
- :func:`write_distribution` writes a module and a ``.dist-info`` declaring it as a
  ``coprod`` entry point into a directory, so that, with the directory on
  ``sys.path``, discovery goes through :mod:`importlib.metadata` exactly as for an
  installed package.

The pytest plugin wraps both as the fixtures ``make_coprod_plugin`` and
``install_coprod_distribution``.
"""

from __future__ import annotations

import importlib
import itertools
import os
import secrets
import textwrap
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["make_plugin", "write_distribution"]

_counter = itertools.count()


def make_plugin(name: str | None = None, /, **hooks: Callable[..., Any]) -> types.ModuleType:
    """A plugin module named ``name`` (default: a fresh unique name) with ``hooks``.

    ``make_plugin(register_exporters=my_register)`` is a module that registers
    whatever ``my_register`` registers; pass it to
    :func:`coprod.testing.isolated_manager` or :func:`coprod.testing.check_plugin`.
    """
    from coprod.hookspecs import hookimpl

    module = types.ModuleType(name or f"coprod_test_plugin_{secrets.token_hex(6)}_{next(_counter)}")
    for hook_name, function in hooks.items():
        if not getattr(function, "coprod_unmarked", False) and not hasattr(function, "coprod_impl"):
            function = hookimpl(function)
        setattr(module, hook_name, function)
    return module


def write_distribution(
    directory: str | os.PathLike[str],
    source: str,
    *,
    entry_point: str = "fake-plugin",
    distribution: str = "coprod-fake-plugin",
    version: str = "1.2.3",
) -> str:
    """Write ``source`` as a module and a ``.dist-info`` naming it a ``coprod`` entry point.

    Returns the module's name (unique per call). Put ``directory`` on ``sys.path``
    (and leave ``COPROD_DISABLE_ENTRY_POINTS`` unset) for a plugin manager to find it.
    """
    where = Path(directory)
    # Unique across the process, not only across calls: a module of the same name
    # imported earlier (by another test's helper) would otherwise be found instead.
    module = f"coprod_fake_plugin_{secrets.token_hex(6)}_{next(_counter)}"
    (where / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    dist_info = where / f"{distribution.replace('-', '_')}-{version}.dist-info"
    dist_info.mkdir(exist_ok=True)
    (dist_info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {distribution}\nVersion: {version}\n", encoding="utf-8"
    )
    (dist_info / "entry_points.txt").write_text(
        f"[coprod]\n{entry_point} = {module}\n", encoding="utf-8"
    )
    importlib.invalidate_caches()
    return module

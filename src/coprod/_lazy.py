"""Public names loaded on first use (PEP 562), for ``coprod`` and ``coprod.appraisal``.

A package lists where each public name lives; :func:`lazy_names` gives it the
module-level ``__getattr__`` and ``__dir__`` that import a name's module the first
time the name is read, so importing the package imports none of them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from typing import Any


def lazy_names(
    package: str,
    exports: Mapping[str, Iterable[str]],
    namespace: MutableMapping[str, Any],
    public: Iterable[str],
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package`` whose globals are ``namespace``.

    ``exports`` maps each module to the names it provides. A name found is stored in
    ``namespace``, so later look-ups are plain attribute reads.
    """
    module_of = {name: module for module, names in exports.items() for name in names}
    listed = tuple(public)

    def __getattr__(name: str) -> Any:
        module = module_of.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *listed})

    return __getattr__, __dir__

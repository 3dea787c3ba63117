"""Generate the hook reference of docs/plugins.md from ``coprod.hookspecs``.

Each hook's section is its exact signature and its docstring (Markdown), in the
order of ``coprod.hookspecs.HOOKS``, as pytest generates its hook reference from
its hookspecs. Run ``python docs/generate_hook_reference.py`` after changing a
hookspec; ``tests/engine/test_engine_docs.py`` fails while the page is out of date.
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

from coprod import hookspecs

PAGE = Path(__file__).with_name("plugins.md")
BEGIN = (
    "<!-- BEGIN hook reference: generated from the docstrings in src/coprod/hookspecs.py "
    "by docs/generate_hook_reference.py; edit those, not this -->"
)
END = "<!-- END hook reference -->"
#: Signatures longer than this are written one parameter per line.
WIDTH = 88


def signature(name: str) -> str:
    """The hook's signature as a Python stub, with the annotations as written."""
    spec = inspect.signature(getattr(hookspecs, name))
    parameters = [
        f"{p.name}: {p.annotation}" if p.annotation is not p.empty else p.name
        for p in spec.parameters.values()
    ]
    returns = spec.return_annotation
    one_line = f"def {name}({', '.join(parameters)}) -> {returns}: ..."
    if len(one_line) <= WIDTH:
        return one_line
    inner = "".join(f"    {parameter},\n" for parameter in parameters)
    return f"def {name}(\n{inner}) -> {returns}: ..."


def render() -> str:
    """The generated part of the page, markers included."""
    parts = [BEGIN, ""]
    for name in hookspecs.HOOKS:
        doc = inspect.getdoc(getattr(hookspecs, name)) or ""
        parts += [f"## {name}", "", "```python", signature(name), "```", "", doc.strip(), ""]
    parts.append(END)
    return "\n".join(parts)


def updated(page: str) -> str:
    """``page`` with its generated part replaced by :func:`render`."""
    start, end = page.find(BEGIN), page.find(END)
    if start < 0 or end < start:
        raise SystemExit(f"{PAGE.name} has no {BEGIN!r} … {END!r} markers")
    return page[:start] + render() + page[end + len(END) :]


def main() -> int:
    page = PAGE.read_text(encoding="utf-8")
    PAGE.write_text(updated(page), encoding="utf-8")
    print(f"wrote the hook reference of {PAGE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Generate docs/api.md from ``coprod.__all__`` and the docstrings.

Run ``python docs/generate_api.py`` after changing the public API;
``tests/test_api_reference.py`` fails while the page is out of date.
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

import coprod

PAGE = Path(__file__).with_name("api.md")

# Sections in reading order: (title, modules whose public names go there).
SECTIONS = (
    ("The Star", ("coprod.model.star",)),
    (
        "Service models and resource shifts",
        ("coprod.model.service_model", "coprod.model.resource_shift"),
    ),
    ("Map it: the Explorer", ("coprod.model.explorer",)),
    ("Focus it: the Priority Matrix", ("coprod.model.priority",)),
    ("People it: stakeholders", ("coprod.model.stakeholders",)),
    ("Market it and Grow it", ("coprod.model.market", "coprod.model.grow")),
    ("Barriers, resources and benefits", ("coprod.model.barriers", "coprod.model.benefits")),
    ("Case studies", ("coprod.model.cases",)),
    (
        "Catalogues (data files shipped in the package, read on first use)",
        ("coprod.catalogues", "coprod.model.advice"),
    ),
    ("The assessment", ("coprod.model.assessment",)),
    (
        "Plugins",
        (
            "coprod.hookspecs",
            "coprod.contributions",
            "coprod.findings",
            "coprod.report_value",
            "coprod.plugins",
        ),
    ),
    ("Evaluation", ("coprod.evaluation",)),
    (
        "Documents and reports",
        ("coprod.io.documents", "coprod.report", "coprod.report.build", "coprod.report.model"),
    ),
    ("Errors", ("coprod.errors",)),
)


def _summary(obj: object) -> str:
    doc = inspect.getdoc(obj) or ""
    first = doc.strip().split("\n\n")[0].replace("\n", " ")
    return first.replace("|", "\\|")


def _kind(obj: object) -> str:
    if inspect.isclass(obj):
        return "class"
    if callable(obj):
        return "function"
    return "constant"


def render() -> str:
    """The page's Markdown."""
    names = [n for n in coprod.__all__ if n != "__version__"]
    placed: set[str] = set()
    lines = [
        "# API reference",
        "",
        "Everything importable from the top-level `coprod` package, generated from the",
        "docstrings by `docs/generate_api.py`. Other public modules: `coprod.surveys`",
        "([surveys.md](surveys.md)), `coprod.people` ([people.md](people.md)),",
        "`coprod.testing` and `coprod.io.safe_text` ([plugins.md](plugins.md)).",
        "",
    ]
    for title, modules in SECTIONS:
        rows = []
        for name in names:
            obj = getattr(coprod, name)
            module = getattr(obj, "__module__", None) if _kind(obj) != "constant" else None
            if not (module or "").startswith("coprod."):
                module = _constant_home(name)  # constants, and objects made by pluggy
            home = module
            if home in modules and name not in placed:
                placed.add(name)
                what = _constant_doc(name) or _summary(obj)
                rows.append(f"| `{name}` | {_kind(obj)} | {what} |")
        if rows:
            lines += [f"## {title}", "", "| name | kind | what it is |", "|---|---|---|", *rows, ""]
    missing = sorted(set(names) - placed)
    if missing:
        raise SystemExit(f"public names with no section in docs/generate_api.py: {missing}")
    return "\n".join(lines)


def _constant_home(name: str) -> str | None:
    for module_name, module in sys.modules.items():
        if module_name.startswith("coprod.") and name in getattr(module, "__all__", ()):
            return module_name
    return None


_CONSTANT_DOCS = {
    "DEFAULT_INVOLVEMENT_SCALE": "The 0–4 involvement scale, high from 3.",
    "DEFAULT_PRIORITY_SCHEME": "Equal weights; high means above 3.",
    "DEFAULT_VOLUNTEER_HOURLY_RATE": (
        "£8.00 an hour: 112,608 / 14,076 (Wiltshire Speedwatch, `001_…`)."
    ),
    "SEED_FILES": "The names of the five seed documents.",
    "hookimpl": "Marks a plugin's hook implementations: `@coprod.hookimpl`.",
}


def _constant_doc(name: str) -> str:
    return _CONSTANT_DOCS.get(name, "")


if __name__ == "__main__":
    PAGE.write_text(render() + "\n", encoding="utf-8")
    print(f"wrote {PAGE}")

"""Package metadata: a licence, project URLs, and a light extra for plugin authors."""

from __future__ import annotations

import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_the_licence_is_mit_and_ships_with_the_package() -> None:
    assert PROJECT["license"] == "MIT"
    assert PROJECT["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "WITHOUT WARRANTY OF ANY KIND" in text


def test_project_urls_point_at_the_repository() -> None:
    urls = PROJECT["urls"]
    assert set(urls) >= {"Homepage", "Documentation", "Changelog"}
    assert all(url.startswith("https://github.com/coprod/coprod") for url in urls.values())


def test_the_testing_extra_is_only_what_plugin_authors_need() -> None:
    extras = PROJECT["optional-dependencies"]
    names = {requirement.split(">")[0].split("[")[0] for requirement in extras["testing"]}
    assert names == {"pytest", "hypothesis"}
    # The project's own test extra keeps the rest (scipy, import-linter, ...).
    assert {"import-linter", "scipy"} <= {r.split(">")[0] for r in extras["test"]}

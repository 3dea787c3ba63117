"""The test kit's own tests: the CLI runner and the plugin factories, used as an author would."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import coprod
from coprod.testing import (
    CoprodCli,
    check_plugin,
    isolated_manager,
    make_plugin,
    run_coprod,
)

if TYPE_CHECKING:
    from coprod.testing.pytest_plugin import InstallDistribution, MakePlugin

pytest_plugins = ["coprod.testing"]


def test_run_coprod_captures_bytes_exit_code_and_stdin() -> None:
    result = run_coprod("survey", "allocation", "-", stdin="factor,A\nCafé,100\n")
    assert result.code == 0
    assert result.err == ""
    assert json.loads(result.out)["factors"][0]["factor"] == "Café"
    assert result.stdout == result.out.encode("utf-8")  # what a terminal would get


def test_run_coprod_usage_errors_and_help() -> None:
    assert run_coprod("--version").out.startswith("coprod ")
    missing = run_coprod("survey", "allocation")  # PATH missing: argparse, exit 2
    assert missing.code == 2
    assert "PATH" in missing.err
    run_coprod("cases", "--format", "nope").assert_clean_failure(2)


def test_assert_clean_failure_notices_a_wrong_failure() -> None:
    result = run_coprod("cases", "--format", "nope")
    with pytest.raises(AssertionError):
        result.assert_clean_failure(3)
    with pytest.raises(AssertionError):
        run_coprod("cases").assert_clean_failure(2)


def test_the_cli_fixture_runs_in_its_directory(coprod_cli: CoprodCli) -> None:
    coprod_cli.write("a.csv", "factor,A\nx,60\ny,40\n")
    result = coprod_cli.run("survey", "allocation", "a.csv", "-o", "out.md")
    assert result.code == 0, result.err
    assert coprod_cli.files() == ["a.csv", "out.md"]
    assert "| 1 | x | 60 | 60 | 1 (100%) |" in (coprod_cli.path / "out.md").read_text()


def test_entry_points_are_off_unless_asked(
    install_coprod_distribution: InstallDistribution, tmp_path: Path
) -> None:
    install_coprod_distribution(
        """
        import coprod

        @coprod.hookimpl
        def register_exporters(register):
            register(coprod.Exporter(format="hello", media_type="text/plain", suffix=".hi",
                                     render=lambda report: "hello\\n", kinds=("*",)))
        """,
        entry_point="hello",
    )
    assert run_coprod("cases", "-f", "hello").code == 2
    found = run_coprod("cases", "-f", "hello", entry_points=True)
    assert (found.code, found.out) == (0, "hello\n")
    cli = CoprodCli(tmp_path, entry_points=True)
    assert cli.run("plugins", "-f", "json").code == 0
    listed = json.loads(cli.run("plugins", "-f", "json").out)["plugins"]
    (entry,) = [p for p in listed if p["name"] == "hello"]
    assert (entry["distribution"], entry["version"]) == ("coprod-fake-plugin", "1.2.3")


def test_make_plugin_marks_hooks(make_coprod_plugin: MakePlugin) -> None:
    def register_exporters(register: Callable[[coprod.Exporter], None]) -> None:
        register(
            coprod.Exporter(
                format="upper",
                media_type="text/plain",
                suffix=".up",
                render=lambda report: report.kind.upper(),
                kinds=("*",),
            )
        )

    plugin = make_coprod_plugin("upper_plugin", register_exporters=register_exporters)
    manager = isolated_manager(plugin)
    assert manager.exporter("upper", "match").plugin == "upper_plugin"
    assert check_plugin(plugin, examples=2).exporters == ("upper",)
    unmarked: Any = lambda register: None  # noqa: E731
    unmarked.coprod_unmarked = True
    module = make_plugin(register_exporters=unmarked)
    assert not hasattr(module.register_exporters, "coprod_impl")

"""``coprod completion bash|zsh``: a script generated from the parser that really completes."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from coprod.cli import build_parser, main
from coprod.cli.completion import completion_script

BASH = shutil.which("bash")


def _complete(script: str, *words: str) -> list[str]:
    assert BASH is not None
    program = (
        script
        + '\nCOMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=(); _coprod\n'
        + 'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    result = subprocess.run(
        [BASH, "-c", program, "bash", "coprod", *words],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return [line for line in result.stdout.splitlines() if line]


@pytest.fixture(scope="module")
def bash_script() -> str:
    if BASH is None:  # pragma: no cover - every CI image has bash
        pytest.fail("bash is needed to test the completion script")
    return completion_script("bash")


def test_every_command_completes(bash_script: str) -> None:
    commands = set(_complete(bash_script, ""))
    parser = build_parser()
    (subparsers,) = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
    assert commands == set(subparsers.choices)
    assert _complete(bash_script, "as") == ["assess"]


def test_options_choices_formats_and_subcommands_complete(bash_script: str) -> None:
    assert _complete(bash_script, "assess", "--stri") == ["--strict"]
    assert "--timeout" in _complete(bash_script, "demo", "--")
    formats = _complete(bash_script, "assess", "-f", "")
    assert {"summary", "json", "csv", "markdown", "html"} <= set(formats)
    assert set(_complete(bash_script, "survey", "")) == {"likert", "allocation"}
    assert _complete(bash_script, "survey", "likert", "--form") == ["--format"]
    assert _complete(bash_script, "completion", "") == ["bash", "zsh"]


def test_the_command_prints_both_scripts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["completion", "bash"]) == 0
    out = capsys.readouterr().out
    assert "complete -o default -o bashdefault -F _coprod coprod" in out
    assert main(["completion", "zsh"]) == 0
    zsh = capsys.readouterr().out
    assert zsh.startswith("#compdef coprod\n") and "bashcompinit" in zsh
    with pytest.raises(SystemExit):
        main(["completion", "fish"])

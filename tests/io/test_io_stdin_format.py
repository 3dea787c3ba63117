"""Standard input has no name: its format is guessed, and a TOML comment is not CSV.

``coprod validate -`` used to read the demo TOML (which opens with ``#`` comments)
as CSV. The guess now looks at the first line that is not blank or a comment.
"""

from __future__ import annotations

import io
import json
import sys
from importlib import resources
from pathlib import Path

import pytest

from coprod import load_assessment
from coprod.cli import main
from coprod.io.documents import _guess_format, dump_assessment

DEMO = (resources.files("coprod") / "data" / "demo-council.toml").read_text(encoding="utf-8")
CSV = "id,name,service,cos\r\nlunch,Lunch club,Adult Social Care,Co-design\r\n"


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))


def test_the_demo_toml_on_stdin_opens_with_comments_and_validates(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert DEMO.startswith("#")
    _stdin(monkeypatch, DEMO)
    assert main(["validate", "-"]) == 0, capsys.readouterr().err
    assert capsys.readouterr().out.startswith("<stdin>: valid (6 services, 16 initiatives")


@pytest.mark.parametrize("kind", ["toml", "json", "csv"])
def test_each_format_on_stdin_validates_as_itself(
    kind: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    demo = load_assessment(DEMO, format="toml")
    text = {
        "toml": "# a comment first, as people write\n\n" + dump_assessment(demo, "toml"),
        "json": "\ufeff\n  " + dump_assessment(demo, "json"),
        "csv": "# notes before the header\n" + CSV,
    }[kind]
    assert _guess_format(text) == kind
    assert _guess_format(text.encode("utf-8")) == kind
    _stdin(monkeypatch, text)
    if kind == "csv":
        # A comment line before the header is CSV's first row: read as CSV, and the
        # header problem says so (it is not mistaken for TOML).
        assert main(["validate", "-"]) == 2
        assert "read as comma-separated" in capsys.readouterr().err
        _stdin(monkeypatch, CSV)
        assert main(["validate", "-", "--organisation", "Eastbridge"]) == 0
        return
    assert main(["validate", "-"]) == 0, capsys.readouterr().err
    _stdin(monkeypatch, text)
    assert load_assessment("-") == demo


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ('# c\n[organisation]\nname = "x"\n', "toml"),
        ("# c\n\n   # indented comment\nname = 'x'\n", "toml"),
        ("[[initiatives]]\nid = 'a'\n", "toml"),
        ("[organisation] # the council\n", "toml"),
        ("organisation.name = 'x'\n", "toml"),
        ('"quoted key" = 1\n', "toml"),
        ("# only a comment\n", "toml"),
        ("id,name,service\n", "csv"),
        ("# exported from a spreadsheet\nid;name;service\n", "csv"),
        ("[x],y\n", "csv"),
        ('  {"organisation": {"name": "x"}}', "json"),
        ("", "csv"),
    ],
)
def test_the_guess_by_the_first_meaningful_line(text: str, kind: str) -> None:
    assert _guess_format(text) == kind
    assert _guess_format(text.encode("utf-8")) == kind
    assert _guess_format(json.dumps({"a": 1})) == "json"


def test_validate_names_the_option_when_the_organisation_is_blank(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(CSV, encoding="utf-8")
    with pytest.raises(SystemExit) as exited:
        main(["validate", str(sheet), "--organisation", " "])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "argument --organisation: must not be blank" in err
    assert "organisation: is blank" not in err
    assert main(["validate", str(sheet), "--organisation", "Eastbridge"]) == 0

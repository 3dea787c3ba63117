"""``coprod match --encoding``: Excel's cp1252 CSV read as the library reads it."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from coprod.cli import main

CAPABILITIES = (
    "capability_id,provider_id,provider_kind,display_name,category,level,willing_to_share,"
    "area,also_covers,availability,capacity,references,protection_check,consent\r\n"
    "c-001,m-001,person,Zoë Ní Bhriain,housework/bedding,does-now,yes,Dunoon,,any,1,2,no,yes\r\n"
)
NEEDS = (
    "need_id,requester_id,requester_name,category,area,frequency,verification,priority\r\n"
    "n-001,m-003,Séamus,housework/bedding,Dunoon,one-off,none,normal\r\n"
)


def _files(tmp_path: Path) -> tuple[str, str]:
    caps, needs = tmp_path / "caps.csv", tmp_path / "needs.csv"
    caps.write_bytes(CAPABILITIES.encode("cp1252"))
    needs.write_bytes(NEEDS.encode("cp1252"))
    return str(caps), str(needs)


def _names(out: str) -> str:
    return json.dumps(json.loads(out), ensure_ascii=False)


def test_cp1252_files_match_with_their_names_read_right(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    caps, needs = _files(tmp_path)
    args = ["match", caps, needs, "--include-personal-data", "-f", "json"]
    assert main([*args, "--encoding", "cp1252"]) == 0
    out = _names(capsys.readouterr().out)
    assert "Zoë Ní Bhriain" in out and "Séamus" in out
    # Without it the bytes are not UTF-8: exit 2, and the reader says which encoding fits.
    assert main(args) == 2
    assert "cp1252" in capsys.readouterr().err


def test_standard_input_is_decoded_with_the_encoding_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    caps, _needs = _files(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(NEEDS.encode("cp1252"))))
    argv = ["match", caps, "-", "--include-personal-data", "-f", "json", "--encoding", "cp1252"]
    assert main(argv) == 0
    out = _names(capsys.readouterr().out)
    assert "Séamus" in out


def test_an_unknown_encoding_is_an_error_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    caps, needs = _files(tmp_path)
    assert main(["match", caps, needs, "--encoding", "no-such-codec"]) == 2
    err = capsys.readouterr().err
    assert "no-such-codec" in err and "Traceback" not in err

"""``coprod timebank`` round trip on a fresh SQLite file, checked against a hand calculation.

Two linked banks (Cowal and Bute, as in 004's Argyll and Bute system), a person,
a business, transfers one-to-one and one-to-many, a gift, a donation, a retried
transfer, a reversal and a refused one. Every expected figure below was worked
out by hand from the transfers, not read from coprod.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("sqlalchemy", reason="the store needs the coprod[store] extra")

from coprod.cli import main

REPO = Path(__file__).resolve().parents[2]


def run(db: Path, *args: str) -> int:
    return main(["timebank", args[0], "--db", str(db), *args[1:]])


def tables(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> dict[str, Any]:
    capsys.readouterr()
    assert run(db, *args, "-f", "json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "timebank"
    return {
        t["name"]: [dict(zip(t["columns"], row, strict=True)) for row in t["rows"]]
        for t in data["tables"]
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The scheme, built once through the command line; each test works on a copy."""
    db = tmp_path_factory.mktemp("roundtrip") / "fresh.sqlite"
    # The first command through the installed entry point, as a user would type it.
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "coprod",
            "timebank",
            "create-bank",
            "cowal",
            "--db",
            str(db),
            "--name",
            "Cowal Timebank",
            "--linked-system",
            "argyll",
            "--soft-overdraft",
            "5h",
            "--hard-overdraft",
            "10h",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "created bank cowal"
    for args in (
        ("create-bank", "bute", "--name", "Bute Timebank", "--linked-system", "argyll"),
        (
            "add-member",
            "ann",
            "--bank",
            "cowal",
            "--name",
            "Ann Example",
            "--agreement-signed",
            "2026-01-05",
        ),
        ("add-member", "bob", "--bank", "bute", "--agreement-signed", "2026-01-05"),
        ("add-member", "dan", "--bank", "cowal", "--agreement-signed", "2026-01-05"),
        ("add-member", "cafe", "--bank", "cowal", "--kind", "business"),
        # ann is helped by bob (1:30, from the linked Bute bank) and dan (45 minutes).
        (
            "transfer",
            "--key",
            "t1",
            "--from",
            "ann",
            "--to",
            "bob:1:30",
            "--to",
            "dan:45m",
            "--on",
            "2026-03-07",
            "--note",
            "garden and shopping",
        ),
        # The same transfer sent again (a lost reply): recorded once.
        (
            "transfer",
            "--key",
            "t1",
            "--from",
            "ann",
            "--to",
            "bob:1:30",
            "--to",
            "dan:45m",
            "--on",
            "2026-03-07",
            "--note",
            "garden and shopping",
        ),
        # The café pays ann 2 hours (windows)...
        ("transfer", "--key", "t2", "--from", "cafe", "--to", "ann:2h", "--on", "2026-03-10"),
        # ...bob gives ann an hour as a birthday gift, dan donates 30 minutes to the café...
        (
            "transfer",
            "--key",
            "g1",
            "--from",
            "bob",
            "--to",
            "ann:1h",
            "--kind",
            "gift",
            "--on",
            "2026-03-12",
        ),
        (
            "transfer",
            "--key",
            "d1",
            "--from",
            "dan",
            "--to",
            "cafe:0.5h",
            "--kind",
            "donation",
            "--on",
            "2026-03-15",
        ),
        # ...and t2 was recorded by mistake: reversed.
        ("reverse", "t2", "--key", "t2-fix", "--on", "2026-03-16"),
    ):
        assert run(db, *args) == 0, args
    return db


@pytest.fixture
def bank(built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    capsys.readouterr()
    copy = tmp_path / built.name
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{built}{suffix}")
        if source.exists():
            shutil.copyfile(source, f"{copy}{suffix}")
    return copy


# ann: -90 - 45 (t1) + 120 (t2) + 60 (g1) - 120 (t2-fix) = -75
# bob: +90 (t1) - 60 (g1) = 30;  dan: +45 (t1) - 30 (d1) = 15
# cafe: -120 (t2) + 30 (d1) + 120 (t2-fix) = 30;  sum: -75 + 30 + 15 + 30 = 0
HAND_BALANCES = {"ann": -75, "bob": 30, "cafe": 30, "dan": 15}


def test_balances_match_the_hand_calculation(
    bank: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = tables(capsys, bank, "balances")["balances"]
    assert {r["member"]: r["minutes"] for r in rows} == HAND_BALANCES
    assert {r["member"]: r["hours"] for r in rows} == {
        "ann": "-1.25",
        "bob": "0.50",
        "cafe": "0.50",
        "dan": "0.25",
    }
    assert "name" not in rows[0]
    named = tables(capsys, bank, "balances", "--include-names")["balances"]
    assert {r["member"]: r["name"] for r in named}["ann"] == "Ann Example"


def test_the_statement_matches_the_hand_calculation(
    bank: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = tables(capsys, bank, "statement", "ann")["statement"]
    assert [(r["date"], r["key"], r["kind"], r["minutes"], r["balance_minutes"]) for r in rows] == [
        ("2026-03-07", "t1", "exchange", -135, -135),
        ("2026-03-10", "t2", "exchange", 120, -15),
        ("2026-03-12", "g1", "gift", 60, 45),
        ("2026-03-16", "t2-fix", "reversal", -120, -75),
    ]
    assert rows[0]["with"] == "bob, dan"
    assert rows[3]["reverses"] == "t2"


def test_the_check_is_sound_and_a_refused_transfer_changes_nothing(
    bank: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    check = tables(capsys, bank, "check")["check"][0]
    assert check == {"transfers": 5, "members": 4, "sum_of_balances_minutes": 0, "problems": 0}
    # ann at -75 paying 9h15m would reach -630, past the hard overdraft of 10h (-600).
    assert run(bank, "transfer", "--key", "t9", "--from", "ann", "--to", "dan:9:15") == 2
    assert "hard limit" in capsys.readouterr().err
    rows = tables(capsys, bank, "balances")["balances"]
    assert {r["member"]: r["minutes"] for r in rows} == HAND_BALANCES
    # 8h45m reaches -600: allowed, and flagged past the soft overdraft of 5h.
    assert run(bank, "transfer", "--key", "t9", "--from", "ann", "--to", "dan:8:45") == 0
    assert "past the soft limit" in capsys.readouterr().err


def test_the_report_matches_the_hand_calculation(
    bank: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tables(capsys, bank, "report", "--include-names")
    # Hours earned by members of each bank in March: Bute: bob 90 in t1. Cowal: dan 45
    # (t1) + ann 120 (t2) - 120 (reversal) = 45 exchanged; ann 60 (gift) + café 30
    # (donation) = 90 given away; transfers crediting Cowal: t1, t2, g1, d1.
    assert report["hours-by-bank-and-month"] == [
        {
            "bank": "bute",
            "month": "2026-03",
            "transfers": 1,
            "minutes_exchanged": 90,
            "hours_exchanged": "1.50",
            "minutes_given_away": 0,
            "hours_given_away": "0.00",
        },
        {
            "bank": "cowal",
            "month": "2026-03",
            "transfers": 4,
            "minutes_exchanged": 45,
            "hours_exchanged": "0.75",
            "minutes_given_away": 90,
            "hours_given_away": "1.50",
        },
    ]
    # Exchanges only: ann spent 135 and her 120 earned was reversed (spends, never
    # earns); bob and dan only earned; the café's spending was reversed.
    # The café (Cowal) is active but neither: its spending was reversed (other_active).
    # The totals row: 1 + 3 members, all active; bob and dan earn only, ann spends only.
    columns = ("members", "active", "inactive", "earn_never_spend", "spend_never_earn")
    assert [
        (r["bank"], *(r[c] for c in columns), r["other_active"]) for r in report["members-by-bank"]
    ] == [
        ("bute", 1, 1, 0, 1, 0, 0),
        ("cowal", 3, 3, 0, 1, 1, 1),
        ("all banks", 4, 4, 0, 2, 1, 1),
    ]
    assert report["between-banks"] == [
        {"from_bank": "bute", "to_bank": "cowal", "transfers": 1, "minutes": 60, "hours": "1.00"},
        {"from_bank": "cowal", "to_bank": "bute", "transfers": 1, "minutes": 90, "hours": "1.50"},
    ]
    assert [(r["member"], r["pattern"]) for r in report["one-sided-members"]] == [
        ("bob", "earns, never spends"),
        ("dan", "earns, never spends"),
        ("ann", "spends, never earns"),
    ]
    # Aggregates by default: no member table, small counts hidden.
    plain = tables(capsys, bank, "report")
    assert "one-sided-members" not in plain
    # Every count here is from 0 to 4: all hidden but the zeros, none of which
    # would give a hidden count away.
    assert [list(r.values())[1:] for r in plain["members-by-bank"]] == [
        [None, None, 0, None, 0, 0],
        [None, None, 0, None, None, None],
        [None, None, 0, None, None, None],
    ]


def test_the_bank_feeds_the_star_as_a_co_delivery_initiative(
    bank: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert (
        run(
            bank,
            "initiative",
            "--id",
            "argyll-timebanks",
            "--name",
            "Argyll Timebanks",
            "--service",
            "adult-social-care",
        )
        == 0
    )
    fragment = capsys.readouterr().out
    assert fragment.startswith("[[initiatives]]")
    # Exchanged: t1 135 + t2 120 - reversal 120 = 135 minutes = 2.25 hours.
    assert "volunteer_hours = 2.25" in fragment
    assert '"co-delivery"' in fragment
    merged = tmp_path / "with-timebank.toml"
    demo = (REPO / "examples" / "demo-council.toml").read_text(encoding="utf-8")
    merged.write_text(demo + "\n" + fragment, encoding="utf-8")
    assert main(["validate", str(merged)]) == 0
    capsys.readouterr()
    assert (
        run(
            bank,
            "initiative",
            "--id",
            "cowal-only",
            "--name",
            "Cowal",
            "--service",
            "adult-social-care",
            "--bank",
            "cowal",
        )
        == 0
    )
    # Cowal members' credits only: dan 45 + ann 120 - 120 = 45 minutes.
    assert "volunteer_hours = 0.75" in capsys.readouterr().out


def test_erasing_a_member_keeps_every_total(bank: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(bank, "erase-member", "ann") == 2  # needs --yes
    assert run(bank, "erase-member", "ann", "--yes") == 0
    out = capsys.readouterr().out
    new_code = out.strip().rsplit(" ", 1)[1]
    rows = tables(capsys, bank, "balances", "--include-names")["balances"]
    balances = {r["member"]: r["minutes"] for r in rows}
    assert balances == {new_code: -75, "bob": 30, "cafe": 30, "dan": 15}
    assert "Ann Example" not in json.dumps(rows)
    assert tables(capsys, bank, "check")["check"][0]["problems"] == 0

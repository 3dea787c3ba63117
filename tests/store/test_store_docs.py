"""docs/store.md documents every table and column; docs/timebank.md every command."""

from __future__ import annotations

import re
from pathlib import Path

from coprod.cli import build_parser
from coprod.store import head_revision, metadata
from coprod.store.schema import DESCRIPTIONS

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _sections(text: str) -> dict[str, str]:
    parts = re.split(r"^### `([a-z_]+)`$", text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_the_schema_section_lists_every_table_and_column_with_its_description() -> None:
    text = (DOCS / "store.md").read_text(encoding="utf-8")
    assert f"## Schema (revision `{head_revision()}`)" in text
    sections = _sections(text)
    assert set(sections) == set(metadata.tables)
    for table in metadata.tables.values():
        section = sections[table.name]
        assert DESCRIPTIONS[table.name][""] in section
        documented = re.findall(r"^\| `([a-z_0-9]+)` \|", section, flags=re.MULTILINE)
        assert documented == [c.name for c in table.columns], table.name
        for column in table.columns:
            assert DESCRIPTIONS[table.name][column.name] in section, (table.name, column.name)


def _actions(command: str) -> set[str]:
    parser = build_parser()
    sub = next(a for a in parser._subparsers._group_actions if a.dest == "command")  # type: ignore[union-attr]
    inner = sub.choices[command]
    group = next(a for a in inner._subparsers._group_actions)  # type: ignore[union-attr]
    return set(group.choices)


def test_the_how_to_shows_every_timebank_command_and_no_other() -> None:
    text = (DOCS / "timebank.md").read_text(encoding="utf-8")
    shown = set(re.findall(r"coprod timebank ([a-z-]+)", text))
    assert shown == _actions("timebank")
    store = (DOCS / "store.md").read_text(encoding="utf-8")
    assert set(re.findall(r"coprod db ([a-z-]+)", store)) == _actions("db")

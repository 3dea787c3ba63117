"""Readings and action plans: dated assessment documents and actions' status history.

Revision ID: 0002_readings
Revises: 0001_timebank
Create Date: 2026-12-01

Adds ``readings`` (each reading stored once with the SHA-256 of its canonical
JSON; one reading per organisation and day), ``plan_actions`` and
``action_status_changes`` (one row per change of an action's status), their rows
in ``schema_descriptions``, and triggers that refuse UPDATE and DELETE on all
three. This file is a frozen snapshot: later changes come as new revisions.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_readings"
down_revision = "0001_timebank"
branch_labels = None
depends_on = None

_TABLES = ("readings", "plan_actions", "action_status_changes")
_MESSAGE = "readings and action histories are never changed: record a new reading or status"

#: The sentences of this revision (a frozen copy of coprod.store.schema.DESCRIPTIONS).
_D: dict[str, dict[str, str]] = {
    "readings": {
        "": "Dated readings (assessment documents) of organisations, stored once, never changed.",
        "id": "Row number, in recording order.",
        "organisation_name": "The organisation's name as the document gives it.",
        "organisation_key": "The name without case or repeated spaces: one organisation's key.",
        "as_of": "The day the reading describes (the document's as_of).",
        "round_label": "The document's round label, e.g. '2025 review'; may be empty.",
        "source_name": "The file name the reading was recorded from (reports name it so).",
        "content_sha256": "SHA-256 of document_json: the same reading recorded twice is one row.",
        "document_json": "The assessment document as coprod's canonical JSON (dump_assessment).",
        "recorded_at": "When the reading was recorded in this store (UTC).",
    },
    "plan_actions": {
        "": "Actions of organisations' action plans, as first recorded (their [[actions]]).",
        "id": "Row number.",
        "organisation_key": "The organisation (readings.organisation_key).",
        "action_code": "The action's id in the documents.",
        "title": "What is to be done, as first recorded.",
        "step": "The step of the Star it serves (map, focus, people, market, grow).",
        "owner_role": "Who owns it, as a role; empty: nobody yet.",
        "due_on": "The day it is due; empty: no date.",
        "first_reading_id": "The reading it was first recorded from (readings.id); empty: by hand.",
        "recorded_at": "When the action was first recorded (UTC).",
    },
    "action_status_changes": {
        "": "Status history of actions: one row per change, never updated.",
        "id": "Row number, in recording order.",
        "action_id": "The action (plan_actions.id).",
        "action_status": "The status from that day: planned, in progress, done or dropped.",
        "changed_on": "The day the status took effect (a reading's as_of, or given by hand).",
        "reading_id": "The reading that showed the change (readings.id); empty: by hand.",
        "recorded_at": "When the change was recorded (UTC).",
    },
}


def _column(table: str, name: str, *args: object, **kwargs: object) -> sa.Column[object]:
    return sa.Column(name, *args, comment=_D[table][name], **kwargs)  # type: ignore[arg-type]


def upgrade() -> None:
    """Create the tables, describe them and make their rows immutable."""
    t = "readings"
    op.create_table(
        t,
        _column(t, "id", sa.Integer(), nullable=False),
        _column(t, "organisation_name", sa.String(length=400), nullable=False),
        _column(t, "organisation_key", sa.String(length=400), nullable=False),
        _column(t, "as_of", sa.Date(), nullable=False),
        _column(t, "round_label", sa.String(length=400), nullable=True),
        _column(t, "source_name", sa.String(length=400), nullable=False),
        _column(t, "content_sha256", sa.String(length=64), nullable=False),
        _column(t, "document_json", sa.Text(), nullable=False),
        _column(t, "recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_readings")),
        sa.UniqueConstraint("content_sha256", name=op.f("uq_readings_content_sha256")),
        sa.UniqueConstraint("organisation_key", "as_of", name="uq_readings_organisation_key_as_of"),
        comment=_D[t][""],
    )
    t = "plan_actions"
    op.create_table(
        t,
        _column(t, "id", sa.Integer(), nullable=False),
        _column(t, "organisation_key", sa.String(length=400), nullable=False),
        _column(t, "action_code", sa.String(length=200), nullable=False),
        _column(t, "title", sa.Text(), nullable=False),
        _column(t, "step", sa.String(length=20), nullable=False),
        _column(t, "owner_role", sa.String(length=400), nullable=True),
        _column(t, "due_on", sa.Date(), nullable=True),
        _column(t, "first_reading_id", sa.Integer(), nullable=True),
        _column(t, "recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["first_reading_id"],
            ["readings.id"],
            name=op.f("fk_plan_actions_first_reading_id_readings"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_actions")),
        sa.UniqueConstraint(
            "organisation_key",
            "action_code",
            name="uq_plan_actions_organisation_key_action_code",
        ),
        comment=_D[t][""],
    )
    t = "action_status_changes"
    op.create_table(
        t,
        _column(t, "id", sa.Integer(), nullable=False),
        _column(t, "action_id", sa.Integer(), nullable=False),
        _column(t, "action_status", sa.String(length=20), nullable=False),
        _column(t, "changed_on", sa.Date(), nullable=False),
        _column(t, "reading_id", sa.Integer(), nullable=True),
        _column(t, "recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "action_status IN ('planned', 'in progress', 'done', 'dropped')",
            name=op.f("ck_action_status_changes_action_status"),
        ),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["plan_actions.id"],
            name=op.f("fk_action_status_changes_action_id_plan_actions"),
        ),
        sa.ForeignKeyConstraint(
            ["reading_id"],
            ["readings.id"],
            name=op.f("fk_action_status_changes_reading_id_readings"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_status_changes")),
        comment=_D[t][""],
    )
    op.create_index(
        op.f("ix_action_status_changes_action_id"),
        "action_status_changes",
        ["action_id"],
        unique=False,
    )
    descriptions = sa.table(
        "schema_descriptions",
        sa.column("table_name", sa.String()),
        sa.column("column_name", sa.String()),
        sa.column("description", sa.Text()),
    )
    op.bulk_insert(
        descriptions,
        [
            {"table_name": table, "column_name": column, "description": sentence}
            for table in _TABLES
            for column, sentence in _D[table].items()
        ],
    )
    _immutable_rows()


def _immutable_rows() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for table in _TABLES:
            for event in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END"
                )
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION coprod_readings_are_immutable() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{_MESSAGE}'; END $$"
        )
        for table in _TABLES:
            op.execute(
                f"CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION coprod_readings_are_immutable()"
            )


def downgrade() -> None:
    """Drop what this revision created, and its descriptions."""
    dialect = op.get_bind().dialect.name
    for table in _TABLES:
        if dialect == "sqlite":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        elif dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_immutable ON {table}")
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS coprod_readings_are_immutable()")
    op.drop_index(op.f("ix_action_status_changes_action_id"), table_name="action_status_changes")
    for table in reversed(_TABLES):
        op.drop_table(table)
    names = ", ".join(f"'{table}'" for table in _TABLES)
    op.execute(f"DELETE FROM schema_descriptions WHERE table_name IN ({names})")

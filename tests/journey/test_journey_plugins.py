"""Plugins see the readings: an exporter that fires when a Co's score falls, and
properties of the progress report over generated sequences of readings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import coprod
from coprod.progress import Reading, compare_readings
from coprod.testing.strategies import readings

from .test_journey_progress import A, B, C, reading

PLUGINS = Path(__file__).resolve().parent / "journey_plugins"


def test_a_plugin_reads_earlier_readings_and_fires_when_a_score_falls(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.syspath_prepend(str(PLUGINS))
    import score_alerts

    manager = coprod.make_plugin_manager(plugins=[score_alerts], entry_points=False)
    progress = compare_readings([reading("a", A), reading("b", B), reading("c", C)])
    text = manager.exporter("alerts", "progress").render(progress)
    # Worked out in test_journey_progress: co-design 3/6 → 2/6 from 2024 to 2025, and
    # nothing else falls.
    assert (
        text == "warning: Co-design fell from 0.5000 to 0.3333 between 2024-01-01 and 2025-01-01\n"
    )
    rising = compare_readings([reading("a", A), reading("b", B)])
    assert manager.exporter("alerts", "progress").render(rising) == "no falls\n"


def test_the_plugin_through_the_command_line(
    cli: Callable[..., Any], write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(PLUGINS))
    paths = [str(write(n, d)) for n, d in (("a.json", A), ("b.json", B), ("c.json", C))]
    run = cli(["progress", *paths, "-p", "score_alerts", "-f", "alerts"])
    assert run.code == 0, run.err
    assert run.out.startswith("warning: Co-design fell from 0.5000 to 0.3333")


def _report(assessment: coprod.Assessment, manager: Any) -> coprod.Report:
    return coprod.build_report(
        assessment,
        coprod.evaluate(assessment, manager),
        barriers=manager.barriers,
        provenance=coprod.provenance_of(manager),
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sequence=readings(max_initiatives=5))
def test_generated_readings_compare_into_a_full_tidy_table(
    sequence: tuple[coprod.Assessment, ...],
) -> None:
    manager = coprod.make_plugin_manager(entry_points=False)
    given_ = [Reading(f"r{k}", _report(a, manager)) for k, a in enumerate(sequence)]
    progress = compare_readings(reversed(given_))
    assert [r.name for r in progress.readings] == [r.name for r in given_]
    keys = {(m.kind, m.item, m.measure) for m in progress.measures}
    assert len(progress.measures) == len(sequence) * len(keys)
    values = {(m.reading, m.kind, m.item, m.measure): m.value for m in progress.measures}
    assert len(values) == len(progress.measures)
    for change in progress.changes:
        key = (change.kind, change.item, change.measure)
        assert values[(change.before, *key)] == change.old
        assert values[(change.after, *key)] == change.new
        assert change.old != change.new
    # Initiatives present in one reading and not the next have ended, and the reverse started.
    for before, after in progress.spans():
        ids_before = {i.id for i in progress.readings[before].assessment.initiatives}
        ids_after = {i.id for i in progress.readings[after].assessment.initiatives}
        ended = {c.item for c in progress.changes_between(before, after) if c.event == "ended"}
        started = {c.item for c in progress.changes_between(before, after) if c.event == "started"}
        assert ended == ids_before - ids_after
        assert started == ids_after - ids_before

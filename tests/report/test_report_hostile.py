"""Every exporter on generated hostile assessments: no exception, no unsafe output."""

from __future__ import annotations

import csv
import html
import io
import json
import re

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import coprod
from coprod.builtin.cells import safe_url
from coprod.testing.strategies import assessments

# The hostile names, mixed into generated (already hostile) assessments.
NAMES = (
    "<script>alert(1)</script>",
    '"',
    "&",
    '=HYPERLINK("http://x")',
    "+1",
    "-1",
    "@SUM(A1)",
    "\t=cmd",
    "\r=cmd",
    "\u202egnp.exe\u202c",
    "x" * 5000,
    "a | b",
)

MANAGER = coprod.make_plugin_manager(entry_points=False)
EXPORTERS = {name: MANAGER.exporters[name] for name in ("json", "csv", "markdown", "html")}
HREF = re.compile(r'href="([^"]*)"')


@st.composite
def hostile(draw: st.DrawFn) -> coprod.Assessment:
    assessment = draw(assessments(max_initiatives=6, max_stakeholders=4))
    renamed = tuple(
        attrs.evolve(i, name=draw(st.sampled_from(NAMES)) if draw(st.booleans()) else i.name)
        for i in assessment.initiatives
    )
    return attrs.evolve(assessment, initiatives=renamed)


def _no_constants(constant: str) -> object:
    raise AssertionError(f"{constant} is not valid JSON")


def _report(assessment: coprod.Assessment) -> coprod.Report:
    evaluation = coprod.evaluate(assessment, MANAGER)
    return coprod.build_report(
        assessment, evaluation, barriers=MANAGER.barriers, provenance=coprod.provenance_of(MANAGER)
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile())
def test_every_exporter_is_safe_on_hostile_input(assessment: coprod.Assessment) -> None:
    report = _report(assessment)
    out = {name: exporter.render(report) for name, exporter in EXPORTERS.items()}
    assert all(isinstance(text, str) for text in out.values())

    data = json.loads(str(out["json"]), parse_constant=_no_constants)
    assert [i["id"] for i in data["initiatives"]] == [i.id for i in report.initiatives]
    for exported, initiative in zip(data["initiatives"], report.initiatives, strict=True):
        assert exported["name"] == initiative.name
        quadrant = None if initiative.position is None else initiative.position.quadrant.value
        assert exported["quadrant"] == quadrant

    rows = list(csv.reader(io.StringIO(str(out["csv"]), newline="")))
    header = rows[0]
    assert len(rows) == len(report.initiatives) + 1
    numeric = {"impact", "effort", "volunteer_hours", *report.metrics}
    for row in rows[1:]:
        for column, cell in zip(header, row, strict=True):
            if column in numeric and cell:
                float(cell)
            elif cell:
                assert cell[0] not in "=+-@\t\r", (column, cell)

    page = str(out["html"])
    assert "<script" not in page.lower()
    assert page.count("<svg") == 2
    for url in HREF.findall(page):
        assert url.startswith("#") or safe_url(html.unescape(url)) is not None, url
    for initiative in report.initiatives:
        if "<script>" in initiative.name:
            assert "&lt;script&gt;" in page

    markdown = str(out["markdown"])
    assert "<script" not in markdown

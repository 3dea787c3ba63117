"""Hostile reports through a plugin's exporters: no live markup in HTML, no formula in CSV.

:func:`check_exporter_escaping` renders reports whose names and labels are hostile
(``<script>`` tags, an ``<img onerror>``, spreadsheet formulas, a carriage return
before ``@SUM``) through an exporter, for every report kind it declares that the
test kit can build (``assessment``, ``likert``, ``allocation``, ``match``, and a
test kind ``conformance`` for exporters of every kind, ``"*"``), and fails with
:class:`~coprod.testing.PluginConformanceError` when

- the exporter does not return ``str`` or ``bytes``;
- an HTML exporter (``text/html`` or an ``.html``/``.htm`` suffix) writes one of
  the payloads unescaped;
- a CSV exporter (``text/csv`` or ``.csv``) writes a cell that a spreadsheet would
  run as a formula, or whose rows do not read back with the csv module.

:func:`coprod.testing.check_plugin` calls it for every exporter a plugin registers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from coprod.report_value import ANY_KIND, Table

if TYPE_CHECKING:
    from coprod.contributions import Exporter
    from coprod.plugins import PluginInfo, PluginManager
    from coprod.report_value import ReportValue

__all__ = ["HOSTILE_NAMES", "HostileTableReport", "check_exporter_escaping", "hostile_reports"]

#: Names that an exporter must escape (HTML) or neutralise (CSV).
HOSTILE_NAMES = (
    "<script>alert('coprod')</script>",
    '"><img src=x onerror=alert(1)>',
    '=HYPERLINK("https://example.invalid","click")',
    "+SUM(1,2)",
    "-2+3",
    "@cmd",
    "Ann\r@SUM(1+1)",
    " =spaced",
    "\u202eevil.txt\u202c",  # readers refuse it, but a report built in code may hold it
)

#: What must never appear as such in HTML (the live forms of the payloads above).
_LIVE_HTML = ("<script>alert(", "<img src=x onerror")

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@attrs.frozen
class HostileTableReport:
    """A report of the test kind ``conformance``: every cell hostile (for ``"*"`` exporters)."""

    kind: ClassVar[str] = "conformance"

    def tables(self) -> Iterator[Table]:
        """One table of hostile names, numbers and blanks; a second one, empty."""
        yield Table(
            name="hostile",
            title=HOSTILE_NAMES[0],
            columns=("name", "count", "note"),
            rows=tuple((name, -40, None) for name in HOSTILE_NAMES),
        )
        yield Table(name="empty", columns=(HOSTILE_NAMES[2],), rows=())


def _assessment_report(manager: PluginManager) -> Any:
    from coprod.evaluation import evaluate
    from coprod.report import build_report, provenance_of
    from coprod.testing.sample import sample_assessment

    base = sample_assessment()
    names = iter(HOSTILE_NAMES * 4)
    hostile = attrs.evolve(
        base,
        organisation=attrs.evolve(base.organisation, name=next(names)),
        services=tuple(attrs.evolve(s, name=next(names)) for s in base.services),
        initiatives=tuple(attrs.evolve(i, name=next(names)) for i in base.initiatives),
    )
    return build_report(
        hostile,
        evaluate(hostile, manager),
        barriers=manager.barriers,
        parameter_sets=manager.appraisal_parameters,
        provenance=provenance_of(manager),
    )


def _likert_report() -> Any:
    from coprod.surveys import LikertLevel, LikertResponse, LikertSurvey, analyse_likert

    responses = [
        LikertResponse(f"r{i}", cohort, statement, level)
        for cohort in HOSTILE_NAMES[2:4]
        for i, level in enumerate((LikertLevel.AGREE, LikertLevel.DISAGREE))
        for statement in HOSTILE_NAMES
    ]
    return analyse_likert(LikertSurvey.from_responses(responses))


def _allocation_report() -> Any:
    from fractions import Fraction

    from coprod.surveys import AllocationSurvey, analyse_allocation

    share = Fraction(100, len(HOSTILE_NAMES))
    survey = AllocationSurvey.from_allocations(
        {HOSTILE_NAMES[3]: dict.fromkeys(HOSTILE_NAMES, share)}
    )
    return analyse_allocation(survey)


def _match_report() -> Any:
    from coprod.people import Capability, MatchProblem, MatchReport, Need, Provider, match_needs

    problem = MatchProblem(
        providers=[
            Provider(f"p{i}", display_name=name, consent=True)
            for i, name in enumerate(HOSTILE_NAMES)
        ],
        capabilities=[
            Capability(f"c{i}", f"p{i}", "ironing", "dunoon") for i in range(len(HOSTILE_NAMES))
        ],
        needs=[
            Need(f"n{i}", f"r{i}", "ironing", "dunoon", requester_name=name)
            for i, name in enumerate(HOSTILE_NAMES)
        ],
    )
    return MatchReport(match_needs(problem), include_personal_data=True)


def hostile_reports(manager: PluginManager) -> dict[str, ReportValue]:
    """One report of each kind the test kit can build, with hostile names, by kind."""
    return {
        "assessment": _assessment_report(manager),
        "likert": _likert_report(),
        "allocation": _allocation_report(),
        "match": _match_report(),
        "conformance": HostileTableReport(),
    }


def _is_html(exporter: Exporter) -> bool:
    return exporter.media_type.startswith("text/html") or exporter.suffix.lower() in (
        ".html",
        ".htm",
    )


def _is_csv(exporter: Exporter) -> bool:
    return exporter.media_type.startswith("text/csv") or exporter.suffix.lower() == ".csv"


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _csv_problem(text: str) -> str | None:
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        return f"wrote CSV the csv module cannot read ({error})"
    for row in rows:
        for cell in row:
            live = cell.startswith(_TRIGGERS) or cell.lstrip(" \t\r\n\xa0").startswith(
                ("=", "+", "-", "@")
            )
            if live and not _number(cell):
                return f"wrote the CSV cell {cell[:40]!r}, which a spreadsheet runs as a formula"
    return None


def check_exporter_escaping(exporter: Exporter, info: PluginInfo, manager: PluginManager) -> None:
    """Render hostile reports of every kind ``exporter`` declares; raise on unsafe output."""
    from coprod.testing.conformance import PluginConformanceError

    reports = hostile_reports(manager)
    kinds = list(reports) if ANY_KIND in exporter.kinds else list(exporter.kinds)
    for kind in kinds:
        report = reports.get(kind)
        if report is None:
            continue  # a kind the test kit cannot build; its own tests must cover it
        where = f"plugin {info.describe()}: exporter {exporter.format!r} ({kind} report)"
        try:
            output = exporter.render(report)
        except Exception as error:
            raise PluginConformanceError(
                f"{where} raised {type(error).__name__}: {error}",
                plugin=info.name,
                item=exporter.format,
            ) from error
        if isinstance(output, bytes):
            text = output.decode("utf-8", errors="replace")
        elif isinstance(output, str):
            text = output
        else:
            raise PluginConformanceError(
                f"{where} returned {type(output).__name__}, not str or bytes",
                plugin=info.name,
                item=exporter.format,
            )
        problem = None
        if _is_html(exporter):
            lowered = text.lower()
            live = [payload for payload in _LIVE_HTML if payload in lowered]
            if live:
                problem = f"wrote {live[0]!r} unescaped in HTML"
        elif _is_csv(exporter):
            problem = _csv_problem(text)
        if problem is not None:
            raise PluginConformanceError(
                f"{where} {problem}", plugin=info.name, item=exporter.format
            )

"""Fixtures for the report exporter tests: the bundled demo, and a report builder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import coprod

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "demo-council.toml"

Build = Callable[..., "coprod.Report"]


def build(assessment: coprod.Assessment, **manager_options: Any) -> coprod.Report:
    """Evaluate ``assessment`` with the built-in plugins and build its report."""
    manager = coprod.make_plugin_manager(entry_points=False, **manager_options)
    evaluation = coprod.evaluate(assessment, manager)
    return coprod.build_report(
        assessment, evaluation, barriers=manager.barriers, provenance=coprod.provenance_of(manager)
    )


@pytest.fixture(scope="session")
def demo_assessment() -> coprod.Assessment:
    return coprod.load_assessment(DEMO)


@pytest.fixture(scope="session")
def demo_report(demo_assessment: coprod.Assessment) -> coprod.Report:
    return build(demo_assessment)


@pytest.fixture(scope="session")
def make_report() -> Build:
    return build


#: Names that break naive exporters (the issue's list, plus markdown and link tricks).
HOSTILE = (
    "<script>alert(1)</script>",
    'He said "hello"',
    "Fish & chips",
    '=HYPERLINK("http://x")',
    "+1",
    "-1",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    " =2+2",
    "a | b | c",
    "`code` *bold* _it_ [link](javascript:alert(1)) ![img](http://x/i.png)",
    "# heading\n- list",
    "\u202eevil\u202c العربية",
    "Ω" * 2000,
    "</svg><script>alert(2)</script>",
    "{{ 7*7 }}",
)

WEBSITES = (
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "//evil.example/x",
    "/relative",
    'https://ok.example/a"onmouseover="alert(1)',
    "https://safe.example/page?q=<b>&x=1",
    None,
)


def hostile_assessment() -> coprod.Assessment:
    """Every free-text field hostile; each hostile name and website used once."""
    from coprod.model.service_model import Level

    services = [
        coprod.Service(id="s1", name="<b>Adult</b> & care", description="=cmd|' /C calc'!A0"),
        coprod.Service(id="s2", name="-Roads", description=""),
    ]
    initiatives = []
    for n, name in enumerate(HOSTILE):
        initiatives.append(
            coprod.Initiative(
                id=f"i{n}",
                name=name,
                service="s1" if n % 2 else "s2",
                cos=(list(coprod.Co)[n % 4],),
                user_involvement=n % 5,
                professional_involvement=(n * 3) % 5,
                ratings=coprod.PriorityRatings(1 + n % 5, 1 + (n * 2) % 5, 1 + (n * 3) % 5, 5),
                resources=coprod.ResourceInputs(100.0, 60.0, 0.0, 40.0) if n % 3 == 0 else None,
                barriers=("risk-aversion",) if n % 2 else (),
                volunteer_hours=float(n * 10),
                description=HOSTILE[-1 - n],
                website=WEBSITES[n % len(WEBSITES)],
            )
        )
    return coprod.Assessment(
        organisation=coprod.Organisation(
            name="<script>alert(1)</script> Council",
            kind='"><img src=x onerror=alert(1)>',
            area="=1+1",
            website="javascript:alert(document.cookie)",
        ),
        services=services,
        initiatives=initiatives,
        explorer=[
            coprod.ExplorerEntry(
                service="s1",
                co=coprod.Co.DESIGN,
                extent=coprod.Extent.DEVELOPING,
                actors=(coprod.Actor.SERVICE_USERS,),
                notes="<script>alert(3)</script>",
            )
        ],
        stakeholders=[
            coprod.Stakeholder(
                id="st1",
                name="<script>alert(4)</script>",
                power=Level.HIGH,
                interest=Level.HIGH,
                stance=coprod.Stance.OPPOSED,
                description='=HYPERLINK("http://x")',
            ),
            coprod.Stakeholder(
                id="st2",
                name="a | b",
                power=Level.HIGH,
                interest=Level.HIGH,
                stance=coprod.Stance.SUPPORTIVE,
            ),
            coprod.Stakeholder(id="st3", name="&amp;", power=Level.LOW, interest=Level.LOW),
        ],
        relationships=[
            coprod.Relationship(source="st1", target="st2", kind="<script>"),
        ],
    )


@pytest.fixture(scope="session")
def hostile_report() -> coprod.Report:
    return build(hostile_assessment())

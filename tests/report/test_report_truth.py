"""The assessment report tells the truth about itself (issue 9, "Tried as a new user would").

Each test here failed on the main branch before the fix it covers: the scheme swap
documented in docs/plugins.md, a CSV-only assessment drawn as 0 % with "nothing yet"
where initiatives exist, findings in rule order behind "… and N more", money with
no currency, float noise and "the unit of the resource figures", and a report that
did not say what produced it.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

import coprod
from coprod.findings import finding_order

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "demo-council.toml"


@attrs.frozen
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    """Run ``coprod.cli.main`` in-process, entry points off, and capture its output."""
    from coprod.cli import main

    monkeypatch.setenv("COPROD_DISABLE_ENTRY_POINTS", "1")

    def run(*argv: str) -> Run:
        capsys.readouterr()
        try:
            code = main(list(argv))
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def make_plugin() -> Callable[..., types.ModuleType]:
    """``make_plugin("name", register_scoring_rules=fn, ...)``: a plugin module."""

    def make(name: str, **hooks: Callable[..., Any]) -> types.ModuleType:
        module = types.ModuleType(name)
        for hook_name, function in hooks.items():
            setattr(module, hook_name, coprod.hookimpl(function))
        return module

    return make


@pytest.fixture
def plugin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A directory on sys.path for plugin modules a test writes; they are unloaded after."""
    folder = tmp_path / "plugins"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    before = set(sys.modules)
    yield folder
    for name in set(sys.modules) - before:
        if name.startswith("truth_"):
            del sys.modules[name]


# --- 1. The scheme swap documented in docs/plugins.md ------------------------------

MY_SCHEME = """
import coprod
from coprod.builtin.priority import priority_rules

__version__ = "1.2.3"
SCHEME = coprod.PriorityScheme(savings_weight=2.0, outcomes_weight=1.0, impact_threshold=4.0)


@coprod.hookimpl
def register_scoring_rules(register):
    register(SCHEME)
    for rule in priority_rules(SCHEME):
        register(rule)
"""


def test_the_documented_scheme_swap_gives_a_report_that_agrees_with_itself(
    cli: Callable[..., Run], plugin_dir: Path, tmp_path: Path
) -> None:
    (plugin_dir / "truth_scheme.py").write_text(MY_SCHEME, encoding="utf-8")
    swap = ("--block", "coprod.builtin.priority", "-p", "truth_scheme")
    out = tmp_path / "r.json"
    run = cli("assess", str(DEMO), *swap, "-o", str(out))
    assert run.code == 0, run.err
    data = json.loads(out.read_text(encoding="utf-8"))
    scheme = data["scheme"]
    assert scheme["registered_by"] == "truth_scheme"
    assert (scheme["savings_weight"], scheme["outcomes_weight"]) == (2.0, 1.0)
    assert scheme["impact_threshold"] == 4.0 and scheme["effort_threshold"] == 3.0
    # The explanations' rules (stated once, in "rules") carry the plugin's weights.
    impact_rules = [n for n, rule in enumerate(data["rules"]) if rule["metric"] == "impact"]
    weights = {data["rules"][n]["name"]: data["rules"][n]["weight"] for n in impact_rules}
    assert weights == pytest.approx({"priority.savings": 2 / 3, "priority.outcomes": 1 / 3})
    assert {data["rules"][n]["plugin"] for n in impact_rules} == {"truth_scheme"}
    impact_at = data["metrics"].index("impact")
    for initiative in data["initiatives"]:
        impact = initiative["metrics"][impact_at]
        scores = [initiative["rule_scores"][n] for n in impact_rules]
        terms = zip(weights.values(), scores, strict=True)
        assert impact == pytest.approx(sum(w * s for w, s in terms))
        # High impact means above the plugin's threshold of 4, not the default 3.
        high = initiative["quadrant"] in ("quick win", "major project")
        assert high == (impact > 4.0)
    # Peer educators (savings 3, outcomes 5): impact (2*3 + 5)/3 = 3.67, no longer high.
    peer = next(i for i in data["initiatives"] if i["id"] == "peer-educators")
    assert peer["metrics"][impact_at] == pytest.approx(11 / 3)
    assert peer["quadrant"] == "fill-in"
    assert data["provenance"]["blocked"] == ["coprod.builtin.priority"]
    mine = [p for p in data["provenance"]["plugins"] if p["name"] == "truth_scheme"]
    assert mine == [
        {"name": "truth_scheme", "kind": "explicit", "distribution": None, "version": "1.2.3"}
    ]

    html_out = tmp_path / "r.html"
    assert cli("assess", str(DEMO), *swap, "-o", str(html_out)).code == 0
    html = html_out.read_text(encoding="utf-8")
    assert "Impact is the mean of the savings" not in html
    assert "weighted mean of the savings (67%) and improved-outcomes (33%) ratings" in html
    assert "above 4 for impact" in html and "registered by truth_scheme" in html

    summary = cli("assess", str(DEMO), *swap).out
    assert "weighted mean of the savings (67%)" in summary
    assert "Blocked: coprod.builtin.priority." in summary


def test_rules_without_a_registered_scheme_are_described_by_their_rules(
    make_plugin: Any, demo_assessment: coprod.Assessment, make_report: Callable[..., Any]
) -> None:
    # The recipe as docs/plugins.md gave it before: rules only, no scheme. The report
    # must not claim the default weights: it names the rules and says it used the
    # default thresholds.
    from coprod.builtin.export_html import render_html
    from coprod.builtin.export_json import report_data
    from coprod.builtin.priority import priority_rules

    scheme = coprod.PriorityScheme(savings_weight=2.0, outcomes_weight=1.0)

    def register_scoring_rules(register: Any) -> None:
        for rule in priority_rules(scheme):
            register(rule)

    report = make_report(
        demo_assessment,
        plugins=[make_plugin("rules_only", register_scoring_rules=register_scoring_rules)],
        blocked=["coprod.builtin.priority"],
    )
    assert report_data(report)["scheme"]["registered_by"] is None
    html = render_html(report)
    assert "No plugin registered a Priority Matrix scheme" in html
    assert "Impact is the mean" not in html
    assert "priority.savings × 0.667" in html


def test_two_schemes_are_a_clash_naming_both_plugins(make_plugin: Any) -> None:
    def register_scoring_rules(register: Any) -> None:
        register(coprod.PriorityScheme(savings_weight=3.0))

    with pytest.warns(coprod.PluginWarning, match="coprod.builtin.priority and other"):
        manager = coprod.make_plugin_manager(
            entry_points=False,
            plugins=[make_plugin("other", register_scoring_rules=register_scoring_rules)],
        )
    assert manager.priority_scheme == coprod.DEFAULT_PRIORITY_SCHEME
    assert manager.priority_scheme_plugin == "coprod.builtin.priority"


# --- 2. A CSV-only assessment --------------------------------------------------------

CSV = """id,name,service,cos,status
food-train,Food Train,adult-social-care,co-delivery,existing
befrienders,Befriending by volunteers,adult-social-care,co-delivery,existing
play-streets,Play streets,parks,co-design,potential
"""


def test_a_csv_only_assessment_shows_its_initiatives_in_the_star_and_no_false_gaps(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    path = tmp_path / "initiatives.csv"
    path.write_text(CSV, encoding="utf-8")
    summary = cli("assess", str(path), "--organisation", "Testshire")
    assert summary.code == 0, summary.err
    # Two services; co-delivery "in pockets" in one: score (1/3)/2 = 0.17, reach 50%.
    assert re.search(r"co-delivery +\[#{3}\.{17}\] 0\.17 +in +50% of services", summary.out)
    assert "adult-social-care: co-delivery" not in summary.out
    # The potential co-design in parks is not practice yet: that cell is still a gap.
    out = tmp_path / "r.json"
    assert cli("assess", str(path), "--organisation", "Testshire", "-o", str(out)).code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    delivery = next(p for p in data["star"] if p["co"] == "co-delivery")
    assert delivery["services_by_extent"]["in pockets"] == 1 and delivery["reach"] == 0.5
    gaps = {(g["service"], g["co"]) for g in data["gaps"]}
    assert ("adult-social-care", "co-delivery") not in gaps
    assert ("parks", "co-design") in gaps
    care = next(s for s in data["services"] if s["id"] == "adult-social-care")
    cell = next(c for c in care["cells"] if c["co"] == "co-delivery")
    assert cell == {"co": "co-delivery", "extent": "in pockets", "actors": [], "mapped": False}
    # The cell's evidence: the service's existing co-delivery initiatives.
    practice = [
        i["id"]
        for i in data["initiatives"]
        if i["service"] == "adult-social-care"
        and i["status"] == "existing"
        and "co-delivery" in i["cos"]
    ]
    assert practice == ["food-train", "befrienders"]
    for fmt in ("markdown", "html"):
        text = cli("assess", str(path), "--organisation", "Testshire", "-f", fmt).out
        assert "in pockets" in text and "2 existing initiatives" in text


def test_services_appear_by_name_in_every_human_format(
    demo_report: coprod.Report,
) -> None:
    from coprod.builtin.export_html import render_html
    from coprod.builtin.export_markdown import render_markdown
    from coprod.builtin.export_summary import render_summary

    ids = [s.id for s in demo_report.assessment.services]
    for render in (render_summary, render_markdown, render_html):
        text = render(demo_report)
        for service in demo_report.assessment.services:
            assert service.name in text or service.name.replace("'", "&#39;") in text
        # An id appears only inside an initiative's id or a URL, never as a label.
        for service_id in ids:
            for line in text.splitlines():
                if f": {service_id}" in line or f"{service_id} ×" in line:
                    pytest.fail(f"{render.__name__} labels a service by id: {line}")


# --- 3. Findings, most serious first -------------------------------------------------


def _noisy_check(make_plugin: Any) -> object:
    def check(assessment: coprod.Assessment) -> Iterator[coprod.Finding]:
        for n in range(15):
            yield coprod.Finding(coprod.Severity.INFO, f"info line {n}")
        yield coprod.Finding(coprod.Severity.WARNING, "the warning that must show")
        yield coprod.Finding(coprod.Severity.ERROR, "the error that must show")

    def register_maturity_checks(register: Any) -> None:
        register(coprod.MaturityCheck(name="noisy", check=check))

    return make_plugin("noisy", register_maturity_checks=register_maturity_checks)


def test_findings_are_most_serious_first_everywhere(
    make_plugin: Any, demo_assessment: coprod.Assessment, make_report: Callable[..., Any]
) -> None:
    from coprod.builtin.export_html import render_html
    from coprod.builtin.export_json import report_data
    from coprod.builtin.export_markdown import render_markdown
    from coprod.builtin.export_summary import render_summary

    # The Market it and Grow it checks find warnings in the demo: blocked here, so the
    # noisy check's warning is the only one.
    report = make_report(
        demo_assessment,
        plugins=[_noisy_check(make_plugin)],
        blocked=["coprod.builtin.market_checks", "coprod.builtin.grow_checks"],
    )
    assert list(report.findings) == sorted(report.findings, key=finding_order)
    assert report.findings[0].message == "the error that must show"
    assert report.findings[1].message == "the warning that must show"
    assert [f["message"] for f in report_data(report)["findings"]][:2] == [
        "the error that must show",
        "the warning that must show",
    ]
    assert report_data(report)["totals"]["findings_by_severity"] == {
        "error": 1,
        "warning": 1,
        "info": 22,  # 15 of the noisy check, 7 of the demo (3 of them plan.* checks)
    }

    summary = render_summary(report)
    head, _more, _tail = summary.partition("… and")
    assert "the error that must show" in head and "the warning that must show" in head
    assert head.index("the error") < head.index("the warning") < head.index("info line 0")
    for text in (render_markdown(report), render_html(report)):
        assert text.index("the error") < text.index("the warning") < text.index("info line 0")


def test_the_summary_never_hides_an_error_or_warning(
    make_plugin: Any, demo_assessment: coprod.Assessment, make_report: Callable[..., Any]
) -> None:
    from coprod.builtin.export_summary import FINDINGS_SHOWN, render_summary

    def check(assessment: coprod.Assessment) -> Iterator[coprod.Finding]:
        for n in range(FINDINGS_SHOWN + 3):
            yield coprod.Finding(coprod.Severity.WARNING, f"warning {n}")

    def register_maturity_checks(register: Any) -> None:
        register(coprod.MaturityCheck(name="many", check=check))

    plugin = make_plugin("many", register_maturity_checks=register_maturity_checks)
    summary = render_summary(make_report(demo_assessment, plugins=[plugin]))
    head = summary.partition("… and")[0]
    for n in range(FINDINGS_SHOWN + 3):
        assert f"warning {n}\n" in head
    assert "more info" in summary  # only information lines are left out


def test_the_tutorial_promise_holds() -> None:
    tutorial = (ROOT / "docs" / "tutorial.md").read_text(encoding="utf-8")
    assert "most serious first" in tutorial


# --- 4. Money and units --------------------------------------------------------------


def _money_assessment(currency: str) -> coprod.Assessment:
    return coprod.Assessment(
        coprod.Organisation("Testshire"),
        [coprod.Service("care", "Adult Social Care")],
        [
            coprod.Initiative(
                id="food",
                name="Food Train",
                service="care",
                cos=[coprod.Co.DELIVERY],
                volunteer_hours=900.0,
                # Public inputs rise from 0 to 220: extra spend, not a "negative saving".
                resources=coprod.ResourceInputs(0.0, 220.0, 150.0, 260.0),
            )
        ],
        currency=currency,
    )


@pytest.mark.parametrize(
    ("currency", "value", "extra", "rate"),
    [
        ("GBP", "£7,200", "£220", "£8.00"),
        ("EUR", "€7,200", "€220", "€8.00"),
        ("CHF", "CHF 7,200", "CHF 220", "CHF 8.00"),
    ],
)
def test_money_has_its_currency_and_every_figure_its_unit(
    make_report: Callable[..., Any], currency: str, value: str, extra: str, rate: str
) -> None:
    from coprod.builtin.export_html import render_html
    from coprod.builtin.export_markdown import render_markdown
    from coprod.builtin.export_summary import render_summary

    report = make_report(_money_assessment(currency))
    summary = render_summary(report)
    # 900 hours at 8.00 an hour (seed 001's Wiltshire rate) = 7,200.
    assert f"900 hours a year, valued at {value} a year ({rate} an hour)" in summary
    assert f"Extra public spend: {extra} a year" in summary
    markdown = render_markdown(report)
    assert f"**Value of volunteer time:** {value} a year ({rate} an hour)" in markdown
    assert f"**Extra public spend:** {extra} a year" in markdown
    html = render_html(report)
    assert f"worth {value} at {rate} an hour" in html
    assert "Extra public spend" in html and extra in html
    for text in (summary, markdown, html):
        assert "unit of the resource figures" not in text
        # The rule's arithmetic may show -220 × 1; no label calls it a saving of −220.
        assert not re.search(r"saving[\s=:*]*[−-]", text, re.IGNORECASE), text


@pytest.mark.parametrize(("currency", "symbol"), [("GBP", "£"), ("EUR", "€"), ("CHF", "CHF ")])
def test_the_business_case_line_shows_money_with_its_symbol(
    make_report: Callable[..., Any], demo_assessment: coprod.Assessment, currency: str, symbol: str
) -> None:
    from coprod.builtin.export_markdown import render_markdown
    from coprod.builtin.export_summary import render_summary

    report = make_report(attrs.evolve(demo_assessment, currency=currency))
    summary = render_summary(report)
    npv = re.escape(symbol) + r"−?[\d,]+\.\d\d"
    assert re.search(rf"NPV {npv}, BCR", summary), summary
    assert f"volunteer time at {symbol}8.00 an hour (the default" in summary
    assert f"Volunteer time at {symbol}8.00 an hour (the default" in render_markdown(report)
    assert f"{currency}, BCR" not in summary and f"8.00 {currency}" not in summary


def test_a_sterling_rate_in_another_currency_is_flagged(make_report: Callable[..., Any]) -> None:
    def warned(report: coprod.Report) -> bool:
        return any(f.source == "grow.volunteer-rate" for f in report.findings)

    assert not warned(make_report(_money_assessment("GBP")))
    euro = make_report(_money_assessment("EUR"))
    assert warned(euro)
    (finding,) = [f for f in euro.findings if f.source == "grow.volunteer-rate"]
    assert finding.severity is coprod.Severity.WARNING and "EUR" in finding.message


def test_resource_figures_in_hours_say_so(make_report: Callable[..., Any]) -> None:
    from coprod.builtin.export_summary import render_summary

    assessment = attrs.evolve(_money_assessment("GBP"), resource_unit=coprod.ResourceUnit.HOURS)
    summary = render_summary(make_report(assessment))
    assert "Extra public input: 220 hours a year" in summary


def test_currency_must_be_an_iso_code() -> None:
    with pytest.raises(ValueError, match="ISO 4217"):
        _money_assessment("pounds")


# --- 5. Provenance -------------------------------------------------------------------


def test_the_report_says_what_produced_it_and_stays_reproducible(
    cli: Callable[..., Run], plugin_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (plugin_dir / "truth_scheme.py").write_text(MY_SCHEME, encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    args = ("assess", str(DEMO), "--block", "coprod.builtin.priority", "-p", "truth_scheme")
    digest = hashlib.sha256(DEMO.read_bytes()).hexdigest()
    outputs = {}
    for fmt in ("json", "markdown", "html", "summary"):
        first, again = cli(*args, "-f", fmt), cli(*args, "-f", fmt)
        assert first.code == 0, first.err
        assert first.out == again.out  # the same input gives the same report
        outputs[fmt] = first.out
        # Markdown escapes underscores; HTML's tags are not words.
        text = re.sub(r"<[^>]+>", " ", first.out.replace("\\_", "_"))
        assert digest in text
        assert "2023-11-14" in text
        assert coprod.__version__ in text
        if fmt == "json":
            assert '"name": "truth_scheme"' in text and '"version": "1.2.3"' in text
        else:
            assert "truth_scheme 1.2.3" in text
        assert re.search(r"[Bb]locked\W+coprod\.builtin\.priority", text)
    provenance = json.loads(outputs["json"])["provenance"]
    assert provenance["date"] == "2023-11-14"
    assert provenance["input"] == {"name": "demo-council.toml", "sha256": digest}
    assert provenance["scheme_registered_by"] == "truth_scheme"


def test_without_source_date_epoch_the_date_is_today(monkeypatch: pytest.MonkeyPatch) -> None:
    from coprod.cli.assess import report_date

    assert report_date({"SOURCE_DATE_EPOCH": "0"}) == datetime.date(1970, 1, 1)
    assert report_date({"SOURCE_DATE_EPOCH": "soon"}) == report_date({})
    before = datetime.datetime.now(tz=datetime.timezone.utc).date()
    today = report_date({})
    after = datetime.datetime.now(tz=datetime.timezone.utc).date()
    assert before <= today <= after


def test_the_demo_names_its_bundled_input(cli: Callable[..., Run]) -> None:
    from coprod.cli.demo import demo_document

    digest = hashlib.sha256(demo_document().encode("utf-8")).hexdigest()
    run = cli("demo", "-f", "json")
    assert run.code == 0, run.err
    assert json.loads(run.out)["provenance"]["input"] == {
        "name": "demo-council.toml",
        "sha256": digest,
    }


def test_the_tabular_view_carries_the_provenance_too(
    demo_assessment: coprod.Assessment,
) -> None:
    # Generic exporters (ODS, XLSX, …) render a report through tables(): the
    # provenance is one of them.
    from coprod.report import build_report, provenance_of

    manager = coprod.make_plugin_manager(entry_points=False)
    provenance = provenance_of(
        manager,
        blocked=["some.plugin"],
        input_bytes=b"abc",
        input_name="x.toml",
        date=datetime.date(2024, 2, 29),
    )
    report = build_report(
        demo_assessment,
        coprod.evaluate(demo_assessment, manager),
        barriers=manager.barriers,
        provenance=provenance,
    )
    (about,) = [t for t in report.tables() if t.name == "about"]
    rows = dict(about.rows)
    # SHA-256 of b"abc" (FIPS 180-2, appendix B.1).
    assert rows["input SHA-256"] == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
    assert rows["date"] == "2024-02-29" and rows["input"] == "x.toml"
    assert rows["priority scheme impact threshold"] == "3"
    assert rows["plugin blocked"] == "some.plugin"

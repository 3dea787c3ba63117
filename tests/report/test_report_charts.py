"""The SVG charts: pure, deterministic, escaped; and the shared exporter helpers."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

import coprod
from coprod.builtin.cells import format_number, network_view, safe_url
from coprod.builtin.charts import MatrixPoint, priority_matrix_svg, star_chart_svg
from coprod.model.explorer import star_profile

SVG = "{http://www.w3.org/2000/svg}"
QW = coprod.PriorityQuadrant.QUICK_WIN


def test_star_chart_is_well_formed_svg_with_one_axis_per_co(demo_report: coprod.Report) -> None:
    svg = star_chart_svg(demo_report.star, title="The Star of <Eastbridge> & co")
    root = ET.fromstring(svg)  # well-formed XML: every text was escaped
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "The Star of <Eastbridge> & co"  # type: ignore[union-attr]
    assert len(root.findall(f"{SVG}line")) == 4
    labels = [t.text for t in root.iter(f"{SVG}text")]
    for co in coprod.Co:
        assert co.label in labels
    score = root.find(f"{SVG}polygon[@class='score']")
    assert score is not None and len(score.get("points", "").split()) == 4
    assert star_chart_svg(demo_report.star) == star_chart_svg(demo_report.star)


def test_star_chart_scores_reach_the_right_distance() -> None:
    star = star_profile(
        ["s"], [coprod.ExplorerEntry("s", coprod.Co.DESIGN, coprod.Extent.SYSTEMATIC)]
    )
    root = ET.fromstring(star_chart_svg(star))
    score = root.find(f"{SVG}polygon[@class='score']")
    assert score is not None
    points = [tuple(map(float, p.split(","))) for p in score.get("points", "").split()]
    # Co-design (second axis, pointing right) is at the rim; the others at the centre.
    centre = points[0]
    assert points[2] == centre == points[3]
    assert points[1][0] - centre[0] == pytest.approx(150.0)


def test_matrix_fans_out_points_at_the_same_spot_deterministically() -> None:
    scheme = coprod.DEFAULT_PRIORITY_SCHEME
    points = [MatrixPoint(n, f"<b>{n}</b>", 4.0, 2.0, QW) for n in range(1, 6)]
    svg = priority_matrix_svg(points, scheme)
    assert svg == priority_matrix_svg(points, scheme)
    root = ET.fromstring(svg)
    circles = {(c.get("cx"), c.get("cy")) for c in root.iter(f"{SVG}circle")}
    assert len(circles) == 5
    assert "&lt;b&gt;1&lt;/b&gt;" in svg and "<b>" not in svg
    labels = {t.text for t in root.iter(f"{SVG}text")}
    assert {"QUICK WIN", "MAJOR PROJECT", "FILL-IN", "BACK BURNER"} <= labels


def test_matrix_draws_threshold_lines_and_caps_points() -> None:
    scheme = coprod.PriorityScheme(impact_threshold=2.0, effort_threshold=4.0)
    points = [MatrixPoint(n, "x", 1 + n % 5, 1 + n % 4, QW) for n in range(30)]
    svg = priority_matrix_svg(points, scheme, max_points=10)
    assert svg.count('<g class="point">') == 10
    dashed = re.findall(r'<line x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="([\d.]+)" '
                        r'stroke="#3e4752" stroke-width="1.5" stroke-dasharray', svg)  # fmt: skip
    (vx, _, vx2, _), (_, hy, _, hy2) = dashed
    assert vx == vx2 and float(vx) == pytest.approx(70 + 3 / 4 * 520)  # effort 4 of 1-5
    assert hy == hy2 and float(hy) == pytest.approx(470 - 1 / 4 * 440)  # impact 2 of 1-5
    assert ET.fromstring(priority_matrix_svg([], scheme)) is not None


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/x?a=1&b=<2>", True),
        ("http://example.org", True),
        ("HTTPS://EXAMPLE.ORG/", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        ("java\nscript:alert(1)", False),
        (" https://example.org", False),
        ("https://exa mple.org", False),
        ("data:text/html;base64,PHNjcmlwdD4=", False),
        ("//example.org/x", False),
        ("/relative/path", False),
        ("example.org", False),
        ("https://", False),
        ("http://[::1", False),
        ("https:\\\\example.org", False),
        ("", False),
        (None, False),
    ],
)
def test_safe_url(url: str | None, safe: bool) -> None:
    assert safe_url(url) == (url if safe else None)


def test_format_number() -> None:
    assert [format_number(v) for v in (4.5, 1200.0, -40.0, 2 / 3, None, float("nan"))] == [
        "4.5",
        "1,200",
        "-40",
        "0.67",
        "",
        "",
    ]


def test_network_view_names_stakeholders(demo_report: coprod.Report) -> None:
    names = {s.id: s.name for s in demo_report.assessment.stakeholders}
    messages, figures, tables = network_view(demo_report.network, names)
    assert messages and all(isinstance(m, str) for m in messages)
    assert ("Stakeholders", "10") in figures
    titles = [t[0] for t in tables]
    assert "Reach of partners and champions" in titles and "High-power opponents" in titles
    opponents = tables[titles.index("High-power opponents")]
    assert opponents[2][0][0] == "Director of Finance"


def test_network_view_falls_back_to_generic_data() -> None:
    messages, figures, tables = network_view({"density": 0.5, "hubs": [{"id": "a"}]}, {})
    assert messages == () and figures == (("Density", "0.5"),)
    assert tables == (("Hubs", ("Id",), (("a",),)),)


def test_all_four_exporters_are_registered() -> None:
    manager = coprod.make_plugin_manager(entry_points=False, strict=True)
    found = {
        name: (e.media_type, e.suffix, e.plugin)
        for name, e in manager.exporters.items()
        if name in ("json", "csv", "markdown", "html")
    }
    assert found == {
        "json": ("application/json", ".json", "coprod.builtin.export_json"),
        "csv": ("text/csv", ".csv", "coprod.builtin.export_csv"),
        "markdown": ("text/markdown", ".md", "coprod.builtin.export_markdown"),
        "html": ("text/html", ".html", "coprod.builtin.export_html"),
    }

"""Inline SVG charts for the HTML report: the Star chart and the Priority Matrix.

Pure functions that return SVG markup as a ``str``. Every piece of text that goes
into the SVG is escaped here (:func:`html.escape` with quotes), so the caller may
mark the result safe (``markupsafe.Markup``) and inline it in HTML. The charts use
no scripts, fonts, images or other external resources; each has a ``<title>`` and
``<desc>`` and ``role="img"`` for screen readers, and the report puts a table of
the same figures next to it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

import attrs

from coprod.model.explorer import CoProfile
from coprod.model.priority import PriorityQuadrant, PriorityScheme

__all__ = [
    "MAX_MATRIX_POINTS",
    "QUADRANT_COLOURS",
    "MatrixPoint",
    "priority_matrix_svg",
    "star_chart_svg",
]

#: The Priority Matrix plots at most this many initiatives (the caption says so).
MAX_MATRIX_POINTS = 500

#: Point colour of each quadrant (also used by the report's legend and tables).
QUADRANT_COLOURS = {
    PriorityQuadrant.QUICK_WIN: "#1b7a47",
    PriorityQuadrant.MAJOR_PROJECT: "#1f5ea8",
    PriorityQuadrant.FILL_IN: "#9a6400",
    PriorityQuadrant.BACK_BURNER: "#6b7280",
}
_QUADRANT_FILLS = {
    PriorityQuadrant.QUICK_WIN: "#e6f4ec",
    PriorityQuadrant.MAJOR_PROJECT: "#e7eff9",
    PriorityQuadrant.FILL_IN: "#fbf3e2",
    PriorityQuadrant.BACK_BURNER: "#f1f2f4",
}


def _e(text: str) -> str:
    return escape(text, quote=True)


def _f(value: float) -> str:
    """A coordinate with at most one decimal (small, deterministic output)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def star_chart_svg(star: Sequence[CoProfile], *, title: str = "The Star") -> str:
    """A four-axis star (radar) chart of the Four Co's.

    Each axis runs from 0 at the centre to 1 at the tip; the filled shape joins
    each Co's ``score`` (how far co-production goes across services) and the
    dashed shape its ``reach`` (the share of services where it happens at all).
    """
    width, height, radius = 640, 430, 150.0
    cx, cy = width / 2, height / 2
    n = len(star)
    angles = [-math.pi / 2 + 2 * math.pi * k / n for k in range(n)] if n else []

    def point(k: int, r: float) -> tuple[float, float]:
        return cx + r * math.cos(angles[k]), cy + r * math.sin(angles[k])

    def polygon(values: Sequence[float]) -> str:
        return " ".join(
            f"{_f(x)},{_f(y)}"
            for x, y in (point(k, radius * min(max(v, 0.0), 1.0)) for k, v in enumerate(values))
        )

    description = "; ".join(
        f"{p.co.label}: score {round(p.score * 100)}%, reach {round(p.reach * 100)}%" for p in star
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="chart star-chart" role="img" aria-labelledby="star-title star-desc">',
        f'<title id="star-title">{_e(title)}</title>',
        f'<desc id="star-desc">{_e(description)}</desc>',
    ]
    # Rings at 25%, 50%, 75% and 100%, drawn as diamonds to match the axes.
    for ring in (0.25, 0.5, 0.75, 1.0):
        parts.append(
            f'<polygon points="{polygon([ring] * n)}" class="ring" fill="none" '
            f'stroke="#c9cdd4" stroke-width="{1.5 if ring == 1.0 else 1}"/>'
        )
        if n:
            x, y = point(0, radius * ring)
            parts.append(
                f'<text x="{_f(x + 4)}" y="{_f(y + 12)}" class="tick" font-size="10" '
                f'fill="#5b6470">{round(ring * 100)}%</text>'
            )
    for k in range(n):
        x, y = point(k, radius)
        parts.append(
            f'<line x1="{_f(cx)}" y1="{_f(cy)}" x2="{_f(x)}" y2="{_f(y)}" '
            f'stroke="#9aa1ab" stroke-width="1"/>'
        )
    if n:
        parts.append(
            f'<polygon points="{polygon([p.reach for p in star])}" fill="none" '
            f'stroke="#b45309" stroke-width="2" stroke-dasharray="6 4" class="reach"/>'
        )
        parts.append(
            f'<polygon points="{polygon([p.score for p in star])}" fill="#1f5ea8" '
            f'fill-opacity="0.28" stroke="#1f5ea8" stroke-width="2.5" class="score"/>'
        )
    for k, profile in enumerate(star):
        x, y = point(k, radius * min(max(profile.score, 0.0), 1.0))
        parts.append(
            f'<circle cx="{_f(x)}" cy="{_f(y)}" r="4.5" fill="#1f5ea8">'
            f"<title>{_e(profile.co.label)}: {round(profile.score * 100)}%</title></circle>"
        )
        cos, sin = math.cos(angles[k]), math.sin(angles[k])
        if abs(cos) < 0.3:  # top or bottom: centred above or below the tip
            anchor = "middle"
            lx, ly = point(k, radius + 14)
            ly += -22 if sin < 0 else 14
        else:  # left or right: beside the tip
            anchor = "start" if cos > 0 else "end"
            lx, ly = point(k, radius + 14)
            ly -= 4
        parts.append(
            f'<text x="{_f(lx)}" y="{_f(ly)}" text-anchor="{anchor}" font-size="16" '
            f'font-weight="600" fill="#1f2933">{_e(profile.co.label)}</text>'
        )
        parts.append(
            f'<text x="{_f(lx)}" y="{_f(ly + 18)}" text-anchor="{anchor}" '
            f'font-size="13" fill="#3e4752">score {round(profile.score * 100)}% · '
            f"reach {round(profile.reach * 100)}%</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


@attrs.frozen
class MatrixPoint:
    """One initiative on the Priority Matrix: its number in the report and position."""

    number: int
    label: str
    impact: float
    effort: float
    quadrant: PriorityQuadrant


# Plot geometry: effort on x, impact on y, both 1-5.
_LEFT, _RIGHT, _TOP, _BOTTOM = 70.0, 590.0, 30.0, 470.0
_LOW, _HIGH = 1.0, 5.0


def _x(effort: float) -> float:
    effort = min(max(effort, _LOW), _HIGH)
    return _LEFT + (effort - _LOW) / (_HIGH - _LOW) * (_RIGHT - _LEFT)


def _y(impact: float) -> float:
    impact = min(max(impact, _LOW), _HIGH)
    return _BOTTOM - (impact - _LOW) / (_HIGH - _LOW) * (_BOTTOM - _TOP)


_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


def _offsets(count: int, spacing: float) -> list[tuple[float, float]]:
    """Deterministic offsets for ``count`` points at one spot: a sunflower spiral."""
    if count == 1:
        return [(0.0, 0.0)]
    out = []
    for j in range(count):
        r = spacing * math.sqrt(j + 0.5)
        out.append((r * math.cos(j * _GOLDEN_ANGLE), r * math.sin(j * _GOLDEN_ANGLE)))
    return out


def priority_matrix_svg(
    points: Sequence[MatrixPoint],
    scheme: PriorityScheme,
    *,
    title: str = "Priority Matrix",
    max_points: int = MAX_MATRIX_POINTS,
) -> str:
    """A scatter of initiatives by effort (x) and impact (y), both on the 1–5 scale.

    Lines mark the scheme's thresholds (high means above them) and each quadrant is
    labelled. Each point shows the initiative's number; points at the same position
    are fanned out deterministically around it. At most ``max_points`` are drawn
    (the first ones, in order); the caller says so in the caption.
    """
    shown = list(points[:max_points])
    width, height = 620, 530
    tx, ty = _x(scheme.effort_threshold), _y(scheme.impact_threshold)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="chart matrix-chart" role="img" aria-labelledby="matrix-title matrix-desc">',
        f'<title id="matrix-title">{_e(title)}</title>',
        f'<desc id="matrix-desc">{len(shown)} initiatives by effort (investment and risk, '
        f"horizontal) and impact (savings and improved outcomes, vertical), 1 to 5. "
        f"Quick wins are top left.</desc>",
    ]
    quadrants = (
        (PriorityQuadrant.QUICK_WIN, _LEFT, _TOP, tx, ty, "start"),
        (PriorityQuadrant.MAJOR_PROJECT, tx, _TOP, _RIGHT, ty, "end"),
        (PriorityQuadrant.FILL_IN, _LEFT, ty, tx, _BOTTOM, "start"),
        (PriorityQuadrant.BACK_BURNER, tx, ty, _RIGHT, _BOTTOM, "end"),
    )
    for quadrant, x0, y0, x1, y1, anchor in quadrants:
        if x1 - x0 <= 0 or y1 - y0 <= 0:
            continue
        parts.append(
            f'<rect x="{_f(x0)}" y="{_f(y0)}" width="{_f(x1 - x0)}" height="{_f(y1 - y0)}" '
            f'fill="{_QUADRANT_FILLS[quadrant]}"/>'
        )
        label_x = x0 + 8 if anchor == "start" else x1 - 8
        label_y = y0 + 18 if quadrant.high_impact else y1 - 10
        parts.append(
            f'<text x="{_f(label_x)}" y="{_f(label_y)}" text-anchor="{anchor}" '
            f'font-size="13" font-weight="700" fill="{QUADRANT_COLOURS[quadrant]}" '
            f'class="quadrant-label">{_e(quadrant.value.upper())}</text>'
        )
    for tick in range(int(_LOW), int(_HIGH) + 1):
        x, y = _x(tick), _y(tick)
        parts.append(
            f'<line x1="{_f(x)}" y1="{_f(_BOTTOM)}" x2="{_f(x)}" y2="{_f(_BOTTOM + 5)}" '
            f'stroke="#5b6470"/><text x="{_f(x)}" y="{_f(_BOTTOM + 19)}" font-size="12" '
            f'text-anchor="middle" fill="#3e4752">{tick}</text>'
            f'<line x1="{_f(_LEFT - 5)}" y1="{_f(y)}" x2="{_f(_LEFT)}" y2="{_f(y)}" '
            f'stroke="#5b6470"/><text x="{_f(_LEFT - 9)}" y="{_f(y + 4)}" font-size="12" '
            f'text-anchor="end" fill="#3e4752">{tick}</text>'
        )
    parts.append(
        f'<rect x="{_f(_LEFT)}" y="{_f(_TOP)}" width="{_f(_RIGHT - _LEFT)}" '
        f'height="{_f(_BOTTOM - _TOP)}" fill="none" stroke="#5b6470"/>'
        f'<line x1="{_f(tx)}" y1="{_f(_TOP)}" x2="{_f(tx)}" y2="{_f(_BOTTOM)}" '
        f'stroke="#3e4752" stroke-width="1.5" stroke-dasharray="5 4"/>'
        f'<line x1="{_f(_LEFT)}" y1="{_f(ty)}" x2="{_f(_RIGHT)}" y2="{_f(ty)}" '
        f'stroke="#3e4752" stroke-width="1.5" stroke-dasharray="5 4"/>'
        f'<text x="{_f((_LEFT + _RIGHT) / 2)}" y="{_f(_BOTTOM + 42)}" font-size="13" '
        f'text-anchor="middle" fill="#1f2933">Effort: investment and risk →</text>'
        f'<text x="18" y="{_f((_TOP + _BOTTOM) / 2)}" font-size="13" text-anchor="middle" '
        f'fill="#1f2933" transform="rotate(-90 18 {_f((_TOP + _BOTTOM) / 2)})">'
        f"Impact: savings and improved outcomes →</text>"
    )

    groups: dict[tuple[float, float], list[MatrixPoint]] = {}
    for p in shown:
        groups.setdefault((round(p.effort, 3), round(p.impact, 3)), []).append(p)
    radius = 11.0 if len(shown) <= 60 else 7.0
    spacing = radius * 1.9
    for (effort, impact), members in groups.items():
        cx, cy = _x(effort), _y(impact)
        for p, (dx, dy) in zip(members, _offsets(len(members), spacing), strict=True):
            x = min(max(cx + dx, _LEFT + radius), _RIGHT - radius)
            y = min(max(cy + dy, _TOP + radius), _BOTTOM - radius)
            digits = len(str(p.number))
            font = radius * (1.05 if digits == 1 else 0.95 if digits == 2 else 0.75)
            parts.append(
                f'<g class="point"><title>{p.number}. {_e(p.label)}: impact '
                f"{_f(p.impact)}, effort {_f(p.effort)} ({_e(p.quadrant.value)})</title>"
                f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(radius)}" '
                f'fill="{QUADRANT_COLOURS[p.quadrant]}" stroke="#ffffff" stroke-width="1.5"/>'
                f'<text x="{_f(x)}" y="{_f(y + font * 0.36)}" font-size="{_f(font)}" '
                f'text-anchor="middle" fill="#ffffff" font-weight="700">{p.number}</text></g>'
            )
    parts.append("</svg>")
    return "".join(parts)

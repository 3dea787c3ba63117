"""The journey chart: the Star of every reading overlaid, the latest drawn strongest.

A pure function returning SVG markup; every text is escaped here, so the caller may
inline the result. Like :func:`coprod.builtin.charts.star_chart_svg`: four axes from
0 at the centre to 1 at the tip, each reading's Co scores joined into a shape,
earlier readings paler and thinner, the latest filled, with its reach dashed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from coprod.model.explorer import CoProfile

__all__ = ["JOURNEY_COLOURS", "journey_chart_svg"]

#: Stroke colours from the earliest reading to the latest (the last is the latest's).
JOURNEY_COLOURS = ("#c2410c", "#0f766e", "#7c3aed", "#a16207", "#4b5563", "#1f5ea8")


_DASHED = ' stroke-dasharray="5 3"'
_BOLD = ' font-weight="600"'


def _e(text: str) -> str:
    return escape(text, quote=True)


def _f(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def journey_chart_svg(
    readings: Sequence[tuple[str, Sequence[CoProfile]]], *, title: str = "The journey"
) -> str:
    """The Stars of ``readings`` (label, profile), oldest first, overlaid on one chart."""
    width, height, radius = 640, 470, 150.0
    cx, cy = width / 2, 215.0
    cos_ = [p.co for p in readings[-1][1]] if readings else []
    n = len(cos_)
    angles = [-math.pi / 2 + 2 * math.pi * k / n for k in range(n)] if n else []

    def point(k: int, r: float) -> tuple[float, float]:
        return cx + r * math.cos(angles[k]), cy + r * math.sin(angles[k])

    def polygon(values: Sequence[float]) -> str:
        return " ".join(
            f"{_f(x)},{_f(y)}"
            for x, y in (point(k, radius * min(max(v, 0.0), 1.0)) for k, v in enumerate(values))
        )

    description = " | ".join(
        f"{label}: "
        + "; ".join(
            f"{p.co.label} score {round(p.score * 100)}%, reach {round(p.reach * 100)}%"
            for p in star
        )
        for label, star in readings
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="chart journey-chart" role="img" aria-labelledby="journey-title journey-desc">',
        f'<title id="journey-title">{_e(title)}</title>',
        f'<desc id="journey-desc">{_e(description)}</desc>',
    ]
    for ring in (0.25, 0.5, 0.75, 1.0):
        if n:
            parts.append(
                f'<polygon points="{polygon([ring] * n)}" fill="none" stroke="#c9cdd4" '
                f'stroke-width="{1.5 if ring == 1.0 else 1}"/>'
            )
    for k in range(n):
        x, y = point(k, radius)
        parts.append(
            f'<line x1="{_f(cx)}" y1="{_f(cy)}" x2="{_f(x)}" y2="{_f(y)}" stroke="#9aa1ab"/>'
        )
        lx, ly = point(k, radius + 16)
        cos_k = math.cos(angles[k])
        anchor = "middle" if abs(cos_k) < 0.3 else ("start" if cos_k > 0 else "end")
        ly += -6 if math.sin(angles[k]) < -0.5 else (14 if math.sin(angles[k]) > 0.5 else 4)
        parts.append(
            f'<text x="{_f(lx)}" y="{_f(ly)}" text-anchor="{anchor}" font-size="15" '
            f'font-weight="600" fill="#1f2933">{_e(cos_[k].label)}</text>'
        )
    count = len(readings)
    for index, (label, star) in enumerate(readings):
        latest = index == count - 1
        colour = JOURNEY_COLOURS[-1] if latest else JOURNEY_COLOURS[index % 5]
        # Older readings fainter, thinner and dashed: a journey read from pale to strong.
        strength = (index + 1) / count
        scores = [p.score for p in star]
        if latest:
            parts.append(
                f'<polygon points="{polygon([p.reach for p in star])}" fill="none" '
                f'stroke="{colour}" stroke-width="1.5" stroke-dasharray="6 4" class="reach"/>'
            )
        parts.append(
            f'<polygon points="{polygon(scores)}" class="reading{" latest" if latest else ""}" '
            f'fill="{colour}" fill-opacity="{0.3 if latest else 0.04:g}" stroke="{colour}" '
            f'stroke-opacity="{max(strength, 0.6):.2f}" stroke-width="{3 if latest else 2}"'
            f"{'' if latest else _DASHED}>"
            f"<title>{_e(label)}</title></polygon>"
        )
    # Legend, oldest first.
    y = height - 14 - 18 * (count - 1)
    for index, (label, _star) in enumerate(readings):
        latest = index == count - 1
        colour = JOURNEY_COLOURS[-1] if latest else JOURNEY_COLOURS[index % 5]
        parts.append(
            f'<line x1="20" y1="{_f(y - 4)}" x2="44" y2="{_f(y - 4)}" stroke="{colour}" '
            f'stroke-width="{3 if latest else 2}"'
            f"{'' if latest else _DASHED}/>"
            f'<text x="50" y="{_f(y)}" font-size="13" fill="#1f2933"'
            f"{_BOLD if latest else ''}>{_e(label)}</text>"
        )
        y += 18
    parts.append("</svg>")
    return "".join(parts)

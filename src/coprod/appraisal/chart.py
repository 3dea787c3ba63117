"""A tornado chart of NPV sensitivity as inline SVG (a pure function returning ``str``).

In the style of the report's other charts (``coprod.builtin.charts``): no scripts,
fonts or external resources; a ``<title>``, a ``<desc>`` and ``role="img"`` for
screen readers; every piece of text escaped (:func:`html.escape` with quotes), so
the caller may inline the result in HTML. The report puts a table of the same
figures next to it.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from coprod.appraisal._numbers import present_money
from coprod.appraisal.sensitivity import Tornado

__all__ = ["HIGH_COLOUR", "LOW_COLOUR", "tornado_svg"]

#: Bar colour for NPV at the low end of a range, and at the high end.
LOW_COLOUR = "#b45309"
HIGH_COLOUR = "#1f5ea8"

_WIDTH = 720
_LABEL_WIDTH = 250.0
_RIGHT_MARGIN = 30.0
_ROW = 34
_TOP = 56


def _e(text: str) -> str:
    return escape(text, quote=True)


def _f(value: float) -> str:
    """A coordinate with at most one decimal (small, deterministic output)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _money(amount: Decimal, currency: str) -> str:
    return f"{present_money(amount):,} {currency}"


def tornado_svg(data: Tornado, *, title: str = "NPV sensitivity (tornado)") -> str:
    """Horizontal bars of NPV from each assumption's low to its high value.

    A vertical line marks the base NPV and a dashed one zero (when in view). The
    widest swing is on top (:func:`coprod.appraisal.tornado` sorts them).
    """
    bars = data.bars
    height = _TOP + _ROW * max(len(bars), 1) + 40
    values = [data.base_npv, Decimal(0)]
    for bar in bars:
        values += [bar.npv_low, bar.npv_high]
    low, high = float(min(values)), float(max(values))
    span = (high - low) or 1.0
    left, right = _LABEL_WIDTH, _WIDTH - _RIGHT_MARGIN

    def x(amount: Decimal) -> float:
        return left + (float(amount) - low) / span * (right - left)

    description = "; ".join(
        f"{bar.assumption}: NPV {_money(bar.npv_low, data.currency)} at {bar.low}, "
        f"{_money(bar.npv_high, data.currency)} at {bar.high}"
        for bar in bars
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_WIDTH} {height}" '
        f'class="chart tornado-chart" role="img" aria-labelledby="tornado-title tornado-desc">',
        f'<title id="tornado-title">{_e(title)}</title>',
        f'<desc id="tornado-desc">{_e(f"Base NPV {_money(data.base_npv, data.currency)}. ")}'
        f"{_e(description)}</desc>",
        f'<text x="{_f(left)}" y="20" font-size="13" fill="#3e4752">'
        f"{_e(f'Base NPV {_money(data.base_npv, data.currency)} · {data.parameters}')}</text>",
        f'<text x="{_f(left)}" y="40" font-size="12" fill="{LOW_COLOUR}">■ low value</text>',
        f'<text x="{_f(left + 110)}" y="40" font-size="12" fill="{HIGH_COLOUR}">'
        "■ high value</text>",
    ]
    base_x = x(data.base_npv)
    for row, bar in enumerate(bars):
        y = _TOP + row * _ROW
        parts.append(
            f'<text x="{_f(left - 8)}" y="{_f(y + 13)}" text-anchor="end" font-size="13" '
            f'fill="#1f2933">{_e(bar.assumption)}</text>'
        )
        parts.append(
            f'<text x="{_f(left - 8)}" y="{_f(y + 27)}" text-anchor="end" font-size="10" '
            f'fill="#5b6470">{_e(f"{bar.low} to {bar.high} {bar.unit}".strip())}</text>'
        )
        for amount, colour, value in (
            (bar.npv_low, LOW_COLOUR, bar.low),
            (bar.npv_high, HIGH_COLOUR, bar.high),
        ):
            end = x(amount)
            start, stop = min(base_x, end), max(base_x, end)
            parts.append(
                f'<rect x="{_f(start)}" y="{_f(y + 4)}" width="{_f(max(stop - start, 1.0))}" '
                f'height="20" fill="{colour}" fill-opacity="0.85">'
                f"<title>{_e(f'{bar.assumption} = {value}: NPV {_money(amount, data.currency)}')}"
                f"</title></rect>"
            )

    bottom = _TOP + _ROW * max(len(bars), 1)
    parts.append(
        f'<line x1="{_f(base_x)}" y1="{_TOP - 4}" x2="{_f(base_x)}" y2="{bottom}" '
        f'stroke="#1f2933" stroke-width="1.5" class="base"/>'
    )
    zero_x = x(Decimal(0))
    parts.append(
        f'<line x1="{_f(zero_x)}" y1="{_TOP - 4}" x2="{_f(zero_x)}" y2="{bottom}" '
        f'stroke="#9aa1ab" stroke-width="1" stroke-dasharray="4 3" class="zero"/>'
    )
    for amount, anchor in ((Decimal(repr(low)), "start"), (Decimal(repr(high)), "end")):
        parts.append(
            f'<text x="{_f(x(amount))}" y="{bottom + 18}" text-anchor="{anchor}" '
            f'font-size="11" fill="#5b6470">{_e(_money(amount, data.currency))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)

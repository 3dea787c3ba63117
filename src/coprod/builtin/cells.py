"""Small, pure helpers shared by the exporters: safe cells, safe links, numbers.

Everything here treats strings from the input document as hostile:

- :func:`neutralise_csv`, :func:`markdown_text` and :func:`safe_url` come from
  :mod:`coprod.io.safe_text`, re-exported here for the exporters.
- :func:`finite` turns anything that is not a finite number into ``None``.
"""

from __future__ import annotations

import enum
import json
import math
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from coprod.contributions import EFFORT, IMPACT, PUBLIC_SAVING, VOLUNTEER_VALUE
from coprod.io.safe_text import (
    FORMULA_TRIGGERS,
    markdown_text,
    markdown_url,
    neutralise_csv,
    safe_url,
)
from coprod.model.assessment import ResourceUnit
from coprod.model.priority import PriorityScheme

__all__ = [
    "CURRENCY_SYMBOLS",
    "FORMULA_TRIGGERS",
    "Table",
    "currency_symbol",
    "finite",
    "format_decimal",
    "format_money",
    "format_number",
    "format_quantity",
    "generic_view",
    "humanise",
    "markdown_text",
    "markdown_url",
    "metric_cell",
    "metric_heading",
    "network_view",
    "neutralise_csv",
    "plain",
    "plain_text",
    "public_change",
    "safe_url",
    "scheme_text",
    "unit_label",
]


def finite(value: float | None) -> float | None:
    """``value`` if it is a finite number, else ``None`` (JSON has no NaN or Infinity)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return float(value)
    if isinstance(value, float) and math.isfinite(value):
        return value
    return None


def format_number(value: float | None, *, digits: int = 2) -> str:
    """A number for people to read: ``4.5``, ``1,200``, ``-40``; empty for ``None``.

    Non-finite values (which the engine never produces) read as an empty string.
    """
    number = finite(value)
    if number is None:
        return ""
    if number == int(number) and abs(number) < 1e15:
        return f"{int(number):,}"
    return f"{number:,.{digits}f}".rstrip("0").rstrip(".")


def plain(value: object) -> Any:
    """``value`` as JSON-ready data: attrs objects → objects, enums → values, tuples → lists.

    Floats that are not finite become ``None``. Used for parts of the report whose
    shape belongs to another module (the stakeholder network analysis).
    """
    if isinstance(value, enum.Enum):  # first: str-valued enums are also str
        return plain(value.value)
    if value is None or isinstance(value, (bool, str, int)):
        return value
    if isinstance(value, float):
        return finite(value)
    cls: Any = type(value)
    if attrs.has(cls):
        return {
            field.name: plain(getattr(value, field.name))
            for field in attrs.fields(cls)
            if not field.name.startswith("_")
        }
    if isinstance(value, Mapping):
        return {str(plain(k)): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [plain(v) for v in value]
        if isinstance(value, (set, frozenset)):
            items.sort(key=lambda item: json.dumps(item, sort_keys=True, default=str))
        return items
    return str(value)


def humanise(key: str) -> str:
    """A field name for people: ``"champion_reach"`` → ``"Champion reach"``."""
    words = key.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def plain_text(value: object) -> str:
    """A JSON-ready value (see ``export_json.plain``) as short text for a table cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return format_number(value)
    if isinstance(value, list):
        return ", ".join(plain_text(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{humanise(str(k))}: {plain_text(v)}" for k, v in value.items())
    return str(value)


#: A table: (title, column headings, rows of cell text).
Table = tuple[str, tuple[str, ...], tuple[tuple[str, ...], ...]]


def generic_view(
    data: object,
) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...], tuple[Table, ...]]:
    """Lay out any JSON-ready data (see :func:`plain`) as messages, figures and tables.

    Returns ``(messages, figures, tables)``: the ``text`` or ``message`` of each
    entry of a ``findings`` list, the scalar fields as (label, text), and every list
    of objects as a table whose columns are the objects' keys in order of first
    appearance. It assumes nothing beyond objects, lists and scalars.
    """
    if not isinstance(data, dict):
        return ((plain_text(data),) if data not in (None, "", [], {}) else (), (), ())
    messages: list[str] = []
    figures: list[tuple[str, str]] = []
    tables: list[Table] = []
    for key, value in data.items():
        if key == "findings" and isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    messages.append(plain_text(item.get("text", item.get("message", item))))
                else:
                    messages.append(plain_text(item))
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            columns: dict[str, None] = {}
            for item in value:
                columns.update(dict.fromkeys(item))
            tables.append(
                (
                    humanise(key),
                    tuple(humanise(c) for c in columns),
                    tuple(tuple(plain_text(item.get(c)) for c in columns) for item in value),
                )
            )
        elif isinstance(value, dict):
            for sub, sub_value in value.items():
                figures.append((f"{humanise(key)}: {humanise(str(sub))}", plain_text(sub_value)))
        else:
            figures.append((humanise(key), plain_text(value)))
    return tuple(messages), tuple(figures), tuple(tables)


def network_view(
    network: object, names: Mapping[str, str]
) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...], tuple[Table, ...]]:
    """Lay out a stakeholder network analysis for a report: (messages, figures, tables).

    Reads the documented fields of
    :class:`coprod.people.network.StakeholderNetworkAnalysis` (``findings``,
    ``stakeholder_count``, ``relationship_count``, ``groups``, ``isolated``,
    ``out_of_reach``, ``champions``, ``brokers``, ``opponents``) with
    ``getattr``, naming stakeholders by ``names`` (id → name). An object without
    ``findings`` is laid out generically by :func:`generic_view`.
    """
    findings = getattr(network, "findings", None)
    if findings is None:
        return generic_view(plain(network))

    def who(ids: Any) -> str:
        return ", ".join(names.get(str(i), str(i)) for i in ids or ())

    messages = tuple(
        str(getattr(f, "text", None) or getattr(f, "message", None) or f) for f in findings
    )
    figures: list[tuple[str, str]] = []
    for label, attribute in (
        ("Stakeholders", "stakeholder_count"),
        ("Relationships", "relationship_count"),
    ):
        value = getattr(network, attribute, None)
        if isinstance(value, int):
            figures.append((label, str(value)))
    groups = getattr(network, "groups", None)
    if groups is not None:
        figures.append(("Separate parts", str(len(groups))))
    for label, attribute in (("No ties", "isolated"), ("Beyond every champion", "out_of_reach")):
        value = getattr(network, attribute, None)
        if value:
            figures.append((label, who(value)))

    tables: list[Table] = []
    champions = getattr(network, "champions", None) or ()
    if champions:
        tables.append(
            (
                "Reach of partners and champions",
                ("Partner or champion", "Knows directly", "Reaches through others"),
                tuple(
                    (
                        who([getattr(c, "champion_id", "")]),
                        who(getattr(c, "direct", ())),
                        who(getattr(c, "indirect", ())),
                    )
                    for c in champions
                ),
            )
        )
    brokers = getattr(network, "brokers", None) or ()
    if brokers:
        tables.append(
            (
                "Brokers and bridges",
                ("Stakeholder", "Betweenness", "Only link between"),
                tuple(
                    (
                        who([getattr(b, "stakeholder_id", "")]),
                        format_number(getattr(b, "betweenness", None)),
                        "; ".join(f"({who(g)})" for g in getattr(b, "separates", ()) or ()),
                    )
                    for b in brokers
                ),
            )
        )
    opponents = getattr(network, "opponents", None) or ()
    if opponents:
        tables.append(
            (
                "High-power opponents",
                ("Opponent", "Tied to champions", "Tied to opponents", "Steps to a champion"),
                tuple(
                    (
                        who([getattr(o, "opponent_id", "")]),
                        who(getattr(o, "champions", ())),
                        who(getattr(o, "opponents", ())),
                        plain_text(getattr(o, "steps_to_champion", None)) or "none reachable",
                    )
                    for o in opponents
                ),
            )
        )
    return messages, tuple(figures), tuple(tables)


# --- Money, units and what produced a report -------------------------------------

#: Symbols for currencies whose symbol is unambiguous in an English report; any
#: other ISO 4217 code is shown as the code ("CHF 1,200").
CURRENCY_SYMBOLS = {
    "GBP": "£",
    "EUR": "€",
    "USD": "$",
    "JPY": "¥",
    "INR": "₹",
    "AUD": "A$",
    "CAD": "C$",
    "NZD": "NZ$",
    "HKD": "HK$",
    "KRW": "₩",
    "NGN": "₦",
    "ILS": "₪",
}


def currency_symbol(currency: str) -> str:
    """``"£"`` for GBP, ``"€"`` for EUR, …; the code itself for a currency not listed."""
    return CURRENCY_SYMBOLS.get(currency, currency)


def format_decimal(value: Decimal | float | int | None, *, places: int | None = None) -> str:
    """An exact figure for people: grouped thousands, ``places`` decimals if given.

    With ``places=None`` trailing zeros go (``1,290``, ``0.5``); with ``places=2``
    a figure with pence shows both digits (``65,383.40``) and a whole one none.
    """
    if value is None:
        return ""
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        value = Decimal(format(value, ".15g"))
    number = Decimal(value)
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places))
        if number == number.to_integral_value():
            number = number.quantize(Decimal(1))
    elif number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    sign = "−" if number < 0 else ""
    return sign + f"{abs(number):,f}"


def format_money(value: Decimal | float | int | None, currency: str, *, pence: bool = False) -> str:
    """``£7,200``, ``€65,383.40``, ``CHF 1,200``, ``−£220``; empty for ``None``.

    Whole amounts drop the pence unless ``pence`` (``£8.00`` for a rate).
    """
    text = format_decimal(value, places=2)
    if not text:
        return ""
    if pence and "." not in text:
        text += ".00"
    sign, digits = ("−", text[1:]) if text.startswith("−") else ("", text)
    symbol = currency_symbol(currency)
    if symbol == currency:
        return f"{sign}{currency} {digits}"
    return f"{sign}{symbol}{digits}"


def unit_label(resource_unit: ResourceUnit, currency: str) -> str:
    """The resource figures' unit for a heading: ``£``, ``hours``, ``FTE``."""
    if resource_unit is ResourceUnit.MONEY:
        return currency_symbol(currency)
    if resource_unit is ResourceUnit.FTE:
        return "FTE"
    return "hours"


def format_quantity(
    value: Decimal | float | int | None, resource_unit: ResourceUnit, currency: str
) -> str:
    """A resource figure with its unit: ``£1,290,000``, ``1,290 hours``, ``2.5 FTE``."""
    if value is None:
        return ""
    if resource_unit is ResourceUnit.MONEY:
        return format_money(value, currency)
    return f"{format_decimal(value)} {unit_label(resource_unit, currency)}"


def public_change(
    value: Decimal | float | int | None, resource_unit: ResourceUnit, currency: str
) -> tuple[str, str]:
    """A public saving as (label, figure): a rise in public inputs reads as extra spend.

    ``(“Public spend saved”, “£1,290”)`` for a saving; ``(“Extra public spend”,
    “£220”)`` for a negative one, so no reader meets a "negative saving".
    """
    noun = "spend" if resource_unit is ResourceUnit.MONEY else "input"
    if value is None:
        return (f"Public {noun} saved", "")
    number = value if isinstance(value, Decimal) else Decimal(format(float(value), ".15g"))
    if number < 0:
        return (f"Extra public {noun}", format_quantity(-number, resource_unit, currency))
    return (f"Public {noun} saved", format_quantity(number, resource_unit, currency))


def metric_cell(
    metric: str, value: float | None, resource_unit: ResourceUnit, currency: str
) -> str:
    """A metric's value as a table shows it, with its unit where coprod knows it.

    ``volunteer-value`` is money; ``public-saving`` a resource figure, a negative
    one shown as extra public spend or input; anything else a plain number.
    """
    if value is None:
        return ""
    if metric == VOLUNTEER_VALUE:
        return format_money(value, currency)
    if metric == PUBLIC_SAVING:
        label, figure = public_change(value, resource_unit, currency)
        return figure if label.startswith("Public") else f"{figure} extra"
    return format_number(value)


def metric_heading(metric: str, resource_unit: ResourceUnit, currency: str) -> str:
    """A metric's column heading with its unit: ``Public saving (£ a year)``."""
    if metric == VOLUNTEER_VALUE:
        return f"{humanise(metric)} ({currency_symbol(currency)} a year)"
    if metric == PUBLIC_SAVING:
        return f"{humanise(metric)} ({unit_label(resource_unit, currency)} a year)"
    if metric in (IMPACT, EFFORT):
        return f"{humanise(metric)} (1–5)"
    return humanise(metric)


def _share(value: float) -> str:
    return f"{format_number(value * 100, digits=0)}%"


def scheme_text(
    scheme: PriorityScheme, registered_by: str | None, rules: Iterable[tuple[str, str, float]]
) -> tuple[str, ...]:
    """Sentences saying how impact and effort were made and where "high" begins.

    From the scheme the plugins registered (``registered_by``); when none did,
    from the ``(metric, rule name, weight)`` of the evaluation's rules, with the
    default thresholds the report then used.
    """
    high = (
        f'"High" means above {format_number(scheme.impact_threshold)} for impact and above '
        f"{format_number(scheme.effort_threshold)} for effort."
    )
    if registered_by is None:
        parts = []
        for metric in (IMPACT, EFFORT):
            used = [f"{name} × {format_number(w, digits=3)}" for m, name, w in rules if m == metric]
            parts.append(f"{metric} is the weighted sum of " + (", ".join(used) or "no rules"))
        return (
            "No plugin registered a Priority Matrix scheme: " + "; ".join(parts) + ".",
            high + " (the default thresholds).",
        )

    def mean(a: str, sa: float, b: str, sb: float) -> str:
        if math.isclose(sa, sb):
            return f"the mean of the {a} and {b} ratings"
        return f"the weighted mean of the {a} ({_share(sa)}) and {b} ({_share(sb)}) ratings"

    return (
        "Impact is "
        + mean("savings", scheme.savings_share, "improved-outcomes", scheme.outcomes_share)
        + "; effort is "
        + mean("investment", scheme.investment_share, "risk", scheme.risk_share)
        + " (all 1–5).",
        high + f" Scheme registered by {registered_by}.",
    )

"""References of the Market it and Grow it sections, checked like the others.

Incentives, nudges, charters, champions and showcases name initiatives (and
showcases name champions); the business case's flows name initiatives. Every
dangling reference and repeated id is one :class:`~coprod.errors.Problem` with its
``$.`` path (``$.incentives[2].initiatives[0]: unknown initiative 'x'``).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from coprod.errors import Problem
from coprod.model.business_case import BusinessCaseInputs, business_case_problems
from coprod.model.grow import Champion, Showcase
from coprod.model.market import Charter, Incentive, Nudge

__all__ = ["MARKET_GROW_SECTIONS", "market_grow_problems"]

#: The document sections this module checks, in document order.
MARKET_GROW_SECTIONS = ("incentives", "nudges", "charters", "champions", "showcases")


def _unknown(kind: str, value: str, known: Collection[str]) -> str:
    listed = ", ".join(sorted(known)[:10]) if known else "none are defined"
    return f"unknown {kind} {value!r} (known: {listed})"


def _ids(section: str, items: Sequence[object | None]) -> list[Problem]:
    seen: dict[str, int] = {}
    problems = []
    for index, item in enumerate(items):
        item_id = getattr(item, "id", None)
        if item_id is None:
            continue
        if item_id in seen:
            problems.append(
                Problem(
                    f"$.{section}[{index}].id",
                    f"duplicate id {item_id!r} (first used at $.{section}[{seen[item_id]}])",
                )
            )
        else:
            seen[item_id] = index
    return problems


def market_grow_problems(
    *,
    initiatives: Collection[str],
    incentives: Sequence[Incentive | None] = (),
    nudges: Sequence[Nudge | None] = (),
    charters: Sequence[Charter | None] = (),
    champions: Sequence[Champion | None] = (),
    showcases: Sequence[Showcase | None] = (),
    business_case: BusinessCaseInputs | None = None,
) -> tuple[Problem, ...]:
    """Repeated ids and references to unknown initiatives or champions, by path.

    ``initiatives`` are the ids that count as defined. Items that could not be read
    are ``None`` and skipped.
    """
    problems: list[Problem] = []
    sections: tuple[tuple[str, Sequence[object | None]], ...] = (
        ("incentives", incentives),
        ("nudges", nudges),
        ("charters", charters),
        ("champions", champions),
        ("showcases", showcases),
    )
    champion_ids = {c.id for c in champions if c is not None}
    for section, items in sections:
        problems += _ids(section, items)
        for index, item in enumerate(items):
            if item is None:
                continue
            for n, initiative in enumerate(getattr(item, "initiatives", ())):
                if initiative not in initiatives:
                    problems.append(
                        Problem(
                            f"$.{section}[{index}].initiatives[{n}]",
                            _unknown("initiative", initiative, initiatives),
                        )
                    )
            if isinstance(item, Showcase):
                for n, champion in enumerate(item.champions):
                    if champion not in champion_ids:
                        problems.append(
                            Problem(
                                f"$.showcases[{index}].champions[{n}]",
                                _unknown("champion", champion, champion_ids),
                            )
                        )
    if business_case is not None:
        problems += business_case_problems(business_case, initiatives)
    return tuple(problems)

"""Case studies: what a case from the seeds is, tagged by Co, sector, model and form.

The catalogue itself is data (``coprod/data/catalogues/case-studies.toml``), read by
:func:`coprod.catalogues.case_studies`; this module holds the pure types. Sources of
the catalogue: all five seeds. ``000_d040532b36d186af.txt`` (Surrey, Stockport,
Wiltshire, Highland Hospital), ``001_10471c76f715a525.txt`` (Lambeth, Stockport,
Wiltshire, Highland Hospital, Camden), ``002_ea409380ef17158f.txt`` (the Scottish
workshop cases: Berlin-Lichtenberg, Pollok, Scottish Borders, Stockport, Solihull,
Food Train, time banks, Lend A Hand, Camden, Family Nurse Partnership, the Speed
Camera Lottery), ``003_eb91abacab6ac2c6.txt`` (Stockport, West Lothian) and
``004_2ab9b3d444068e57.txt`` (Highland Hospital in the physician's words,
Mannheim, Argyll and Bute Timebanks, Surrey, Young Lambeth Coop and others).

Figures are kept as text, exactly as the seed states them (``"£300,000 p.a."``,
``"nearly 50 %"``), each attributed to one seed file; where seeds disagree both
figures are kept and the disagreement is recorded in :attr:`CaseStudy.notes`.
Where a seed does not say which of the Four Co's a case illustrates, the best fit
is chosen, :attr:`CaseStudy.co_tagged_by_seed` is ``False`` and a note says why.
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Iterable
from typing import Any

import attrs

from coprod.model.resource_shift import CoProductionForm
from coprod.model.service_model import ServiceModel
from coprod.model.star import Co, Step
from coprod.model.text import identifier, non_blank

__all__ = ["SEED_FILES", "CaseStudy", "KeyFigure", "Sector"]

#: The file names of the five seed documents, the domain source of coprod.
SEED_FILES: tuple[str, ...] = (
    "000_d040532b36d186af.txt",
    "001_10471c76f715a525.txt",
    "002_ea409380ef17158f.txt",
    "003_eb91abacab6ac2c6.txt",
    "004_2ab9b3d444068e57.txt",
)

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class Sector(str, enum.Enum):
    """The public-service field a case study comes from (all seeds).

    The seeds file their cases as "Co-production in health", "… in social care",
    "… in community safety" and "… with young people" (``000_d040532b36d186af.txt``);
    ``003_eb91abacab6ac2c6.txt`` adds community safety and environment as fields
    beyond health and social care. Road safety is filed under community safety, as
    ``000_…`` files the Wiltshire Community Speedwatch. ``LOCAL_GOVERNMENT`` is for
    whole-council work (budgets, complaints, transformation programmes).
    """

    HEALTH = "health"
    SOCIAL_CARE = "social care"
    COMMUNITY_SAFETY = "community safety"
    YOUNG_PEOPLE = "young people"
    ENVIRONMENT = "environment"
    EDUCATION = "education"
    NEIGHBOURHOODS = "neighbourhoods and communities"
    LOCAL_GOVERNMENT = "local government"


def _co_tuple(value: Iterable[Co]) -> tuple[Co, ...]:
    return tuple(value)


def _step_tuple(value: Iterable[Step]) -> tuple[Step, ...]:
    return tuple(value)


def _str_tuple(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        raise TypeError(f"expected a tuple of strings, got the string {value!r}")
    return tuple(value)


def _figure_tuple(value: Iterable[KeyFigure]) -> tuple[KeyFigure, ...]:
    return tuple(value)


def _known_seed(_instance: Any, attribute: Any, value: str) -> None:
    if value not in SEED_FILES:
        raise ValueError(
            f"{attribute.name} must name a seed file ({', '.join(SEED_FILES)}), got {value!r}"
        )


def _optional_finite(_instance: Any, attribute: Any, value: float | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{attribute.name} must be a number or None, got {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{attribute.name} must be a finite number, got {value!r}")


def _slug(_instance: Any, attribute: Any, value: str) -> None:
    identifier(_instance, attribute, value)
    if _SLUG.fullmatch(value) is None:
        raise ValueError(
            f"{attribute.name} must be a lowercase slug such as 'lambeth-peer-educators', "
            f"got {value!r}"
        )


def _optional_text(_instance: Any, attribute: Any, value: str | None) -> None:
    if value is not None:
        non_blank(_instance, attribute, value)


def _texts(_instance: Any, attribute: Any, value: tuple[str, ...]) -> None:
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise ValueError(f"{attribute.name} must hold non-empty strings, got {item!r}")


def _non_empty_unique(_instance: Any, attribute: Any, value: tuple[object, ...]) -> None:
    if not value:
        raise ValueError(f"{attribute.name} must not be empty")
    if len(set(value)) != len(value):
        raise ValueError(f"{attribute.name} must not repeat an entry, got {value!r}")


def _unique(_instance: Any, attribute: Any, value: tuple[object, ...]) -> None:
    if len(set(value)) != len(value):
        raise ValueError(f"{attribute.name} must not repeat an entry, got {value!r}")


def _members(kind: type[enum.Enum]) -> Any:
    def check(_instance: Any, attribute: Any, value: tuple[object, ...]) -> None:
        for item in value:
            if not isinstance(item, kind):
                raise TypeError(f"{attribute.name} must hold {kind.__name__} members, got {item!r}")

    return check


@attrs.frozen
class KeyFigure:
    """One figure from a case study, kept as the seed states it (all seeds).

    ``value`` is the seed's own text (``"£300,000 p.a."``, ``"29%"``, ``"over 550"``,
    ``"twenty-five"``); ``seed`` is the seed file it comes from. ``number`` is the
    same figure as a plain number where it has one, for sorting and charts:
    money in pounds (``"£4.5 million"`` → ``4500000.0``), percentages in percent
    points (``"29%"`` → ``29.0``), counts as counts. "over" and "nearly" are not
    carried into ``number``: read ``value`` for the seed's own hedging.
    """

    label: str = attrs.field(validator=non_blank)
    value: str = attrs.field(validator=non_blank)
    seed: str = attrs.field(validator=_known_seed)
    number: float | None = attrs.field(default=None, validator=_optional_finite)

    def __str__(self) -> str:
        return f"{self.label}: {self.value}"


@attrs.frozen
class CaseStudy:
    """A case study from the seeds, tagged by Co, sector, service model and form.

    - ``id``: a stable lowercase slug (``"lambeth-peer-educators"``);
    - ``cos``: the Four Co's the case illustrates, as the seeds tag it (both, where
      seeds disagree); ``co_tagged_by_seed`` is ``False`` where no seed tags it and
      coprod chose the best fit (explained in ``notes``);
    - ``service_model``: :attr:`ServiceModel.CO_PRODUCTION` only where the seeds
      describe high involvement from both citizens and professionals, else ``None``;
    - ``form``: substitutive or additive only where a seed says so (``002_…`` names
      the Family Nurse Partnerships and the Food Train as additive), else ``None``;
    - ``steps``: the steps of the Star the seeds use the case to illustrate;
    - ``seeds``: the seed files that tell the case; every figure cites one of them;
    - ``aliases``: other names and spellings the seeds use;
    - ``notes``: where seeds disagree, and choices coprod made.

    ``place`` and ``country`` are ``None`` where the seeds do not say.
    """

    id: str = attrs.field(validator=_slug)
    name: str = attrs.field(validator=non_blank)
    place: str | None = attrs.field(validator=_optional_text)
    country: str | None = attrs.field(validator=_optional_text)
    cos: tuple[Co, ...] = attrs.field(
        converter=_co_tuple, validator=[_members(Co), _non_empty_unique]
    )
    sector: Sector = attrs.field(validator=attrs.validators.instance_of(Sector))
    summary: str = attrs.field(validator=non_blank)
    seeds: tuple[str, ...] = attrs.field(converter=_str_tuple, validator=_non_empty_unique)
    figures: tuple[KeyFigure, ...] = attrs.field(default=(), converter=_figure_tuple)
    service_model: ServiceModel | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(ServiceModel)),
    )
    form: CoProductionForm | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(CoProductionForm)),
    )
    steps: tuple[Step, ...] = attrs.field(
        default=(), converter=_step_tuple, validator=[_members(Step), _unique]
    )
    co_tagged_by_seed: bool = True
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple, validator=_texts)
    notes: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple, validator=_texts)

    @seeds.validator
    def _check_seeds(
        self, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
    ) -> None:
        for seed in value:
            _known_seed(self, attribute, seed)

    @figures.validator
    def _check_figures(
        self, _attribute: attrs.Attribute[tuple[KeyFigure, ...]], value: tuple[KeyFigure, ...]
    ) -> None:
        for figure in value:
            if not isinstance(figure, KeyFigure):
                raise TypeError(f"figures must hold KeyFigure objects, got {figure!r}")
            if figure.seed not in self.seeds:
                raise ValueError(
                    f"figure {figure.label!r} cites {figure.seed}, which is not among "
                    f"the case's seeds {self.seeds}"
                )

    @property
    def is_co_production(self) -> bool:
        """True where the seeds show high citizen and high professional involvement."""
        return self.service_model is ServiceModel.CO_PRODUCTION

    def figures_from(self, seed: str) -> tuple[KeyFigure, ...]:
        """The figures this case takes from one seed file."""
        return tuple(figure for figure in self.figures if figure.seed == seed)

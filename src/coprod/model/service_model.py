"""The 2×2 of service models: who is involved, and how much.

Source: ``001_10471c76f715a525.txt`` ("What is and isn't co-production of public
services": involvement of service users and communities × involvement of
professionals) and ``002_ea409380ef17158f.txt`` ("the term co-production should be
reserved for situations in which there are high levels of involvement from service
users and communities, along with high levels of professional inputs").
"""

from __future__ import annotations

import enum

import attrs

__all__ = [
    "DEFAULT_INVOLVEMENT_SCALE",
    "Involvement",
    "InvolvementScale",
    "Level",
    "ServiceModel",
    "classify_service_model",
]


class Level(str, enum.Enum):
    """A level of involvement, power or interest: low or high (``001_…``, ``002_…``)."""

    LOW = "low"
    HIGH = "high"


class ServiceModel(str, enum.Enum):
    """The four cells of the seeds' 2×2 of service models (``001_…``, ``002_…``).

    Only high user/community involvement *and* high professional involvement is
    co-production; high user involvement alone is self-help or self-organising.
    """

    CO_PRODUCTION = "co-production"
    TRADITIONAL_PROVISION = "traditional provision"
    SELF_HELP = "self-help"
    LITTLE_PROVISION = "little provision"


@attrs.frozen
class InvolvementScale:
    """A graded involvement scale and the point from which involvement counts as high.

    The default is 0–4 (0 none, 1 token, 2 some, 3 substantial, 4 leading) with
    ``high_from=3``: the seeds reserve co-production for *high* involvement, so
    "some" involvement is deliberately not enough. Researchers can pass another
    scale to :func:`classify_service_model`.
    """

    maximum: int = attrs.field(default=4, validator=attrs.validators.ge(1))
    high_from: int = attrs.field(default=3)

    @high_from.validator
    def _check_high_from(self, _attribute: attrs.Attribute[int], value: int) -> None:
        if not 1 <= value <= self.maximum:
            raise ValueError(f"high_from must be between 1 and {self.maximum}, got {value}")

    def level(self, value: int, *, name: str = "involvement") -> Level:
        """The :class:`Level` of a graded value; rejects values off the scale."""
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{name} must be a Level or an integer, got {value!r}")
        if not 0 <= value <= self.maximum:
            raise ValueError(f"{name} must be between 0 and {self.maximum}, got {value}")
        return Level.HIGH if value >= self.high_from else Level.LOW


DEFAULT_INVOLVEMENT_SCALE = InvolvementScale()

#: Involvement as the seeds give it (low/high) or graded on an :class:`InvolvementScale`.
Involvement = Level | int


def _as_level(value: Involvement, scale: InvolvementScale, name: str) -> Level:
    if isinstance(value, Level):
        return value
    return scale.level(value, name=name)


_MODELS = {
    (Level.HIGH, Level.HIGH): ServiceModel.CO_PRODUCTION,
    (Level.LOW, Level.HIGH): ServiceModel.TRADITIONAL_PROVISION,
    (Level.HIGH, Level.LOW): ServiceModel.SELF_HELP,
    (Level.LOW, Level.LOW): ServiceModel.LITTLE_PROVISION,
}


def classify_service_model(
    *,
    user_involvement: Involvement,
    professional_involvement: Involvement,
    scale: InvolvementScale = DEFAULT_INVOLVEMENT_SCALE,
) -> ServiceModel:
    """Place a service on the seeds' 2×2 of service models.

    ``user_involvement`` is the involvement of service users and communities,
    ``professional_involvement`` that of professionals; each is a :class:`Level` or
    an integer on ``scale`` (default 0–4, high from 3).

    >>> classify_service_model(user_involvement=Level.HIGH, professional_involvement=Level.LOW)
    <ServiceModel.SELF_HELP: 'self-help'>
    >>> classify_service_model(user_involvement=4, professional_involvement=3)
    <ServiceModel.CO_PRODUCTION: 'co-production'>
    """
    if type(user_involvement) is Level and type(professional_involvement) is Level:
        return _MODELS[user_involvement, professional_involvement]
    users = _as_level(user_involvement, scale, "user_involvement")
    professionals = _as_level(professional_involvement, scale, "professional_involvement")
    return _MODELS[users, professionals]

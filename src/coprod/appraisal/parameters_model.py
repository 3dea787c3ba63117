"""Appraisal parameter sets: named, versioned discount schedules and unit values.

A :class:`ParameterSet` is data with a name, an edition and a source: the bundled
HM Treasury Green Book (2022) schedules (``coprod/data/appraisal/``, read by
:mod:`coprod.appraisal.parameters`), or a set an organisation brings as a plugin
(its own unit values, GMCA-style unit costs). Whichever it is, it is this one typed
value, and every appraisal result names the set, the schedule and the set's
fingerprint, so a figure can always be traced to the parameters that made it.

Discounting convention (stated in ``docs/appraisal.md``): year 0 is undiscounted;
the discount factor of year ``t`` is ``Π_{s=1..t} 1 / (1 + r(s))``, where ``r(s)`` is
the rate of the band holding year ``s``. A declining schedule thus applies each
band's rate to the years in that band (Green Book, Annex A6).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from decimal import Decimal

import attrs

from coprod.appraisal._numbers import CONTEXT, MAX_AMOUNT, as_decimal, to_decimal

__all__ = [
    "MAX_YEAR",
    "DiscountBand",
    "DiscountSchedule",
    "ParameterSet",
    "ParameterSetRef",
    "UnitValue",
    "discount_factors",
]

#: The last year an appraisal may reach (the Green Book's last band starts at 301).
MAX_YEAR = 500


def _rate(_instance: object, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    if not Decimal(0) <= value < Decimal(1):
        raise ValueError(f"{attribute.name} must be a fraction from 0 up to 1, got {value}")


def _name(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{attribute.name} must be a non-empty string, got {value!r}")


def _bands(values: Iterable[DiscountBand]) -> tuple[DiscountBand, ...]:
    return tuple(values)


def _schedules(values: Iterable[DiscountSchedule]) -> tuple[DiscountSchedule, ...]:
    return tuple(values)


def _unit_values(values: Iterable[UnitValue]) -> tuple[UnitValue, ...]:
    return tuple(values)


@attrs.frozen
class DiscountBand:
    """Years ``first``…``last`` (``last=None``: every later year) discounted at ``rate``.

    ``rate`` is a fraction (``Decimal("0.035")`` for 3.5 %).
    """

    first: int
    last: int | None
    rate: Decimal = attrs.field(converter=as_decimal, validator=_rate)

    def __attrs_post_init__(self) -> None:
        for label, year in (("first", self.first), ("last", self.last)):
            if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
                raise TypeError(f"{label} year must be a whole number, got {year!r}")
        if self.first < 0 or (self.last is not None and self.last < self.first):
            raise ValueError(f"band years {self.first}–{self.last} are not a range from 0 up")


@attrs.frozen
class DiscountSchedule:
    """A named discount schedule: contiguous bands from year 0, the last one open-ended."""

    name: str = attrs.field(validator=_name)
    title: str
    bands: tuple[DiscountBand, ...] = attrs.field(converter=_bands)

    def __attrs_post_init__(self) -> None:
        if not self.bands:
            raise ValueError(f"schedule {self.name!r} has no bands")
        expected = 0
        for band in self.bands:
            if band.first != expected:
                raise ValueError(
                    f"schedule {self.name!r}: bands must run on from year {expected} "
                    f"without gaps or overlaps, got a band starting at year {band.first}"
                )
            if band.last is None:
                break
            expected = band.last + 1
        if self.bands[-1].last is not None:
            raise ValueError(f"schedule {self.name!r}: the last band must have no last year")
        if any(band.last is None for band in self.bands[:-1]):
            raise ValueError(f"schedule {self.name!r}: only the last band may be open-ended")

    @classmethod
    def flat(cls, rate: Decimal | str | int | float, name: str | None = None) -> DiscountSchedule:
        """One rate for every year (for sensitivity tests, never a Green Book schedule)."""
        value = to_decimal(rate, "rate")
        return cls(
            name=name or f"flat {value * 100}%",
            title=f"Flat {value * 100}% a year",
            bands=(DiscountBand(0, None, value),),
        )

    def rate(self, year: int) -> Decimal:
        """The rate that applies to ``year`` (the band holding it)."""
        if year < 0:
            raise ValueError(f"year must not be negative, got {year}")
        for band in self.bands:
            if band.last is None or year <= band.last:
                return band.rate
        raise AssertionError("unreachable: the last band is open-ended")  # pragma: no cover

    def factors(self, last_year: int) -> tuple[Decimal, ...]:
        """Discount factors for years 0…``last_year``: see :func:`discount_factors`."""
        return discount_factors(self, last_year)

    def factor(self, year: int) -> Decimal:
        """The discount factor of one ``year``."""
        return discount_factors(self, year)[year]


def discount_factors(schedule: DiscountSchedule, last_year: int) -> tuple[Decimal, ...]:
    """Discount factors for years 0…``last_year`` under ``schedule``.

    Year 0 is 1 (undiscounted); year ``t`` is ``Π_{s=1..t} 1 / (1 + r(s))``. Computed
    in :data:`~coprod.appraisal._numbers.CONTEXT` (40 significant digits).
    """
    if isinstance(last_year, bool) or not isinstance(last_year, int):
        raise TypeError(f"last_year must be a whole number, got {last_year!r}")
    if not 0 <= last_year <= MAX_YEAR:
        raise ValueError(f"last_year must be from 0 to {MAX_YEAR}, got {last_year}")
    factors = [Decimal(1)]
    growth = Decimal(1)
    for year in range(1, last_year + 1):
        growth = CONTEXT.multiply(growth, CONTEXT.add(Decimal(1), schedule.rate(year)))
        factors.append(CONTEXT.divide(Decimal(1), growth))
    return tuple(factors)


@attrs.frozen
class UnitValue:
    """The money value of one unit of an outcome or activity (a GMCA-style unit cost).

    ``amount`` is per ``unit`` (e.g. "A&E attendance avoided") in the set's currency
    and ``price_base`` year; ``source`` says where it comes from. coprod bundles no
    unit values: HACT's licence forbids bundling its values in tools, so an
    organisation brings its own (see ``docs/appraisal.md``).
    """

    name: str = attrs.field(validator=_name)
    amount: Decimal = attrs.field(converter=as_decimal)
    unit: str
    source: str
    price_base: int | None = None

    def __attrs_post_init__(self) -> None:
        if not Decimal(0) <= self.amount <= MAX_AMOUNT:
            raise ValueError(f"unit value {self.name!r}: amount must be 0 to 1e12")


@attrs.frozen
class ParameterSetRef:
    """Which parameters an appraisal used: stated in every result and every report."""

    id: str
    edition: str
    schedule: str
    fingerprint: str
    source: str
    origin: str

    def __str__(self) -> str:
        return f"{self.id} ({self.edition}), {self.schedule} schedule"


@attrs.frozen
class ParameterSet:
    """A named, versioned set of appraisal parameters with its edition and source.

    ``id`` names one edition for ever (``green-book-2022``): a newer edition is a new
    set with a new id, so results computed with a named set never change when one
    is added. ``origin`` says who provided it (``coprod`` for the bundled sets, a
    plugin's name otherwise); it is not part of the :attr:`fingerprint`.
    """

    id: str = attrs.field(validator=_name)
    title: str
    edition: str = attrs.field(validator=_name)
    publisher: str
    source: str = attrs.field(validator=_name)
    schedules: tuple[DiscountSchedule, ...] = attrs.field(converter=_schedules)
    default_schedule: str
    url: str = ""
    licence: str = ""
    currency: str = "GBP"
    unit_values: tuple[UnitValue, ...] = attrs.field(default=(), converter=_unit_values)
    notes: str = ""
    origin: str = "coprod"

    def __attrs_post_init__(self) -> None:
        names = [s.name for s in self.schedules]
        if not names:
            raise ValueError(f"parameter set {self.id!r} has no discount schedule")
        for kind, listed in (
            ("schedule", names),
            ("unit value", [u.name for u in self.unit_values]),
        ):
            duplicates = sorted({n for n in listed if listed.count(n) > 1})
            if duplicates:
                raise ValueError(f"parameter set {self.id!r} names a {kind} twice: {duplicates}")
        if self.default_schedule not in names:
            raise ValueError(
                f"parameter set {self.id!r}: default schedule {self.default_schedule!r} "
                f"is not one of {names}"
            )

    def schedule(self, name: str | None = None) -> DiscountSchedule:
        """The schedule called ``name`` (default: :attr:`default_schedule`)."""
        wanted = self.default_schedule if name is None else name
        for schedule in self.schedules:
            if schedule.name == wanted:
                return schedule
        known = ", ".join(s.name for s in self.schedules)
        raise KeyError(f"parameter set {self.id!r} has no schedule {wanted!r} (it has: {known})")

    def unit_value(self, name: str) -> UnitValue:
        """The unit value called ``name`` (:class:`KeyError` naming the set if absent)."""
        for value in self.unit_values:
            if value.name == name:
                return value
        raise KeyError(f"parameter set {self.id!r} has no unit value {name!r}")

    @property
    def fingerprint(self) -> str:
        """SHA-256 (first 16 hex digits) of the set's figures: id, edition, currency,
        default schedule, every band and every unit value (not its titles or ``origin``).

        Two sets with the same fingerprint give the same results; an edited data file
        shows up as a changed fingerprint in every result computed with it.
        """
        digest = hashlib.sha256("\n".join(self._canonical()).encode("utf-8"))
        return digest.hexdigest()[:16]

    def _canonical(self) -> Iterator[str]:
        yield f"id={self.id}|edition={self.edition}|currency={self.currency}"
        yield f"default={self.default_schedule}"
        for schedule in self.schedules:
            for band in schedule.bands:
                yield f"schedule={schedule.name}|{band.first}|{band.last}|{band.rate.normalize()}"
        for value in self.unit_values:
            yield f"unit={value.name}|{value.amount.normalize()}|{value.unit}|{value.price_base}"

    def ref(self, schedule: str | None = None) -> ParameterSetRef:
        """The reference an appraisal with ``schedule`` records."""
        chosen = self.schedule(schedule)
        return ParameterSetRef(
            id=self.id,
            edition=self.edition,
            schedule=chosen.name,
            fingerprint=self.fingerprint,
            source=self.source,
            origin=self.origin,
        )

    def with_schedule(self, schedule: DiscountSchedule) -> ParameterSet:
        """This set plus (or with a replaced) ``schedule``, under a derived id.

        The id gains ``+<schedule name>`` so a result never passes a changed set off
        as the named edition.
        """
        others = [s for s in self.schedules if s.name != schedule.name]
        return attrs.evolve(self, id=f"{self.id}+{schedule.name}", schedules=[*others, schedule])

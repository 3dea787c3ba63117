"""The typed objects plugins register: scoring rules, classifications, checks, exporters.

Each is a frozen attrs value. A plugin builds it with ``plugin=""``; the plugin
manager stamps the name of the plugin that registered it (see
:func:`coprod.make_plugin_manager`).
"""

from __future__ import annotations

import enum
import re
import reprlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, TextIO

import attrs

from coprod.findings import Finding, Severity
from coprod.model.assessment import Initiative
from coprod.model.star import Step
from coprod.report_value import ANY_KIND

__all__ = [
    "CO_PRODUCTION_FORM",
    "EFFORT",
    "IMPACT",
    "PUBLIC_SAVING",
    "SERVICE_MODEL",
    "STANDARD_FORMATS",
    "VOLUNTEER_VALUE",
    "BatchScoringRule",
    "ClassificationRule",
    "Exporter",
    "Finding",
    "MaturityCheck",
    "ScoringRule",
    "Severity",
    "StopRun",
    "describe_fault",
    "is_plugin_fault",
    "safe_repr",
]

# Well-known metric and classification names. The built-in plugins register them and
# the report reads them; a plugin that replaces a built-in keeps the same name.
#: Priority Matrix impact (savings and improved outcomes), 1-5.
IMPACT = "impact"
#: Priority Matrix effort (investment and risk), 1-5.
EFFORT = "effort"
#: Public inputs before minus after.
PUBLIC_SAVING = "public-saving"
#: Volunteer hours valued in money.
VOLUNTEER_VALUE = "volunteer-value"
#: The 2×2 of service models.
SERVICE_MODEL = "service-model"
#: Substitutive, additive, … (the form of a resource shift).
CO_PRODUCTION_FORM = "co-production-form"

_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,99}")
_FORMAT = re.compile(r"[a-z0-9][a-z0-9_-]{0,29}")


def _name(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or _NAME.fullmatch(value) is None:
        raise ValueError(
            f"{attribute.name} must be 1-100 lowercase letters, digits, '.', '_' or '-', "
            f"got {value!r}"
        )


def _callable(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not callable(value):
        raise TypeError(f"{attribute.name} must be callable, got {value!r}")


#: The largest weight a rule may have, so weighted scores stay finite.
MAX_WEIGHT = 1e6


def _weight(_instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{attribute.name} must be a finite number, got {value!r}")
    if not -MAX_WEIGHT <= value <= MAX_WEIGHT:  # also false for NaN
        raise ValueError(f"{attribute.name} must be a number from -1e6 to 1e6, got {value!r}")


@attrs.frozen
class ScoringRule:
    """A rule that scores one initiative on one metric.

    ``score(initiative)`` returns a finite number, or ``None`` when the rule does
    not apply to that initiative. A metric's value is the weighted sum
    ``Σ weight × score`` over the rules that apply (see :func:`coprod.evaluate`).
    Rules must be pure: deterministic and not mutating their input.
    """

    name: str = attrs.field(validator=_name)
    metric: str = attrs.field(validator=_name)
    score: Callable[[Initiative], float | None] = attrs.field(validator=_callable)
    description: str = ""
    weight: float = attrs.field(default=1.0, validator=_weight)
    plugin: str = ""


@attrs.frozen
class BatchScoringRule:
    """A rule that scores every initiative of an assessment in one call.

    ``score_all(initiatives)`` returns one finite number or ``None`` per
    initiative, in order. Use it for rules that compare initiatives (ranks,
    percentiles) or that are faster vectorised. Otherwise as :class:`ScoringRule`.
    """

    name: str = attrs.field(validator=_name)
    metric: str = attrs.field(validator=_name)
    score_all: Callable[[Sequence[Initiative]], Sequence[float | None]] = attrs.field(
        validator=_callable
    )
    description: str = ""
    weight: float = attrs.field(default=1.0, validator=_weight)
    plugin: str = ""


@attrs.frozen
class ClassificationRule:
    """A rule that puts each initiative in a named class (e.g. its service model).

    ``classify(initiative)`` returns a short label (an enum's value or a string),
    or ``None`` when it cannot say. Each classification name is unique.
    """

    name: str = attrs.field(validator=_name)
    classify: Callable[[Initiative], str | enum.Enum | None] = attrs.field(validator=_callable)
    description: str = ""
    plugin: str = ""


@attrs.frozen
class MaturityCheck:
    """A check over a whole assessment that yields findings (e.g. "no quick wins yet").

    ``check(assessment)`` returns an iterable of :class:`Finding`; the engine stamps
    each with the check's name and plugin. ``step`` is the step of the Star the
    check belongs to. With ``uses_evaluation=True`` the check is called as
    ``check(assessment, evaluation)`` and sees every score and classification
    (plugins' included), so its findings agree with the report.
    """

    name: str = attrs.field(validator=_name)
    check: Callable[..., Iterable[Finding]] = attrs.field(validator=_callable)
    description: str = ""
    step: Step | None = None
    plugin: str = ""
    uses_evaluation: bool = False


def _kinds(_instance: object, attribute: attrs.Attribute[tuple[str, ...]], value: object) -> None:
    if not isinstance(value, tuple) or not value:
        raise ValueError(f"{attribute.name} must be a non-empty tuple of report kinds")
    for kind in value:
        if kind != ANY_KIND and (not isinstance(kind, str) or _FORMAT.fullmatch(kind) is None):
            raise ValueError(f"report kind must be a short lowercase name or '*', got {kind!r}")


@attrs.frozen
class Exporter:
    """A report format: ``render(report)`` returns text or bytes.

    ``format`` is the name users pass to ``--format``; ``media_type`` and
    ``suffix`` describe the output (``"text/html"``, ``".html"``). ``kinds`` are
    the report kinds it renders (``"assessment"``, ``"likert"``, ``"allocation"``,
    ``"match"``, …; see :class:`coprod.ReportValue`), or ``("*",)`` for every kind,
    rendered through the report's ``tables()``. One format name may be served by
    several exporters as long as their kinds do not overlap.

    ``write(report, stream)``, optional, writes the same text as ``render`` to a text
    stream, piece by piece, so memory grows with one row rather than the whole report.
    When it is given, the command line streams into the temporary file of its atomic
    write (a failure midway still leaves nothing); ``render`` stays for every other
    caller and must give the same text.
    """

    format: str = attrs.field(validator=_name)
    media_type: str = attrs.field(validator=attrs.validators.instance_of(str))
    suffix: str = attrs.field(validator=attrs.validators.matches_re(r"\.[A-Za-z0-9]{1,10}"))
    render: Callable[[Any], str | bytes] = attrs.field(validator=_callable)
    description: str = ""
    plugin: str = ""
    kinds: tuple[str, ...] = attrs.field(default=("assessment",), validator=_kinds)
    write: Callable[[Any, TextIO], None] | None = attrs.field(
        default=None, validator=attrs.validators.optional(_callable)
    )

    @format.validator
    def _short_format(self, _attribute: attrs.Attribute[str], value: str) -> None:
        if _FORMAT.fullmatch(value) is None:
            raise ValueError(f"format must be a short lowercase name like 'json', got {value!r}")

    def renders(self, kind: str) -> bool:
        """Whether this exporter renders reports of ``kind``."""
        return kind in self.kinds or ANY_KIND in self.kinds

    @classmethod
    def standard(
        cls,
        format: str,
        render: Callable[[Any], str | bytes],
        *,
        kinds: tuple[str, ...],
        description: str = "",
        write: Callable[[Any, TextIO], None] | None = None,
    ) -> Exporter:
        """An exporter of one of the standard formats, its media type and suffix filled in.

        ``format`` is a key of :data:`STANDARD_FORMATS` (``summary``, ``json``, ``csv``,
        ``markdown``, ``html``); another name is a :class:`KeyError` listing them.
        """
        try:
            media_type, suffix = STANDARD_FORMATS[format]
        except KeyError:
            known = ", ".join(STANDARD_FORMATS)
            raise KeyError(f"{format!r} is not a standard format (standard: {known})") from None
        return cls(
            format=format,
            media_type=media_type,
            suffix=suffix,
            render=render,
            description=description,
            kinds=kinds,
            write=write,
        )


#: The standard report formats: name → (media type, file suffix).
STANDARD_FORMATS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "summary": ("text/plain", ".txt"),
        "json": ("application/json", ".json"),
        "csv": ("text/csv", ".csv"),
        "markdown": ("text/markdown", ".md"),
        "html": ("text/html", ".html"),
    }
)


# --- Faults of plugin code -----------------------------------------------------------


class StopRun(BaseException):
    """Raised from outside plugin code (a signal handler, e.g. the CLI's ``--timeout``)
    to stop a run. Like :class:`KeyboardInterrupt` it is never counted as a fault of
    the plugin whose code happened to be running."""


def is_plugin_fault(error: BaseException) -> bool:
    """Whether ``error``, raised by plugin code, is the plugin's fault.

    Every exception is (``SystemExit`` and other ``BaseException`` subclasses
    included: a plugin must not end coprod), except :class:`KeyboardInterrupt` and
    :class:`StopRun`, which come from outside and must go on stopping the run.
    """
    return not isinstance(error, (KeyboardInterrupt, StopRun))


#: The longest text of a plugin's fault kept in a message (one line, never a page).
MAX_FAULT_TEXT = 300

_repr = reprlib.Repr()
_repr.maxstring = 80
_repr.maxother = 80
_repr.maxlong = 40


def one_line(text: str, limit: int = MAX_FAULT_TEXT) -> str:
    """``text`` on one line (runs of whitespace become one space), cut to ``limit``."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def safe_repr(value: object) -> str:
    """A short ``repr`` of a plugin's value that cannot fail, however odd the value.

    Ints too long to print (Python refuses beyond 4,300 digits) are described by
    their size; an object whose ``repr`` raises is described by its type.
    """
    if type(value) is int and value.bit_length() > 200:
        digits = int(value.bit_length() * 0.30103) + 1
        return f"{'-' if value < 0 else ''}an int of about {digits} digits"
    try:
        return one_line(_repr.repr(value))
    except Exception:
        return f"a {type(value).__name__} that cannot be shown"


def describe_fault(error: BaseException) -> str:
    """``"TypeError: message"`` on one bounded line, even if ``str(error)`` itself fails."""
    try:
        detail = str(error)
    except Exception:
        detail = "(its message cannot be shown)"
    name = type(error).__name__
    return one_line(f"{name}: {detail}" if detail else name)

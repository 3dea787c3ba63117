"""Grow it: appraising the business case of co-production (issue 12).

Seed ``002_ea409380ef17158f.txt`` calls the business case "a must": "establishing the
direct and indirect costs and benefits of co-production initiatives is crucial to
convincing sceptics – and particularly budget holders". This package appraises one:

- :class:`AppraisalCase` of :class:`Cost`, :class:`Benefit` and
  :class:`VolunteerHours` flows, year by year, each tagged with the form of
  co-production it belongs to (substitutive or additive, ``002_…``, ``004_…``);
- :func:`appraise` with a named, versioned :class:`ParameterSet` (the bundled
  HM Treasury Green Book 2022 schedules, or a plugin's): present values, NPV,
  benefit-cost ratio, payback year, optimism bias, SROI adjustments, the form mix;
- :func:`switching_value`, :func:`tornado` and :func:`tornado_svg` for sensitivity.

Everything but :mod:`coprod.appraisal.parameters` (which reads the bundled data files)
is pure. The method and its sources are in ``docs/appraisal.md``.

Names load on first use (PEP 562, as in :mod:`coprod`): the plugin hooks name
:class:`ParameterSet` without paying for the appraisal machinery.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coprod._lazy import lazy_names

if TYPE_CHECKING:
    from coprod.appraisal._numbers import present_factor, present_money, present_ratio
    from coprod.appraisal.chart import tornado_svg
    from coprod.appraisal.flows import (
        AppraisalCase,
        Benefit,
        BenefitType,
        Cost,
        Directness,
        Party,
        Recurrence,
        SroiAdjustments,
        VolunteerHours,
    )
    from coprod.appraisal.parameters import (
        DEFAULT_PARAMETER_SET,
        bundled_parameter_sets,
        parameter_set,
        parse_parameter_set,
    )
    from coprod.appraisal.parameters_model import (
        DiscountBand,
        DiscountSchedule,
        ParameterSet,
        ParameterSetRef,
        UnitValue,
        discount_factors,
    )
    from coprod.appraisal.results import (
        AppraisalResult,
        FlowKind,
        FlowLine,
        FormYear,
        YearFigures,
        appraise,
    )
    from coprod.appraisal.sensitivity import (
        Assumption,
        Scenario,
        SwitchingValue,
        Tornado,
        TornadoBar,
        benefits_factor,
        costs_factor,
        discount_rate,
        flow_amount,
        optimism_bias,
        sroi_adjustment,
        switching_value,
        tornado,
        volunteer_rate,
    )

#: Where each public name lives (module → names), imported on first use.
_EXPORTS: dict[str, tuple[str, ...]] = {
    "coprod.appraisal._numbers": (
        "present_factor",
        "present_money",
        "present_ratio",
    ),
    "coprod.appraisal.results": (
        "AppraisalResult",
        "FlowKind",
        "FlowLine",
        "FormYear",
        "YearFigures",
        "appraise",
    ),
    "coprod.appraisal.chart": ("tornado_svg",),
    "coprod.appraisal.flows": (
        "AppraisalCase",
        "Benefit",
        "BenefitType",
        "Cost",
        "Directness",
        "Party",
        "Recurrence",
        "SroiAdjustments",
        "VolunteerHours",
    ),
    "coprod.appraisal.parameters": (
        "DEFAULT_PARAMETER_SET",
        "bundled_parameter_sets",
        "parameter_set",
        "parse_parameter_set",
    ),
    "coprod.appraisal.parameters_model": (
        "DiscountBand",
        "DiscountSchedule",
        "ParameterSet",
        "ParameterSetRef",
        "UnitValue",
        "discount_factors",
    ),
    "coprod.appraisal.sensitivity": (
        "Assumption",
        "Scenario",
        "SwitchingValue",
        "Tornado",
        "TornadoBar",
        "benefits_factor",
        "costs_factor",
        "discount_rate",
        "flow_amount",
        "optimism_bias",
        "sroi_adjustment",
        "switching_value",
        "tornado",
        "volunteer_rate",
    ),
}
__all__ = [
    "DEFAULT_PARAMETER_SET",
    "AppraisalCase",
    "AppraisalResult",
    "Assumption",
    "Benefit",
    "BenefitType",
    "Cost",
    "Directness",
    "DiscountBand",
    "DiscountSchedule",
    "FlowKind",
    "FlowLine",
    "FormYear",
    "ParameterSet",
    "ParameterSetRef",
    "Party",
    "Recurrence",
    "Scenario",
    "SroiAdjustments",
    "SwitchingValue",
    "Tornado",
    "TornadoBar",
    "UnitValue",
    "VolunteerHours",
    "YearFigures",
    "appraise",
    "benefits_factor",
    "bundled_parameter_sets",
    "costs_factor",
    "discount_factors",
    "discount_rate",
    "flow_amount",
    "optimism_bias",
    "parameter_set",
    "parse_parameter_set",
    "present_factor",
    "present_money",
    "present_ratio",
    "sroi_adjustment",
    "switching_value",
    "tornado",
    "tornado_svg",
    "volunteer_rate",
]

__getattr__, __dir__ = lazy_names("coprod.appraisal", _EXPORTS, globals(), __all__)

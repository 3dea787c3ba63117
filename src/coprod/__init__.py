"""coprod: the Co-Production Star as a typed Python library.

The public API is re-exported here (see ``docs/api.md``); submodules are
implementation detail unless documented: ``coprod.surveys``, ``coprod.people``,
``coprod.testing`` and ``coprod.io.safe_text`` are public. Importing coprod loads no
plugins, reads no files and does not import networkx.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coprod.engine import (
    Classification,
    Contribution,
    Evaluation,
    MetricScore,
    evaluate,
)
from coprod.errors import (
    CoprodError,
    InvalidInputError,
    PluginError,
    Problem,
    TaxonomyConflictError,
)
from coprod.findings import Finding, Severity, finding_order
from coprod.hookspecs import hookimpl
from coprod.model.assessment import (
    Assessment,
    Initiative,
    InitiativeStatus,
    Organisation,
    Service,
    integrity_problems,
)
from coprod.model.barriers import Barrier, BarrierCategory, BarrierTaxonomy, seed_barrier_taxonomy
from coprod.model.benefits import (
    BenefitCategory,
    Resource,
    StakeholderBenefits,
    StakeholderGroup,
    stakeholder_benefits,
)
from coprod.model.cases import (
    SEED_FILES,
    CaseStudy,
    KeyFigure,
    Sector,
    case_studies,
    case_study,
    cases_for,
)
from coprod.model.explorer import (
    Actor,
    CoProfile,
    ExplorerEntry,
    ExplorerGap,
    Extent,
    explorer_gaps,
    star_profile,
)
from coprod.model.grow import (
    DEFAULT_VOLUNTEER_HOURLY_RATE,
    BusinessCase,
    GrowMethod,
    StaffRole,
    VolunteerTime,
    value_volunteer_time,
)
from coprod.model.market import (
    Charter,
    CharterParty,
    CharterRole,
    Incentive,
    IncentiveKind,
    Nudge,
    incentive_examples,
)
from coprod.model.priority import (
    DEFAULT_PRIORITY_SCHEME,
    PriorityPosition,
    PriorityQuadrant,
    PriorityRatings,
    PriorityScheme,
    place_on_priority_matrix,
)
from coprod.model.resource_shift import CoProductionForm, ResourceInputs, classify_resource_shift
from coprod.model.service_model import (
    DEFAULT_INVOLVEMENT_SCALE,
    InvolvementScale,
    Level,
    ServiceModel,
    classify_service_model,
)
from coprod.model.stakeholders import (
    Propensity,
    Relationship,
    Stakeholder,
    StakeholderQuadrant,
    Stance,
    classify_stakeholder,
)
from coprod.model.star import Co, Step
from coprod.plugins import PluginInfo, PluginManager, PluginWarning, make_plugin_manager
from coprod.registry import (
    BatchScoringRule,
    ClassificationRule,
    Exporter,
    MaturityCheck,
    ScoringRule,
)
from coprod.report_value import ReportValue, Table

if TYPE_CHECKING:
    from coprod.io.documents import dump_assessment, load_assessment
    from coprod.report import Report, build_report

__version__ = "0.1.0.dev0"

# Loaded on first use: they pull in cattrs and the report machinery.
_LAZY = {
    "load_assessment": "coprod.io.documents",
    "dump_assessment": "coprod.io.documents",
    "Report": "coprod.report",
    "build_report": "coprod.report",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'coprod' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)


__all__ = [
    "DEFAULT_INVOLVEMENT_SCALE",
    "DEFAULT_PRIORITY_SCHEME",
    "DEFAULT_VOLUNTEER_HOURLY_RATE",
    "SEED_FILES",
    "Actor",
    "Assessment",
    "Barrier",
    "BarrierCategory",
    "BarrierTaxonomy",
    "BatchScoringRule",
    "BenefitCategory",
    "BusinessCase",
    "CaseStudy",
    "Charter",
    "CharterParty",
    "CharterRole",
    "Classification",
    "ClassificationRule",
    "Co",
    "CoProductionForm",
    "CoProfile",
    "Contribution",
    "CoprodError",
    "Evaluation",
    "ExplorerEntry",
    "ExplorerGap",
    "Exporter",
    "Extent",
    "Finding",
    "GrowMethod",
    "Incentive",
    "IncentiveKind",
    "Initiative",
    "InitiativeStatus",
    "InvalidInputError",
    "InvolvementScale",
    "KeyFigure",
    "Level",
    "MaturityCheck",
    "MetricScore",
    "Nudge",
    "Organisation",
    "PluginError",
    "PluginInfo",
    "PluginManager",
    "PluginWarning",
    "PriorityPosition",
    "PriorityQuadrant",
    "PriorityRatings",
    "PriorityScheme",
    "Problem",
    "Propensity",
    "Relationship",
    "Report",
    "ReportValue",
    "Resource",
    "ResourceInputs",
    "ScoringRule",
    "Sector",
    "Service",
    "ServiceModel",
    "Severity",
    "StaffRole",
    "Stakeholder",
    "StakeholderBenefits",
    "StakeholderGroup",
    "StakeholderQuadrant",
    "Stance",
    "Step",
    "Table",
    "TaxonomyConflictError",
    "VolunteerTime",
    "__version__",
    "build_report",
    "case_studies",
    "case_study",
    "cases_for",
    "classify_resource_shift",
    "classify_service_model",
    "classify_stakeholder",
    "dump_assessment",
    "evaluate",
    "explorer_gaps",
    "finding_order",
    "hookimpl",
    "incentive_examples",
    "integrity_problems",
    "load_assessment",
    "make_plugin_manager",
    "place_on_priority_matrix",
    "seed_barrier_taxonomy",
    "stakeholder_benefits",
    "star_profile",
    "value_volunteer_time",
]

"""coprod: the Co-Production Star as a typed Python library.

The public API is re-exported here (see ``docs/api.md``); submodules are
implementation detail unless documented: ``coprod.surveys``, ``coprod.people``,
``coprod.testing``, ``coprod.io.safe_text``, ``coprod.appraisal`` (docs/appraisal.md),
``coprod.model.agreement`` (docs/agreement.md) and ``coprod.priorities`` with
``coprod.io.pabulib`` (docs/priorities.md) are public. Importing coprod loads no
plugins, reads no files and does not import networkx.

Every public name is imported on first use (PEP 562 ``__getattr__``, made by
``coprod._lazy``): ``import coprod`` imports no other submodule, so a command or a
plugin pays only for what it touches (benchmarks/bench_import.py measures it).
``_EXPORTS`` below is the list of public names and where each lives; the
``TYPE_CHECKING`` imports say the same for type checkers and editors, and a test
checks they agree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coprod._lazy import lazy_names

if TYPE_CHECKING:
    from coprod.catalogues import (
        benefit_categories,
        case_studies,
        case_study,
        cases_for,
        grow_methods,
        incentive_examples,
        priority_advice,
        seed_barrier_taxonomy,
        stakeholder_advice,
        stakeholder_benefits,
    )
    from coprod.contributions import (
        BatchScoringRule,
        ClassificationRule,
        Exporter,
        MaturityCheck,
        ScoringRule,
    )
    from coprod.errors import (
        CoprodError,
        InvalidInputError,
        PluginError,
        Problem,
        TableLocation,
        TaxonomyConflictError,
    )
    from coprod.evaluation import (
        CheckRef,
        Classification,
        Contribution,
        ContributionStatus,
        Evaluation,
        MetricScore,
        RuleRef,
        Rules,
        evaluate,
    )
    from coprod.findings import (
        Finding,
        Severity,
        finding_order,
    )
    from coprod.hookspecs import hookimpl
    from coprod.io.documents import (
        dump_assessment,
        load_assessment,
    )
    from coprod.model.advice import Advice
    from coprod.model.assessment import (
        Assessment,
        Initiative,
        InitiativeStatus,
        Organisation,
        ResourceUnit,
        Service,
        integrity_problems,
    )
    from coprod.model.barriers import (
        Barrier,
        BarrierCategory,
        BarrierTaxonomy,
    )
    from coprod.model.benefits import (
        BenefitCategory,
        CategoryBenefits,
        Resource,
        StakeholderBenefits,
        StakeholderGroup,
    )
    from coprod.model.cases import (
        SEED_FILES,
        CaseStudy,
        KeyFigure,
        Sector,
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
        GrowMethodDescription,
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
    )
    from coprod.model.priority import (
        DEFAULT_PRIORITY_SCHEME,
        PriorityPosition,
        PriorityQuadrant,
        PriorityRatings,
        PriorityScheme,
        place_on_priority_matrix,
    )
    from coprod.model.resource_shift import (
        CoProductionForm,
        ResourceInputs,
        classify_resource_shift,
    )
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
    from coprod.model.star import (
        Co,
        Step,
    )
    from coprod.plugins import (
        PluginInfo,
        PluginManager,
        PluginWarning,
        make_plugin_manager,
    )
    from coprod.report import (
        Provenance,
        Report,
        build_report,
        provenance_of,
    )
    from coprod.report_value import (
        ReportValue,
        Table,
    )

__version__ = "0.1.0.dev0"

#: Where each public name lives (module → names), imported on first use.
_EXPORTS: dict[str, tuple[str, ...]] = {
    "coprod.catalogues": (
        "benefit_categories",
        "case_studies",
        "case_study",
        "cases_for",
        "grow_methods",
        "incentive_examples",
        "priority_advice",
        "seed_barrier_taxonomy",
        "stakeholder_advice",
        "stakeholder_benefits",
    ),
    "coprod.evaluation": (
        "CheckRef",
        "Classification",
        "Contribution",
        "ContributionStatus",
        "Evaluation",
        "MetricScore",
        "RuleRef",
        "Rules",
        "evaluate",
    ),
    "coprod.errors": (
        "CoprodError",
        "InvalidInputError",
        "PluginError",
        "Problem",
        "TableLocation",
        "TaxonomyConflictError",
    ),
    "coprod.findings": ("Finding", "Severity", "finding_order"),
    "coprod.hookspecs": ("hookimpl",),
    "coprod.model.assessment": (
        "Assessment",
        "Initiative",
        "InitiativeStatus",
        "Organisation",
        "ResourceUnit",
        "Service",
        "integrity_problems",
    ),
    "coprod.model.barriers": (
        "Barrier",
        "BarrierCategory",
        "BarrierTaxonomy",
    ),
    "coprod.model.benefits": (
        "BenefitCategory",
        "CategoryBenefits",
        "Resource",
        "StakeholderBenefits",
        "StakeholderGroup",
    ),
    "coprod.model.cases": (
        "SEED_FILES",
        "CaseStudy",
        "KeyFigure",
        "Sector",
    ),
    "coprod.model.explorer": (
        "Actor",
        "CoProfile",
        "ExplorerEntry",
        "ExplorerGap",
        "Extent",
        "explorer_gaps",
        "star_profile",
    ),
    "coprod.model.grow": (
        "DEFAULT_VOLUNTEER_HOURLY_RATE",
        "BusinessCase",
        "GrowMethod",
        "GrowMethodDescription",
        "StaffRole",
        "VolunteerTime",
        "value_volunteer_time",
    ),
    "coprod.model.market": (
        "Charter",
        "CharterParty",
        "CharterRole",
        "Incentive",
        "IncentiveKind",
        "Nudge",
    ),
    "coprod.model.priority": (
        "DEFAULT_PRIORITY_SCHEME",
        "PriorityPosition",
        "PriorityQuadrant",
        "PriorityRatings",
        "PriorityScheme",
        "place_on_priority_matrix",
    ),
    "coprod.model.resource_shift": (
        "CoProductionForm",
        "ResourceInputs",
        "classify_resource_shift",
    ),
    "coprod.model.service_model": (
        "DEFAULT_INVOLVEMENT_SCALE",
        "InvolvementScale",
        "Level",
        "ServiceModel",
        "classify_service_model",
    ),
    "coprod.model.stakeholders": (
        "Propensity",
        "Relationship",
        "Stakeholder",
        "StakeholderQuadrant",
        "Stance",
        "classify_stakeholder",
    ),
    "coprod.model.star": ("Co", "Step"),
    "coprod.model.advice": ("Advice",),
    "coprod.plugins": ("PluginInfo", "PluginManager", "PluginWarning", "make_plugin_manager"),
    "coprod.contributions": (
        "BatchScoringRule",
        "ClassificationRule",
        "Exporter",
        "MaturityCheck",
        "ScoringRule",
    ),
    "coprod.report_value": ("ReportValue", "Table"),
    "coprod.io.documents": ("dump_assessment", "load_assessment"),
    "coprod.report": ("Provenance", "Report", "build_report", "provenance_of"),
}
__all__ = [
    "DEFAULT_INVOLVEMENT_SCALE",
    "DEFAULT_PRIORITY_SCHEME",
    "DEFAULT_VOLUNTEER_HOURLY_RATE",
    "SEED_FILES",
    "Actor",
    "Advice",
    "Assessment",
    "Barrier",
    "BarrierCategory",
    "BarrierTaxonomy",
    "BatchScoringRule",
    "BenefitCategory",
    "BusinessCase",
    "CaseStudy",
    "CategoryBenefits",
    "Charter",
    "CharterParty",
    "CharterRole",
    "CheckRef",
    "Classification",
    "ClassificationRule",
    "Co",
    "CoProductionForm",
    "CoProfile",
    "Contribution",
    "ContributionStatus",
    "CoprodError",
    "Evaluation",
    "ExplorerEntry",
    "ExplorerGap",
    "Exporter",
    "Extent",
    "Finding",
    "GrowMethod",
    "GrowMethodDescription",
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
    "Provenance",
    "Relationship",
    "Report",
    "ReportValue",
    "Resource",
    "ResourceInputs",
    "ResourceUnit",
    "RuleRef",
    "Rules",
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
    "TableLocation",
    "TaxonomyConflictError",
    "VolunteerTime",
    "__version__",
    "benefit_categories",
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
    "grow_methods",
    "hookimpl",
    "incentive_examples",
    "integrity_problems",
    "load_assessment",
    "make_plugin_manager",
    "place_on_priority_matrix",
    "priority_advice",
    "provenance_of",
    "seed_barrier_taxonomy",
    "stakeholder_advice",
    "stakeholder_benefits",
    "star_profile",
    "value_volunteer_time",
]

__getattr__, __dir__ = lazy_names("coprod", _EXPORTS, globals(), __all__)

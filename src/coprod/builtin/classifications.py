"""Built-in plugin: the service-model and resource-shift classifications.

``service-model`` places an initiative on the 2×2 of ``001_…``/``002_…`` from its
involvement levels; ``co-production-form`` names the form of its resource shift
(substitutive, additive, …; ``002_…``). Both say ``None`` when the initiative does
not record what they need.
"""

from __future__ import annotations

from collections.abc import Callable

from coprod.contributions import CO_PRODUCTION_FORM, SERVICE_MODEL, ClassificationRule
from coprod.hookspecs import hookimpl
from coprod.model.assessment import Initiative
from coprod.model.resource_shift import CoProductionForm
from coprod.model.service_model import ServiceModel, classify_service_model

__all__ = ["CO_PRODUCTION_FORM", "SERVICE_MODEL", "co_production_form", "service_model"]


def service_model(initiative: Initiative) -> ServiceModel | None:
    """The initiative's service model, or None if either involvement is unrecorded."""
    users, professionals = initiative.user_involvement, initiative.professional_involvement
    if users is None or professionals is None:
        return None
    return classify_service_model(user_involvement=users, professional_involvement=professionals)


def co_production_form(initiative: Initiative) -> CoProductionForm | None:
    """The form of the initiative's resource shift, or None without resource figures."""
    return None if initiative.resources is None else initiative.resources.form


@hookimpl
def register_scoring_rules(register: Callable[[ClassificationRule], None]) -> None:
    """Register the two classifications."""
    register(
        ClassificationRule(
            name=SERVICE_MODEL,
            classify=service_model,
            description="The 2×2 of user/community × professional involvement.",
        )
    )
    register(
        ClassificationRule(
            name=CO_PRODUCTION_FORM,
            classify=co_production_form,
            description="Substitutive, additive or another shift in public/community inputs.",
        )
    )

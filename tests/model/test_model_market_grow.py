"""Market it (incentives, nudges, charters) and Grow it (business case, methods)."""

from __future__ import annotations

import math

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coprod.catalogues import case_study, grow_methods, incentive_examples
from coprod.model.cases import SEED_FILES
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
)

# --- Market it -----------------------------------------------------------------


def _role(party: CharterParty = CharterParty.CITIZENS, **kw: object) -> CharterRole:
    fields: dict[str, object] = {
        "party": party,
        "role": "environmental champion",
        "responsibilities": ("do things safely", "report any problems"),
    }
    fields.update(kw)
    return CharterRole(**fields)  # type: ignore[arg-type]


def test_incentive_kinds_of_003() -> None:
    assert [k.value for k in IncentiveKind] == ["psychological", "recognition award", "monetary"]
    assert not IncentiveKind.PSYCHOLOGICAL.formal
    assert IncentiveKind.MONETARY.formal


def test_incentive_examples_of_002_link_to_cases() -> None:
    examples = incentive_examples()
    assert {e.kind for e in examples} == set(IncentiveKind)
    assert all(e.seed in SEED_FILES for e in examples)
    lottery = next(e for e in examples if e.name == "Speed Camera Lottery")
    assert lottery.kind is IncentiveKind.MONETARY
    for example in examples:
        if example.case_id is not None:
            assert case_study(example.case_id)  # the linked case exists


def test_incentive_and_nudge_validation() -> None:
    with pytest.raises(ValueError, match="name"):
        Incentive(name=" ", kind=IncentiveKind.MONETARY, description="x")
    with pytest.raises(TypeError):
        Incentive(name="x", kind="monetary", description="x")  # type: ignore[arg-type]
    nudge = Nudge(name="Lottery", target_behaviour="keep to the speed limit")
    assert nudge.description == ""
    with pytest.raises(ValueError, match="target_behaviour"):
        Nudge(name="x", target_behaviour="")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        nudge.name = "y"  # type: ignore[misc]


def test_charter_covers_parties_once_with_a_conflict_mechanism() -> None:
    charter = Charter(
        name="Environmental Champions charter",
        roles=[
            _role(support=("litter pickers and bags", "a named council contact")),
            _role(CharterParty.STAFF, role="neighbourhood officer", responsibilities=("reply",)),
        ],
        conflict_mechanism="Disagreements go to the neighbourhood forum chair.",
        agency_commitments=("insurance for champions",),
    )
    assert charter.parties == (CharterParty.CITIZENS, CharterParty.STAFF)
    assert charter.missing_parties == (CharterParty.SERVICE_USERS,)
    assert charter.role_of(CharterParty.CITIZENS).support[1] == "a named council contact"
    with pytest.raises(KeyError, match="service users"):
        charter.role_of(CharterParty.SERVICE_USERS)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        charter.conflict_mechanism = ""  # type: ignore[misc]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"roles": ()}, "at least one party"),
        ({"roles": (_role(), _role())}, "'citizens' repeats"),
        ({"conflict_mechanism": "  "}, "conflict_mechanism"),
        ({"name": ""}, "name"),
        ({"agency_commitments": ("",)}, "agency_commitments"),
    ],
)
def test_invalid_charters_are_rejected(kwargs: dict[str, object], message: str) -> None:
    fields: dict[str, object] = {
        "name": "Charter",
        "roles": (_role(),),
        "conflict_mechanism": "Mediation by the forum chair.",
    }
    fields.update(kwargs)
    with pytest.raises(ValueError, match=message):
        Charter(**fields)  # type: ignore[arg-type]


def test_charter_roles_need_responsibilities() -> None:
    with pytest.raises(ValueError, match="at least one responsibility"):
        _role(responsibilities=())
    with pytest.raises(ValueError, match="responsibilities"):
        _role(responsibilities=("ok", " "))
    with pytest.raises(TypeError):
        _role(responsibilities="a single string")
    with pytest.raises(TypeError):
        _role(party="citizens")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Charter(name="c", roles=("citizens",), conflict_mechanism="m")  # type: ignore[arg-type]


# --- Grow it -------------------------------------------------------------------


def test_default_rate_is_wiltshire_value_per_hour() -> None:
    assert DEFAULT_VOLUNTEER_HOURLY_RATE == 8.0
    wiltshire = case_study("wiltshire-community-speedwatch")
    hours = next(f for f in wiltshire.figures if f.value == "14,076 hours")
    value = next(f for f in wiltshire.figures if f.value == "£112,608")
    assert hours.number is not None
    assert value.number is not None
    assert value_volunteer_time(hours.number) == value.number


@pytest.mark.parametrize("bad", [-1.0, float("nan"), float("inf"), -math.inf])
def test_value_volunteer_time_rejects_bad_input(bad: float) -> None:
    with pytest.raises(ValueError, match="hours"):
        value_volunteer_time(bad)
    with pytest.raises(ValueError, match="hourly_rate"):
        value_volunteer_time(1.0, bad)
    with pytest.raises(TypeError):
        value_volunteer_time(True)


amounts = st.floats(min_value=0, max_value=1e12, allow_nan=False, allow_infinity=False)


@given(
    dc=amounts,
    ic=amounts,
    db=amounts,
    ib=amounts,
    hours=st.floats(min_value=0, max_value=1e6),
    rate=st.floats(min_value=0, max_value=1e3),
    treatment=st.sampled_from(VolunteerTime),
)
def test_business_case_arithmetic(
    dc: float, ic: float, db: float, ib: float, hours: float, rate: float, treatment: VolunteerTime
) -> None:
    case = BusinessCase(
        direct_costs=dc,
        indirect_costs=ic,
        direct_benefits=db,
        indirect_benefits=ib,
        volunteer_hours=hours,
        volunteer_hourly_rate=rate,
        volunteer_time=treatment,
    )
    volunteer = value_volunteer_time(hours, rate)
    costs = dc + ic + (volunteer if treatment is VolunteerTime.COST else 0.0)
    benefits = db + ib + (volunteer if treatment is VolunteerTime.BENEFIT else 0.0)
    assert math.isclose(case.total_costs, costs)
    assert math.isclose(case.total_benefits, benefits)
    assert math.isclose(case.net_benefit, benefits - costs, abs_tol=1e-6)
    ratio = case.benefit_cost_ratio
    if case.total_costs == 0 or not math.isfinite(case.total_benefits / case.total_costs):
        # No costs, or costs so near zero that the ratio overflows: no ratio to give.
        assert ratio is None
    else:
        assert ratio is not None
        assert math.isclose(ratio * case.total_costs, case.total_benefits, abs_tol=1e-6)
        assert (ratio > 1) == (case.net_benefit > 0) or math.isclose(ratio, 1)


@given(
    field=st.sampled_from(
        [
            "direct_costs",
            "indirect_costs",
            "direct_benefits",
            "indirect_benefits",
            "volunteer_hours",
            "volunteer_hourly_rate",
        ]
    ),
    bad=st.sampled_from([float("nan"), float("inf"), -float("inf")])
    | st.floats(max_value=-1e-9, allow_nan=False, allow_infinity=False),
)
def test_business_case_rejects_bad_amounts_naming_the_field(field: str, bad: float) -> None:
    with pytest.raises(ValueError, match=field):
        BusinessCase(**{field: bad})  # type: ignore[arg-type]


def test_business_case_rejects_non_numbers_and_overflow() -> None:
    with pytest.raises(TypeError, match="direct_costs"):
        BusinessCase(direct_costs="100")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="direct_costs"):
        BusinessCase(direct_costs=True)
    with pytest.raises(ValueError, match="overflow"):
        BusinessCase(direct_costs=1e308, indirect_costs=1e308)


def test_business_case_defaults_and_frozen() -> None:
    case = BusinessCase(direct_benefits=100, volunteer_hours=10)
    assert case.volunteer_value == 80.0
    assert case.total_benefits == 180.0
    assert case.benefit_cost_ratio is None
    assert case.net_benefit == 180.0
    assert BusinessCase(direct_costs=50, direct_benefits=100).benefit_cost_ratio == 2.0
    excluded = BusinessCase(
        direct_costs=10, volunteer_hours=10, volunteer_time=VolunteerTime.EXCLUDED
    )
    assert excluded.net_benefit == -10.0
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        case.direct_costs = 1.0  # type: ignore[misc]


def test_grow_methods_cite_seeds() -> None:
    assert list(grow_methods()) == list(GrowMethod)
    for method, entry in grow_methods().items():
        assert entry.method is method
        assert entry.description
        assert entry.seeds
        assert set(entry.seeds) <= set(SEED_FILES)
    assert GrowMethod.BUSINESS_CASE.value == "business case"


def test_staff_roles_hr_should_reward() -> None:
    assert StaffRole.COMMUNITY_CATALYST.promotes_co_production
    assert StaffRole.ENABLER.promotes_co_production
    assert not StaffRole.PROBLEM_SOLVER.promotes_co_production

"""People it: matching capabilities to needs, and the stakeholder network.

Step 3 of the Co-Production Star, "People it!" (``002_ea409380ef17158f.txt``,
``003_eb91abacab6ac2c6.txt``, ``004_2ab9b3d444068e57.txt``): a Capabilities
Assessment maps what people already do, could do and will share, and finds people
or organisations who need it; time banks match members who offer help with members
who need it, with references and protection checks; the stakeholder matrix and the
relationships between stakeholders show who can carry co-production forward.

networkx (and SciPy, for the optional ``coprod[fast]`` extra) are imported only
when a matching or network function runs; importing this package does not import
them. See ``docs/people.md``.
"""

from __future__ import annotations

from coprod.people.explain import CandidateFunnel, UnmatchedReason, explain_unmatched
from coprod.people.matching import (
    AUTO_FAST_PAIRS,
    Engine,
    Match,
    MatchResult,
    Objective,
    UnmatchedNeed,
    eligible_capabilities,
    match_needs,
    scipy_available,
)
from coprod.people.model import (
    PERSONAL,
    Capability,
    CapabilityLevel,
    Frequency,
    MatchProblem,
    Need,
    NeedPriority,
    Provider,
    ProviderKind,
    TimeSlot,
    Verification,
    normalise_area,
    normalise_category,
    personal_fields,
)
from coprod.people.network import (
    Broker,
    ChampionReach,
    NetworkFinding,
    NetworkFindingKind,
    OpponentTies,
    StakeholderNetworkAnalysis,
    analyse_stakeholder_network,
)
from coprod.people.readers import (
    CAPABILITY_COLUMNS,
    NEED_COLUMNS,
    read_capabilities_csv,
    read_match_problem,
    read_needs_csv,
)
from coprod.people.report import (
    SUPPRESSION_THRESHOLD,
    MatchAggregates,
    MatchReport,
    MatchSummary,
    NeedAggregate,
    ReasonAggregate,
    aggregate_needs,
    aggregate_unmatched_reasons,
    match_aggregates,
)
from coprod.people.scoring import (
    SCORE_RESOLUTION,
    DefaultScoring,
    ScoreBreakdown,
    ScoreComponent,
    Scoring,
    score_units,
)

__all__ = [
    "AUTO_FAST_PAIRS",
    "CAPABILITY_COLUMNS",
    "NEED_COLUMNS",
    "PERSONAL",
    "SCORE_RESOLUTION",
    "SUPPRESSION_THRESHOLD",
    "Broker",
    "CandidateFunnel",
    "Capability",
    "CapabilityLevel",
    "ChampionReach",
    "DefaultScoring",
    "Engine",
    "Frequency",
    "Match",
    "MatchAggregates",
    "MatchProblem",
    "MatchReport",
    "MatchResult",
    "MatchSummary",
    "Need",
    "NeedAggregate",
    "NeedPriority",
    "NetworkFinding",
    "NetworkFindingKind",
    "Objective",
    "OpponentTies",
    "Provider",
    "ProviderKind",
    "ReasonAggregate",
    "ScoreBreakdown",
    "ScoreComponent",
    "Scoring",
    "StakeholderNetworkAnalysis",
    "TimeSlot",
    "UnmatchedNeed",
    "UnmatchedReason",
    "Verification",
    "aggregate_needs",
    "aggregate_unmatched_reasons",
    "analyse_stakeholder_network",
    "eligible_capabilities",
    "explain_unmatched",
    "match_aggregates",
    "match_needs",
    "normalise_area",
    "normalise_category",
    "personal_fields",
    "read_capabilities_csv",
    "read_match_problem",
    "read_needs_csv",
    "scipy_available",
    "score_units",
]

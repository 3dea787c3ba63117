"""Matching capabilities to needs: hard constraints, two objectives, explained results.

Sources: ``002_ea409380ef17158f.txt`` (Capabilities Assessment: "seeks out
appropriate 'matches' – people or organisations which can make good use of these
capabilities"), ``003_eb91abacab6ac2c6.txt`` (identifying who is willing to do what
and how), ``004_2ab9b3d444068e57.txt`` (time brokers match members who offer help
with members who need it, with references and, for regular matches, a PVG check;
"systematic mapping of community needs to community capabilities").

Hard constraints, never broken by either objective or any scoring: a provider is
matched only with consent, and a capability only if they are willing to share it;
a need that requires a verified helper gets only a helper verified to that level;
no capability takes more needs than its capacity; nobody is matched to their own
need; a capability must be in the need's category (or a broader one) and cover
its area; with ``strict_availability`` it must also share a time slot with the
need.

Objectives (see ``docs/people.md``): :attr:`Objective.MOST` meets as many needs as
possible (Hopcroft–Karp, capacities as interchangeable slots);
:attr:`Objective.BEST` meets as many needs as possible *and*, among all ways of
doing so, maximises the total score (min-cost flow per connected component).
"""

from __future__ import annotations

import enum
import math
from collections.abc import Sequence

import attrs

from coprod.errors import CoprodError
from coprod.people._hopcroft_karp import maximum_b_matching
from coprod.people._weighted import solve_network_simplex, solve_scipy
from coprod.people.explain import CandidateFunnel, UnmatchedReason, explain_unmatched
from coprod.people.model import Capability, MatchProblem, Need, NeedPriority, Provider, Verification
from coprod.people.scoring import DefaultScoring, ScoreBreakdown, Scoring, score_units
from coprod.progress_callback import ProgressCallback, counted

__all__ = [
    "AUTO_FAST_PAIRS",
    "Engine",
    "Match",
    "MatchResult",
    "Objective",
    "UnmatchedNeed",
    "eligible_capabilities",
    "match_needs",
    "scipy_available",
]

#: With ``engine="auto"``, a component with more allowed pairs than this uses SciPy
#: when it is installed (the ``coprod[fast]`` extra); smaller ones use networkx.
AUTO_FAST_PAIRS = 20_000


class Objective(str, enum.Enum):
    """What a matching optimises (``002_…``, ``004_…``; ``docs/people.md``, "Objectives")."""

    MOST = "most"
    """Most needs met: a maximum-cardinality matching (Hopcroft–Karp)."""
    BEST = "best"
    """Best matches among the most needs met: maximum cardinality, then maximum score."""


class Engine(str, enum.Enum):
    """Which solver the "best" objective uses for large components (``004_…`` matching)."""

    AUTO = "auto"
    """networkx, or SciPy for components above :data:`AUTO_FAST_PAIRS` when installed."""
    PURE = "pure"
    """Always networkx network simplex (pure Python)."""
    FAST = "fast"
    """Always SciPy's sparse matcher; raises if SciPy is not installed."""


@attrs.frozen
class Match:
    """One need met by one capability, with the score that explains it (``002_…``, ``004_…``)."""

    need_id: str
    capability_id: str
    provider_id: str
    requester_id: str
    score: ScoreBreakdown


@attrs.frozen
class UnmatchedNeed:
    """A need left unmet, with reason, candidate funnel and explanation (``002_…``, ``004_…``)."""

    need_id: str
    requester_id: str
    reason: UnmatchedReason
    funnel: CandidateFunnel
    explanation: str


@attrs.frozen
class MatchResult:
    """The outcome of :func:`match_needs`: matches and unmatched needs (``002_…``, ``004_…``).

    ``solvers`` names the algorithms used: ``hopcroft-karp``, and for the "best"
    objective ``direct`` (components of one need or one capability),
    ``network-simplex`` (networkx) and ``scipy``. ``components`` is the number of
    connected components with at least one allowed pair ("best" only).
    """

    objective: Objective
    matches: tuple[Match, ...]
    unmatched: tuple[UnmatchedNeed, ...]
    solvers: tuple[str, ...]
    components: int | None
    problem: MatchProblem = attrs.field(repr=False, eq=False)

    @property
    def total_score(self) -> float:
        """The sum of the matches' scores."""
        # Matches share their breakdowns: each distinct one's total is worked out once.
        totals: dict[int, float] = {}
        for m in self.matches:
            if id(m.score) not in totals:
                totals[id(m.score)] = m.score.total
        return math.fsum([totals[id(m.score)] for m in self.matches])

    @property
    def matched_count(self) -> int:
        """How many needs were met."""
        return len(self.matches)


def scipy_available() -> bool:
    """Whether SciPy (the ``coprod[fast]`` extra for large ``004_…``-style time banks) imports."""
    try:
        import scipy.sparse.csgraph  # noqa: F401
    except ImportError:
        return False
    return True


_REQUIRED_LEVEL = {
    Verification.NONE: 0,
    Verification.REFERENCES: 1,
    Verification.PROTECTION_CHECK: 2,
}

_PRIORITY_RANK = {
    NeedPriority.URGENT: 0,
    NeedPriority.HIGH: 1,
    NeedPriority.NORMAL: 2,
    NeedPriority.LOW: 3,
}


def _categories(category: str) -> list[str]:
    """``a/b/c`` → ``["a/b/c", "a/b", "a"]``: the need's category and broader ones."""
    parts = category.split("/")
    return ["/".join(parts[:k]) for k in range(len(parts), 0, -1)]


# category -> area covered -> capability indices, in capability order
_Buckets = dict[str, dict[str, list[int]]]
_NO_AREAS: dict[str, list[int]] = {}


@attrs.define
class _Index:
    """Capabilities indexed by category and area, and per-capability facts.

    ``buckets`` holds every capability by (category, area covered), ``anywhere``
    those offered regardless of place; ``usable[j]`` says whether capability ``j``
    has consent, willingness to share and capacity.
    """

    capabilities: Sequence[Capability]
    providers: list[Provider]  # provider of capability j
    owner: list[str]
    consenting: list[bool]
    level: list[int]
    by_category: dict[str, int]
    buckets: _Buckets
    anywhere: dict[str, list[int]]
    usable: list[bool]
    broader: dict[str, list[str]] = attrs.field(factory=dict)

    @classmethod
    def build(cls, problem: MatchProblem, min_references: int) -> _Index:
        by_id = {p.id: p for p in problem.providers}
        caps = problem.capabilities
        providers = [by_id[c.provider_id] for c in caps]
        consenting = [
            p.consent and c.willing_to_share for p, c in zip(providers, caps, strict=True)
        ]
        level = [
            0 if p.references < min_references else (2 if p.protection_check else 1)
            for p in providers
        ]
        by_category: dict[str, int] = {}
        buckets: _Buckets = {}
        anywhere: dict[str, list[int]] = {}
        for j, c in enumerate(caps):
            category = c.category
            by_category[category] = by_category.get(category, 0) + 1
            if c.anywhere:
                anywhere.setdefault(category, []).append(j)
                continue
            areas = buckets.get(category)
            if areas is None:
                areas = buckets[category] = {}
            # Buckets fill in capability order whatever the order of ``also_covers``.
            for area in (c.area, *c.also_covers) if c.also_covers else (c.area,):
                bucket = areas.get(area)
                if bucket is None:
                    bucket = areas[area] = []
                elif bucket[-1] == j:  # the home area listed again in also_covers
                    continue
                bucket.append(j)
        return cls(
            caps,
            providers,
            [p.id for p in providers],
            consenting,
            level,
            by_category,
            buckets,
            anywhere,
            [ok and c.capacity > 0 for ok, c in zip(consenting, caps, strict=True)],
        )

    def categories(self, category: str) -> list[str]:
        """The category and every broader one (cached)."""
        found = self.broader.get(category)
        if found is None:
            found = self.broader[category] = _categories(category)
        return found

    def candidates(self, need: Need) -> list[int]:
        """Capabilities in the need's category (or broader) covering its area, sorted.

        The list may be the index's own: callers must not change it.
        """
        buckets, anywhere = self.buckets, self.anywhere
        categories = self.categories(need.category)
        if len(categories) == 1 and need.category not in anywhere:
            return buckets.get(need.category, _NO_AREAS).get(need.area, [])
        found: list[int] = []
        sources = 0
        for category in categories:
            for part in (
                buckets.get(category, _NO_AREAS).get(need.area),
                anywhere.get(category),
            ):
                if part:
                    found.extend(part)
                    sources += 1
        if sources > 1:
            found.sort()
        return found

    def allowed(self, need: Need, strict_availability: bool) -> list[int]:
        """The candidates that satisfy every hard constraint (capacity above 0)."""
        required = _REQUIRED_LEVEL[need.verification]
        requester = need.requester_id
        owner, level, usable = self.owner, self.level, self.usable
        found = self.candidates(need)
        if required:
            found = [
                j for j in found if usable[j] and level[j] >= required and owner[j] != requester
            ]
        else:
            found = [j for j in found if usable[j] and owner[j] != requester]
        when = need.when
        if strict_availability and when:
            caps = self.capabilities
            found = [j for j in found if not caps[j].availability or (when & caps[j].availability)]
        return found

    def funnel(self, need: Need, strict_availability: bool) -> CandidateFunnel:
        """Counts of candidates left after each hard constraint, in order."""
        in_category = sum(self.by_category.get(c, 0) for c in self.categories(need.category))
        left = self.candidates(need)
        counts = [in_category, len(left)]
        required = _REQUIRED_LEVEL[need.verification]
        when = need.when if strict_availability else None
        caps = self.capabilities
        left = [j for j in left if self.consenting[j]]
        counts.append(len(left))
        left = [j for j in left if self.providers[j].id != need.requester_id]
        counts.append(len(left))
        left = [j for j in left if self.level[j] >= required]
        counts.append(len(left))
        if when:
            left = [j for j in left if not caps[j].availability or (when & caps[j].availability)]
        counts.append(len(left))
        left = [j for j in left if caps[j].capacity > 0]
        counts.append(len(left))
        return CandidateFunnel(*counts)


def eligible_capabilities(
    problem: MatchProblem, *, strict_availability: bool = False, min_references: int = 2
) -> dict[str, tuple[str, ...]]:
    """For each need id, the ids of the capabilities allowed to meet it (sorted).

    These are the edges of the bipartite graph both objectives solve: every pair
    here satisfies every hard constraint (``002_…``, ``004_…``); capacity is
    applied by the matching itself.
    """
    index = _Index.build(problem, min_references)
    caps = problem.capabilities
    return {
        need.id: tuple(caps[j].id for j in index.allowed(need, strict_availability))
        for need in problem.needs
    }


def match_needs(
    problem: MatchProblem,
    *,
    objective: Objective | str = Objective.BEST,
    scoring: Scoring | None = None,
    engine: Engine | str = Engine.AUTO,
    strict_availability: bool = False,
    min_references: int = 2,
    progress: ProgressCallback | None = None,
) -> MatchResult:
    """Match capabilities to needs under the hard constraints (``002_…``, ``004_…``).

    ``objective`` is ``"most"`` (most needs met) or ``"best"`` (best matches among
    the most needs met; the default). ``scoring`` ranks allowed pairs (default
    :class:`~coprod.people.DefaultScoring`); it never overrides a hard constraint.
    ``engine`` picks the solver for large "best" components (:class:`Engine`).
    ``strict_availability`` makes a shared time slot a hard constraint instead of a
    score component (for members who only want, say, weekend matches).
    ``min_references`` is how many references count as verified.
    ``progress`` is called as ``progress(stage, done, total)`` while it works
    (stages ``"finding eligible pairs"``, ``"best matches"`` over connected groups,
    ``"explaining"``; see :mod:`coprod.progress_callback`).

    Deterministic: the same problem and options always give the same result.
    Raises :class:`~coprod.errors.CoprodError` if ``engine="fast"`` and SciPy is
    not installed, or if the scoring returns a score that is not a finite number.
    """
    objective = Objective(objective)
    engine = Engine(engine)
    if isinstance(min_references, bool) or not isinstance(min_references, int):
        raise TypeError("min_references must be an integer")
    if min_references < 0:
        raise ValueError("min_references must be at least 0")
    if engine is Engine.FAST and objective is Objective.BEST and not scipy_available():
        raise CoprodError(
            "engine 'fast' needs SciPy: install the extra with pip install 'coprod[fast]'"
        )
    scorer: Scoring = scoring if scoring is not None else DefaultScoring()
    index = _Index.build(problem, min_references)
    needs = problem.needs
    caps = problem.capabilities
    allowed = [
        index.allowed(need, strict_availability)
        for need in counted(needs, progress, "finding eligible pairs", len(needs))
    ]
    capacity = [c.capacity for c in caps]
    order = sorted(range(len(needs)), key=lambda i: (_PRIORITY_RANK[needs[i].priority], i))

    components: int | None = None
    if objective is Objective.MOST:
        mate = maximum_b_matching(allowed, capacity, order)
        solvers: tuple[str, ...] = ("hopcroft-karp",)
    else:
        mate, used, components = _best(
            allowed, capacity, order, problem, index, scorer, engine, progress
        )
        solvers = tuple(sorted(used))

    matches = []
    unmatched = []
    for i, need in enumerate(counted(needs, progress, "explaining", len(needs))):
        j = mate[i]
        if j >= 0:
            provider = index.providers[j]
            matches.append(
                Match(
                    need_id=need.id,
                    capability_id=caps[j].id,
                    provider_id=provider.id,
                    requester_id=need.requester_id,
                    score=_score(scorer, provider, caps[j], need),
                )
            )
        else:
            funnel = index.funnel(need, strict_availability)
            unmatched.append(
                UnmatchedNeed(
                    need_id=need.id,
                    requester_id=need.requester_id,
                    reason=funnel.reason,
                    funnel=funnel,
                    explanation=explain_unmatched(need, funnel, min_references=min_references),
                )
            )
    return MatchResult(
        objective=objective,
        matches=tuple(matches),
        unmatched=tuple(unmatched),
        solvers=solvers,
        components=components,
        problem=problem,
    )


def _score(
    scorer: Scoring, provider: Provider, capability: Capability, need: Need
) -> ScoreBreakdown:
    breakdown = scorer(provider, capability, need)
    if type(scorer) is DefaultScoring:  # finite by construction: skip the checks
        return breakdown
    if not isinstance(breakdown, ScoreBreakdown):
        raise CoprodError(
            f"the scoring returned {type(breakdown).__name__}, not a ScoreBreakdown "
            f"(need {need.id!r}, capability {capability.id!r})"
        )
    if not math.isfinite(breakdown.total):
        raise CoprodError(
            f"the scoring gave need {need.id!r} and capability {capability.id!r} a score "
            "that is not a finite number"
        )
    return breakdown


def _units(scorer: Scoring, provider: Provider, capability: Capability, need: Need) -> int:
    return score_units(_score(scorer, provider, capability, need))


def _components(allowed: Sequence[Sequence[int]], n_caps: int) -> list[tuple[list[int], list[int]]]:
    """Connected components (needs, capabilities) of the allowed-pairs graph, sorted."""
    n = len(allowed)
    parent = list(range(n + n_caps))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, row in enumerate(allowed):
        root = find(i)
        for j in row:
            other = find(n + j)
            if other != root:
                parent[other] = root
    groups: dict[int, tuple[list[int], list[int]]] = {}
    for i in range(n):
        if allowed[i]:
            groups.setdefault(find(i), ([], []))[0].append(i)
    for j in range(n_caps):
        root = find(n + j)
        if root in groups:
            groups[root][1].append(j)
    return sorted(groups.values(), key=lambda group: group[0][0])


def _best(
    allowed: list[list[int]],
    capacity: list[int],
    order: list[int],
    problem: MatchProblem,
    index: _Index,
    scorer: Scoring,
    engine: Engine,
    progress: ProgressCallback | None = None,
) -> tuple[list[int], set[str], int]:
    needs, caps = problem.needs, problem.capabilities
    mate = [-1] * len(needs)
    used: set[str] = set()
    rank = {i: r for r, i in enumerate(order)}
    groups = _components(allowed, len(caps))
    for need_ids, cap_ids in counted(groups, progress, "best matches", len(groups), step=100):
        units = [
            [_units(scorer, index.providers[j], caps[j], needs[i]) for j in allowed[i]]
            for i in need_ids
        ]
        if len(need_ids) == 1:
            # One need: its best-scoring allowed capability (first by id on ties).
            row = units[0]
            mate[need_ids[0]] = allowed[need_ids[0]][row.index(max(row))]
            used.add("direct")
            continue
        if len(cap_ids) == 1:
            # One capability: the top-scoring needs up to its capacity.
            j = cap_ids[0]
            ranked = sorted(range(len(need_ids)), key=lambda k: (-units[k][0], need_ids[k]))
            for k in ranked[: capacity[j]]:
                mate[need_ids[k]] = j
            used.add("direct")
            continue
        local = {j: k for k, j in enumerate(cap_ids)}
        adj = [[local[j] for j in allowed[i]] for i in need_ids]
        cap = [capacity[j] for j in cap_ids]
        local_order = sorted(range(len(need_ids)), key=lambda k: rank[need_ids[k]])
        m = sum(1 for x in maximum_b_matching(adj, cap, local_order) if x >= 0)
        used.add("hopcroft-karp")
        pairs = sum(len(row) for row in adj)
        solved: list[int] | None = None
        if engine is Engine.FAST or (
            engine is Engine.AUTO and pairs > AUTO_FAST_PAIRS and scipy_available()
        ):
            solved = solve_scipy(adj, units, cap, m)
            if solved is not None:
                used.add("scipy")
        if solved is None:
            solved = solve_network_simplex(adj, units, cap, m)
            used.add("network-simplex")
        for k, x in enumerate(solved):
            if x >= 0:
                mate[need_ids[k]] = cap_ids[x]
    return mate, used, len(groups)

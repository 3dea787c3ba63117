"""The stakeholder network: who can reach whom, who bridges groups, who opposes with whom.

Source: ``002_ea409380ef17158f.txt`` (Step 3 "People it!": identify the right people
inside and outside organisations and "get them working with each other"; the
stakeholder matrix of partners and champions, potential enemies to watch,
high-interest low-power groups to keep on board, and the silent majority).

:func:`analyse_stakeholder_network` takes the stakeholders of an assessment and the
relationships between them (undirected ties) and answers, in plain words, the
questions a People-it workshop asks:

* **Separate groups** — which stakeholders are connected at all: news and support
  travel only within a group.
* **Reach of partners and champions** — whom each partner or champion knows
  directly, whom they can reach through others, and who is beyond every champion's
  reach.
* **Bridges** — stakeholders who are the only link between parts of the network
  (cut vertices: if they withdraw, the parts lose touch).
* **Brokers** — stakeholders with the highest betweenness: the share of shortest
  routes between other pairs of stakeholders that pass through them.
* **High-power opponents** — for each opposed stakeholder with high power, whom
  they are tied to: partners and champions (a channel to persuade them, and a
  reason to watch), other opponents (who may act together), and how many steps
  away the nearest champion is.

Stakeholder names are organisational roles (``002_…``), not personal data, so the
findings use them. networkx is imported only when the function runs.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from coprod.errors import InvalidInputError, Problem
from coprod.model.service_model import Level
from coprod.model.stakeholders import Relationship, Stakeholder, StakeholderQuadrant, Stance

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "Broker",
    "ChampionReach",
    "NetworkFinding",
    "NetworkFindingKind",
    "OpponentTies",
    "StakeholderNetworkAnalysis",
    "analyse_stakeholder_network",
]

#: How many brokers (by betweenness, bridges aside) the findings mention.
TOP_BROKERS = 3


class NetworkFindingKind(str, enum.Enum):
    """The kinds of stakeholder-network finding (``002_…``, People it)."""

    SEPARATE_GROUPS = "separate-groups"
    ISOLATED = "isolated"
    NO_CHAMPIONS = "no-champions"
    CHAMPION_REACH = "champion-reach"
    OUT_OF_REACH = "out-of-reach"
    BRIDGE = "bridge"
    BROKER = "broker"
    OPPONENT_TIES = "opponent-ties"
    OPPONENT_BLOC = "opponent-bloc"


@attrs.frozen
class NetworkFinding:
    """One finding in plain words, with the ids of the stakeholders it is about (``002_…``)."""

    kind: NetworkFindingKind
    text: str
    stakeholders: tuple[str, ...]


@attrs.frozen
class ChampionReach:
    """Whom a partner or champion (``002_…``) can reach: ``direct`` and ``indirect`` ties."""

    champion_id: str
    direct: tuple[str, ...]
    indirect: tuple[str, ...]


@attrs.frozen
class Broker:
    """A stakeholder on the routes between others (``002_…``, People it).

    ``betweenness`` is the share (0-1) of shortest routes between pairs of other
    stakeholders that pass through this one. ``separates`` lists the groups that
    would lose touch with each other without them (empty unless they are a bridge).
    """

    stakeholder_id: str
    betweenness: float
    separates: tuple[tuple[str, ...], ...]

    @property
    def is_bridge(self) -> bool:
        """Whether this stakeholder is the only link between two or more groups."""
        return len(self.separates) > 1


@attrs.frozen
class OpponentTies:
    """Whom a high-power opponent is tied to (``002_…``: potential enemies to watch).

    ``champions`` and ``opponents`` are the direct ties among partners and champions
    and among other high-power opponents; ``steps_to_champion`` is the length of the
    shortest route to any partner or champion, or None when none can be reached.
    """

    opponent_id: str
    neighbours: tuple[str, ...]
    champions: tuple[str, ...]
    opponents: tuple[str, ...]
    steps_to_champion: int | None


@attrs.frozen
class StakeholderNetworkAnalysis:
    """The People-it network analyses and their findings in plain words (``002_…``).

    ``groups`` are the connected groups (largest first, singletons included);
    ``isolated`` the stakeholders with no relationship; ``champions`` the reach of
    each partner and champion; ``out_of_reach`` the other stakeholders no partner or
    champion can reach; ``brokers`` every stakeholder with betweenness above 0,
    highest first; ``opponents`` the ties of each high-power opponent.
    """

    stakeholder_count: int
    relationship_count: int
    groups: tuple[tuple[str, ...], ...]
    isolated: tuple[str, ...]
    champions: tuple[ChampionReach, ...]
    out_of_reach: tuple[str, ...]
    brokers: tuple[Broker, ...]
    opponents: tuple[OpponentTies, ...]
    findings: tuple[NetworkFinding, ...]

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (enums as their values, tuples as lists)."""
        result: dict[str, Any] = _plain(self)
        return result


def _plain(value: Any) -> Any:
    if attrs.has(type(value)):
        return {f.name: _plain(getattr(value, f.name)) for f in attrs.fields(type(value))}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


def _is_champion(s: Stakeholder) -> bool:
    return s.quadrant is StakeholderQuadrant.PARTNERS_AND_CHAMPIONS


def _is_opponent(s: Stakeholder) -> bool:
    return s.power is Level.HIGH and s.stance is Stance.OPPOSED


def _validate(
    stakeholders: Sequence[Stakeholder], relationships: Sequence[Relationship]
) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for k, s in enumerate(stakeholders):
        if not isinstance(s, Stakeholder):
            problems.append(Problem(f"stakeholders[{k}]", "expected a Stakeholder"))
            continue
        if s.id in seen:
            problems.append(Problem(f"stakeholders[{k}].id", f"duplicate id {s.id!r}"))
        seen.add(s.id)
    for k, r in enumerate(relationships):
        if not isinstance(r, Relationship):
            problems.append(Problem(f"relationships[{k}]", "expected a Relationship"))
            continue
        for end in ("source", "target"):
            value = getattr(r, end)
            if value not in seen:
                problems.append(
                    Problem(f"relationships[{k}].{end}", f"unknown stakeholder {value!r}")
                )
    return problems


def _list(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def analyse_stakeholder_network(
    stakeholders: Sequence[Stakeholder], relationships: Sequence[Relationship]
) -> StakeholderNetworkAnalysis:
    """Analyse the stakeholder network of a People-it workshop (``002_…``).

    Relationships are undirected; repeated ties between the same two stakeholders
    count once. Pure and deterministic: ids are processed in sorted order and
    betweenness is computed exactly. Raises
    :class:`~coprod.errors.InvalidInputError` for duplicate stakeholder ids or
    relationships naming unknown stakeholders (``relationships[3].target``).
    """
    problems = _validate(stakeholders, relationships)
    if problems:
        raise InvalidInputError(problems)
    import networkx as nx

    by_id = {s.id: s for s in stakeholders}
    ids = sorted(by_id)
    graph = nx.Graph()
    graph.add_nodes_from(ids)
    graph.add_edges_from(sorted({tuple(sorted((r.source, r.target))) for r in relationships}))

    def name(i: str) -> str:
        return by_id[i].name

    def names(group: Iterable[str]) -> str:
        return _list(sorted((name(i) for i in group), key=str.casefold))

    groups = tuple(
        sorted(
            (tuple(sorted(c)) for c in nx.connected_components(graph)),
            key=lambda g: (-len(g), g[0]),
        )
    )
    isolated = tuple(i for i in ids if graph.degree(i) == 0)
    champions = [i for i in ids if _is_champion(by_id[i])]
    opponents = [i for i in ids if _is_opponent(by_id[i])]

    reach: list[ChampionReach] = []
    reached: set[str] = set(champions)
    distance_from_champions: dict[str, int] = {}
    for c in champions:
        lengths = nx.single_source_shortest_path_length(graph, c)
        direct = tuple(sorted(graph.neighbors(c)))
        indirect = tuple(sorted(i for i, d in lengths.items() if d >= 2))
        reach.append(ChampionReach(c, direct, indirect))
        reached.update(lengths)
        for i, d in lengths.items():
            if d < distance_from_champions.get(i, d + 1):
                distance_from_champions[i] = d
    out_of_reach = tuple(i for i in ids if i not in reached) if champions else ()

    betweenness = nx.betweenness_centrality(graph, normalized=True) if ids else {}
    cut_vertices = set(nx.articulation_points(graph))
    brokers = []
    for i in ids:
        score = round(float(betweenness.get(i, 0.0)), 4)
        if score <= 0 and i not in cut_vertices:
            continue
        separates = _separated_groups(graph, i) if i in cut_vertices else ()
        brokers.append(Broker(i, score, separates))
    brokers.sort(key=lambda b: (-b.betweenness, b.stakeholder_id))

    opponent_set = set(opponents)
    champion_set = set(champions)
    ties = []
    for o in opponents:
        neighbours = tuple(sorted(graph.neighbors(o)))
        ties.append(
            OpponentTies(
                opponent_id=o,
                neighbours=neighbours,
                champions=tuple(i for i in neighbours if i in champion_set),
                opponents=tuple(i for i in neighbours if i in opponent_set),
                steps_to_champion=distance_from_champions.get(o),
            )
        )

    findings = _findings(
        graph,
        groups,
        isolated,
        champions,
        reach,
        out_of_reach,
        brokers,
        ties,
        opponents,
        name,
        names,
    )
    return StakeholderNetworkAnalysis(
        stakeholder_count=len(ids),
        relationship_count=graph.number_of_edges(),
        groups=groups,
        isolated=isolated,
        champions=tuple(reach),
        out_of_reach=out_of_reach,
        brokers=tuple(brokers),
        opponents=tuple(ties),
        findings=tuple(findings),
    )


def _separated_groups(graph: nx.Graph, vertex: str) -> tuple[tuple[str, ...], ...]:
    """The groups that lose touch with each other when ``vertex`` leaves its group."""
    import networkx as nx

    own = nx.node_connected_component(graph, vertex) - {vertex}
    rest = graph.subgraph(own)
    return tuple(sorted(tuple(sorted(c)) for c in nx.connected_components(rest)))


def _findings(
    graph: nx.Graph,
    groups: tuple[tuple[str, ...], ...],
    isolated: tuple[str, ...],
    champions: list[str],
    reach: list[ChampionReach],
    out_of_reach: tuple[str, ...],
    brokers: list[Broker],
    ties: list[OpponentTies],
    opponents: list[str],
    name: Any,
    names: Any,
) -> list[NetworkFinding]:
    import networkx as nx

    out: list[NetworkFinding] = []
    connected = [g for g in groups if len(g) > 1]
    if len(groups) > 1 and connected:
        described = "; ".join(f"({names(g)})" for g in connected)
        out.append(
            NetworkFinding(
                NetworkFindingKind.SEPARATE_GROUPS,
                f"The network falls into {len(groups)} separate parts that no relationship "
                f"connects: {described}"
                + (" and the stakeholders with no ties." if isolated else ".")
                + " News and support travel only within a part.",
                tuple(i for g in connected for i in g),
            )
        )
    if isolated:
        out.append(
            NetworkFinding(
                NetworkFindingKind.ISOLATED,
                f"No relationships are recorded for {names(isolated)}: nobody in the "
                "network can reach "
                + ("them" if len(isolated) > 1 else "this stakeholder")
                + " through it.",
                isolated,
            )
        )
    if not champions:
        if groups:
            out.append(
                NetworkFinding(
                    NetworkFindingKind.NO_CHAMPIONS,
                    "No stakeholder is a partner or champion (high power, high interest, "
                    "not opposed), so nobody on the matrix is placed to carry "
                    "co-production through the network.",
                    (),
                )
            )
    else:
        for r in reach:
            out.append(
                NetworkFinding(
                    NetworkFindingKind.CHAMPION_REACH,
                    f"Partner or champion {name(r.champion_id)} knows {len(r.direct)} "
                    f"stakeholder{'s' if len(r.direct) != 1 else ''} directly"
                    + (f" ({names(r.direct)})" if r.direct else "")
                    + f" and can reach {len(r.indirect)} more through others"
                    + (f" ({names(r.indirect)})" if r.indirect else "")
                    + ".",
                    (r.champion_id, *r.direct, *r.indirect),
                )
            )
        if out_of_reach:
            out.append(
                NetworkFinding(
                    NetworkFindingKind.OUT_OF_REACH,
                    f"No partner or champion can reach {names(out_of_reach)}, even through "
                    "others: someone needs to build a link to "
                    + ("them." if len(out_of_reach) > 1 else "this stakeholder."),
                    out_of_reach,
                )
            )
    for b in brokers:
        if b.is_bridge:
            parts = [f"({names(g)})" for g in b.separates]
            out.append(
                NetworkFinding(
                    NetworkFindingKind.BRIDGE,
                    f"{name(b.stakeholder_id)} is the only link between {_list(parts)}: "
                    f"if {name(b.stakeholder_id)} withdraws, these groups lose touch "
                    f"(betweenness {b.betweenness:.2f}).",
                    (b.stakeholder_id, *(i for g in b.separates for i in g)),
                )
            )
    for b in [b for b in brokers if b.betweenness > 0 and not b.is_bridge][:TOP_BROKERS]:
        out.append(
            NetworkFinding(
                NetworkFindingKind.BROKER,
                f"{name(b.stakeholder_id)} lies on {b.betweenness:.0%} of the shortest "
                "routes between other stakeholders (betweenness "
                f"{b.betweenness:.2f}): much of what passes between others goes through "
                f"{name(b.stakeholder_id)}.",
                (b.stakeholder_id,),
            )
        )
    for t in ties:
        who = f"High-power opponent {name(t.opponent_id)}"
        if t.champions:
            whom = "partner or champion" if len(t.champions) == 1 else "partners and champions"
            text = (
                f"{who} is tied directly to {whom} {names(t.champions)}: a channel to "
                "persuade them, and to watch."
            )
        elif t.steps_to_champion is not None:
            text = (
                f"{who} is tied to no partner or champion; the nearest is "
                f"{t.steps_to_champion} steps away."
            )
        else:
            text = f"{who} cannot be reached by any partner or champion."
        others = [i for i in t.neighbours if i not in t.champions]
        if others:
            text += f" Other ties: {names(others)}."
        elif not t.neighbours:
            text += " No ties are recorded for them."
        out.append(
            NetworkFinding(NetworkFindingKind.OPPONENT_TIES, text, (t.opponent_id, *t.neighbours))
        )
    blocs = nx.connected_components(graph.subgraph(opponents))
    for bloc in sorted(tuple(sorted(b)) for b in blocs if len(b) > 1):
        out.append(
            NetworkFinding(
                NetworkFindingKind.OPPONENT_BLOC,
                f"High-power opponents {names(bloc)} are tied to each other and may act together.",
                bloc,
            )
        )
    return out

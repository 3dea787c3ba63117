"""The stakeholder network of People it (issue 6, ``002_…``)."""

from __future__ import annotations

import json
import random

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coprod.errors import InvalidInputError
from coprod.model.service_model import Level
from coprod.model.stakeholders import Relationship, Stakeholder, Stance
from coprod.people import NetworkFindingKind, analyse_stakeholder_network

H, L = Level.HIGH, Level.LOW


def workshop() -> tuple[list[Stakeholder], list[Relationship]]:
    stakeholders = [
        Stakeholder("leader", "Council leader", H, H, Stance.SUPPORTIVE),
        Stakeholder("cabinet", "Cabinet member for health", H, H, Stance.NEUTRAL),
        Stakeholder("director", "Director of adult social care", H, H, Stance.OPPOSED),
        Stakeholder("finance", "Head of finance", H, L, Stance.OPPOSED),
        Stakeholder("carers", "Carers' forum", L, H, Stance.SUPPORTIVE),
        Stakeholder("timebank", "Time bank", L, H, Stance.SUPPORTIVE),
        Stakeholder("residents", "Residents", L, L),
        Stakeholder("media", "Local media", L, L),
        Stakeholder("gp", "GP practice", L, H),
        Stakeholder("unions", "Staff unions", L, H, Stance.OPPOSED),
    ]
    relationships = [
        Relationship("leader", "carers"),
        Relationship("leader", "cabinet"),
        Relationship("cabinet", "carers"),
        Relationship("carers", "timebank"),
        Relationship("timebank", "residents"),
        Relationship("director", "finance"),
        Relationship("leader", "director", "answers to"),
        Relationship("director", "leader", "briefs"),  # the same tie again
        Relationship("gp", "unions"),
    ]
    return stakeholders, relationships


def test_groups_and_isolated() -> None:
    analysis = analyse_stakeholder_network(*workshop())
    assert analysis.stakeholder_count == 10
    assert analysis.relationship_count == 8
    assert analysis.groups == (
        ("cabinet", "carers", "director", "finance", "leader", "residents", "timebank"),
        ("gp", "unions"),
        ("media",),
    )
    assert analysis.isolated == ("media",)
    kinds = [f.kind for f in analysis.findings]
    assert NetworkFindingKind.SEPARATE_GROUPS in kinds
    assert NetworkFindingKind.ISOLATED in kinds


def test_champions_reach() -> None:
    analysis = analyse_stakeholder_network(*workshop())
    reach = {r.champion_id: r for r in analysis.champions}
    assert set(reach) == {"leader", "cabinet"}  # neutral high/high counts as partner
    assert reach["leader"].direct == ("cabinet", "carers", "director")
    assert reach["leader"].indirect == ("finance", "residents", "timebank")
    assert analysis.out_of_reach == ("gp", "media", "unions")
    text = " ".join(f.text for f in analysis.findings if f.kind is NetworkFindingKind.OUT_OF_REACH)
    assert "GP practice, Local media and Staff unions" in text


def test_bridges_and_brokers_match_networkx() -> None:
    stakeholders, relationships = workshop()
    analysis = analyse_stakeholder_network(stakeholders, relationships)
    graph = nx.Graph()
    graph.add_nodes_from(s.id for s in stakeholders)
    graph.add_edges_from((r.source, r.target) for r in relationships)
    expected = nx.betweenness_centrality(graph)
    brokers = {b.stakeholder_id: b for b in analysis.brokers}
    for sid, b in brokers.items():
        assert b.betweenness == pytest.approx(expected[sid], abs=1e-4)
    assert set(brokers) == {s for s, v in expected.items() if v > 0}
    bridges = {b.stakeholder_id for b in analysis.brokers if b.is_bridge}
    assert bridges == set(nx.articulation_points(graph))
    assert brokers["timebank"].separates == (
        ("cabinet", "carers", "director", "finance", "leader"),
        ("residents",),
    )
    bridge_text = [f.text for f in analysis.findings if f.kind is NetworkFindingKind.BRIDGE]
    assert any(t.startswith("Time bank is the only link between") for t in bridge_text)
    scores = [b.betweenness for b in analysis.brokers]
    assert scores == sorted(scores, reverse=True)


def test_high_power_opponents_and_their_ties() -> None:
    analysis = analyse_stakeholder_network(*workshop())
    ties = {t.opponent_id: t for t in analysis.opponents}
    assert set(ties) == {"director", "finance"}  # unions are opposed but low power
    assert ties["director"].champions == ("leader",)
    assert ties["director"].opponents == ("finance",)
    assert ties["director"].steps_to_champion == 1
    assert ties["finance"].champions == ()
    assert ties["finance"].steps_to_champion == 2
    blocs = [f for f in analysis.findings if f.kind is NetworkFindingKind.OPPONENT_BLOC]
    assert [b.stakeholders for b in blocs] == [("director", "finance")]
    texts = [f.text for f in analysis.findings if f.kind is NetworkFindingKind.OPPONENT_TIES]
    assert texts[0].startswith(
        "High-power opponent Director of adult social care is tied directly to partner or "
        "champion Council leader"
    )
    assert "nearest is 2 steps away" in texts[1]


def test_no_champions_and_empty_network() -> None:
    only = [Stakeholder("public", "Residents", L, L)]
    analysis = analyse_stakeholder_network(only, [])
    assert [f.kind for f in analysis.findings] == [
        NetworkFindingKind.ISOLATED,
        NetworkFindingKind.NO_CHAMPIONS,
    ]
    empty = analyse_stakeholder_network([], [])
    assert empty.findings == ()
    assert empty.groups == ()


def test_unknown_ids_and_duplicates_are_reported() -> None:
    stakeholders, _ = workshop()
    with pytest.raises(InvalidInputError) as error:
        analyse_stakeholder_network(
            [*stakeholders, stakeholders[0]],
            [Relationship("leader", "ghost"), Relationship("nobody", "leader")],
        )
    assert [str(p) for p in error.value.problems] == [
        "stakeholders[10].id: duplicate id 'leader'",
        "relationships[0].target: unknown stakeholder 'ghost'",
        "relationships[1].source: unknown stakeholder 'nobody'",
    ]


def test_as_dict_is_json_ready() -> None:
    data = analyse_stakeholder_network(*workshop()).as_dict()
    text = json.dumps(data)
    assert '"kind": "bridge"' in text
    assert data["groups"][1] == ["gp", "unions"]


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 9), p=st.floats(0, 0.6))
def test_deterministic_whatever_the_order(seed: int, n: int, p: float) -> None:
    rng = random.Random(seed)
    stakeholders = [
        Stakeholder(
            f"s{k}",
            f"Group {k}",
            rng.choice([H, L]),
            rng.choice([H, L]),
            rng.choice(list(Stance)),
        )
        for k in range(n)
    ]
    pairs = [(a, b) for a in range(n) for b in range(a + 1, n) if rng.random() < p]
    relationships = [Relationship(f"s{a}", f"s{b}") for a, b in pairs]
    first = analyse_stakeholder_network(stakeholders, relationships)
    rng.shuffle(stakeholders)
    rng.shuffle(relationships)
    flipped = [Relationship(r.target, r.source) for r in relationships]
    assert analyse_stakeholder_network(stakeholders, flipped) == first
    assert sum(len(g) for g in first.groups) == n

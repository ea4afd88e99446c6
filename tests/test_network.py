"""M6, M7: trust and familiarity on the network."""

import numpy as np
import pytest

from sim.model import SchoolCooperationModel
from sim.model import check_params as validate
from sim.model.network import SCHOOL, SOCIAL, CooperationNetwork


class Node:
    def __init__(self, uid, sector, role="x"):
        self.unique_id, self.sector, self.role, self.school, self.start_week = (
            uid,
            sector,
            role,
            0,
            0,
        )


def make(**kw):
    week = [0]
    net = CooperationNetwork(validate(kw), lambda: week[0])
    for uid, sector in ((1, SCHOOL), (2, SOCIAL), (3, SOCIAL), (4, SCHOOL)):
        net.add(Node(uid, sector))
    return net, week


def test_trust_rises_slowly_and_falls_fast():
    net, _ = make(familiarity_buffer=0.0)
    start = net.tie(1, 2)["trust"]
    net.contact([1, 2])
    gain = net.tie(1, 2)["trust"] - start
    before = net.tie(1, 2)["trust"]
    net.betrayal(1, 2)
    loss = before - net.tie(1, 2)["trust"]
    assert 0 < gain < loss
    assert loss / gain > 3


def test_trust_is_directed():
    net, _ = make()
    net.tie(2, 1)
    net.betrayal(1, 2)
    assert net.tie(1, 2)["trust"] < net.tie(2, 1)["trust"]


def test_small_meetings_build_more_than_large():
    net, _ = make()
    net.contact([1, 2])
    pair = net.tie(1, 2)["trust"]
    net2, _ = make()
    for uid in range(10, 30):
        net2.add(Node(uid, SCHOOL))
    net2.contact([1, 2, *range(10, 30)])
    assert net2.tie(1, 2)["trust"] < pair


def test_trust_drifts_back_and_familiarity_fades_without_contact():
    net, week = make(trust_decay=0.05, familiarity_decay=0.05)
    for _ in range(10):
        net.contact([1, 2])
    high, fam = net.tie(1, 2)["trust"], net.tie(1, 2)["familiarity"]
    week[0] = 50
    d = net.tie(1, 2)
    assert net.p.trust_initial < d["trust"] < high
    assert d["familiarity"] < fam


def test_familiarity_buffers_betrayal():
    net, _ = make()
    for _ in range(20):
        net.contact([1, 2])
    net.tie(1, 3)["trust"] = net.tie(1, 2)["trust"]
    t2, t3 = net.tie(1, 2)["trust"], net.tie(1, 3)["trust"]
    net.betrayal(1, 2, 1.0)
    net2, _ = make(betrayal_spillover=0.0)
    net2.tie(1, 3)["trust"] = t3
    net2.betrayal(1, 3, 1.0)
    assert (t2 - net.tie(1, 2)["trust"]) / t2 < (t3 - net2.tie(1, 3)["trust"]) / t3


def test_betrayal_spills_over_to_the_sector_and_newcomers_inherit_it():
    net, week = make(betrayal_spillover=0.5, trust_decay=0.0)
    before = net.tie(1, 3)["trust"]
    net.betrayal(1, 2)
    assert net.tie(1, 3)["trust"] < before  # trust in the organisation
    week[0] += 1  # a person's view of a sector is read once a week
    net.add(Node(9, SOCIAL))
    assert net.tie(1, 9)["trust"] == pytest.approx(
        np.mean([net.tie(1, 2)["trust"], net.tie(1, 3)["trust"]])
    )


def test_tie_to_someone_who_left_is_an_error():
    net, _ = make()
    net.remove(Node(2, SOCIAL))
    with pytest.raises(KeyError):
        net.tie(1, 2)
    assert not net.present(2)


def test_model_network_ties_carry_the_contracted_attributes(default_run):
    g = default_run.model.network
    assert g.number_of_edges() > 0
    for _, _, d in g.edges(data=True):
        assert {"trust", "familiarity", "sent", "received", "last_contact"} <= set(d)
        assert 0 <= d["trust"] <= 1 and 0 <= d["familiarity"] <= 1
    roles = {d["role"] for _, d in g.nodes(data=True)}
    assert {
        "mentor",
        "counsellor",
        "principal",
        "intake",
        "investigator",
        "family_therapist",
        "coordinator",
    } <= roles


def test_replacement_has_no_ties():
    m = SchoolCooperationModel(seed=2, n_pupils=300, n_schools=2)
    m.run_years(1)
    worker = m.staffing.social_workers("intake")[0]
    assert m.ties.graph.degree(worker.unique_id) > 0
    m.vacate(worker)
    new = m.fill(worker.post)
    assert m.ties.graph.degree(new.unique_id) == 0


def test_model_network_is_a_networkx_digraph(default_run):
    import networkx as nx

    g = default_run.model.network
    assert isinstance(g, nx.DiGraph)
    assert g is default_run.model.ties.graph


def test_a_tie_reads_and_writes_like_a_dict():
    net, _ = make()
    d = net.tie(1, 2)
    assert set(d) == {"trust", "familiarity", "sent", "received", "last_contact", "updated"}
    assert d["last_contact"] is None and d["sent"] == 0
    d["trust"] = 0.25
    d["sent"] += 2
    assert net.tie(1, 2)["trust"] == 0.25 and net.tie(1, 2)["sent"] == 2
    net.contact([1, 2])
    assert d["last_contact"] == 0  # the same tie, read again
    with pytest.raises(KeyError):
        d["colour"] = "red"


def test_graph_follows_the_ties():
    net, week = make(trust_decay=0.05)
    net.contact([1, 2, 3])
    g = net.graph
    assert set(g.edges) == {(a, b) for a in (1, 2, 3) for b in (1, 2, 3) if a != b}
    assert g.nodes[2]["sector"] == SOCIAL
    net.betrayal(1, 2)
    assert net.graph is g  # the same object, brought in step
    assert g.edges[1, 2]["trust"] == net.tie(1, 2)["trust"]
    assert net.has_tie(1, 2) and not net.has_tie(1, 4)
    week[0] = 20
    before = g.edges[2, 3]["trust"]
    assert net.settled().edges[2, 3]["trust"] < before  # drifted back towards trust_initial
    net.remove(Node(3, SOCIAL))
    assert 3 not in net.graph and not net.has_tie(2, 3)


def test_a_view_changed_earlier_in_the_week_is_read_as_it_is_then():
    net, week = make(betrayal_spillover=0.0, trust_decay=0.0)
    for uid in (5, 6):
        net.add(Node(uid, SCHOOL))
    net.contact([1, 2, 3, 4, 5, 6])
    week[0] = 1
    net.view_of_sector(4, SOCIAL)  # the first view read this week
    net.betrayal(1, 2)  # then 1's trust in 2 falls
    expected = np.mean([net.tie(1, 2)["trust"], net.tie(1, 3)["trust"]])
    assert net.view_of_sector(1, SOCIAL) == pytest.approx(expected)
    net.betrayal(1, 3)  # a view is read once a week
    assert net.view_of_sector(1, SOCIAL) == pytest.approx(expected)


def test_large_and_small_meetings_make_the_same_ties():
    import sim.model.network as network

    def run(many):
        old = network._MANY
        network._MANY = many
        try:
            net, week = make()
            for uid in range(10, 80):
                net.add(Node(uid, SCHOOL if uid % 3 else SOCIAL))
            net.contact([1, 2, *range(10, 50)])
            week[0] = 3
            net.betrayal(1, 2)
            net.contact([1, 2, *range(30, 80)])
            return [(a, b, d["trust"], d["familiarity"]) for a, b, d in net.graph.edges(data=True)]
        finally:
            network._MANY = old

    assert run(many=2) == run(many=10_000)

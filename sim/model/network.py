"""The cooperation network: who knows whom, and how much they trust each other (M6, M7).

``CooperationNetwork.graph`` is a :class:`networkx.DiGraph` over all professionals. A tie
``a -> b`` carries what ``a`` holds about ``b``:

* ``trust`` in [0, 1]: a's trust in b. Directed, so the school side's trust in social
  services can differ from the reverse (000 L1094: the school reports and hears nothing).
* ``familiarity`` in [0, 1]: knowledge of b's mandate and role (004 L2635; 000 L1438).
* ``sent`` / ``received``: what a sent to b (a report of concern, or feedback) and the
  feedback a got back from b. On a school -> social-services tie, ``received - sent`` is the
  school's feedback balance with that person.
* ``last_contact``: the school week of the last contact (None before any).

The rules, with their sources:

* Trust rises slowly with each positive contact and falls fast after a perceived betrayal:
  "Tillit byggs upp långsamt och med möda, men kan förvandlas till misstro med blixtens
  hastighet. Ett upplevt svek kan vara nog." (003 L3174-3175). A contact closes a share
  ``trust_gain`` of the gap to 1; a betrayal removes a share ``trust_loss`` of the trust.
* Small face-to-face forums build more than large meetings (000 L1534-1560): the gain of a
  contact is scaled by ``(2 / size) ** meeting_size_exponent``.
* Without contact, trust above ``trust_initial`` drifts back down to it and familiarity
  fades (conceptual model M6, M7; rates are assumptions). Distrust, trust below
  ``trust_initial``, stays: a negative shared history, the "bagage" of 003 L3162-3172,
  persists until new contacts rebuild trust (``distrust_recovery``, 0 by default). The drift
  is applied lazily, in closed form, when a tie is touched or read, so a quiet tie costs
  nothing per week.
* Acquaintance is a buffer: known staff attract less anger when social services cannot act
  (000 L1642-1661), so a betrayal costs less trust the more familiar the tie
  (``familiarity_buffer``).
* A betrayal also lowers the betrayed person's trust in everyone else they know in the
  other sector (``betrayal_spillover``): trust in competence is trust in the organisation
  (003 L2876; 000 L1604: "Där tappade vi förtroendet").
* A new tie starts from the person's own view of the other sector (their mean trust in the
  people they know there); a newcomer, who knows no one, starts from the reputation the
  other sector has in their own sector: the institution's "bagage" (003 L3162-3172). A
  replacement has no ties and no familiarity (000 L1609-1618).
* Blame: after a betrayal the school contact may pass the ball (000 L1351-1359); the social
  worker's trust in that contact falls by ``blame_loss``, damped by how well they know each
  other (000 L1642-1661: acquaintance damps irritation).
"""

from __future__ import annotations

from itertools import permutations

import networkx as nx

SCHOOL, SOCIAL, JOINT = "school", "social", "joint"


class CooperationNetwork:
    """Ties between professionals, with the trust and familiarity rules above."""

    def __init__(self, params, week_fn):
        self.p = params
        self._week = week_fn
        self.graph = nx.DiGraph()
        self._reputation: dict | None = None
        self._views: dict = {}
        self._views_week = -1
        self._sector: dict = {}
        self.betrayals = 0
        self.blames = 0
        self.contacts = 0

    # ---------------------------------------------------------------- nodes
    def add(self, agent) -> None:
        self._sector[agent.unique_id] = agent.sector
        self.graph.add_node(
            agent.unique_id,
            role=agent.role,
            sector=agent.sector,
            school=-1 if agent.school is None else agent.school,
            consultant=bool(getattr(agent, "consultant", False)),
            start_week=agent.start_week,
        )

    def remove(self, agent) -> None:
        if agent.unique_id in self.graph:
            self.graph.remove_node(agent.unique_id)
            del self._sector[agent.unique_id]

    def sector(self, node) -> str:
        return self._sector[node]

    def present(self, *nodes) -> bool:
        """True when everyone in ``nodes`` is in post (a node of the network)."""
        return all(n in self._sector for n in nodes)

    # ---------------------------------------------------------------- ties
    def drifted(self, trust: float, weeks: int) -> float:
        """Trust after ``weeks`` without contact: trust above ``trust_initial`` fades back
        down at ``trust_decay``; distrust below it stays ("bagage", 003 L3162-3172) unless
        ``distrust_recovery`` lets it heal."""
        n0 = self.p.trust_initial
        rate = self.p.trust_decay if trust >= n0 else self.p.distrust_recovery
        return n0 + (trust - n0) * (1.0 - rate) ** weeks

    def _settle(self, d: dict, week: int) -> dict:
        """Bring a tie's trust and familiarity up to ``week`` (lazy drift and fading)."""
        dt = week - d["updated"]
        if dt > 0:
            d["trust"] = self.drifted(d["trust"], dt)
            d["familiarity"] *= (1.0 - self.p.familiarity_decay) ** dt
            d["updated"] = week
        return d

    def peek(self, a, b) -> tuple[float, float]:
        """a's current trust in and familiarity with b, without creating a tie: a stranger
        is seen with a's view of b's sector and no familiarity."""
        d = self.graph.adj[a].get(b)
        if d is None:
            return self.view_of_sector(a, self._sector[b]), 0.0
        dt = self._week() - d["updated"]
        fam = d["familiarity"] * (1.0 - self.p.familiarity_decay) ** dt
        return self.drifted(d["trust"], dt), fam

    def tie(self, a, b, initial: float | None = None) -> dict:
        """The tie a -> b, created on first use with the sector's reputation as trust.

        Both people must be in post (nodes of the graph); a tie to someone who has left
        is a programming error.
        """
        week = self._week()
        g = self.graph
        if g.has_edge(a, b):
            return self._settle(g.edges[a, b], week)
        if a not in self._sector or b not in self._sector:
            raise KeyError(f"no tie between {a} and {b}: one of them is not in post")
        trust = self.view_of_sector(a, self._sector[b]) if initial is None else initial
        g.add_edge(
            a, b, trust=trust, familiarity=0.0, sent=0, received=0, last_contact=None, updated=week
        )
        return g.edges[a, b]

    def view_of_sector(self, a, sector: str) -> float:
        """a's trust in a stranger from ``sector``: a's mean trust in the people a knows there,
        or, for someone new, the reputation that sector has in a's own sector.

        Read once per person and week (the view a brings to this week's new acquaintances).
        """
        week = self._week()
        if self._views_week != week:
            self._views, self._views_week = {}, week
        key = (a, sector)
        view = self._views.get(key)
        if view is None:
            # drifted(), inlined: this visits every tie of a person each week
            n0 = self.p.trust_initial
            keep_up, keep_down = 1.0 - self.p.trust_decay, 1.0 - self.p.distrust_recovery
            own_sector = self._sector
            total, count = 0.0, 0
            for b, d in self.graph._adj[a].items():
                if own_sector[b] == sector:
                    t = d["trust"]
                    total += n0 + (t - n0) * (keep_up if t >= n0 else keep_down) ** (
                        week - d["updated"]
                    )
                    count += 1
            view = total / count if count else self.reputation(self._sector[a], sector)
            self._views[key] = view
        return view

    def reputation(self, from_sector: str, to_sector: str) -> float:
        """Mean trust of one sector's staff in another's, as of the last weekly measurement
        (:meth:`measure`); ``trust_initial`` before there are any ties."""
        if self._reputation is None:
            self.weekly_measure()
        return self._reputation.get((from_sector, to_sector), self.p.trust_initial)

    # ---------------------------------------------------------------- events
    def contact(self, members, kind: str = "meeting") -> None:
        """A positive face-to-face contact among ``members`` (ids of professionals)."""
        members = [m for m in dict.fromkeys(members) if m in self.graph]
        size = len(members)
        if size < 2:
            return
        scale = (2.0 / size) ** self.p.meeting_size_exponent
        gain, fgain = self.p.trust_gain * scale, self.p.familiarity_gain * scale
        week = self._week()
        # Each member's view of the other sectors, taken before the meeting adds ties.
        views = {
            (a, s): self.view_of_sector(a, s)
            for a in members
            for s in {self._sector[b] for b in members}
        }
        for a, b in permutations(members, 2):
            d = self.tie(a, b, views[a, self._sector[b]])
            d["trust"] += gain * (1.0 - d["trust"])
            d["familiarity"] += fgain * (1.0 - d["familiarity"])
            d["last_contact"] = week
        self.contacts += 1

    def betrayal(self, a, b, severity: float = 1.0) -> None:
        """``a`` perceives a betrayal by ``b`` (no feedback, case not opened).

        a's trust in b falls by ``trust_loss``, less the better a knows b (acquaintance is
        a buffer: 000 L1642-1661); a's trust in everyone else a knows in b's
        sector falls by ``trust_loss * betrayal_spillover``: trust in the other's competence
        is trust in the organisation, not only in the person (003 L2876; 000 L1598-1604).
        """
        d = self.tie(a, b)
        loss = self.p.trust_loss * severity * (1.0 - self.p.familiarity_buffer * d["familiarity"])
        d["trust"] -= loss * d["trust"]
        spill = loss * self.p.betrayal_spillover
        if spill > 0:
            week, sector = self._week(), self._sector[b]
            for other, e in self.graph.adj[a].items():
                if other != b and self._sector[other] == sector:
                    self._settle(e, week)
                    e["trust"] -= spill * e["trust"]
        self.betrayals += 1

    def blame(self, a, b, rng) -> bool:
        """``a`` (who felt betrayed) may shift blame onto ``b``; b's trust in a falls.

        The chance falls with how well b knows a (000 L1351-1359, L1642-1661).
        """
        back = self.tie(b, a)
        if rng.random() < 1.0 - back["familiarity"]:
            back["trust"] -= self.p.blame_loss * back["trust"]
            self.blames += 1
            return True
        return False

    def send(self, sender, receiver) -> None:
        """``sender`` passes information (a report of concern) to ``receiver``."""
        self.tie(sender, receiver)["sent"] += 1

    def feedback(self, giver, receiver) -> None:
        """``giver`` reports back to ``receiver``: recorded on both ties."""
        self.tie(receiver, giver)["received"] += 1
        self.tie(giver, receiver)["sent"] += 1

    # ---------------------------------------------------------------- measures
    def weekly_measure(self) -> dict[str, float]:
        """:meth:`cross_stats`, and refresh each sector's reputation (mean trust in each other
        sector), which new ties start from until the next weekly measurement."""
        stats, self._reputation = self._measure()
        return stats

    def cross_stats(self) -> dict[str, float]:
        """Mean current trust and familiarity over school <-> social-services ties."""
        return self._measure()[0]

    def _measure(self) -> tuple[dict[str, float], dict]:
        week = self._week()
        sector = self._sector
        sums: dict[tuple[str, str], list[float]] = {}
        decay_f = 1.0 - self.p.familiarity_decay
        n0 = self.p.trust_initial
        keep_up, keep_down = 1.0 - self.p.trust_decay, 1.0 - self.p.distrust_recovery
        # the same order as graph.edges(data=True), without its per-edge overhead
        for a, nbrs in self.graph._adj.items():
            sa = sector[a]
            for b, d in nbrs.items():
                dt = week - d["updated"]
                key = (sa, sector[b])
                acc = sums.get(key)
                if acc is None:
                    acc = sums[key] = [0.0, 0.0, 0]
                t = d["trust"]  # drifted(t, dt), inlined: this loop visits every tie every week
                acc[0] += n0 + (t - n0) * (keep_up if t >= n0 else keep_down) ** dt
                acc[1] += d["familiarity"] * decay_f**dt
                acc[2] += 1
        reputation = {k: t / n for k, (t, _, n) in sums.items()}
        sch = sums.get((SCHOOL, SOCIAL), [0.0, 0.0, 0])
        soc = sums.get((SOCIAL, SCHOOL), [0.0, 0.0, 0])
        nan = float("nan")
        n = sch[2] + soc[2]
        # Familiarity over every possible pair of an EHT member and a social worker (a pair
        # with no tie yet knows nothing of the other): it does not jump when a big meeting
        # creates many new, weak ties.
        fam, pairs = self._core_familiarity(week)
        return {
            "trust_school_side": sch[0] / sch[2] if sch[2] else nan,
            "trust_social_side": soc[0] / soc[2] if soc[2] else nan,
            "mean_trust_cross": (sch[0] + soc[0]) / n if n else nan,
            "mean_familiarity_cross": fam / pairs if pairs else nan,
            "cross_ties": n,
        }, reputation

    def _core_familiarity(self, week: int) -> tuple[float, int]:
        nodes = self.graph.nodes
        eht = [n for n, s in self._sector.items() if s == SCHOOL and nodes[n]["role"] != "mentor"]
        social = [n for n, s in self._sector.items() if s == SOCIAL]
        decay_f = 1.0 - self.p.familiarity_decay
        adj = self.graph.adj
        total = 0.0
        for a in eht:
            for b in social:
                for x, y in ((a, b), (b, a)):
                    d = adj[x].get(y)
                    if d is not None:
                        total += d["familiarity"] * decay_f ** (week - d["updated"])
        return total, 2 * len(eht) * len(social)

    def settled(self) -> nx.DiGraph:
        """The graph with every tie brought up to the current week (for export and reading)."""
        week = self._week()
        for _, _, d in self.graph.edges(data=True):
            self._settle(d, week)
        return self.graph

    def to_graphml(self, path) -> None:
        g = self.settled().copy()
        for _, _, d in g.edges(data=True):
            d["last_contact"] = -1 if d["last_contact"] is None else d["last_contact"]
        nx.write_graphml(g, path)

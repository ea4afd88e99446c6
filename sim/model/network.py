"""The cooperation network: who knows whom, and how much they trust each other (M6, M7).

The network is directed: a tie ``a -> b`` carries what ``a`` holds about ``b``:

* ``trust`` in [0, 1]: a's trust in b. Directed, so the school side's trust in social
  services can differ from the reverse (000 L1094: the school reports and hears nothing).
* ``familiarity`` in [0, 1]: knowledge of b's mandate and role (004 L2635; 000 L1438).
* ``sent`` / ``received``: what a sent to b (a report of concern, or feedback) and the
  feedback a got back from b. On a school -> social-services tie, ``received - sent`` is the
  school's feedback balance with that person.
* ``last_contact``: the school week of the last contact (None before any).

How it is stored: the ties' state lives in numpy arrays indexed by an edge id (one id per
tie ever made, never reused), and the people in arrays indexed by a node slot (one per
person ever added, in the order they came). :meth:`CooperationNetwork.tie` returns a
:class:`Tie`, a small mapping that reads and writes one tie's entries in those arrays, so
``net.tie(a, b)["trust"] += x`` works as on a dict. Meetings update all their ties at once,
and the weekly measures are array operations over all ties. ``CooperationNetwork.graph`` is a
:class:`networkx.DiGraph` with the same nodes, ties and attributes, built from the arrays
when it is read (and rebuilt only after something changed): a copy for reading, drawing and
export; the rules change ties through the methods here, not through the graph.

The arrays reproduce the dict-of-ties version bit for bit: each tie is brought up to date
(lazy drift) at the same moments, powers ``(1 - rate) ** weeks`` come from tables computed
with Python's own ``**``, and every mean adds its terms in the same order as a loop over the
graph's adjacency would (``numpy.bincount`` adds sequentially), so the same seed gives the
same run as before.

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

from collections.abc import MutableMapping

import networkx as nx
import numpy as np

SCHOOL, SOCIAL, JOINT = "school", "social", "joint"

#: At most this many sectors (codes 0..MAX_SECTORS-1); the model has three.
MAX_SECTORS = 8
_NONE = -1  # last_contact before any contact
_FEW = 12  # meetings with at most this many ties are updated tie by tie
_MANY = 48  # meetings with more people than this look their ties up with arrays
_FIELDS = ("trust", "familiarity", "sent", "received", "last_contact", "updated")


class Tie(MutableMapping):
    """One tie ``a -> b``: a mapping over ``trust``, ``familiarity``, ``sent``, ``received``,
    ``last_contact`` and ``updated`` that reads and writes the network's arrays."""

    __slots__ = ("_net", "_e")

    def __init__(self, net: CooperationNetwork, e: int):
        self._net, self._e = net, e

    def __getitem__(self, key):
        net, e = self._net, self._e
        if key == "trust":
            return float(net._trust[e])
        if key == "familiarity":
            return float(net._fam[e])
        if key == "sent":
            return int(net._sent[e])
        if key == "received":
            return int(net._recv[e])
        if key == "last_contact":
            last = int(net._last[e])
            return None if last == _NONE else last
        if key == "updated":
            return int(net._upd[e])
        raise KeyError(key)

    def __setitem__(self, key, value) -> None:
        net, e = self._net, self._e
        if key == "trust":
            net._trust[e] = value
        elif key == "familiarity":
            net._fam[e] = value
        elif key == "sent":
            net._sent[e] = value
        elif key == "received":
            net._recv[e] = value
        elif key == "last_contact":
            net._last[e] = _NONE if value is None else value
        elif key == "updated":
            net._upd[e] = value
        else:
            raise KeyError(f"a tie has no entry {key!r}; it has {', '.join(_FIELDS)}")
        net._changed(e)

    def __delitem__(self, key) -> None:
        raise TypeError("a tie's entries cannot be deleted")

    def __iter__(self):
        return iter(_FIELDS)

    def __len__(self) -> int:
        return len(_FIELDS)

    def __repr__(self) -> str:
        return f"Tie({dict(self)})"


class CooperationNetwork:
    """Ties between professionals, with the trust and familiarity rules above."""

    def __init__(self, params, week_fn):
        self._p = params
        self._week = week_fn
        self._reputation: dict | None = None
        self.betrayals = 0
        self.blames = 0
        self.contacts = 0
        # people: uid -> slot (in post), and per slot (everyone ever added, in order)
        self._slot: dict = {}
        self._sector: dict = {}
        self._attrs: dict = {}  # uid -> node attributes (in post)
        self._codes: dict[str, int] = {}
        self._sector_names: list[str] = []
        self._n_nodes = 0
        self._uids: list = []  # slot -> uid
        self._node_code = np.zeros(64, dtype=np.int8)
        self._node_eht = np.zeros(64, dtype=bool)  # school side, not a mentor
        # ties: adjacency (uid -> {uid: edge id}, in the order ties were made) and arrays
        self._out: dict = {}
        self._in: dict = {}
        self._n_edges = 0
        self._cap = 0
        self._grow_edges(1024)
        self._live_cache: np.ndarray | None = None
        self._index = (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64))
        self._index_upto = 0  # ties (by id) in the index
        # weekly views of the other sectors (see view_of_sector)
        self._views: dict = {}
        self._views_week = -1
        self._batch: tuple | None = None
        self._dirty: set = set()
        self._tables: dict[float, np.ndarray] = {}
        self._rates_key: tuple | None = None
        self._rates_now: tuple = ()
        # the networkx copy
        self._graph = nx.DiGraph()
        self._version = 0
        self._graph_version = -1

    @property
    def p(self):
        return self._p

    @p.setter
    def p(self, params) -> None:
        self._p = params
        self._batch = None
        self._rates_key = None

    # ---------------------------------------------------------------- storage
    def _grow_edges(self, needed: int) -> None:
        if needed <= self._cap:
            return
        cap = max(needed, 2 * self._cap)

        def grown(old, dtype, fill):
            new = np.full(cap, fill, dtype=dtype)
            if old is not None:
                new[: self._n_edges] = old[: self._n_edges]
            return new

        first = self._cap == 0
        self._trust = grown(None if first else self._trust, np.float64, 0.0)
        self._fam = grown(None if first else self._fam, np.float64, 0.0)
        self._sent = grown(None if first else self._sent, np.int64, 0)
        self._recv = grown(None if first else self._recv, np.int64, 0)
        self._last = grown(None if first else self._last, np.int64, _NONE)
        self._upd = grown(None if first else self._upd, np.int64, 0)
        self._src = grown(None if first else self._src, np.int32, 0)
        self._dst = grown(None if first else self._dst, np.int32, 0)
        self._alive = grown(None if first else self._alive, bool, False)
        self._cap = cap

    def _new_edges(self, src, dst, trusts, week: int) -> int:
        """Make the ties from node slots ``src`` to ``dst`` with initial ``trusts``; returns
        the first id (the ids are consecutive, in the order given)."""
        first, k = self._n_edges, len(src)
        self._grow_edges(first + k)
        stop = first + k
        uids, out, inn = self._uids, self._out, self._in
        as_list = (lambda x: x.tolist()) if isinstance(src, np.ndarray) else list
        for e, a, b in zip(range(first, stop), as_list(src), as_list(dst), strict=True):
            ua, ub = uids[a], uids[b]
            out[ua][ub] = e
            inn[ub][ua] = e
        self._src[first:stop] = src
        self._dst[first:stop] = dst
        self._trust[first:stop] = trusts
        self._fam[first:stop] = 0.0
        self._sent[first:stop] = 0
        self._recv[first:stop] = 0
        self._last[first:stop] = _NONE
        self._upd[first:stop] = week
        self._alive[first:stop] = True
        self._n_edges = stop
        self._live_cache = None  # the set of ties changed
        return first

    def _pair_index(self) -> tuple[np.ndarray, np.ndarray]:
        """Every tie ever made as sorted keys ``src slot << 32 | dst slot`` and their ids, for
        looking up many pairs at once (check ``_alive``: ties of people who left stay in).
        Slots are never reused, so a key names one tie for good and ties made since the last
        look-up are merged in rather than sorted anew."""
        done, n = self._index_upto, self._n_edges
        if done < n:
            ids = np.arange(done, n)
            keys = (self._src[done:n].astype(np.int64) << 32) | self._dst[done:n]
            order = np.argsort(keys)
            keys, ids = keys[order], ids[order]
            if done:
                old_keys, old_ids = self._index
                at = np.searchsorted(old_keys, keys)
                keys, ids = np.insert(old_keys, at, keys), np.insert(old_ids, at, ids)
            self._index, self._index_upto = (keys, ids), n
        return self._index

    def _live(self) -> np.ndarray:
        """Ids of the ties that exist now, ascending (the order they were made)."""
        if self._live_cache is None:
            self._live_cache = np.flatnonzero(self._alive[: self._n_edges])
        return self._live_cache

    def _powers(self, base: float, n: int) -> np.ndarray:
        """``base ** k`` for k = 0..n-1 (at least), computed with Python's ``**`` so that the
        arrays give exactly what :meth:`drifted` gives."""
        table = self._tables.get(base)
        if table is None or len(table) < n:
            size = max(n, 64 if table is None else 2 * len(table))
            table = np.array([base**k for k in range(size)], dtype=np.float64)
            self._tables[base] = table
        return table

    def _rates(self, week: int) -> tuple[float, np.ndarray, np.ndarray, np.ndarray]:
        """``trust_initial`` and the tables of ``(1 - rate) ** weeks`` for trust above it
        (``trust_decay``), below it (``distrust_recovery``) and familiarity, up to ``week``."""
        key = (id(self._p), week)
        if self._rates_key != key:
            p, n = self._p, week + 1
            self._rates_now = (
                p.trust_initial,
                self._powers(1.0 - p.trust_decay, n),
                self._powers(1.0 - p.distrust_recovery, n),
                self._powers(1.0 - p.familiarity_decay, n),
            )
            self._rates_key = key
        return self._rates_now

    def _since(self, ids: np.ndarray, week: int) -> np.ndarray:
        """Weeks since the ties ``ids`` were last brought up to date."""
        weeks = week - self._upd[ids]
        if len(weeks) and weeks.min() < 0:
            raise ValueError(f"ties updated after week {week}: the week went backwards")
        return weeks

    def _drifted_array(self, trust: np.ndarray, weeks: np.ndarray, week: int) -> np.ndarray:
        """:meth:`drifted` over arrays (``weeks`` at most ``week``)."""
        n0, up, down, _ = self._rates(week)
        return n0 + (trust - n0) * np.where(trust >= n0, up[weeks], down[weeks])

    def _settle_ids(self, ids: np.ndarray, week: int) -> None:
        """Bring the ties ``ids`` (distinct) up to ``week``: :meth:`_settle` over arrays."""
        dt = week - self._upd[ids]
        stale = dt > 0
        if stale.any():
            ids, dt = ids[stale], dt[stale]
            self._trust[ids] = self._drifted_array(self._trust[ids], dt, week)
            self._fam[ids] *= self._rates(week)[3][dt]
            self._upd[ids] = week

    def _changed(self, e: int) -> None:
        """Tie ``e`` changed: its source's view of the target's sector must be read afresh
        (unless already read this week), and the networkx copy is out of date."""
        self._version += 1
        self._dirty.add(
            (self._uids[self._src[e]], self._sector_names[self._node_code[self._dst[e]]])
        )

    # ---------------------------------------------------------------- nodes
    def add(self, agent) -> None:
        uid = agent.unique_id
        sector = agent.sector
        code = self._codes.get(sector)
        if code is None:
            if len(self._codes) >= MAX_SECTORS:
                raise ValueError(f"at most {MAX_SECTORS} sectors; {sector!r} is one too many")
            code = self._codes[sector] = len(self._codes)
            self._sector_names.append(sector)
        self._attrs[uid] = {
            "role": agent.role,
            "sector": sector,
            "school": -1 if agent.school is None else agent.school,
            "consultant": bool(getattr(agent, "consultant", False)),
            "start_week": agent.start_week,
        }
        self._version += 1
        if uid in self._slot:  # already in post: new attributes only
            return
        s = self._n_nodes
        if s >= len(self._node_code):
            self._node_code = np.concatenate([self._node_code, np.zeros_like(self._node_code)])
            self._node_eht = np.concatenate([self._node_eht, np.zeros_like(self._node_eht)])
        self._node_code[s] = code
        self._node_eht[s] = sector == SCHOOL and agent.role != "mentor"
        self._n_nodes = s + 1
        self._uids.append(uid)
        self._slot[uid] = s
        self._sector[uid] = sector
        self._out[uid] = {}
        self._in[uid] = {}

    def remove(self, agent) -> None:
        uid = agent.unique_id
        if uid not in self._slot:
            return
        sector = self._sector[uid]
        for b, e in self._out.pop(uid).items():
            self._alive[e] = False
            del self._in[b][uid]
        for a, e in self._in.pop(uid).items():
            self._alive[e] = False
            del self._out[a][uid]
            self._dirty.add((a, sector))  # a's view of that sector lost a tie
        del self._slot[uid], self._sector[uid], self._attrs[uid]
        self._live_cache = None  # the set of ties changed
        self._version += 1

    def sector(self, node) -> str:
        return self._sector[node]

    def school_of(self, node) -> int:
        """The school of a person in post (-1 for people who work for no single school)."""
        return self._attrs[node]["school"]

    def present(self, *nodes) -> bool:
        """True when everyone in ``nodes`` is in post (a node of the network)."""
        return all(n in self._sector for n in nodes)

    def has_tie(self, a, b) -> bool:
        """True when the tie a -> b exists (both in post and they have met or worked together)."""
        out = self._out.get(a)
        return out is not None and b in out

    # ---------------------------------------------------------------- ties
    def drifted(self, trust: float, weeks: int) -> float:
        """Trust after ``weeks`` without contact: trust above ``trust_initial`` fades back
        down at ``trust_decay``; distrust below it stays ("bagage", 003 L3162-3172) unless
        ``distrust_recovery`` lets it heal."""
        n0 = self.p.trust_initial
        rate = self.p.trust_decay if trust >= n0 else self.p.distrust_recovery
        return n0 + (trust - n0) * (1.0 - rate) ** weeks

    def _settle(self, e: int, week: int) -> None:
        """Bring tie ``e``'s trust and familiarity up to ``week`` (lazy drift and fading)."""
        dt = week - int(self._upd[e])
        if dt > 0:
            self._trust[e] = self.drifted(float(self._trust[e]), dt)
            self._fam[e] = float(self._fam[e]) * (1.0 - self.p.familiarity_decay) ** dt
            self._upd[e] = week

    def peek(self, a, b) -> tuple[float, float]:
        """a's current trust in and familiarity with b, without creating a tie: a stranger
        is seen with a's view of b's sector and no familiarity."""
        e = self._out[a].get(b)
        if e is None:
            return self.view_of_sector(a, self._sector[b]), 0.0
        dt = self._week() - int(self._upd[e])
        fam = float(self._fam[e]) * (1.0 - self.p.familiarity_decay) ** dt
        return self.drifted(float(self._trust[e]), dt), fam

    def _tie_id(self, a, b, initial: float | None = None) -> int:
        """The id of the tie a -> b, brought up to this week; made on first use."""
        week = self._week()
        out = self._out.get(a)
        e = None if out is None else out.get(b)
        if e is not None:
            self._settle(e, week)
        else:
            if a not in self._sector or b not in self._sector:
                raise KeyError(f"no tie between {a} and {b}: one of them is not in post")
            trust = self.view_of_sector(a, self._sector[b]) if initial is None else initial
            e = self._new_edges([self._slot[a]], [self._slot[b]], [trust], week)
        self._dirty.add((a, self._sector[b]))
        self._version += 1
        return e

    def tie(self, a, b, initial: float | None = None) -> Tie:
        """The tie a -> b (a :class:`Tie`, read and written like a dict), created on first
        use with a's view of b's sector as trust.

        Both people must be in post (nodes of the network); a tie to someone who has left
        is a programming error.
        """
        return Tie(self, self._tie_id(a, b, initial))

    def view_of_sector(self, a, sector: str) -> float:
        """a's trust in a stranger from ``sector``: a's mean trust in the people a knows there,
        or, for someone new, the reputation that sector has in a's own sector.

        Read once per person and week (the view a brings to this week's new acquaintances).
        """
        week = self._week()
        if self._views_week != week:
            self._views, self._views_week = {}, week
            self._batch = None
        key = (a, sector)
        view = self._views.get(key)
        if view is None:
            view = self._view_now(a, sector, week)
            self._views[key] = view
        return view

    def _view_now(self, a, sector: str, week: int) -> float:
        """a's mean current trust in the people a knows in ``sector`` (or the reputation).

        All people's views are computed at once, at the first read of the week; a view whose
        ties changed since then is computed from a's own ties (in the order they were made,
        as the sum over the graph's adjacency did)."""
        if self._batch is None:
            self._batch = self._all_views(week)
            self._dirty = set()
        total, count = 0.0, 0
        if (a, sector) in self._dirty:
            total, count = self._own_view(a, sector, week)
        elif (code := self._codes.get(sector)) is not None:
            sums, counts = self._batch
            k = self._slot[a] * MAX_SECTORS + code
            if k < len(counts) and counts[k]:
                total, count = sums[k], int(counts[k])
        if count:
            return float(total / count)
        return self.reputation(self._sector[a], sector)

    def _all_views(self, week: int) -> tuple[np.ndarray, np.ndarray]:
        """Per person and sector: the sum of current trust over their ties there, and the
        number of ties (bincount adds in tie order, as a loop over a's ties does)."""
        live = self._live()
        src = self._src[live]
        key = src.astype(np.int64) * MAX_SECTORS + self._node_code[self._dst[live]]
        trust = self._drifted_array(self._trust[live], self._since(live, week), week)
        n = self._n_nodes * MAX_SECTORS
        return np.bincount(key, weights=trust, minlength=n), np.bincount(key, minlength=n)

    def _own_view(self, a, sector: str, week: int) -> tuple[float, int]:
        """The sum of a's current trust in the people a knows in ``sector`` (added in the
        order the ties were made) and their number."""
        known = self._out[a]
        ids = np.fromiter(known.values(), dtype=np.int64, count=len(known))
        ids = ids[self._node_code[self._dst[ids]] == self._codes[sector]]
        if len(ids) == 0:
            return 0.0, 0
        trust = self._drifted_array(self._trust[ids], self._since(ids, week), week)
        return np.add.accumulate(trust)[-1], len(ids)

    def reputation(self, from_sector: str, to_sector: str) -> float:
        """Mean trust of one sector's staff in another's, as of the last weekly measurement
        (:meth:`measure`); ``trust_initial`` before there are any ties."""
        if self._reputation is None:
            self.weekly_measure()
        return self._reputation.get((from_sector, to_sector), self.p.trust_initial)

    # ---------------------------------------------------------------- events
    def contact(self, members, kind: str = "meeting") -> None:
        """A positive face-to-face contact among ``members`` (ids of professionals)."""
        members = [m for m in dict.fromkeys(members) if m in self._slot]
        size = len(members)
        if size < 2:
            return
        p = self.p
        scale = (2.0 / size) ** p.meeting_size_exponent
        gain, fgain = p.trust_gain * scale, p.familiarity_gain * scale
        week = self._week()
        sector = self._sector
        # Each member's view of the other sectors, taken before the meeting adds ties.
        sectors = {sector[b] for b in members}
        # (view_of_sector, inlined: a meeting of 30 asks for a hundred views)
        if self._views_week != week:
            self.view_of_sector(members[0], sector[members[0]])
        views = self._views
        for a in members:
            for s in sectors:
                if (a, s) not in views:
                    views[a, s] = self._view_now(a, s, week)
        if size > _MANY:
            ids = self._meeting_ties(members, sectors, views, week)
        else:
            ids = self._meeting_ties_few(members, views, week)
        if len(ids) <= _FEW:  # a small meeting: plain Python is quicker than numpy here
            tr, fam, last, settle = self._trust, self._fam, self._last, self._settle
            for e in ids:
                settle(e, week)
                t, f = float(tr[e]), float(fam[e])
                tr[e] = t + gain * (1.0 - t)
                fam[e] = f + fgain * (1.0 - f)
                last[e] = week
        else:
            ids = np.asarray(ids, dtype=np.int64)
            self._settle_ids(ids, week)
            trust = self._trust[ids]
            self._trust[ids] = trust + gain * (1.0 - trust)
            fam = self._fam[ids]
            self._fam[ids] = fam + fgain * (1.0 - fam)
            self._last[ids] = week
        # no views to mark as changed: every member's view of these sectors is already
        # read (and kept) this week
        self._version += 1
        self.contacts += 1

    def _meeting_ties_few(self, members: list, views: dict, week: int) -> list:
        """The ids of the ties between ``members`` in the order of permutations(members, 2),
        made where missing (trust: the maker's view of the other's sector)."""
        ids, new, trusts = [], [], []
        out, sector, slot = self._out, self._sector, self._slot
        for i, a in enumerate(members):
            others = members[:i] + members[i + 1 :]
            found = list(map(out[a].get, others))
            if None in found:
                for j, b in enumerate(others):
                    if found[j] is None:
                        new.append((slot[a], slot[b]))
                        trusts.append(views[a, sector[b]])
                        found[j] = -1
            ids.extend(found)
        if new:
            src, dst = zip(*new, strict=True)
            first = self._new_edges(src, dst, trusts, week)
            fresh = iter(range(first, first + len(new)))
            ids = [next(fresh) if e < 0 else e for e in ids]
        return ids

    def _meeting_ties(self, members: list, sectors: set, views: dict, week: int) -> np.ndarray:
        """:meth:`_meeting_ties_few` for a large meeting, with array look-ups."""
        k = len(members)
        slots = np.array([self._slot[m] for m in members], dtype=np.int64)
        other = ~np.eye(k, dtype=bool)  # row a, column b: a -> b, row by row as permutations
        src = np.broadcast_to(slots[:, None], (k, k))[other]
        dst = np.broadcast_to(slots[None, :], (k, k))[other]
        keys = (src << 32) | dst
        sorted_keys, sorted_ids = self._pair_index()
        ids = np.full(len(keys), -1, dtype=np.int64)
        if self._index_upto:
            pos = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
            found = (sorted_keys[pos] == keys) & self._alive[sorted_ids[pos]]
            ids[found] = sorted_ids[pos[found]]
        missing = ids < 0
        if missing.any():
            view = np.zeros((k, MAX_SECTORS))
            for i, a in enumerate(members):
                for s in sectors:
                    view[i, self._codes[s]] = views[a, s]
            row = np.broadcast_to(np.arange(k)[:, None], (k, k))[other][missing]
            code = self._node_code[dst[missing]]
            first = self._new_edges(src[missing], dst[missing], view[row, code], week)
            ids[missing] = np.arange(first, first + int(missing.sum()))
        return ids

    def betrayal(self, a, b, severity: float = 1.0) -> None:
        """``a`` perceives a betrayal by ``b`` (no feedback, case not opened).

        a's trust in b falls by ``trust_loss``, less the better a knows b (acquaintance is
        a buffer: 000 L1642-1661); a's trust in everyone else a knows in b's
        sector falls by ``trust_loss * betrayal_spillover``: trust in the other's competence
        is trust in the organisation, not only in the person (003 L2876; 000 L1598-1604).
        """
        p = self.p
        e = self._tie_id(a, b)
        trust = float(self._trust[e])
        loss = p.trust_loss * severity * (1.0 - p.familiarity_buffer * float(self._fam[e]))
        self._trust[e] = trust - loss * trust
        spill = loss * p.betrayal_spillover
        if spill > 0:
            known = self._out[a]
            ids = np.fromiter(known.values(), dtype=np.int64, count=len(known))
            code = self._node_code[self._dst[e]]
            ids = ids[(self._node_code[self._dst[ids]] == code) & (ids != e)]
            if len(ids):
                self._settle_ids(ids, self._week())
                trust = self._trust[ids]
                self._trust[ids] = trust - spill * trust
        self.betrayals += 1

    def blame(self, a, b, rng) -> bool:
        """``a`` (who felt betrayed) may shift blame onto ``b``; b's trust in a falls.

        The chance falls with how well b knows a (000 L1351-1359, L1642-1661).
        """
        e = self._tie_id(b, a)
        if rng.random() < 1.0 - float(self._fam[e]):
            trust = float(self._trust[e])
            self._trust[e] = trust - self.p.blame_loss * trust
            self.blames += 1
            return True
        return False

    def send(self, sender, receiver) -> None:
        """``sender`` passes information (a report of concern) to ``receiver``."""
        e = self._tie_id(sender, receiver)  # before reading the array: it may grow
        self._sent[e] += 1

    def feedback(self, giver, receiver) -> None:
        """``giver`` reports back to ``receiver``: recorded on both ties."""
        e = self._tie_id(receiver, giver)  # before reading the array: it may grow
        self._recv[e] += 1
        e = self._tie_id(giver, receiver)
        self._sent[e] += 1

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
        live = self._live()
        src, dst = self._src[live], self._dst[live]
        trust = self._drifted_array(self._trust[live], self._since(live, week), week)
        # in the order of a loop over the graph: people in the order they came, each
        # person's ties in the order they were made
        order = np.argsort(src, kind="stable")
        pair = self._node_code[src].astype(np.int64) * MAX_SECTORS + self._node_code[dst]
        n = MAX_SECTORS * MAX_SECTORS
        sums = np.bincount(pair[order], weights=trust[order], minlength=n)
        counts = np.bincount(pair, minlength=n)
        names = self._sector_names
        reputation = {
            (names[k // MAX_SECTORS], names[k % MAX_SECTORS]): float(sums[k] / counts[k])
            for k in np.flatnonzero(counts).tolist()
        }

        def acc(a: str, b: str) -> tuple[float, int]:
            if a not in self._codes or b not in self._codes:
                return 0.0, 0
            k = self._codes[a] * MAX_SECTORS + self._codes[b]
            return sums[k], int(counts[k])

        sch, soc = acc(SCHOOL, SOCIAL), acc(SOCIAL, SCHOOL)
        nan = float("nan")
        n = sch[1] + soc[1]
        # Familiarity over every possible pair of an EHT member and a social worker (a pair
        # with no tie yet knows nothing of the other): it does not jump when a big meeting
        # creates many new, weak ties.
        fam, pairs = self._core_familiarity(week)
        return {
            "trust_school_side": float(sch[0] / sch[1]) if sch[1] else nan,
            "trust_social_side": float(soc[0] / soc[1]) if soc[1] else nan,
            "mean_trust_cross": float((sch[0] + soc[0]) / n) if n else nan,
            "mean_familiarity_cross": fam / pairs if pairs else nan,
            "cross_ties": n,
        }, reputation

    def _core_familiarity(self, week: int) -> tuple[float, int]:
        """Summed familiarity over the ties between EHT members and social workers, and the
        number of such pairs (both directions)."""
        social_code = self._codes.get(SOCIAL)
        slots = np.fromiter(self._slot.values(), dtype=np.int64, count=len(self._slot))
        n_eht = int(self._node_eht[slots].sum())
        n_social = 0 if social_code is None else int((self._node_code[slots] == social_code).sum())
        pairs = 2 * n_eht * n_social
        if pairs == 0:
            return 0.0, 0
        live = self._live()
        src, dst = self._src[live], self._dst[live]
        eht_to_social = self._node_eht[src] & (self._node_code[dst] == social_code)
        social_to_eht = (self._node_code[src] == social_code) & self._node_eht[dst]
        chosen = eht_to_social | social_to_eht
        ids, src, dst, back = live[chosen], src[chosen], dst[chosen], social_to_eht[chosen]
        if len(ids) == 0:
            return 0.0, pairs
        fam = self._fam[ids] * self._rates(week)[3][self._since(ids, week)]
        # the order of a loop over EHT members, then social workers, each pair both ways
        order = np.lexsort((back, np.where(back, src, dst), np.where(back, dst, src)))
        return float(np.add.accumulate(fam[order])[-1]), pairs

    # ---------------------------------------------------------------- networkx
    @property
    def graph(self) -> nx.DiGraph:
        """The network as a :class:`networkx.DiGraph` (ties as they are stored, not brought
        up to this week: see :meth:`settled`). Always the same object, brought in step with
        the arrays when read; change ties through this class, not through the graph."""
        if self._graph_version != self._version:
            self._sync_graph()
        return self._graph

    def _sync_graph(self) -> None:
        g = self._graph
        g.clear()
        g.add_nodes_from((uid, dict(self._attrs[uid])) for uid in self._slot)
        live = self._live()
        order = live[np.argsort(self._src[live], kind="stable")]
        uids = self._uids
        last = self._last[order].tolist()
        g.add_edges_from(
            (
                uids[a],
                uids[b],
                {
                    "trust": t,
                    "familiarity": f,
                    "sent": s,
                    "received": r,
                    "last_contact": None if c == _NONE else c,
                    "updated": u,
                },
            )
            for a, b, t, f, s, r, c, u in zip(
                self._src[order].tolist(),
                self._dst[order].tolist(),
                self._trust[order].tolist(),
                self._fam[order].tolist(),
                self._sent[order].tolist(),
                self._recv[order].tolist(),
                last,
                self._upd[order].tolist(),
                strict=True,
            )
        )
        self._graph_version = self._version

    def settled(self) -> nx.DiGraph:
        """The graph with every tie brought up to the current week (for export and reading)."""
        self._settle_ids(self._live(), self._week())
        self._batch = None
        self._version += 1
        return self.graph

    def to_graphml(self, path) -> None:
        g = self.settled().copy()
        for _, _, d in g.edges(data=True):
            d["last_contact"] = -1 if d["last_contact"] is None else d["last_contact"]
        nx.write_graphml(g, path)

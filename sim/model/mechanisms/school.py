"""M2, school side: mentors and the student health team carry out the ladder's actions.

Every action takes someone's time. An action whose responsible person is absent (a vacant
post, M8) or out of hours this week waits in the school's queue: queues delay work.

The actions a ladder step can take are registered below with :func:`school_action`
(:data:`SCHOOL_ACTIONS`, the one list that ``ladder_steps`` is checked against); each
function says who carries the action out and what it does, next to its source.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..network import JOINT, SOCIAL
from ..staffing import EHT_ROLES
from .guardians import ask_consent
from .ladder import step_thresholds


@dataclass(frozen=True)
class SchoolAction:
    """An action a ladder step can take: its name in ``ladder_steps``, what it is, and the
    function that carries it out for one pupil (True when done, False to wait a week).

    ``gate`` names the person whose hours the action needs first (``"mentor"``,
    ``"counsellor"``, ``"writer"``: the counsellor, else the principal, ``"plan_writer"``: the
    special educator, else the counsellor) and ``gate_hours`` the parameter with the hours;
    when that person is vacant or out of time the action does nothing this week, and
    ``without_time`` (if given) says for an array of pupil rows, with no side effects, which
    are done anyway (True) and which wait (False; without it, all wait). The week's work
    uses this to pass over waiting actions without calling ``perform``. An action without a
    gate is always performed in turn."""

    name: str
    description: str
    perform: Callable[..., bool]
    gate: str | None = None
    gate_hours: str | None = None
    without_time: Callable[..., bool] | None = None


SCHOOL_ACTIONS: dict[str, SchoolAction] = {}


def school_action(name: str, description: str, gate=None, gate_hours=None, without_time=None):
    """Register the decorated function as the school action ``name``."""

    def register(perform: Callable[..., bool]) -> Callable[..., bool]:
        SCHOOL_ACTIONS[name] = SchoolAction(
            name, description, perform, gate, gate_hours, without_time
        )
        return perform

    return register


def need(pupils) -> np.ndarray:
    """Triage: who comes first. The most absent first, and among equally absent pupils those
    whose absence has risen since their last ladder step (002 L2815-2817: the EHT comes in
    when needed; its cases are mostly the long-running ones)."""
    rate = pupils.window_rate()
    return rate + np.maximum(rate - pupils.rate_at_step, 0.0)


def followup_need(model) -> np.ndarray:
    """Who needs the counsellor's weekly follow-up this week (a mask): pupils the EHT has
    taken on (from the guardian meeting or the action plan, 000 L502) whose recorded absence
    is still at or above the threshold of their current ladder step. A pupil whose absence
    has fallen below it needs no weekly session this week (the weekly screen still watches).
    A pupil whose joint case a coordinator follows week by week is the coordinator's (000
    L601-667). Assumption: informed by 002 L2815-2817 (the EHT comes in when needed)."""
    pp, p = model.pupils, model.p
    thresholds = step_thresholds(p)
    level = thresholds[np.clip(pp.step.astype(np.int64) - 1, 0, len(thresholds) - 1)]
    return (
        pp.eht_followup
        & (pp.window_rate() >= level)
        & ~model.joint_work.coordinator_follows()
    )


#: The ladder action done in batches: the most common one (a monthly repeat while absence
#: stays up). The counsellor's follow-up sessions are the other batch kind.
BATCH_ACTION = "contact_guardians"
_EPS = 1e-9  # the tolerance of Professional.can
_PRINCIPAL, _COUNSELLOR, _NURSE, _SPECIAL_EDUCATOR = range(4)  # EHT_ROLES order


class SchoolActions:
    """Each school's work for pupils with problematic absence: the queue of ladder actions
    and the counsellor's weekly follow-up, worked through together in order of need.

    Triage is joint: a ladder action for a pupil whose absence is low waits while the
    counsellor follows a pupil whose absence is high or rising (002 L2815-2817). Nobody
    works in strict order of arrival, and nobody's time goes first to the newest case.

    How the week is worked through (the rules are those of one pass over each school's list,
    neediest first; the bookkeeping is done in batches). Every task needs its person's hours.
    A mentor's guardian contacts and a counsellor's follow-up sessions all cost the same, and
    a person's hours only fall during the pass, so the ones done are the first
    ``floor(hours / cost)`` of that person's list, counted up to each case-level action
    (a meeting, a plan, a report, an application), which is carried out in turn by its own
    function. Case-level actions whose person has no time left are passed over in bulk.
    """

    def __init__(self, model):
        self.model = model
        self.actions = list(SCHOOL_ACTIONS)
        self.code = {name: i for i, name in enumerate(self.actions)}
        n = model.p.n_pupils
        # The queue, in order: pupil row, the pupil's generation, action code, week queued.
        self._rows: list[np.ndarray] = []
        self._gens: list[np.ndarray] = []
        self._codes: list[np.ndarray] = []
        self._weeks: list[np.ndarray] = []
        # The generation of the pupil for whom an action is waiting (-1: none).
        self._pending = np.full((n, len(self.actions)), -1, dtype=np.int64)

    # ------------------------------------------------------------------ the queue
    def queue(self, row: int, action: str) -> None:
        """Queue ``action`` for the pupil, unless the same action is already waiting."""
        self.queue_many(np.array([row], dtype=np.int64), action)

    def queue_many(self, rows: np.ndarray, action: str | np.ndarray) -> None:
        """Queue ``action`` (a name, or one code per row) for each of ``rows``, in order,
        unless the same action is already waiting for that pupil."""
        rows = np.asarray(rows, dtype=np.int64)
        if isinstance(action, str):
            codes = np.full(rows.shape, self.code[action], dtype=np.int64)
        else:
            codes = np.asarray(action, dtype=np.int64)
        gens = self.model.pupils.generation[rows]
        new = self._pending[rows, codes] != gens
        if not new.any():
            return
        rows, codes, gens = rows[new], codes[new], gens[new]
        # the same action twice for one pupil in this call: only the first
        first = np.unique(rows * len(self.actions) + codes, return_index=True)[1]
        if len(first) < len(rows):
            keep = np.sort(first)
            rows, codes, gens = rows[keep], codes[keep], gens[keep]
        self._pending[rows, codes] = gens
        self._rows.append(rows)
        self._gens.append(gens)
        self._codes.append(codes)
        self._weeks.append(np.full(rows.shape, self.model.week, dtype=np.int64))

    def _take(self) -> tuple[np.ndarray, ...]:
        def cat(parts, dtype=np.int64):
            return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)

        out = cat(self._rows), cat(self._gens), cat(self._codes), cat(self._weeks)
        self._rows, self._gens, self._codes, self._weeks = [list(out[i:i + 1]) for i in range(4)]
        return out

    @property
    def queues(self) -> list[list[tuple[int, int, str, int]]]:
        """What waits, per school: (row, pupil id, action, week queued) (for inspection)."""
        rows, gens, codes, weeks = self._take()
        model = self.model
        out: list[list] = [[] for _ in range(model.p.n_schools)]
        for r, g, c, w in zip(rows.tolist(), gens.tolist(), codes.tolist(), weeks.tolist()):
            if model.pupils.generation[r] == g:
                out[int(model.pupils.school[r])].append(
                    (r, model.pupil_at[r].unique_id, self.actions[c], w)
                )
        return out

    # ------------------------------------------------------------------ the week
    def carry_out(self) -> None:
        """Work through each school's ladder actions and follow-up sessions, neediest pupil
        first, as far as people and hours allow. What waits is unmet demand:
        ``action_weeks_waited`` and ``followup_weeks_unserved`` count it."""
        model = self.model
        pp, p = model.pupils, model.p
        priority = need(pp)
        due = np.flatnonzero(followup_need(model))
        q_rows, q_gens, q_codes, q_weeks = self._take()
        alive = pp.generation[q_rows] == q_gens  # the others have left school: dropped
        q_rows, q_gens, q_codes, q_weeks = (a[alive] for a in (q_rows, q_gens, q_codes, q_weeks))

        # One list of the week's tasks, sorted by school, then need (highest first), then
        # kind (a ladder action before a follow-up session at equal need), then order (a
        # pupil's own actions keep theirs: the plan before the application). Stable.
        nq = len(q_rows)
        rows = np.concatenate([q_rows, due])
        kind = np.r_[np.zeros(nq, np.int8), np.ones(len(due), np.int8)]
        order = np.r_[np.arange(nq), np.arange(len(due))]
        school = pp.school[rows]
        srt = np.lexsort((order, kind, -priority[rows], school))
        rows, kind, school = rows[srt], kind[srt], school[srt]
        task_q = np.where(kind == 0, order[srt], -1)  # the queue index of an action task
        codes = np.where(kind == 0, q_codes[np.maximum(task_q, 0)] if nq else -1, -1)

        people = model.staffing.school_people()
        n_classes = pp.n_classes
        eht0 = n_classes + len(EHT_ROLES) * school.astype(np.int64)
        hours = np.array(
            [-np.inf if a is None else a.hours_left for a in people], dtype=float
        )
        hours0 = hours.copy()

        # Batch tasks: a mentor's guardian contact, a counsellor's follow-up session.
        cg = self.code.get(BATCH_ACTION, -2)
        is_cg = codes == cg
        batch = is_cg | (kind == 1)
        b_pos = np.flatnonzero(batch)
        b_person = np.where(kind[b_pos] == 1, eht0[b_pos] + _COUNSELLOR, pp.klass[rows[b_pos]])
        cost_of = np.zeros(len(people))
        cost_of[:n_classes] = p.hours_contact
        cost_of[n_classes:] = p.hours_followup  # only counsellors have batch tasks there
        by_person = np.argsort(b_person, kind="stable")
        bp_person, bp_pos = b_person[by_person], b_pos[by_person]
        first = np.searchsorted(bp_person, np.arange(len(people) + 1))
        walk = _Walk(hours, cost_of, first, bp_pos)

        # Case-level tasks, in order, with the person whose hours gate them.
        c_pos = np.flatnonzero(~batch)
        done = np.zeros(len(rows), dtype=bool)
        if c_pos.size:
            self._case_work(rows, codes, school, eht0, c_pos, walk, people, task_q, q_weeks, done)

        # Every person's batch tasks after the last case-level action: the first ones their
        # hours allow.
        served_n = walk.finish()
        rank = np.arange(len(bp_person)) - first[bp_person]
        served = np.zeros(len(rows), dtype=bool)
        served[bp_pos[rank < served_n[bp_person]]] = True

        # hours back to the people whose hours changed
        for k in np.flatnonzero(hours != hours0).tolist():
            people[k].hours_left = float(hours[k])

        # Guardian contacts made.
        cg_done = np.flatnonzero(served & is_cg)
        done[cg_done] = True
        if cg_done.size:
            self._contact_guardians(rows[cg_done])
            model.records["action_wait_weeks"].extend(
                (model.week - q_weeks[task_q[cg_done]]).tolist()
            )
        fu = served & (kind == 1)
        self._follow_up(len(due), rows[fu])

        # What waits: the actions not done, in this week's order.
        waiting = np.flatnonzero((kind == 0) & ~done)
        model.counters["action_weeks_waited"] += len(waiting)
        qi = task_q[waiting]
        finished = task_q[(kind == 0) & done]
        self._pending[q_rows[finished], q_codes[finished]] = -1
        self._rows, self._gens = [q_rows[qi]], [q_gens[qi]]
        self._codes, self._weeks = [q_codes[qi]], [q_weeks[qi]]

    def _case_work(self, rows, codes, school, eht0, c_pos, walk, people, task_q, q_weeks, done):
        """The case-level actions in order. Those whose gate person has the hours (as the
        pass stands when their turn comes) are performed; the rest are passed over in bulk,
        and an action that is done without anyone's time (``without_time``) is done."""
        model = self.model
        pp, p = model.pupils, model.p
        hours = walk.hours
        c_codes = codes[c_pos]
        c_rows = rows[c_pos]
        gate = np.full(len(c_pos), -1, dtype=np.int64)  # -1: no gate, always performed
        cost = np.zeros(len(c_pos))
        actions = [SCHOOL_ACTIONS[a] for a in self.actions]
        e0 = eht0[c_pos]
        vacant = np.isneginf(hours)
        for code, action in enumerate(actions):
            sel = c_codes == code
            if action.gate is None or not sel.any():
                continue
            cost[sel] = p[action.gate_hours]
            if action.gate == "mentor":
                gate[sel] = pp.klass[c_rows[sel]]
            elif action.gate == "counsellor":
                gate[sel] = e0[sel] + _COUNSELLOR
            elif action.gate == "writer":
                c = e0[sel] + _COUNSELLOR
                gate[sel] = np.where(vacant[c], e0[sel] + _PRINCIPAL, c)
            elif action.gate == "plan_writer":
                se = e0[sel] + _SPECIAL_EDUCATOR
                gate[sel] = np.where(vacant[se], e0[sel] + _COUNSELLOR, se)
            else:  # pragma: no cover - a programming error
                raise ValueError(f"unknown gate {action.gate!r} of {action.name!r}")
        gated = gate >= 0
        ungated, gate0, least = ~gated, np.maximum(gate, 0), cost - _EPS
        performed = np.zeros(len(c_pos), dtype=bool)
        # per school: walk the case tasks, jumping to the next one whose gate can afford it
        bounds = np.searchsorted(school[c_pos], np.arange(model.p.n_schools + 1))
        for s in np.flatnonzero(np.diff(bounds)).tolist():
            lo, hi = int(bounds[s]), int(bounds[s + 1])
            cand = np.arange(lo, hi)
            while cand.size:
                # hours only fall: an action its person cannot afford now waits this week
                ok = ungated[cand] | (hours[gate0[cand]] >= least[cand])
                cand = cand[ok]
                changed = False
                for n_seen, j in enumerate(cand.tolist()):
                    pos = int(c_pos[j])
                    row = int(c_rows[j])
                    mentor, counsellor = int(pp.klass[row]), int(e0[j]) + _COUNSELLOR
                    keys = [mentor, *range(int(e0[j]), int(e0[j]) + 4)]
                    before = hours[keys].tolist()
                    walk.advance(counsellor, pos)
                    walk.advance(mentor, pos)
                    if gated[j] and hours[gate[j]] < cost[j] - _EPS:
                        if hours[keys].tolist() != before:  # the sessions before it took the time
                            cand = cand[n_seen + 1:]
                            changed = True
                            break
                        continue
                    performed[j] = True
                    for k in keys:
                        if people[k] is not None:
                            people[k].hours_left = float(hours[k])
                    ok_done = actions[c_codes[j]].perform(model, row)
                    for k in keys:
                        if people[k] is not None:
                            hours[k] = people[k].hours_left
                    if ok_done:
                        done[pos] = True
                        model.record("action_wait_weeks", model.week - int(q_weeks[task_q[pos]]))
                    if hours[keys].tolist() != before:
                        cand = cand[n_seen + 1:]
                        changed = True
                        break
                if not changed:
                    break
        # passed over: done anyway where the action needs no one's time for this pupil
        skipped = np.flatnonzero(~performed)
        for code, action in enumerate(actions):
            if action.without_time is None:
                continue
            j = skipped[c_codes[skipped] == code]
            if not j.size:
                continue
            j = j[action.without_time(model, c_rows[j])]
            pos = c_pos[j]
            done[pos] = True
            model.records["action_wait_weeks"].extend((model.week - q_weeks[task_q[pos]]).tolist())

    def _contact_guardians(self, rows: np.ndarray) -> None:
        """The mentors' guardian contacts made this week, in one batch (see
        :func:`contact_guardians`, the same rule for one pupil)."""
        model = self.model
        pp, p = model.pupils, model.p
        model.ledger.book("mentor", "guardian_contact", p.hours_contact * len(rows))
        pp.last_contact_week[rows] = model.week
        model.counters["guardian_contacts"] += len(rows)
        reached = rows[model.rng.random(len(rows)) < pp.reachability(rows)]
        pp.relieve(reached, p.effect_contact_guardians, "school")
        pp.strengthen_bond(reached, p.bond_gain_contact)

    def _follow_up(self, n_due: int, served: np.ndarray) -> None:
        """A week of follow-up for the pupils the counsellor saw: they are in an ongoing
        course of help (which slows escalation, M1) and their bond grows; in the first
        ``followup_course_weeks`` weeks of the episode each week is also help with effect
        ``effect_eht_followup_week`` (000 L1004: weekly talks)."""
        model = self.model
        pp, p = model.pupils, model.p
        model.counters["followup_hours_needed"] += n_due * p.hours_followup
        model.counters["followup_hours_given"] += len(served) * p.hours_followup
        model.counters["followup_weeks_unserved"] += n_due - len(served)
        if not served.size:
            return
        model.ledger.book("counsellor", "followup", p.hours_followup * len(served))
        in_course = served[pp.followup_weeks[served] < p.followup_course_weeks]
        pp.relieve(in_course, p.effect_eht_followup_week, "school")
        pp.followup_weeks[served] += 1
        fits = np.where(pp.multi_problem[served], pp.school_fit_for_family(served), 1.0)
        pp.mark_treated(served, fits)
        pp.strengthen_bond(served, p.bond_gain_contact)


class _Walk:
    """Each person's batch tasks (all of one cost), served in order as far as the person's
    hours go. Hours only fall during the pass, so once one task waits the rest wait too:
    the tasks done are a prefix of the person's list. ``advance`` serves a person's tasks
    before a position in the week's list (before a case-level action that needs the same
    person); ``finish`` serves the rest for everyone and returns how many each did."""

    def __init__(self, hours, cost_of, first, positions):
        self.hours, self.cost_of, self.first, self.positions = hours, cost_of, first, positions
        self._first, self._positions = first.tolist(), positions.tolist()  # for advance
        self.touched: dict[int, list] = {}  # person -> [tasks passed, tasks served, stopped]

    def _serve(self, k: int, n: int) -> int:
        """Serve up to ``n`` more tasks of person ``k`` now; returns how many."""
        h, c = self.hours[k], self.cost_of[k]
        if c <= 0:
            m = n if h > -np.inf else 0
        else:
            m = min(n, int((h + _EPS) // c) if h + _EPS >= c else 0)
        self.hours[k] = h - m * c
        return m

    def advance(self, k: int, pos: int) -> None:
        lo, hi = self._first[k], self._first[k + 1]
        if lo == hi:
            return
        state = self.touched.setdefault(k, [0, 0, False])
        upto = bisect_left(self._positions, pos, lo, hi) - lo  # positions rise within a person
        n = upto - state[0]
        if n > 0 and not state[2]:
            m = self._serve(k, n)
            state[1] += m
            state[2] = m < n
        state[0] = max(state[0], upto)

    def finish(self) -> np.ndarray:
        first, hours, cost_of = self.first, self.hours, self.cost_of
        n_tasks = np.diff(first)
        served = np.zeros(len(n_tasks), dtype=np.int64)
        fresh = n_tasks > 0
        for k in self.touched:
            fresh[k] = False
        k = np.flatnonzero(fresh)
        h, c = hours[k], cost_of[k]
        with np.errstate(divide="ignore", invalid="ignore"):
            afford = np.floor(np.maximum(h + _EPS, 0.0) / c)
        afford = np.where(c > 0, afford, np.where(np.isneginf(h), 0, np.inf))
        served[k] = np.minimum(n_tasks[k], afford).astype(np.int64)
        hours[k] = h - served[k] * c
        for k, (passed, n_served, stopped) in self.touched.items():
            rest = int(n_tasks[k]) - passed
            served[k] = n_served + (0 if stopped or rest <= 0 else self._serve(k, rest))
        return served


def first_absence_calls(model, recorded_days: np.ndarray) -> None:
    """The principal phones home on a pupil's first recorded absence of the term
    (002 L4770-4778); unrecorded absence goes unnoticed (M3)."""
    pp, p = model.pupils, model.p
    absent = recorded_days.any(axis=1)
    new = absent & ~pp.absent_this_term
    pp.absent_this_term |= absent
    if not p.first_absence_call or not new.any():
        return
    for school in range(p.n_schools):
        principal = model.staffing.eht_member(school, "principal")
        rows = np.flatnonzero(new & (pp.school == school))
        if principal is None or not rows.size:
            continue  # no principal in post: no calls
        principal.spend(p.hours_first_absence_call * len(rows), "first_absence_call")
        pp.relieve(rows, p.effect_first_absence_call, "school")
        pp.strengthen_bond(rows, p.bond_gain_contact)


def new_school_stage(model, rows: np.ndarray) -> None:
    """Pupils in ``rows`` have just entered a transition grade (``transition_grades``), a
    risk zone for leaving school (002 L3155-3162): new adults and a new class, so their
    bond to school falls by ``transition_bond_loss`` (it recovers as any bond does). The
    school keeps what it knows about them: the model has no hand-over to lose (docs/ODD.md
    7.15)."""
    if not rows.size:
        return
    model.counters["transitions"] += int(rows.size)
    if model.p.transition_bond_loss > 0:
        model.pupils.strengthen_bond(rows, -model.p.transition_bond_loss)


def school_trusts(model, writer, sector: str = SOCIAL) -> float:
    """How the writer's trust in ``sector`` changes what the school does: a factor
    ``1 + school_trust_report_effect * (trust - trust_initial)``, at least 0. A school that
    trusts social services shares what it sees; mistrust makes it hold back (003
    L2949-2981: where there is mistrust, formal obstacles such as secrecy are pushed
    forward)."""
    trust = model.ties.view_of_sector(writer.unique_id, sector)
    return max(0.0, 1.0 + model.p.school_trust_report_effect * (trust - model.p.trust_initial))


# ------------------------------------------------------------------------------ actions
# Each returns True when the action is done (or no longer needed), False to wait a week.


def _with_time(person, hours: float):
    """``person`` if they are in post and have ``hours`` left this week, else None."""
    return person if person is not None and person.can(hours) else None


def _mentor_spends(model, row: int, activity: str):
    """The pupil's mentor, if in post with time for a contact, having spent it; else None."""
    mentor = _with_time(model.staffing.mentor_of(row), model.p.hours_contact)
    if mentor is not None:
        mentor.spend(model.p.hours_contact, activity)
    return mentor


@school_action(
    "contact_guardians",
    "mentor contacts the guardians, repeated monthly while the step holds (000 L474-476)",
    gate="mentor",
    gate_hours="hours_contact",
)
def contact_guardians(model, row: int) -> bool:
    p, pp = model.p, model.pupils
    if _mentor_spends(model, row, "guardian_contact") is None:
        return False
    pp.last_contact_week[row] = model.week
    model.counters["guardian_contacts"] += 1
    if model.rng.random() < pp.reachability(row):
        pp.relieve(row, p.effect_contact_guardians, "school")
        pp.strengthen_bond(row, p.bond_gain_contact)
    return True


@school_action(
    "inform_eht",
    "mentor talks with the pupil and tells the student health team that step 2 is done "
    "(000 L478-480)",
    gate="mentor",
    gate_hours="hours_contact",
)
def inform_eht(model, row: int) -> bool:
    p, pp = model.p, model.pupils
    if _mentor_spends(model, row, "pupil_talk") is None:
        return False
    pp.strengthen_bond(row, p.bond_gain_contact)
    model.mark_acted(row, "EHT informed")
    model.school_social_work.assign(row)
    return True


@school_action(
    "guardian_meeting",
    "meeting of pupil, guardians, mentor and EHT; consent to lift confidentiality is asked (000 "
    "L482-486)",
    gate="counsellor",
    gate_hours="hours_meeting",
)
def guardian_meeting(model, row: int) -> bool:
    p, pp = model.p, model.pupils
    school = int(pp.school[row])
    counsellor = _with_time(model.staffing.eht_member(school, "counsellor"), p.hours_meeting)
    if counsellor is None:
        return False
    model.meet(
        [model.staffing.mentor_of(row), counsellor, model.staffing.eht_member(school, "principal")],
        "meeting:guardian",
        p.hours_meeting,
    )
    model.counters["guardian_meetings"] += 1
    ask_consent(model, row)
    pp.relieve(row, p.effect_guardian_meeting, "school")
    pp.eht_followup[row] = True  # steps 3-5 are the mentor's and the EHT's together (000 L502)
    model.mark_acted(row, "guardian meeting")
    return True


@school_action(
    "action_plan",
    "the EHT writes an action plan (åtgärdsplan) with support in school (000 L488-492)",
    gate="plan_writer",
    gate_hours="hours_action_plan",
)
def action_plan(model, row: int) -> bool:
    p, pp = model.p, model.pupils
    school = int(pp.school[row])
    writer = _with_time(
        model.staffing.eht_member(school, "special_educator")
        or model.staffing.eht_member(school, "counsellor"),
        p.hours_action_plan,
    )
    if writer is None:
        return False
    writer.spend(p.hours_action_plan, "action_plan")
    pp.relieve(row, p.effect_action_plan, "school")
    pp.eht_followup[row] = True
    pp.plan_written[row] = True
    # The plan finds a need of special support more often the higher the absence: at the
    # first threshold with special_support_share, at twice it with 1 - (1 - share)^2, ...
    ratio = float(pp.window_rate()[row]) / p.ladder_thresholds[0]
    pp.special_support[row] = model.rng.random() < 1.0 - (1.0 - p.special_support_share) ** ratio
    model.counters["action_plans"] += 1
    model.mark_acted(row, "action plan")
    return True


def _ppr_without_writer(model, rows: np.ndarray) -> np.ndarray:
    """What :func:`refer_ppr` does for ``rows`` when no one has time to write: done (True)
    where no referral is needed (no PPR, or the pupil was referred), else it waits."""
    return np.array([not model.ppr.needs_referral(int(r)) for r in rows], dtype=bool)


@school_action(
    "refer_ppr",
    "referral (indstilling) to the educational-psychology service, PPR (004 L680-688); nothing "
    "while ppr_assessments_per_week is 0",
    gate="writer",
    gate_hours="hours_report",
    without_time=_ppr_without_writer,
)
def refer_ppr(model, row: int) -> bool:
    if not model.ppr.needs_referral(row):
        return True
    writer = _with_time(model.staffing.report_writer(row), model.p.hours_report)
    if writer is None:
        return False
    writer.spend(model.p.hours_report, "ppr_referral")
    model.ppr.refer(row)
    model.mark_acted(row, "referral to PPR")
    return True


def _application_without_writer(model, rows: np.ndarray) -> np.ndarray:
    """What :func:`application` does for ``rows`` when no one has time to write: done (True)
    where no application is needed, else it waits (False)."""
    pp = model.pupils
    if not model.joint_work.has_working_group:
        return np.ones(len(rows), dtype=bool)
    out = pp.has_application[rows]
    out |= pp.grade[rows] < model.p.joint_work_from_grade
    if model.first_step_with("action_plan") is not None:
        out |= pp.plan_written[rows] & ~pp.special_support[rows]
    return out


@school_action(
    "application",
    "application to joint work (SKIFO), decided by the working group; follows an action plan that "
    "found a need of special support, and needs consent (000 L488-492, L745-772)",
    gate="writer",
    gate_hours="hours_report",
    without_time=_application_without_writer,
)
def application(model, row: int) -> bool:
    p = model.p
    pupil = model.pupil_at[row]
    if not model.joint_work.has_working_group or pupil.application is not None:
        return True  # no joint work in this system, or one is already under way
    if pupil.grade < p.joint_work_from_grade:
        return True  # joint work does not cover this grade
    if model.first_step_with("action_plan") is not None:
        if not model.pupils.plan_written[row]:
            return False  # the application follows the action plan (000 L488-490)
        if not model.pupils.special_support[row]:
            return True  # the plan found no need of special support: no application
    writer = _with_time(model.staffing.report_writer(row), p.hours_report)
    if writer is None:
        return False
    if model.rng.random() >= school_trusts(model, writer, JOINT):
        pupil.note("the school held back an application (mistrust)")
        return True
    if not ask_consent(model, row):
        pupil.note("no consent: no application")
        return True
    writer.spend(p.hours_report, "application")
    model.joint_work.submit(pupil, writer)
    model.mark_acted(row, "application to joint work")
    return True


def _report_without_writer(model, rows: np.ndarray, only_if_needed: bool = False) -> np.ndarray:
    """What :func:`report_of_concern` does for ``rows`` when no one has time to write: done
    (True) where no report is needed, else it waits (False)."""
    pp = model.pupils
    out = pp.therapy[rows].copy()
    if only_if_needed:
        out |= ~pp.multi_problem[rows]
    rest = rows[~out]
    held = pp.has_report[rest]  # a report exists ...
    pupil_at = model.pupil_at
    for i in np.flatnonzero(held).tolist():  # ... and social services still have it
        held[i] = pupil_at[int(rest[i])].report.with_social_services
    out[~out] = held
    return out


@school_action(
    "report_of_concern",
    "report of concern (orosanmälan) to social services (000 L498-500)",
    gate="writer",
    gate_hours="hours_report",
    without_time=_report_without_writer,
)
def report_of_concern(model, row: int, only_if_needed: bool = False) -> bool:
    p, pp = model.p, model.pupils
    pupil = model.pupil_at[row]
    if only_if_needed and not pp.multi_problem[row]:
        return True  # no concern about the home: absence alone is the school's to handle
    if (pupil.report is not None and pupil.report.with_social_services) or pp.therapy[row]:
        return True  # social services already have the pupil
    writer = _with_time(model.staffing.report_writer(row), p.hours_report)
    if writer is None:
        return False
    if only_if_needed:  # 'vid behov': the school must see the need, and be willing to say so
        chance = p.report_if_needed_probability * school_trusts(model, writer, SOCIAL)
        if model.rng.random() >= chance:
            pupil.note("no report of concern this time")
            return True
    writer.spend(p.hours_report, "report_of_concern")
    model.social_services.file_report(pupil, writer)
    model.mark_acted(row, "report of concern")
    return True


@school_action(
    "report_of_concern_if_needed",
    "report of concern only for multi-problem pupils ('vid behov', 000 L485-486, L493-494)",
    gate="writer",
    gate_hours="hours_report",
    without_time=lambda model, rows: _report_without_writer(model, rows, only_if_needed=True),
)
def report_of_concern_if_needed(model, row: int) -> bool:
    return report_of_concern(model, row, only_if_needed=True)

"""The school's week in batches gives what one pass over the list, task by task, gives."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.model import SchoolCooperationModel
from sim.model.mechanisms.school import _EPS, _Walk


def _one_by_one(tasks, hours, cost_of):
    """The rule: in order, a task is done when its person has its hours left, then spends."""
    hours = list(hours)
    done = []
    for person, cost in tasks:
        c = cost_of[person] if cost is None else cost
        ok = hours[person] >= c - _EPS
        if ok:
            hours[person] -= c
        done.append(ok)
    return done, hours


@settings(max_examples=200, deadline=None)
@given(
    n_people=st.integers(1, 4),
    data=st.data(),
)
def test_batch_walk_serves_what_one_pass_serves(n_people, data):
    hours = data.draw(st.lists(st.sampled_from([0.0, 0.4, 0.5, 1.0, 2.5, 3.0, 7.75]),
                               min_size=n_people, max_size=n_people))
    cost_of = data.draw(st.lists(st.sampled_from([0.25, 0.5, 1.0]),
                                 min_size=n_people, max_size=n_people))
    # a task: (person, None) is a batch task at the person's own cost; (person, c) a case task
    tasks = data.draw(st.lists(
        st.tuples(st.integers(0, n_people - 1),
                  st.one_of(st.none(), st.sampled_from([0.5, 1.5, 2.0]))),
        max_size=30))
    expected, expected_hours = _one_by_one(tasks, hours, cost_of)

    batch_pos = np.array([i for i, (_, c) in enumerate(tasks) if c is None], dtype=np.int64)
    batch_person = np.array([tasks[i][0] for i in batch_pos], dtype=np.int64)
    by_person = np.argsort(batch_person, kind="stable")
    bp_person, bp_pos = batch_person[by_person], batch_pos[by_person]
    first = np.searchsorted(bp_person, np.arange(n_people + 1))
    h = np.array(hours, dtype=float)
    walk = _Walk(h, np.array(cost_of, dtype=float), first, bp_pos)
    got = [None] * len(tasks)
    for i, (person, cost) in enumerate(tasks):
        if cost is None:
            continue
        walk.advance(person, i)
        got[i] = bool(h[person] >= cost - _EPS)
        if got[i]:
            h[person] -= cost
    served = walk.finish()
    rank = np.arange(len(bp_person)) - first[bp_person]
    for pos, ok in zip(bp_pos, rank < served[bp_person]):
        got[int(pos)] = bool(ok)
    assert got == expected
    assert np.allclose(h, expected_hours)


def test_queue_keeps_one_of_each_action_per_pupil_and_forgets_leavers():
    m = SchoolCooperationModel(seed=2, n_pupils=300, n_schools=2, warm_up_years=0)
    actions = m.school_actions
    before = sum(len(q) for q in actions.queues)
    row = int(np.flatnonzero(m.pupils.school == 1)[0])
    for _ in range(3):
        actions.queue(row, "report_of_concern")
    waiting = [t for t in actions.queues[1] if t[0] == row and t[2] == "report_of_concern"]
    assert len(waiting) == 1 and waiting[0][1] == m.pupil_at[row].unique_id
    assert sum(len(q) for q in actions.queues) == before + 1
    m.pupils.generation[row] += 1  # a new pupil takes the slot: the old task is not theirs
    assert not [t for t in actions.queues[1] if t[0] == row and t[2] == "report_of_concern"]
    actions.queue(row, "report_of_concern")  # the new pupil can have the same action queued
    assert [t for t in actions.queues[1] if t[0] == row and t[2] == "report_of_concern"]


def test_a_mentor_without_hours_makes_no_guardian_contacts():
    m = SchoolCooperationModel(seed=3, n_pupils=300, n_schools=1)
    m.step()
    on_ladder = np.flatnonzero(m.pupils.step > 0)
    # pupils whose class has a mentor in post (a vacant post has no one to make contacts)
    rows = np.array([r for r in on_ladder if m.staffing.mentor_of(int(r)) is not None][:5])
    assert rows.size
    mentors = {m.staffing.mentor_of(int(r)) for r in rows}
    m.pupils.last_contact_week[rows] = -10_000
    m.school_actions.queue_many(rows, "contact_guardians")
    for mentor in mentors:
        mentor.hours_left = 0.0
    m.school_actions.carry_out()
    assert (m.pupils.last_contact_week[rows] == -10_000).all()
    waiting = {t[0] for q in m.school_actions.queues for t in q if t[2] == "contact_guardians"}
    assert set(rows.tolist()) <= waiting
    for mentor in mentors:  # with time again, the contacts are made
        mentor.hours_left = 100.0
    m.school_actions.carry_out()
    assert (m.pupils.last_contact_week[rows] == m.week).all()

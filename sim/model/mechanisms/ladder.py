"""M2: the attendance ladder (skolnärvarotrappa), screened every week.

Orust's five steps (000 L471-503), the default:

1. absence 10 %: the mentor contacts the guardians, and repeats monthly if needed;
2. absence 15 %: the mentor keeps in contact, talks with the pupil and informs the EHT;
3. absence still >= 15 %: meeting of pupil, guardians, mentor and EHT; a report of concern
   if needed;
4. absence persists: action plan and an application to SKIFO (joint work); a report of
   concern if needed;
5. absence persists: a report of concern.

Aalborg's guide uses 10/15/20 % over the last 100 school days (004 L654-688); Gothenburg
screened a four-week window at 10 % (002 L1701-1705). All of this is configurable:
``ladder_thresholds``, ``ladder_window_days``, ``ladder_steps`` (the actions of each
step), ``ladder_step_thresholds`` and ``ladder_review_weeks``.

"Persists" (kvarstår, 000 L482, L487, L496) is judged at a monthly review (000 digest [I]):
a pupil moves one step up when the current step has held for ``ladder_review_weeks``, and
recorded absence over the window is at or above the step's threshold and has not fallen
since the current step was taken (the actions have not helped). The first step is taken at
the weekly screen. A
pupil whose recorded absence stays below the first threshold for ``resolved_weeks`` weeks
leaves the ladder: the episode is resolved.
"""

from __future__ import annotations

import numpy as np


def step_thresholds(p) -> np.ndarray:
    """The absence threshold of each ladder step (``ladder_step_thresholds`` indexes
    ``ladder_thresholds``)."""
    return np.asarray(p.ladder_thresholds)[np.asarray(p.ladder_step_thresholds)]


def screen(model) -> None:
    """Compare recorded absence with the thresholds; queue the actions of new steps."""
    pp, p, week = model.pupils, model.p, model.week
    rate = pp.window_rate()
    thresholds = np.asarray(p.ladder_thresholds)
    step_threshold = step_thresholds(p)
    n_steps = len(p.ladder_steps)

    _close_resolved(model, rate < thresholds[0])

    current = pp.step.astype(np.int64)
    need = step_threshold[np.minimum(current, n_steps - 1)]
    # Absence "persists" (kvarstår): at the review it is at or above the step's threshold
    # and has not fallen since the last step was taken.
    persists = (current == 0) | (
        (week - pp.step_week >= p.ladder_review_weeks) & (rate >= pp.rate_at_step - 1e-12)
    )
    up = np.flatnonzero((current < n_steps) & persists & (rate >= need) & pp.screenable())
    if up.size:
        new = up[pp.step[up] == 0]
        starts = new[pp.episode_start[new] < 0]
        pp.episode_start[starts] = week
        first_time = new[~pp.ever_crossed[new]]
        pp.ever_crossed[first_time] = True
        model.counters["pupils_crossed"] += len(first_time)
        model.counters["episodes"] += len(starts)
        pp.step[up] += 1
        pp.step_week[up] = week
        pp.rate_at_step[up] = rate[up]
        # each pupil's new step's actions, pupil by pupil, in the step's order
        code = model.school_actions.code
        rows, slot, codes = [], [], []
        new_step = pp.step[up]
        for k in np.unique(new_step).tolist():
            at = up[new_step == k]
            for i, action in enumerate(p.ladder_steps[k - 1]):
                rows.append(at)
                slot.append(np.full(at.shape, i))
                codes.append(np.full(at.shape, code[action]))
        rows, slot, codes = np.concatenate(rows), np.concatenate(slot), np.concatenate(codes)
        by_pupil = np.lexsort((slot, rows))
        model.school_actions.queue_many(rows[by_pupil], codes[by_pupil])

    _repeat_guardian_contact(model, rate >= thresholds[0])


def _close_resolved(model, below: np.ndarray) -> None:
    pp, p = model.pupils, model.p
    in_ladder = pp.step > 0
    pp.below_weeks[in_ladder & below] += 1
    pp.below_weeks[~below | ~in_ladder] = 0
    done = np.flatnonzero(in_ladder & (pp.below_weeks >= p.resolved_weeks))
    if not done.size:
        return
    first_time = done[~pp.ever_resolved[done]]
    pp.ever_resolved[first_time] = True
    model.counters["pupils_resolved"] += len(first_time)
    model.counters["episodes_resolved"] += len(done)
    pp.step[done] = 0
    pp.below_weeks[done] = 0
    pp.episode_start[done] = -1
    pp.acted[done] = False
    pp.joint_done[done] = False
    pp.eht_followup[done] = False
    pp.followup_weeks[done] = 0
    for row in done:
        model.school_social_work.release(int(row))
        model.pupil_at[row].note("ladder episode resolved")


def _repeat_guardian_contact(model, above_first: np.ndarray) -> None:
    """The mentor repeats the guardian contact monthly while absence stays up (000 L475-476)."""
    pp, p = model.pupils, model.p
    first_contact_step = model.first_step_with("contact_guardians")
    if first_contact_step is None:
        return
    due = np.flatnonzero(
        (pp.step >= first_contact_step)
        & above_first
        & (model.week - pp.last_contact_week >= p.ladder_review_weeks)
        & (pp.step_week != model.week)
    )
    model.school_actions.queue_many(due, "contact_guardians")

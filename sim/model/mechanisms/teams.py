"""M8, team restarts: a small team starts its formation again when one member leaves.

"Ett team bestående av tre personer får i princip alltid genomlöpa en omstart då en person
försvinner. En undre gräns för att ha en robust struktur bör vara fyra eller ännu hellre fem
personer." (003 L2651-2653). A team's formation is the trust and maturity process its
members go through together, which comes before the team can solve problems (003
L1810-1812, L1847: two to six months).

**Teams** (the cross-sector teams of the model, an assumption): the working group (000
L673-676: coordinators, two principals, a senior social worker and a head of support), and,
where school social workers work, each school's EHT together with the school social
worker(s) serving it (the Samrum group, 004 L2140-2167). Single-sector groups (an EHT on
its own, the intake unit) are not teams in 003's sense (multi-competent cooperation teams).

**Formation in the model** (an assumption, labelled): the trust and familiarity the
members have built on their ties *with each other*, above where a tie starts (trust above
``trust_initial``, familiarity above ``initial_familiarity``). When a member leaves a team
of ``n`` members (counted with the leaver):

* ``n <= team_restart_size``: the remaining members' ties with each other fall back to where
  ties start: a restart;
* ``n`` one or two members more: they lose ``team_partial_loss`` of what they had built;
* larger teams lose nothing beyond the leaver's own ties (which go with the leaver, M8).

Distrust (trust below ``trust_initial``) is not reset: a bad shared history stays (003
L3162-3172). With ``team_restart_size`` 0 (the default) nothing happens.
"""

from __future__ import annotations

from itertools import permutations

PARTIAL_MARGIN = 2  # teams up to this many members above team_restart_size lose a part


def teams_of(model, agent) -> list[list]:
    """The cross-sector teams ``agent`` belongs to now, each as its members in post."""
    found = []
    joint = model.joint_work
    if joint.has_working_group:
        members = joint.working_group_members()
        if agent in members:
            found.append(members)
    ssws = model.staffing.school_social_work_staff()
    if ssws:
        for s in range(model.p.n_schools):
            members = model.staffing.eht(s) + [w for w in ssws if s in w.schools]
            if agent in members and len(members) > len(model.staffing.eht(s)):
                found.append(members)
    return found


def loss_for(size: int, restart_size: int, partial: float) -> float:
    """The share of its formation a team of ``size`` members (with the leaver) loses."""
    if restart_size <= 0 or size < 2:
        return 0.0
    if size <= restart_size:
        return 1.0
    if size <= restart_size + PARTIAL_MARGIN:
        return partial
    return 0.0


def member_leaves(model, agent) -> None:
    """``agent`` is about to leave (M8): each small team they belong to loses its formation."""
    p = model.p
    if p.team_restart_size <= 0:
        return
    for members in teams_of(model, agent):
        loss = loss_for(len(members), p.team_restart_size, p.team_partial_loss)
        if loss <= 0.0:
            continue
        model.counters["team_restarts" if loss >= 1.0 else "team_partial_losses"] += 1
        remaining = [a.unique_id for a in members if a is not agent]
        for a, b in permutations(remaining, 2):
            if model.ties.has_tie(a, b):
                fall_back(model.ties.tie(a, b), p, loss)


def fall_back(tie: dict, p, loss: float) -> None:
    """Move a tie ``loss`` of the way back to where ties start (distrust stays)."""
    if tie["trust"] > p.trust_initial:
        tie["trust"] -= loss * (tie["trust"] - p.trust_initial)
    if tie["familiarity"] > p.initial_familiarity:
        tie["familiarity"] -= loss * (tie["familiarity"] - p.initial_familiarity)

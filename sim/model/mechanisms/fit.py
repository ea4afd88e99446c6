"""The fit of help to a child: relational coordination around the case (channel "fit").

A cross-sector intervention works better when the people around the case trust each other,
know each other's mandates, and may share what they know (consent): relational
coordination's shared knowledge, mutual respect and timely communication (004
L1864-1947), and a chain that "breaks at its weakest link" (003 L2899-2913). The
same message from both agencies has more force (000 L1161-1171).

For the people around a case (the joint meeting's participants, or for a report of
concern the school's writer and the family therapist)::

    tie(a, b)  = w * trust(a -> b) + (1 - w) * familiarity(a -> b)
    relational = (1 - k) * mean over ordered pairs + k * min over pairs
    fit        = relational * ((1 - c) + c * consent)

with w = plan_trust_weight, k = fit_weakest_link_weight and c = plan_consent_weight.

An intervention with effect size g then works with ``g * ((1 - f) + f * fit)``,
``f = fit_weight`` (0: fit does not matter). When the case changes hands (a social worker
or the coordinator leaves), it loses ``handover_fit_loss`` of its fit (continuity).
"""

from __future__ import annotations

from itertools import permutations


def case_fit(model, people, row: int) -> float:
    """The fit of help for pupil ``row`` given the professionals around the case."""
    p = model.p
    ids = [a.unique_id for a in dict.fromkeys(people) if a is not None]
    ids = [i for i in ids if model.ties.present(i)]
    if len(ids) >= 2:
        w = p.plan_trust_weight
        values = []
        for a, b in permutations(ids, 2):
            trust, familiarity = model.ties.peek(a, b)
            values.append(w * trust + (1 - w) * familiarity)
        k = p.fit_weakest_link_weight
        relational = (1 - k) * sum(values) / len(values) + k * min(values)
    else:  # no one to coordinate with: what a stranger's trust gives, no familiarity
        relational = p.plan_trust_weight * p.trust_initial
    c = p.plan_consent_weight
    return relational * ((1 - c) + c * float(model.pupils.consent[row]))


def fit_factor(model, fit: float) -> float:
    """The share of an intervention's effect that a case with ``fit`` gets."""
    f = model.p.fit_weight
    return (1 - f) + f * fit

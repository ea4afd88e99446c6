"""Guardians' consent to lift confidentiality (000 L697-715).

With a consent form, school and social services can talk about the family "in a new
way". Consent is asked once per pupil, at the guardian meeting or with an application. The
chance is the guardians' own propensity (``consent_propensity``, drawn per family), lower
without a consent routine (``consent_without_routine_factor``) and higher when a school
social worker, whom parents trust because they cannot decide on measures, works with the
family (``ssw_consent_bonus``; 004 L2847, L2867-2877).
"""

from __future__ import annotations


def ask_consent(model, row: int) -> bool:
    """Ask the pupil's guardians for consent, once; returns whether consent is given."""
    pp, p = model.pupils, model.p
    if pp.consent[row] or pp.consent_asked[row]:
        return bool(pp.consent[row])
    pp.consent_asked[row] = True
    prob = pp.consent_p[row] * (1.0 if p.consent_routine else p.consent_without_routine_factor)
    prob += p.ssw_consent_bonus * bool(pp.ssw_followup[row])
    pp.consent[row] = model.rng.random() < min(prob, 1.0)
    model.counters["consents"] += int(pp.consent[row])
    return bool(pp.consent[row])

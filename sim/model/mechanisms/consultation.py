"""Case consultation at scheduled cross-sector contacts: regular contact reaches the child.

When a school's student health team meets someone from the other side (a coordinator, a
liaison social worker, a school social worker, a forum, a house meeting, a co-located
colleague in the corridor), it can bring the pupils it worries about. The other side says
what it can do and how the family situation can be reached, and the school's own help then
fits a family cause better (``school_advised``, ``consultation_help_fit``:
:meth:`PupilPopulation.school_fit_for_family`; advice, without knowing whether social
services work with the family, so by default half the gain of feedback on a report). Where
the other side finds that the family needs social services, the school is told to report,
and for a share ``consultation_report_share`` of the pupils brought it does (the report is
queued as the ladder's "if needed" report, written when someone has the time): "kortare
vägar", help that comes before the ladder's later steps.

Sources and what is assumed:

* Aalborg's Trivselsforum puts several professions together to understand "what they do not
  quite understand" about a child's problem, before any referral (004 L2132-2134); at Samrum
  the EHT and the school social worker go through teachers' descriptions of pupils and hand
  out the tasks (004 L2136-2152).
* In Orust, meeting regularly lowers the threshold between the sectors ("Nu behöver vi nog
  tänka ihop här", 000 L1464-1473) and gives "kortare vägar" (000 L1475-1478).
* Mistrust makes secrecy an obstacle (003 L2949-2981), and the school eases secrecy where it
  trusts the other side (000 L1443-1446): the EHT brings each case with probability equal to
  its counsellor's trust in the visitor's sector.
* Gothenburg's liaison social worker explains the duty to report at the EHT meetings (002
  L1734-1764).
* *Assumption*: how many cases fit into one contact (``consultation_cases_per_contact``, 0 =
  contacts are about cooperation only and reach no child); that a consultation needs no
  consent (it can be held without the pupil's name); that the school brings the pupils it
  follows whose families have problems, of whom it has no word from social services and whom
  it has not brought before, neediest first; how much the advice improves the school's help
  (``consultation_help_fit``); and what share of them the school then reports
  (``consultation_report_share``, 0 = advice only).
"""

from __future__ import annotations

import numpy as np

from .school import need


def consult(model, school: int, visitor) -> np.ndarray:
    """The EHT of ``school`` brings its cases to ``visitor`` (a professional of another
    sector, in post). Returns the rows of the pupils consulted."""
    p, pp = model.p, model.pupils
    k = p.consultation_cases_per_contact
    counsellor = model.staffing.eht_member(school, "counsellor")
    none = np.empty(0, dtype=np.int64)
    if k <= 0 or counsellor is None or visitor is None:
        return none
    candidates = np.flatnonzero(
        (pp.school == school) & (pp.step >= 2) & pp.multi_problem & ~pp.school_informed
        & ~pp.school_advised & ~pp.therapy
    )
    if not candidates.size:
        return none
    order = np.argsort(-need(pp)[candidates], kind="stable")
    chosen = candidates[order[:k]]
    trust = model.ties.view_of_sector(counsellor.unique_id, visitor.sector)
    brought = chosen[model.rng.random(chosen.size) < trust]
    if brought.size:
        pp.school_advised[brought] = True
        model.counters["consultations"] += int(brought.size)
        report = brought[model.rng.random(brought.size) < p.consultation_report_share]
        if report.size:
            model.school_actions.queue_many(report, "report_of_concern_if_needed")
    return brought

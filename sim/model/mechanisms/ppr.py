"""The educational-psychology service (PPR, Pædagogisk Psykologisk Rådgivning; 004): an
addition to the conceptual model's mechanisms, which Aalborg's action guide needs.

In Aalborg the action guide's third step (at least 20 % absence over the last 100 school
days) includes a referral (indstilling) to PPR, besides the meeting and the notification to
the Familiegruppe (004 L680-688). PPR assesses the pupil and advises the school on the
child's difficulties.

* **Referral.** The ladder action ``refer_ppr`` (:mod:`.school`): the counsellor, else the
  principal, writes the referral (``hours_report``); a pupil is referred once.
* **Capacity and wait.** PPR completes ``ppr_assessments_per_week`` assessments a week for
  referred pupils, in order of referral (a fractional capacity carries over from week to
  week); the wait is emergent. Its own hours are not in the model's staff or costs. With
  ``ppr_assessments_per_week`` 0 there is no PPR (as in Sweden, where the EHT has its own
  psychologist) and a referral is not made.
* **Effect.** The assessment and the advice that follows act on the child's and school's
  risk with ``effect_ppr_assessment`` (an assumption informed by the meta-analyses of
  docs/evidence.md: g = 0.54 for psychosocial treatment of school refusal is an upper
  bound, since PPR assesses and advises rather than treats). A pupil who has left school
  before the assessment drops out of the queue.
"""

from __future__ import annotations

from collections import deque


class EducationalPsychology:
    """PPR's queue of referred pupils."""

    def __init__(self, model):
        self.model = model
        self.queue: deque[tuple[int, int, int]] = deque()  # (row, generation, week referred)
        self.referred: dict[int, int] = {}  # row -> generation of the pupil referred
        self.credit = 0.0  # assessments PPR can still complete (fractional capacity)

    @property
    def open(self) -> bool:
        return self.model.p.ppr_assessments_per_week > 0

    def was_referred(self, row: int) -> bool:
        return self.referred.get(row) == int(self.model.pupils.generation[row])

    def needs_referral(self, row: int) -> bool:
        """A referral is made where there is a PPR and the pupil has not been referred."""
        return self.open and not self.was_referred(row)

    def refer(self, row: int) -> None:
        """Put the pupil in PPR's queue (once per pupil)."""
        model = self.model
        generation = int(model.pupils.generation[row])
        self.referred[row] = generation
        self.queue.append((row, generation, model.week))
        model.counters["ppr_referrals"] += 1
        model.pupil_at[row].note("referred to PPR")

    def work(self) -> None:
        """This week's assessments, in order of referral."""
        model = self.model
        p, pp = model.p, model.pupils
        if not self.queue:
            self.credit = 0.0  # capacity does not pile up while nobody waits
            return
        self.credit = min(self.credit + p.ppr_assessments_per_week, len(self.queue))
        while self.queue and self.credit >= 1.0:
            row, generation, week = self.queue.popleft()
            if int(pp.generation[row]) != generation:
                continue  # the pupil has left school
            self.credit -= 1.0
            pp.relieve(row, p.effect_ppr_assessment, "school")
            model.counters["ppr_assessments"] += 1
            model.record("ppr_wait_weeks", model.week - week)
            model.pupil_at[row].note("PPR's assessment and advice")

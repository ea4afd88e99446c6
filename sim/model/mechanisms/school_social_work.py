"""M11: school social workers without authority (004 L544-643).

A school social worker serves several schools (004 L2094: one covers six). Parents trust
them because they cannot decide on measures (004 L2847). They take on a family when the
EHT starts to follow the pupil (004 L666-678) or when the school writes a report of
concern (they help write it, 004 L544-643), up to ``ssw_caseload`` families, and give the
parents weekly advice, e.g. praise as absence falls (004 L2834-2897): help on the family's
risk, ``effect_ssw_advice_week`` each week. They raise consent (``ssw_consent_bonus``) and
feedback (``ssw_feedback_bonus``), and meet their schools' EHTs at Samrum
(:mod:`.contacts`).
"""

from __future__ import annotations


class SchoolSocialWork:
    """Which school social worker works with which family."""

    def __init__(self, model):
        self.model = model

    def worker_of(self, row: int):
        """The school social worker working with the pupil's family, or None."""
        if not self.model.pupils.ssw_followup[row]:
            return None
        for ssw in self.model.staffing.school_social_work_staff():
            if row in ssw.families:
                return ssw
        return None

    def assign(self, row: int) -> None:
        """A worker serving the pupil's school with room takes on the family."""
        model = self.model
        s = int(model.pupils.school[row])
        for ssw in model.staffing.school_social_work_staff():
            if s in ssw.schools and len(ssw.families) < model.p.ssw_caseload:
                ssw.families.add(row)
                model.pupils.ssw_followup[row] = True
                model.pupil_at[row].note("school social worker works with the family")
                return

    def release(self, row: int) -> None:
        if self.model.pupils.ssw_followup[row]:
            self.model.pupils.ssw_followup[row] = False
            for ssw in self.model.staffing.school_social_work_staff():
                ssw.families.discard(row)

    def release_all(self, worker) -> None:
        """A leaving worker's families lose their school social worker."""
        self.model.pupils.ssw_followup[list(worker.families)] = False

    def work(self) -> None:
        """Weekly advice to each family, as far as the worker's hours go."""
        model = self.model
        p = model.p
        for ssw in model.staffing.school_social_work_staff():
            for row in sorted(ssw.families):
                if not ssw.can(p.hours_followup):
                    break
                ssw.spend(p.hours_followup, "family_advice")
                model.pupils.relieve(row, p.effect_ssw_advice_week, "family")
                model.pupils.mark_treated(row)

    @staticmethod
    def schools_of(i: int, n_workers: int, n_schools: int) -> tuple[int, ...]:
        """The schools school social worker ``i`` of ``n_workers`` serves."""
        return tuple(range(i, n_schools, n_workers)) or (i % n_schools,)

"""The agents: pupils and the professionals around them.

Pupils are Mesa agents for identity and inspection, but their hot daily state lives in the
numpy arrays of :class:`sim.model.pupils.PupilPopulation`; a :class:`Pupil` reads and writes its
own row there. Behaviour that only a few pupils have in a given week (a report of concern,
an application to joint work) is kept on the agent.

Professionals hold posts. When one leaves (M8), the post stays vacant for some weeks and a
new agent, with no ties in the network, takes it over.
"""

from __future__ import annotations

import itertools
import weakref

import mesa

from .cases import Application, Case, ReportOfConcern
from .network import JOINT, SCHOOL, SOCIAL
from .staffing import EHT_ROLES, SOCIAL_ROLES, Post


class _Mirrored:
    """A pupil's case record (a report or an application; None: none) whose presence a
    boolean array of the population mirrors, for the pupil who holds the row now (not for
    a pupil who has left school)."""

    def __init__(self, mask: str):
        self.mask = mask

    def __set_name__(self, owner, name: str) -> None:
        self.attr = "_" + name

    def __get__(self, pupil, owner=None):
        return self if pupil is None else getattr(pupil, self.attr)

    def __set__(self, pupil, record) -> None:
        setattr(pupil, self.attr, record)
        if pupil.model.pupil_at[pupil.idx] is pupil:
            getattr(pupil.model.pupils, self.mask)[pupil.idx] = record is not None


class _IdsByModel:
    """Each model's counter of agent ids, holding the models weakly.

    Mesa 3.3's ``Agent`` keeps its counters in a class-level dict keyed by the model, so
    every model ever made stays in memory for the life of the process (mesa issue 3179,
    fixed upstream after 3.3 by mesa pull request 3180). A sweep worker that runs thousands
    of models grew by about 3 MB a run. Our agents count here instead: the same ids (1, 2,
    ... per model, shared by all agent types), and a finished model can be freed."""

    def __init__(self) -> None:
        self._counters: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def __getitem__(self, model) -> itertools.count:
        counter = self._counters.get(model)
        if counter is None:
            counter = self._counters[model] = itertools.count(1)
        return counter


class _Agent(mesa.Agent):
    """The base of the model's agents: Mesa's agent, with ids counted per model in
    :class:`_IdsByModel`."""

    _ids = _IdsByModel()


class Pupil(_Agent):
    """A pupil in grades F-9 (grade 0 is the preschool class, förskoleklass).

    ``idx`` is the pupil's row in ``model.pupils``; the properties below read that row.
    """

    def __init__(self, model, idx: int):
        super().__init__(model)
        self.idx = idx
        # The pupil's latest report of concern and application to joint work (None: none).
        # ``model.pupils.has_report`` and ``has_application`` mirror them for the pupil who
        # holds the row now, so that the week's work can test many pupils at once.
        self._report: ReportOfConcern | None = None
        self._application: Application | None = None
        self.history: list[tuple[int, str]] = []  # (week, event) for inspection

    report = _Mirrored("has_report")
    application = _Mirrored("has_application")

    def note(self, event: str) -> None:
        """Record ``event`` at this school week of the measured run (negative: warm-up)."""
        self.history.append((self.model.weeks_measured, event))

    # Read-only views of the pupil's row -------------------------------------------
    @property
    def school(self) -> int:
        return int(self.model.pupils.school[self.idx])

    @property
    def klass(self) -> int:
        return int(self.model.pupils.klass[self.idx])

    @property
    def grade(self) -> int:
        return int(self.model.pupils.grade[self.idx])

    @property
    def ladder_step(self) -> int:
        return int(self.model.pupils.step[self.idx])

    @property
    def multi_problem(self) -> bool:
        return bool(self.model.pupils.multi_problem[self.idx])

    @property
    def recorded_absence(self) -> float:
        """Recorded absence over the ladder window."""
        return float(self.model.pupils.window_rate()[self.idx])

    @property
    def absence_probability(self) -> float:
        return float(self.model.pupils.absence_probability()[self.idx])

    @property
    def consent(self) -> bool:
        return bool(self.model.pupils.consent[self.idx])

    def __repr__(self) -> str:
        return (
            f"Pupil({self.unique_id}, school={self.school}, grade={self.grade}, "
            f"step={self.ladder_step}, absence={self.recorded_absence:.0%})"
        )


class Professional(_Agent):
    """Anyone who works with pupils' absence: a node in ``model.ties``."""

    sector = SCHOOL
    role = "professional"
    weekly_hours_param = ""
    consultant = False  # only social workers can be consultants (M8)

    def __init__(self, model, post: Post, school: int | None = None):
        super().__init__(model)
        self.post = post
        self.school = school
        self.start_week = model.week
        self.hours_left = 0.0

    def new_week(self) -> None:
        """This week's hours. Overtime from last week (meetings that had to happen) is paid
        back first, up to half a week, so capacity binds without debt growing for ever."""
        start_weeks((self,), self.model.p)

    def spend(self, hours: float, activity: str, case_time_share: float = 1.0) -> None:
        """Book ``hours`` of ``activity`` for the cost accounting; ``case_time_share`` of them
        come out of this week's hours for absence cases (meetings without a case take only
        part of them, ``network_meeting_case_time_share``)."""
        self.hours_left -= hours * case_time_share
        self.model.ledger.book(self.role, activity, hours)

    def can(self, hours: float) -> bool:
        return self.hours_left >= hours - 1e-9

    def __repr__(self) -> str:
        where = "" if self.school is None else f", school={self.school}"
        return f"{type(self).__name__}({self.unique_id}, {self.role}{where})"


class Mentor(Professional):
    """One per class; carries out ladder steps 1-2 (000 L471-503)."""

    role = "mentor"
    weekly_hours_param = "mentor_hours"

    def __init__(self, model, post: Post, school: int, klass: int):
        super().__init__(model, post, school)
        self.klass = klass


class EHTMember(Professional):
    """A member of a school's student health team (elevhälsoteam): steps 3-5 (000 L502)."""

    weekly_hours_param = "eht_hours"

    def __init__(self, model, post: Post, school: int, role: str):
        super().__init__(model, post, school)
        assert role in EHT_ROLES
        self.role = role


class SocialWorker(Professional):
    """A social worker at intake, an investigator or a family therapist (000 L717-731).

    Consultants stay briefly and open fewer cases (000 L1598-1604).
    """

    sector = SOCIAL
    weekly_hours_param = "social_hours"

    def __init__(self, model, post: Post, role: str, consultant: bool = False):
        super().__init__(model, post, None)
        assert role in SOCIAL_ROLES
        self.role = role
        self.consultant = consultant
        self.cases: list[Case] = []  # investigations or family interventions in progress


class SchoolSocialWorker(Professional):
    """A school social worker without authority who serves several schools (004 L544-643).

    Parents trust them because they cannot decide on measures (004 L2847); they broker
    between the school and the family department and meet the EHTs at Samrum.
    """

    sector = SOCIAL
    role = "school_social_worker"
    weekly_hours_param = "social_hours"

    def __init__(self, model, post: Post, schools: tuple[int, ...]):
        super().__init__(model, post, None)
        self.schools = schools
        self.families: set[int] = set()  # pupil rows the worker is working with


class Coordinator(Professional):
    """The cross-sector hub, "spindeln i nätet" (000 L601-667, L742).

    Leads the working group, prepares applications, follows joint cases and meets every
    EHT. With two coordinators they split the pupils by grade band (000 L594-600).
    """

    sector = JOINT
    role = "coordinator"
    weekly_hours_param = "coordinator_hours"

    def __init__(self, model, post: Post, grades: tuple[int, ...]):
        super().__init__(model, post, None)
        self.grades = grades
        self.joint_cases: list[Application] = []


def start_weeks(people, params) -> None:
    """:meth:`Professional.new_week` for each of ``people`` (the weekly hours, in one pass:
    each budget parameter is read once)."""
    budgets: dict[str, float] = {}
    for person in people:
        key = person.weekly_hours_param
        budget = budgets.get(key)
        if budget is None:
            budget = budgets[key] = float(params[key])
        person.hours_left = budget + max(-0.5 * budget, min(0.0, person.hours_left))

"""Staffing: posts, the people in them, vacancies and rosters (M8's bookkeeping).

Every professional holds a :class:`Post`. When one leaves (:mod:`.mechanisms.turnover`), the
post stays vacant for some weeks and a new person, with no ties in the network, takes it
over (000 L1609-1618). Staff counts are levers (``n_coordinators``, ``n_investigators``,
``school_social_workers``...): changing one in the middle of a run opens or closes posts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .agents import (
        Coordinator,
        EHTMember,
        Mentor,
        Professional,
        SchoolSocialWorker,
        SocialWorker,
    )

EHT_ROLES = ("principal", "counsellor", "nurse", "special_educator")
_EHT_INDEX = {role: i for i, role in enumerate(EHT_ROLES)}
SOCIAL_ROLES = ("intake", "investigator", "family_therapist")


class PostKind(StrEnum):
    MENTOR = "mentor"  # one per class
    EHT = "eht"  # one per school and EHT role
    INTAKE = "intake"
    INVESTIGATOR = "investigator"
    FAMILY_THERAPIST = "family_therapist"
    SSW = "ssw"  # school social worker (M11)
    COORDINATOR = "coordinator"

    @property
    def sector_is_social(self) -> bool:
        return self in (
            PostKind.INTAKE,
            PostKind.INVESTIGATOR,
            PostKind.FAMILY_THERAPIST,
            PostKind.SSW,
        )


@dataclass(frozen=True, order=True)
class Post:
    """A post: its kind, its number (the class for a mentor, the school for an EHT member)
    and, for the EHT, the role. ``str(post)`` is ``"eht/3/counsellor"``."""

    kind: PostKind
    index: int
    role: str | None = None

    def __str__(self) -> str:
        return f"{self.kind}/{self.index}" + (f"/{self.role}" if self.role else "")


# The lever that sets how many posts of each kind there are.
STAFF_COUNTS: dict[str, PostKind] = {
    "n_intake_workers": PostKind.INTAKE,
    "n_investigators": PostKind.INVESTIGATOR,
    "n_family_therapists": PostKind.FAMILY_THERAPIST,
    "school_social_workers": PostKind.SSW,
    "n_coordinators": PostKind.COORDINATOR,
}


class Staffing:
    """The posts of one municipality and who is in them."""

    def __init__(self, model):
        self.model = model
        self.posts: dict[Post, Professional | None] = {}
        self.vacancies: dict[Post, int] = {}  # post -> the week a replacement starts
        self._roster: list[Professional] | None = None
        self._coordinators: list | None = None  # sorted by post; rebuilt with the roster
        self._by_role: dict[str, list[Professional]] = {}
        self._school_people: list | None = None

    # ---------------------------------------------------------------- posts
    def open_posts(self) -> None:
        """Every post of the municipality, filled at the start."""
        p, pp = self.model.p, self.model.pupils
        for klass in range(pp.n_classes):
            self.posts[Post(PostKind.MENTOR, klass)] = None
        for s in range(p.n_schools):
            for role in EHT_ROLES:
                self.posts[Post(PostKind.EHT, s, role)] = None
        for lever, kind in STAFF_COUNTS.items():
            for i in range(p[lever]):
                self.posts[Post(kind, i)] = None
        for post in self.posts:
            self.model.fill(post)

    def seat(self, agent: Professional) -> None:
        self.posts[agent.post] = agent
        self._roster = None
        self._set_school_person(agent.post, agent)
        self.vacancies.pop(agent.post, None)

    def unseat(self, agent: Professional, vacant_until: int) -> None:
        self.posts[agent.post] = None
        self._roster = None
        self._set_school_person(agent.post, None)
        self.vacancies[agent.post] = vacant_until

    def close(self, post: Post) -> Professional | None:
        """Close ``post``; returns who was in it (to be vacated by the model)."""
        self.vacancies.pop(post, None)
        self._roster = self._school_people = None
        return self.posts.pop(post, None)

    def due(self, week: int) -> list[Post]:
        """Vacant posts whose replacement starts by ``week``."""
        return [post for post, start in list(self.vacancies.items()) if start <= week]

    # ---------------------------------------------------------------- who is in post
    def professionals(self) -> list[Professional]:
        """Everyone in post (cached; posts change only through seat, unseat and close)."""
        if self._roster is None:
            self._roster = [a for a in self.posts.values() if a is not None]
            self._coordinators = None
            self._by_role = defaultdict(list)
            for a in self._roster:
                self._by_role[a.role].append(a)
                self._by_role[a.sector].append(a)
        return self._roster

    def in_role(self, key: str) -> list:
        """People in post with role (or sector) ``key``."""
        self.professionals()
        return self._by_role.get(key, [])

    def school_people(self) -> list:
        """The school's posts in a fixed order, for work done in batches: the mentor of each
        class (index = class), then each school's EHT in :data:`EHT_ROLES` order (index
        ``n_classes + len(EHT_ROLES) * school + role``); None where a post is vacant. Cached
        until a post changes hands."""
        if self._school_people is None:
            p, n_classes = self.model.p, self.model.pupils.n_classes
            posts = self.posts
            self._school_people = [
                posts.get(Post(PostKind.MENTOR, k)) for k in range(n_classes)
            ] + [posts.get(Post(PostKind.EHT, s, r)) for s in range(p.n_schools) for r in EHT_ROLES]
        return self._school_people

    def _set_school_person(self, post: Post, agent) -> None:
        if self._school_people is None:
            return
        if post.kind is PostKind.MENTOR:
            self._school_people[post.index] = agent
        elif post.kind is PostKind.EHT:
            key = self.model.pupils.n_classes + len(EHT_ROLES) * post.index + _EHT_INDEX[post.role]
            self._school_people[key] = agent

    def in_post(self, post: Post) -> Professional | None:
        return self.posts.get(post)

    def eht_member(self, school: int, role: str) -> EHTMember | None:
        i = _EHT_INDEX.get(role)
        if i is not None and 0 <= school < self.model.p.n_schools:  # the cached list
            return self.school_people()[self.model.pupils.n_classes + len(EHT_ROLES) * school + i]
        return self.posts.get(Post(PostKind.EHT, school, role))

    def eht(self, school: int) -> list[EHTMember]:
        return [a for r in EHT_ROLES if (a := self.eht_member(school, r)) is not None]

    def mentor_of_class(self, klass: int) -> Mentor | None:
        if 0 <= klass < self.model.pupils.n_classes:  # the cached list
            return self.school_people()[klass]
        return self.posts.get(Post(PostKind.MENTOR, klass))

    def social_workers(self, role: str | None = None) -> list[SocialWorker]:
        """Social workers in post (intake, investigators, family therapists), or one role."""
        if role is not None:
            return list(self.in_role(role))
        return [a for r in SOCIAL_ROLES for a in self.in_role(r)]

    def school_social_work_staff(self) -> list[SchoolSocialWorker]:
        """School social workers in post (the lever ``school_social_workers`` counts posts)."""
        return list(self.in_role("school_social_worker"))

    def coordinators(self) -> list[Coordinator]:
        """Coordinators in post, in the order of their posts (a new list each call)."""
        self.professionals()
        if self._coordinators is None:
            self._coordinators = sorted(self.in_role("coordinator"), key=lambda c: c.post)
        return list(self._coordinators)

    def coordinators_in_post(self) -> int:
        return len(self.in_role("coordinator"))

    # ---------------------------------------------------------------- who does what for a pupil
    def mentor_of(self, row: int) -> Mentor | None:
        return self.mentor_of_class(int(self.model.pupils.klass[row]))

    def report_writer(self, row: int) -> EHTMember | None:
        """Who writes a report or an application for the pupil: the counsellor, else the
        principal."""
        s = int(self.model.pupils.school[row])
        return self.eht_member(s, "counsellor") or self.eht_member(s, "principal")

    def family_therapist_with_fewest_cases(self) -> SocialWorker | None:
        workers = self.social_workers("family_therapist")
        return min(workers, key=lambda w: len(w.cases)) if workers else None

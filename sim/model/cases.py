"""Case records: the few pupils with cross-sector business carry one of these.

Each record's status is an Enum; the transitions are made by the mechanisms named in each
class (:mod:`.mechanisms.social_services`, :mod:`.mechanisms.joint_work`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .agents import Coordinator, Pupil, SocialWorker


class ReportOutcome(StrEnum):
    """Where a report of concern stands (M4)."""

    QUEUED = "queued"  # waiting for intake (referral delay, or no screener with time)
    OPENED = "opened"  # intake opened an investigation
    NOT_OPENED = "not_opened"  # intake decided not to open one
    INVESTIGATED = "investigated"  # the investigation is finished


class CaseKind(StrEnum):
    """Work in social services on one pupil's family (M4)."""

    INVESTIGATION = "investigation"  # an investigator's (utredare) case
    THERAPY = "therapy"  # a family therapist's (behandlare) intervention


class ApplicationStatus(StrEnum):
    """Where an application to joint work stands (M5), in the order it moves."""

    SUBMITTED = "submitted"  # the school has applied; waits for the coordinator
    PREPARED = "prepared"  # the coordinator has prepared it for the working group
    ACCEPTED = "accepted"  # the working group said yes; waits for a family meeting
    REJECTED = "rejected"  # the working group said no: a redirection
    FAMILY_MEETING = "family_meeting"  # the family meeting is held; the joint meeting follows
    PLANNED = "planned"  # the joint plan is set; the coordinator follows the case
    CLOSED = "closed"  # the joint case has run its course


@dataclass
class ReportOfConcern:
    """An orosanmälan from the school to social services (000 L1094-1112)."""

    pupil: Pupil
    reporter: int  # unique_id of the EHT member who wrote it
    week_filed: int
    ready_week: int  # when intake can screen it (formal referral delay, 001 L333)
    outcome: ReportOutcome = ReportOutcome.QUEUED
    week_decided: int | None = None
    feedback: bool | None = None
    writer_trust: float = 0.5  # the writer's trust in social services: how founded the report is

    @property
    def with_social_services(self) -> bool:
        """Social services still have the report in hand (waiting or investigating)."""
        return self.outcome in (ReportOutcome.QUEUED, ReportOutcome.OPENED)


@dataclass
class Case:
    """An investigation or a family intervention in social services."""

    pupil: Pupil
    kind: CaseKind
    weeks_left: int
    worker: SocialWorker | None = None
    fit: float | None = None  # fit of the help (mechanisms/fit.py); set when the work starts
    handovers: int = 0  # times the case changed hands (continuity)


@dataclass
class Application:
    """An application to joint work (SKIFO), decided by the working group (000 L745-772)."""

    pupil: Pupil
    applicant: int  # unique_id of the counsellor (or principal) who applied
    week_submitted: int
    status: ApplicationStatus = ApplicationStatus.SUBMITTED
    week_decided: int | None = None
    family_meeting_week: int | None = None
    quality: float | None = None  # the joint plan's fit (mechanisms/fit.py)
    coordinator: Coordinator | None = None
    weeks_left: int = 0
    family_case: Case | None = None  # the family intervention the joint plan set going

"""The levers the app shows: which parameters, with what labels and slider ranges.

Ranges come from the parameter registry (``python -m sim params``); a few are narrowed to
what a slider can show well. Labels use the domain's words, not parameter names, because
the app is for teachers, students and planners.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import REGISTRY


@dataclass(frozen=True)
class Lever:
    """One slider or switch: a registry parameter with a label and a slider range."""

    name: str
    label: str
    help: str
    step: float | None = None  # slider step; None for a switch
    high: float | None = None  # narrower upper end than the registry's, for a usable slider
    percent: bool = False  # show 0.3 as 30 %

    @property
    def kind(self) -> str:
        return REGISTRY[self.name].kind

    @property
    def low(self) -> float:
        return REGISTRY[self.name].range[0]

    @property
    def top(self) -> float:
        top = REGISTRY[self.name].range[1]
        return min(top, self.high) if self.high is not None else top

    def show(self, value) -> str:
        if self.kind == "bool":
            return "on" if value else "off"
        if self.percent:
            return f"{value:.0%}"
        return f"{value:g}"


#: The levers in the order the app shows them, grouped under the headings of GROUPS_SHOWN.
LEVERS: dict[str, Lever] = {lever.name: lever for lever in (
    Lever("n_coordinators", "Coordinators",
          "the hub between school and social services (0 = none)", step=1),
    Lever("working_group_interval_weeks", "Working group meets every ... weeks",
          "school and social services decide on joint cases together (0 = no working group)",
          step=1),
    Lever("consent_routine", "Consent routine",
          "families are asked early to let school and social services talk to each other"),
    Lever("feedback_probability", "Feedback to the school",
          "chance that social services tell the school what happened to its report", step=0.05,
          percent=True),
    Lever("forum_interval_weeks", "Cross-sector forum every ... weeks",
          "regular face-to-face meetings of school and social-services staff (0 = none)",
          step=1, high=26),
    Lever("consultation_cases_per_contact", "Pupils discussed at each cross-sector meeting",
          "pupils whose families have problems that the school brings to a meeting with "
          "social services or the coordinator for advice (0 = meetings are about cooperation "
          "only)", step=1),
    Lever("annual_turnover_social", "Social workers leaving per year",
          "share of social-services staff who leave in a year", step=0.05, percent=True),
    Lever("consultant_share", "Consultants in social services",
          "share of social-work posts filled by short-term consultants", step=0.05,
          percent=True),
    Lever("school_social_workers", "School social workers",
          "social workers based in schools, without authority over families", step=1, high=10),
)}

GROUPS_SHOWN: dict[str, tuple[str, ...]] = {
    "Cooperation": ("n_coordinators", "working_group_interval_weeks", "consent_routine",
                    "feedback_probability", "forum_interval_weeks",
                    "consultation_cases_per_contact"),
    "Staff": ("annual_turnover_social", "consultant_share", "school_social_workers"),
}

#: Ladder thresholds are shown as one slider per threshold, in percent of school days.
THRESHOLD_STEP = 0.01
THRESHOLD_RANGE = (0.02, 0.5)

#: Set when a run starts (Reset); the rest can change mid-run, from the next week.
AT_START = ("scenario", "seed", "n_pupils")
N_PUPILS_RANGE = (300, 3000, 100)

"""The Python API: run one scenario and get its outcomes, time series and finished model."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .events import Event, EventSchedule, LeverChange, check_events, check_overlaps, parse_events
from .model import Params, check_params
from .scenarios import Scenario, ScenarioError, load_scenario, short

if TYPE_CHECKING:  # pragma: no cover
    from .model import SchoolCooperationModel

__all__ = ["DEFAULT_YEARS", "MAX_SEED", "RunResult", "resolve", "run", "run_length"]

#: school years a run lasts unless the scenario (``[scenario] years``) or the caller says
DEFAULT_YEARS = 3

#: the largest seed (seeds are stored in signed 64-bit columns)
MAX_SEED = 2**63 - 1


@dataclass
class RunResult:
    """What one run gives back.

    * ``summary``: the outcome names of ``summary.json`` (see :data:`sim.model.OUTCOMES`)
    * ``timeseries``: one row per simulated school week (built on first use)
    * ``model``: the finished :class:`~sim.model.SchoolCooperationModel`
    * ``events``: the events of the run (the scenario's, then those given to :func:`run`)
    * ``changes``: every lever change the events made, in order (:class:`sim.events.LeverChange`)
    """

    summary: dict[str, Any]
    model: SchoolCooperationModel
    scenario: Scenario
    params: Params
    seed: int
    years: int
    events: tuple[Event, ...] = ()
    changes: list[LeverChange] = field(default_factory=list)

    @cached_property
    def timeseries(self) -> pd.DataFrame:
        return self.model.timeseries()


def resolve(
    scenario: str | Path | Scenario | None = None,
    overrides: dict | None = None,
    origin: str = "keyword argument",
) -> tuple[Scenario, Params]:
    """Load ``scenario`` and apply ``overrides``; every value is checked by the registry."""
    if not (scenario is None or isinstance(scenario, (str, Path, Scenario))):
        raise ScenarioError(f"scenario = {short(scenario)} is not allowed: give a scenario name, "
                            "a path to a .toml file, a Scenario or None (the default scenario).")
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    params = (
        check_params(overrides or {}, origin=origin, base=sc.params.values)
        if overrides
        else sc.params
    )
    return sc, params


def run_length(scenario: Scenario, years: int | None) -> int:
    """``years`` if given, else the scenario's own run length, else :data:`DEFAULT_YEARS`."""
    if years is None:
        return scenario.years or DEFAULT_YEARS
    return years


def run(
    scenario: str | Path | Scenario | None = None,
    *,
    seed: int = 0,
    years: int | None = None,
    events: list | tuple | None = None,
    **overrides: Any,
) -> RunResult:
    """Run ``scenario`` (default: the Orust scenario) for ``years`` school years (default:
    the scenario's ``years``, else 3).

    Keyword arguments override parameters by their registry names, e.g.
    ``sim.run(n_coordinators=1, feedback_probability=0.8)``. ``events`` adds levers that
    change during the run, after the scenario's own (see :mod:`sim.events`), e.g.
    ``events=[{"week": 36, "set": {"n_coordinators": 1}}]``.
    """
    from .model import SchoolCooperationModel, summarise

    if years is not None and (isinstance(years, bool) or not isinstance(years, int)
                              or not 1 <= years <= 50):
        raise ValueError(f"years = {short(years)} is not allowed: a whole number of school "
                         "years in [1, 50].")
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise ValueError(f"seed = {short(seed)} is not allowed: a whole number in "
                         f"[0, 2**63 - 1].")
    sc, params = resolve(scenario, overrides)
    years = run_length(sc, years)
    all_events = sc.events + parse_events(events, "events")
    check_overlaps(all_events)
    check_events(all_events, params, years)
    model = SchoolCooperationModel(params, seed=seed)
    if all_events:
        from .events import run_weeks

        schedule = EventSchedule(all_events)
        run_weeks(model, years * params.weeks_per_year, schedule)
        model.graduate_final_class()
        changes = schedule.changes
    else:
        model.run_years(years)
        changes = []
    return RunResult(
        summary=summarise(model),
        model=model,
        scenario=sc,
        params=params,
        seed=seed,
        years=years,
        events=all_events,
        changes=changes,
    )

"""The Python API: run one scenario and get its outcomes, time series and finished model."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .model import Params, check_params
from .scenarios import Scenario, ScenarioError, load_scenario, short

if TYPE_CHECKING:  # pragma: no cover
    from .model import SchoolCooperationModel

__all__ = ["MAX_SEED", "RunResult", "resolve", "run"]

#: the largest seed (seeds are stored in signed 64-bit columns)
MAX_SEED = 2**63 - 1


@dataclass
class RunResult:
    """What one run gives back.

    * ``summary``: the outcome names of ``summary.json`` (see :data:`sim.model.OUTCOMES`)
    * ``timeseries``: one row per simulated school week (built on first use)
    * ``model``: the finished :class:`~sim.model.SchoolCooperationModel`
    """

    summary: dict[str, Any]
    model: SchoolCooperationModel
    scenario: Scenario
    params: Params
    seed: int
    years: int

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


def run(
    scenario: str | Path | Scenario | None = None,
    *,
    seed: int = 0,
    years: int = 3,
    **overrides: Any,
) -> RunResult:
    """Run ``scenario`` (default: the Orust scenario) for ``years`` school years.

    Keyword arguments override parameters by their registry names, e.g.
    ``sim.run(n_coordinators=1, feedback_probability=0.8)``.
    """
    from .model import SchoolCooperationModel, summarise

    if isinstance(years, bool) or not isinstance(years, int) or not 1 <= years <= 50:
        raise ValueError(f"years = {short(years)} is not allowed: a whole number of school "
                         "years in [1, 50].")
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise ValueError(f"seed = {short(seed)} is not allowed: a whole number in "
                         f"[0, 2**63 - 1].")
    sc, params = resolve(scenario, overrides)
    model = SchoolCooperationModel(params, seed=seed)
    model.run_years(years)
    return RunResult(
        summary=summarise(model),
        model=model,
        scenario=sc,
        params=params,
        seed=seed,
        years=years,
    )

"""sim: an agent-based model of school and social-services cooperation around pupils with
problematic school absence.

Quick start::

    import sim
    result = sim.run()                      # the default (Orust) scenario, 3 school years
    result.summary["share_over_10"]
    result.timeseries.plot(x="week", y="mean_absence")
    sim.run("orust", n_coordinators=1, seed=3)
"""

from .api import RunResult, run
from .model import REGISTRY, ParameterError, check_params
from .scenarios import list_scenarios, load_scenario

__version__ = "0.1.0"

__all__ = [
    "REGISTRY",
    "ParameterError",
    "check_params",
    "RunResult",
    "__version__",
    "list_scenarios",
    "load_scenario",
    "run",
    "check_params",
]

"""The model core: one municipality's schools and social services, week by week.

This package is the model and nothing else: it imports nothing from the experiments, the
analysis or the interfaces (an import-linter contract in ``pyproject.toml`` checks it).
What other layers may use is exported here; every other module in it is private to the
model.

| module | what |
|---|---|
| :mod:`.model` | the ``mesa.Model``; ``step()`` reads as the weekly order of events |
| :mod:`.agents` | pupils, mentors, EHT members, social workers, coordinators |
| :mod:`.cases` | reports of concern, cases and applications, with their statuses |
| :mod:`.staffing` | posts, hiring, vacancies and rosters |
| :mod:`.pupils` | pupils' absence, vectorised (M1, M3) |
| :mod:`.network` | trust and familiarity on the network (M6, M7) |
| :mod:`.mechanisms` | one module per mechanism, each rule next to its source |
| :mod:`.ledger` | staff hours by role and activity |
| :mod:`.outcomes` | the outcomes of a run and the weekly time series |
| :mod:`.params` | the parameter registry: defaults, units, ranges, sources |
"""

from .costs import PROGRAMME_SECTORS, SECTORS, future_cost_streams
from .model import SchoolCooperationModel
from .outcomes import OUTCOMES, REPORTERS, summarise
from .params import (
    GROUPS,
    REGISTRY,
    Parameter,
    ParameterError,
    Params,
    check_name,
    check_params,
    closest,
    defaults,
    inert,
    markdown_table,
)
from .pupils import LOGIT_PER_EFFECT_SIZE

__all__ = [
    "PROGRAMME_SECTORS",
    "SECTORS",
    "future_cost_streams",
    "GROUPS",
    "LOGIT_PER_EFFECT_SIZE",
    "OUTCOMES",
    "REGISTRY",
    "REPORTERS",
    "Parameter",
    "ParameterError",
    "Params",
    "SchoolCooperationModel",
    "check_name",
    "check_params",
    "closest",
    "defaults",
    "inert",
    "markdown_table",
    "summarise",
]

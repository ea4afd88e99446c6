"""Parameters: Population and calendar.

Each declaration gives the default, unit, plausible range, group, description and
source (see :mod:`sim.model.params`)."""

from .registry import declare

declare(
    "n_pupils",
    1500,
    "pupils",
    (50, 250_000),
    "population",
    "number of pupils in the municipality's compulsory schools (grades F-9); the range covers "
    "the largest Swedish and Danish municipalities",
    "assumption: an Orust-sized municipality; 000 gives no pupil numbers. Upper end: Stockholm "
    "has more than 100,000 compulsory-school pupils, Gothenburg about 60,000; Denmark's largest, "
    "Copenhagen, has fewer than Stockholm (orders of size; external: national pupil statistics)",
)
declare(
    "n_schools",
    6,
    "schools",
    (1, 1000),
    "population",
    "number of schools, each with its own student health team (EHT); up to 1,000 so that the "
    "largest municipalities fit (a few hundred schools each)",
    "assumption: an Orust-sized municipality; 000 gives no school count",
)
declare(
    "class_size",
    25,
    "pupils per class",
    (8, 35),
    "population",
    "pupils per class; each class has one mentor",
    "assumption: a typical Swedish class",
)
declare(
    "weeks_per_year",
    36,
    "school weeks",
    (20, 44),
    "population",
    "school weeks in a year (5 school days each); Sweden 36, Denmark 40",
    "external: Skolförordningen (2011:185) 3 kap. 3 § (at least 178 school days, about 36 "
    "weeks of 5 days)",
)
declare(
    "autumn_weeks",
    18,
    "school weeks",
    (5, 30),
    "population",
    "length of the autumn term; the spring term is the rest of the year",
    "assumption: Swedish term split",
)
declare(
    "warm_up_years",
    1,
    "school years",
    (0, 5),
    "population",
    "school years the whole system runs before measuring starts, so that the ladder, the "
    "network, staff and escalated risk start from a settled state; outcomes and the time "
    "series cover only the years after it",
    "assumption: a modelling choice (warm-up), not a property of the system",
)

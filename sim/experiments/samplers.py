"""Samplers: one small class per way of choosing design points.

Each sampler holds its options, checks them and its size ``n``, says how many points it
gives (:meth:`Sampler.size`, computed without drawing anything, so that ``--dry-run`` and
the design-size limit never build a design) and draws them (:meth:`Sampler.sample`).

* :class:`Grid` - the full factorial product of lists of values (``[grid]``).
* :class:`LatinHypercube` - ``scipy.stats.qmc.LatinHypercube`` (``method = "lhs"``).
* :class:`SobolSequence` - scrambled Sobol' points, ``scipy.stats.qmc.Sobol``
  (``method = "sobol"``).
* :class:`SaltelliSobol` - Saltelli's scheme for Sobol' indices, ``SALib.sample.sobol``
  (``method = "salib-sobol"``).
* :class:`Morris` - Morris elementary effects, ``SALib.sample.morris``
  (``method = "salib-morris"``).
* :class:`Fast` - extended FAST, ``SALib.sample.fast_sampler`` (``method = "salib-fast"``).

The sampling methods draw in the unit hypercube, one row per point and one column per
parameter; :mod:`sim.experiments.design` scales the rows to the parameters' ranges.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import numpy as np

__all__ = [
    "SAMPLERS",
    "SAMPLE_METHODS",
    "Fast",
    "Grid",
    "LatinHypercube",
    "Morris",
    "SaltelliSobol",
    "Sampler",
    "SamplerError",
    "SobolSequence",
]

#: the largest ``n`` a sampling method accepts (the design-size limit usually comes first)
MAX_N = 10_000_000


class SamplerError(ValueError):
    """An option or size a sampler cannot use: ``(key, value, allowed, why)``."""

    def __init__(self, key: str, value: Any, allowed: str, why: str = "") -> None:
        super().__init__(f"{key} = {value!r} is not allowed: {why} Allowed: {allowed}.")
        self.key, self.value, self.allowed, self.why = key, value, allowed, why


class Grid:
    """The full factorial product of lists of values, in the order the axes are given."""

    def __init__(self, axes: Mapping[str, Sequence]) -> None:
        self.axes = dict(axes)

    def size(self) -> int:
        return math.prod(len(v) for v in self.axes.values()) if self.axes else 1

    def sample(self) -> list[dict[str, Any]]:
        names = list(self.axes)
        return [dict(zip(names, combo)) for combo in itertools.product(*self.axes.values())] \
            or [{}]


class Sampler:
    """A method of sampling ``d`` parameters in the unit hypercube."""

    #: the name used in a spec's ``[sample] method``
    method: ClassVar[str] = ""
    #: one line for messages and help: what ``n`` means and how many points it gives
    description: ClassVar[str] = ""
    #: option name -> (type, default)
    options: ClassVar[dict[str, tuple[type, Any]]] = {}

    def __init__(self, n: int, options: Mapping[str, Any] | None = None) -> None:
        self.n = n
        self.opts = {k: d for k, (_, d) in self.options.items()}
        self.opts.update(options or {})

    # -- checks ----------------------------------------------------------------------
    @classmethod
    def check_option(cls, key: str, value: Any) -> Any:
        """``value`` of option ``key`` checked (raises :class:`SamplerError`)."""
        kind = cls.options[key][0]
        if kind is bool:
            if not isinstance(value, bool):
                raise SamplerError(key, value, "true or false")
            return value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise SamplerError(key, value, "a whole number in [1, 100]", "expected a whole number.")
        if not 1 <= value <= 100:
            raise SamplerError(key, value, "a whole number in [1, 100]", "out of range.")
        return int(value)

    def check(self) -> None:
        """Check ``n`` together with the options (raises :class:`SamplerError`)."""

    # -- size and points ---------------------------------------------------------------
    def size(self, d: int) -> int:
        """Number of points for ``d`` parameters, computed without sampling."""
        return self.n

    def sample(self, d: int, names: Sequence[str], seed: int) -> np.ndarray:
        """Points in the unit hypercube: an array of shape ``(size(d), d)``."""
        raise NotImplementedError

    @staticmethod
    def _unit_problem(d: int, names: Sequence[str]) -> dict:
        return {"num_vars": d, "names": list(names), "bounds": [[0.0, 1.0]] * d}


def _power_of_two(sampler: Sampler) -> None:
    n = sampler.n
    if n & (n - 1):
        lo = 1 << (n.bit_length() - 1)
        raise SamplerError("n", n, f"a power of 2 such as {lo} or {lo * 2}",
                           f"method {sampler.method!r} keeps the balance properties of the "
                           "Sobol' sequence only for powers of 2.")


class LatinHypercube(Sampler):
    method = "lhs"
    description = "Latin hypercube (scipy.stats.qmc.LatinHypercube): n points"
    options: ClassVar[dict[str, tuple[type, Any]]] = {"scramble": (bool, True)}

    def sample(self, d, names, seed):
        from scipy.stats import qmc

        return qmc.LatinHypercube(d, scramble=self.opts["scramble"],
                                  rng=np.random.default_rng(seed)).random(self.n)


class SobolSequence(Sampler):
    method = "sobol"
    description = "scrambled Sobol' sequence (scipy.stats.qmc.Sobol): n points, n a power of 2"
    options: ClassVar[dict[str, tuple[type, Any]]] = {"scramble": (bool, True)}

    def check(self):
        _power_of_two(self)

    def sample(self, d, names, seed):
        from scipy.stats import qmc

        return qmc.Sobol(d, scramble=self.opts["scramble"], rng=np.random.default_rng(seed)) \
            .random_base2(int(math.log2(self.n)))


class SaltelliSobol(Sampler):
    method = "salib-sobol"
    description = ("Saltelli's scheme for Sobol' indices (SALib.sample.sobol): n base samples "
                   "(a power of 2), giving n*(2d+2) points (n*(d+2) with second_order = false)")
    options: ClassVar[dict[str, tuple[type, Any]]] = {"second_order": (bool, True)}

    def check(self):
        _power_of_two(self)

    def size(self, d):
        return self.n * (2 * d + 2 if self.opts["second_order"] else d + 2)

    def sample(self, d, names, seed):
        from SALib.sample import sobol

        return sobol.sample(self._unit_problem(d, names), self.n,
                            calc_second_order=self.opts["second_order"], seed=seed)


class Morris(Sampler):
    method = "salib-morris"
    description = "Morris elementary effects (SALib.sample.morris): n trajectories, giving " \
                  "n*(d+1) points"
    options: ClassVar[dict[str, tuple[type, Any]]] = {"levels": (int, 4)}

    def size(self, d):
        return self.n * (d + 1)

    def sample(self, d, names, seed):
        from SALib.sample import morris

        return morris.sample(self._unit_problem(d, names), self.n,
                             num_levels=self.opts["levels"], seed=seed)


class Fast(Sampler):
    method = "salib-fast"
    description = "extended FAST (SALib.sample.fast_sampler): n samples per parameter " \
                  "(n > 4*M**2), giving n*d points"
    options: ClassVar[dict[str, tuple[type, Any]]] = {"M": (int, 4)}

    def check(self):
        m = self.opts["M"]
        if self.n <= 4 * m * m:
            raise SamplerError("n", self.n, f"a whole number > 4*M**2 = {4 * m * m}",
                               f"FAST needs more samples than 4*M**2 (M = {m}).")

    def size(self, d):
        return self.n * d

    def sample(self, d, names, seed):
        from SALib.sample import fast_sampler

        return fast_sampler.sample(self._unit_problem(d, names), self.n, M=self.opts["M"],
                                   seed=seed)


#: the sampling methods by their name in a spec
SAMPLERS: dict[str, type[Sampler]] = {
    cls.method: cls for cls in (LatinHypercube, SobolSequence, SaltelliSobol, Morris, Fast)}

#: method name -> what it does and what ``n`` means
SAMPLE_METHODS: dict[str, str] = {m: cls.description for m, cls in SAMPLERS.items()}

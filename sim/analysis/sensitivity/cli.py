"""``python -m sim sensitivity SPEC.toml [options]`` and ``--compare A B``.

Exit codes: 0 done (or ``--dry-run``); 1 runs failed (resume to retry them) or an executor
broke down; 2 usage error (bad spec, option or results directory; nothing written);
130 / 143 interrupted by Ctrl-C / SIGTERM (finished runs are stored; ``--resume``).
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from ...experiments.cli import add_executor_options

__all__ = ["add_sensitivity_parser", "build_parser", "sensitivity_command"]

DESCRIPTION = """\
Global sensitivity analysis of the model with SALib (Morris, Sobol', FAST), corrected for
seed noise, or a robust comparison of two scenarios across the assumption space
(--compare A B). The spec names the method, the parameters (or "assumptions": every
sampleable assumption of the registry), their ranges, replicates and the outcomes with the
direction in which each is better. Runs go through the sweep engine, so executors, seeds and
--resume work as in 'python -m sim sweep'. Outputs go to results/<name>/: summary.md, tidy
CSV tables per outcome, figures. Specs are in scenarios/sensitivity/; see docs/sensitivity.md.
"""

EPILOG = """\
executors (as in 'python -m sim sweep'):
  (default)             a local process pool with one worker per core
  --workers N           a local process pool of N workers (1: run in this process)
  --dask-local N        a Dask LocalCluster of N worker processes started here
  --scheduler ADDRESS   an existing Dask scheduler (docs/cluster.md)

exit codes: 0 done; 1 runs failed (--resume retries them); 2 usage error (nothing
  written); 130/143 interrupted (--resume continues).

examples:
  python -m sim sensitivity scenarios/sensitivity/morris_assumptions.toml --fast
  python -m sim sensitivity scenarios/sensitivity/sobol_twelve.toml --convergence
  python -m sim sensitivity scenarios/sensitivity/second_coordinator.toml --dask-local 8
  python -m sim sensitivity --compare orust-2022 orust scenarios/sensitivity/sobol_twelve.toml
  python -m sim sensitivity SPEC.toml --out results/x --resume
"""


def _configure(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("spec", metavar="SPEC.toml", type=Path,
                        help="the sensitivity spec (see scenarios/sensitivity/)")
    parser.add_argument("--compare", nargs=2, metavar=("A", "B"), default=None,
                        help="robust comparison: analyse B - A (scenario names or paths) over "
                             "the spec's assumption space, with paired seeds")
    parser.add_argument("--out", metavar="DIR", type=Path, default=None,
                        help="results directory (default: results/<name>; with --compare A B "
                             "not from the spec: results/<name>-A-vs-B)")
    parser.add_argument("--fast", action="store_true",
                        help="apply the spec's [fast] table: a tiny run for CI and a first look "
                             "(results/<name>-fast)")
    parser.add_argument("--convergence", action="store_true",
                        help="also report the indices at N = start, 2*start, ... (no extra "
                             "runs) with a plot of the confidence interval widths")
    add_executor_options(parser)  # --workers, --scheduler, --dask-local, as for sweeps
    parser.add_argument("--resume", action="store_true",
                        help="continue the analysis stored in the results directory (finished "
                             "runs are kept, failed ones retried, the analysis made again)")
    parser.add_argument("--fail-fast", action="store_true", help="stop at the first failed run")
    parser.add_argument("--dry-run", action="store_true",
                        help="check the spec, show the sweeps and what would run; write nothing")
    parser.add_argument("--no-figures", action="store_true", help="write tables only")
    parser.add_argument("--no-progress", action="store_true", help="no progress bars")
    parser.set_defaults(func=sensitivity_command)
    return parser


def add_sensitivity_parser(subparsers) -> argparse.ArgumentParser:
    """Add the ``sensitivity`` sub-command to ``subparsers`` (from ``add_subparsers()``)."""
    parser = subparsers.add_parser(
        "sensitivity", help="global sensitivity analysis (SALib) and robust comparisons",
        description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    return _configure(parser)


def build_parser(prog: str = "python -m sim sensitivity") -> argparse.ArgumentParser:
    """A stand-alone parser for the sensitivity command."""
    return _configure(argparse.ArgumentParser(
        prog=prog, description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter))


def _usage_error(message: str) -> int:
    print(f"sim sensitivity: error: {message}", file=sys.stderr)
    return 2


def _resume_command(args, out: Path | None) -> str:
    parts = ["python", "-m", "sim", "sensitivity", str(args.spec)]
    if args.compare:
        parts += ["--compare", *args.compare]
    if args.fast:
        parts.append("--fast")
    if args.convergence:
        parts.append("--convergence")
    if out is not None:
        parts += ["--out", str(out)]
    parts.append("--resume")
    return shlex.join(parts)


def sensitivity_command(args: argparse.Namespace) -> int:
    """Run the ``sensitivity`` sub-command; returns the exit code."""
    import time

    from ...experiments import SweepFailed, SweepInterrupted
    from ...experiments.executors import ExecutorError
    from .pipeline import SensitivityFailed, analyse, execute, prepare
    from .report import write_outputs
    from .spec import SensitivityError

    scheduler, dask_local = getattr(args, "scheduler", None), getattr(args, "dask_local", None)
    workers = getattr(args, "workers", None)
    if workers is not None and (scheduler is not None or dask_local is not None):
        return _usage_error(f"--workers {workers} applies to the local process pool; with Dask "
                            "the cluster decides (use --dask-local N for N local workers).")
    compare = tuple(args.compare) if args.compare else None
    t0 = time.perf_counter()
    try:
        plan = prepare(args.spec, out=args.out if args.out is not None else "auto",
                       fast=args.fast, compare=compare, resume=args.resume)
        plan.resume_command = _resume_command(args, plan.out)
        if args.convergence and plan.spec.method == "fast":
            raise SensitivityError(f"{plan.spec.origin}: --convergence needs method 'morris' or "
                                   "'sobol'; a FAST sample has no smaller FAST sample inside it.")
    except SensitivityError as exc:
        return _usage_error(str(exc))
    if args.resume and not any(sw.previous for sw in plan.sweeps.values()):
        print(f"sim sensitivity: nothing to resume in {plan.out}; starting.", file=sys.stderr)
    if args.dry_run:
        print(plan.describe())
        return 0
    progress = False if args.no_progress else None
    try:
        reports = execute(plan, workers=workers, scheduler=scheduler, dask_local=dask_local,
                          fail_fast=args.fail_fast, progress=progress)
    except SensitivityError as exc:
        return _usage_error(str(exc))
    except SweepInterrupted as exc:
        if exc.report is not None:
            print(exc.report.line(), file=sys.stderr)
        print(f"sim sensitivity: interrupted; finished runs are stored. Resume with: "
              f"{plan.resume_command}", file=sys.stderr)
        return exc.report.exit_code if exc.report is not None else 130
    except SweepFailed as exc:
        print(f"sim sensitivity: {exc}", file=sys.stderr)
        return 1
    except ExecutorError as exc:
        print(f"sim sensitivity: error: {exc}\nFinished runs are stored; resume with: "
              f"{plan.resume_command}", file=sys.stderr)
        return 1
    try:
        result = analyse(plan, convergence_=args.convergence, reports=reports)
    except SensitivityFailed as exc:
        print(f"sim sensitivity: {exc}", file=sys.stderr)
        return 1
    result.seconds = time.perf_counter() - t0
    if plan.out is not None:
        result.files = write_outputs(result, figures=not args.no_figures)
    print(_console(result))
    return 0


def _console(result) -> str:
    """A few lines for the terminal: where the outputs are and the headline per outcome."""
    from .methods import METRICS

    s = result.spec
    idx = METRICS[s.method]["rank_by"]
    lines = [(f"sensitivity {s.name!r} ({s.method}, {s.d} parameters, {s.n_points()} points x "
             f"{s.replicates}) done in {result.seconds:.1f} s; outputs in {result.out}/ "
             "(summary.md)")]
    if result.comparison is not None:
        for _, r in result.comparison.iterrows():
            if r["better_when"] != "none":
                lines.append(f"  {r['outcome']}: {s.compare.b} better than {s.compare.a} in "
                             f"{100 * r['share_better']:.0f} % of the sampled space")
    for o in s.outcomes:
        if o in result.indices:
            t = result.indices[o].head(3)
            top = ", ".join(f"{p} ({v:.3g})" for p, v in zip(t["parameter"], t[idx]))
            lines.append(f"  {o}: top {idx}: {top}")
        else:
            lines.append(f"  {o}: not analysed ({result.skipped.get(o)})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m sim.analysis.sensitivity``."""
    return sensitivity_command(build_parser().parse_args(argv))

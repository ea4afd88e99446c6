"""The ``sweep`` command line: ``python -m sim sweep SPEC.toml [options]``.

:func:`add_sweep_parser` adds the sub-command to an argparse ``subparsers`` object and
:func:`sweep_command` runs it and returns the exit code:

* 0 - every run finished without error (or ``--dry-run``)
* 1 - the sweep ran, but some runs failed (or ``--fail-fast`` stopped it, the executor
  broke down, or the results could not be written, e.g. a full disk: finished runs are
  kept and the message says how to resume)
* 2 - usage error: bad spec, unknown parameter or outcome, bad value, conflicting options,
  a design above the size limit, a runner named only in the spec, a results directory in
  the way or in use by another sweep, ``--resume`` with a different spec. Nothing is
  written.
* 130 / 143 - interrupted by Ctrl-C / SIGTERM; finished runs are stored, ``--resume``
  continues.

``python -m sim.experiments SPEC.toml [options]`` is the same command on its own.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .design import MAX_RUNS, describe
from .executors import ExecutorError, check_scheduler_address, make_executor
from .signals import SweepInterrupted
from .sweep import SweepFailed, SweepStorageError, SweepUsageError, execute_sweep, prepare_sweep

__all__ = ["add_sweep_parser", "build_parser", "main", "sweep_command"]

DESCRIPTION = """\
Run a parameter sweep described by a TOML spec: a base scenario, the parameters to vary
(a grid of values, or LHS / Sobol / SALib samples within ranges), fixed overrides,
replicates, years, a sweep seed and the outcomes to keep. Every run's seed derives from
the sweep seed and the run id, so results do not depend on the executor or the number of
workers. Results go to results/<name>/ (or --out): manifest.json (spec, versions, git
commit, times) and Parquet parts, one row per run; load them with
sim.experiments.load_results(DIR). Examples are in scenarios/sweeps/.
"""

EPILOG = """\
executors:
  (default)             a local process pool with one worker per core
  --workers N           a local process pool of N workers (1: run in this process)
  --dask-local N        a Dask LocalCluster of N worker processes started here
                        (on 127.0.0.1, with TLS; --dashboard opens its dashboard)
  --scheduler ADDRESS   an existing Dask scheduler, e.g. tls://10.0.0.5:8786
                        (see docs/cluster.md for securing it)

custom runners:
  A spec file is data: its 'runner' key never imports code. To call your own
  function instead of sim.run, give it here: --runner mymodule:run (it must
  have sim.run's signature; it is checked before any run).

design size:
  --dry-run shows the design's size, computed without building it. Designs of more
  than 1,000,000 runs are refused with their size; --max-runs N raises the limit.

interrupting and resuming:
  Ctrl-C or SIGTERM stops the sweep, keeps every finished run and says how to
  resume; even kill -9 loses only the runs in flight. --resume skips finished runs
  (and retries failed ones); it refuses a spec that differs from the stored one.

exit codes: 0 all runs ok; 1 some runs failed (or --fail-fast stopped the sweep, or
  the results could not be written, e.g. a full disk); 2 usage error (nothing
  written; also when another sweep is using the results folder); 130/143
  interrupted by Ctrl-C/SIGTERM.

examples:
  python -m sim sweep scenarios/sweeps/coordinators.toml
  python -m sim sweep scenarios/sweeps/trust_lhs.toml --workers 2 --out results/trust
  python -m sim sweep scenarios/sweeps/trust_lhs.toml --out results/trust --resume
  python -m sim sweep scenarios/sweeps/coordinators.toml --dry-run
"""


def whole_number(kind: str, lo: int, hi: int):
    """An argparse type: a whole number in [lo, hi]; the error names the option ``kind``."""

    def parse(text: str) -> int:
        digits = text.strip().lstrip("+-")
        shown = text if len(text) <= 40 else f"{text[:30]}... ({len(text):,} characters)"
        if not digits.isdigit():
            raise argparse.ArgumentTypeError(f"{kind} must be a whole number in [{lo}, {hi}], "
                                             f"got {shown!r}")
        if len(digits) > len(str(hi)):
            raise argparse.ArgumentTypeError(f"{kind} must be in [{lo}, {hi}], got a number "
                                             f"of {len(digits):,} digits")
        value = int(text)
        if not lo <= value <= hi:
            raise argparse.ArgumentTypeError(f"{kind} must be in [{lo}, {hi}], got {value}")
        return value

    return parse


def _positive(text: str) -> int:
    shown = text if len(text) <= 40 else f"{text[:30]}... ({len(text):,} characters)"
    if not text.strip().lstrip("+-").isdigit():
        raise argparse.ArgumentTypeError(f"{shown!r} is not a whole number")
    if len(text.strip().lstrip("+-")) > 18:
        raise argparse.ArgumentTypeError(f"{shown} is too large: at most 10**18")
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not allowed: a whole number >= 1")
    return value


def _folder(text: str) -> Path:
    if not text.strip():
        raise argparse.ArgumentTypeError("'' is not allowed: give a folder for the results")
    if "\0" in text:
        raise argparse.ArgumentTypeError("the path contains a NUL character")
    return Path(text)


def _address(text: str) -> str:
    try:
        return check_scheduler_address(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("--scheduler ")) from None


def _runner(text: str) -> str:
    import re

    if not re.fullmatch(r"[A-Za-z_][\w.]*:[A-Za-z_][\w.]*", text):
        shown = text if len(text) <= 60 else text[:50] + "..."
        raise argparse.ArgumentTypeError(f"{shown!r} is not allowed: give module:function, "
                                         "e.g. mymodels:run")
    return text


def add_executor_options(parser: argparse.ArgumentParser) -> None:
    """``--workers``, ``--scheduler`` and ``--dask-local``: where the runs go. Shared by the
    commands that run sweeps (``sweep``, ``sensitivity``)."""
    parser.add_argument("--workers", metavar="N", type=_positive, default=None,
                        help="processes of the local pool (default: all cores; 1 runs in "
                             "this process)")
    dask = parser.add_mutually_exclusive_group()
    dask.add_argument("--scheduler", metavar="ADDRESS", type=_address, default=None,
                      help="run on the Dask cluster of this scheduler (tls://host:8786); TLS "
                           "certificates come from Dask's configuration (docs/cluster.md)")
    dask.add_argument("--dask-local", metavar="N", type=_positive, default=None,
                      help="run on a Dask LocalCluster of N worker processes started here "
                           "(127.0.0.1 only, TLS with throw-away certificates)")


def _configure(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("spec", metavar="SPEC.toml", type=Path,
                        help="the sweep spec (see scenarios/sweeps/ for documented examples)")
    parser.add_argument("--out", metavar="DIR", type=_folder, default=None,
                        help="results directory (default: results/<name from the spec>)")
    add_executor_options(parser)
    parser.add_argument("--dashboard", action="store_true",
                        help="with --dask-local: open the Dask dashboard on 127.0.0.1:8787 "
                             "(default: no dashboard)")
    parser.add_argument("--runner", metavar="MODULE:FUNCTION", type=_runner, default=None,
                        help="import and call this function instead of sim.run (it runs "
                             "code: use only your own); a spec's runner key alone is never "
                             "imported")
    parser.add_argument("--max-runs", metavar="N", type=_positive, default=MAX_RUNS,
                        help=f"refuse designs of more than N runs (default {MAX_RUNS:,})")
    parser.add_argument("--resume", action="store_true",
                        help="continue the sweep stored in the results directory: skip "
                             "finished runs, retry failed ones (the spec must be the same)")
    parser.add_argument("--fail-fast", action="store_true",
                        help="stop at the first failed run (default: record its error and "
                             "carry on)")
    parser.add_argument("--dry-run", action="store_true",
                        help="check the spec, show the design and what would run; write nothing")
    parser.add_argument("--no-progress", action="store_true",
                        help="no progress bar (a final line with counts is still printed)")
    parser.set_defaults(func=sweep_command)
    return parser


def add_sweep_parser(subparsers) -> argparse.ArgumentParser:
    """Add the ``sweep`` sub-command to ``subparsers`` (from ``add_subparsers()``)."""
    parser = subparsers.add_parser(
        "sweep", help="run a parameter sweep from a TOML spec (grid, LHS, Sobol, SALib)",
        description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    return _configure(parser)


def build_parser(prog: str = "python -m sim.experiments") -> argparse.ArgumentParser:
    """A stand-alone parser for the sweep command."""
    return _configure(argparse.ArgumentParser(
        prog=prog, description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter))


def _usage_error(message: str) -> int:
    from ..scenarios import tidy

    print(f"sim sweep: error: {tidy(message)}", file=sys.stderr)
    return 2


def sweep_command(args: argparse.Namespace) -> int:
    """Run the ``sweep`` sub-command; returns the exit code (see the module docstring)."""
    scheduler = getattr(args, "scheduler", None)
    dask_local = getattr(args, "dask_local", None)
    workers = getattr(args, "workers", None)
    if scheduler is not None and dask_local is not None:
        return _usage_error(f"--scheduler {scheduler} and --dask-local {dask_local} conflict: "
                            "either connect to a running Dask scheduler or start a local "
                            "cluster, not both.")
    if workers is not None and (scheduler is not None or dask_local is not None):
        return _usage_error(f"--workers {workers} applies to the local process pool; with "
                            "Dask the cluster decides (use --dask-local N for N local workers).")
    for opt, value in (("--workers", workers), ("--dask-local", dask_local)):
        if value is not None and value < 1:
            return _usage_error(f"{opt} {value} is not allowed: a whole number >= 1.")
    dashboard = getattr(args, "dashboard", False)
    if dashboard and dask_local is None:
        return _usage_error("--dashboard applies to --dask-local (a cluster started here); a "
                            "running scheduler has its own dashboard settings.")
    out = args.out if args.out is not None else "auto"
    try:
        sweep = prepare_sweep(args.spec, out=out, resume=args.resume,
                              runner=getattr(args, "runner", None),
                              max_runs=getattr(args, "max_runs", MAX_RUNS))
    except SweepUsageError as exc:
        return _usage_error(str(exc))
    if args.resume and sweep.previous is None:
        print(f"sim sweep: nothing to resume in {sweep.out}; starting the sweep.", file=sys.stderr)

    if getattr(args, "dry_run", False):
        print(f"sweep {sweep.spec.name!r}: {describe(sweep.spec, sweep.design.scenario.name)}")
        print(f"results: {sweep.out}")
        print(f"to run: {len(sweep.pending)} of {sweep.design.n_runs} runs"
              + (f" ({len(sweep.done)} already finished)" if sweep.done else ""))
        return 0

    try:
        executor = make_executor(workers=workers, scheduler=scheduler, dask_local=dask_local,
                                 dashboard=dashboard or None)
        executor.start()
    except ValueError as exc:
        return _usage_error(str(exc))
    except ExecutorError as exc:
        return _usage_error(str(exc))
    link = getattr(executor, "dashboard_link", None)
    if link:
        print(f"sim sweep: Dask dashboard at {link}", file=sys.stderr)
    progress = False if getattr(args, "no_progress", False) else None
    try:
        report = execute_sweep(sweep, executor, fail_fast=args.fail_fast, progress=progress)
    except SweepUsageError as exc:
        executor.close()
        return _usage_error(str(exc))
    except SweepInterrupted as exc:
        if exc.report is not None:
            print(exc.report.line(), file=sys.stderr)
        print(f"sim sweep: {exc.message or 'interrupted'}", file=sys.stderr)
        return exc.report.exit_code if exc.report is not None else 130
    except SweepFailed as exc:
        if exc.report is not None:
            print(exc.report.line(), file=sys.stderr)
        print(f"sim sweep: {exc}", file=sys.stderr)
        return 1
    except SweepStorageError as exc:  # e.g. a full disk
        executor.close(kill=True)
        print(f"sim sweep: error: {exc}", file=sys.stderr)
        return 1
    except ExecutorError as exc:  # e.g. every worker process died at start-up
        print(f"sim sweep: error: {exc}", file=sys.stderr)
        print(f"sim sweep: finished runs are stored; resume with: {sweep.resume_hint()}",
              file=sys.stderr)
        return 1
    print(report.line(), file=sys.stderr)
    if report.message:
        print(f"sim sweep: {report.message}", file=sys.stderr)
    return report.exit_code


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m sim.experiments``."""
    args = build_parser().parse_args(argv)
    return sweep_command(args)

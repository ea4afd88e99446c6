"""Command line: ``python -m sim run | compare | validate | params | scenarios | sweep | costs``.

Usage errors (unknown names, values out of range, unreadable files, an output folder that
is not the tool's own) print one message that names the file or option, the key, the value
and what is allowed, write nothing, and exit with code 2. A full disk while writing gives
exit code 1 and a message; nothing already written is replaced.

Sub-commands are added by ``add_*_parser`` functions (see :func:`build_parser`).
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import re
import sys
import time
import tomllib
from pathlib import Path

from .experiments.cli import whole_number as _positive
from .model import GROUPS, REGISTRY, ParameterError, check_name, closest
from .scenarios import short, tidy

USAGE_ERROR = 2
#: the longest value ``--set`` takes (a list of ladder steps is a few hundred characters)
MAX_VALUE_CHARS = 2000


class UsageError(Exception):
    pass


def parse_assignment(text: str, option: str = "--set") -> tuple[str, object]:
    """``name=value`` with a TOML value (``0.5``, ``true``, ``[0.1, 0.2]``)."""
    if "=" not in text:
        raise UsageError(f"{option} {short(text)}: expected name=value, e.g. {option} "
                         "n_coordinators=1")
    name, raw = (s.strip() for s in text.split("=", 1))
    if any(c in text for c in "\n\r\0"):
        raise UsageError(f"{option} {short(text)}: one name=value on one line; give "
                         f"{option} once per parameter.")
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,99}", name):
        raise UsageError(f"{option} {short(text)}: {short(name)} is not a parameter name"
                         f"{closest(name, REGISTRY)}. Run 'python -m sim params' to list them.")
    check_name(name, origin=f"{option} {short(text, 60)}")
    if len(raw) > MAX_VALUE_CHARS:
        raise UsageError(f"{option} {name}=...: the value has {len(raw):,} characters; a "
                         f"parameter value has at most {MAX_VALUE_CHARS:,}. Allowed: "
                         f"{REGISTRY[name].allowed()}.")
    if raw.lower() in ("true", "false"):
        raw = raw.lower()
    try:
        parsed = tomllib.loads(f"v = {raw}")
    except tomllib.TOMLDecodeError:
        parsed = {"v": raw}  # a bare word: the registry will refuse it with what is allowed
    except (ValueError, RecursionError):  # more than 4300 digits, or nested too deeply
        raise UsageError(f"{option} {name}={short(raw, 40)}: not a usable value (a number of "
                         f"more than 4300 digits, or lists nested too deeply). Allowed: "
                         f"{REGISTRY[name].allowed()}.") from None
    if set(parsed) != {"v"}:
        raise UsageError(f"{option} {short(text)}: one name=value per {option}.")
    return name, parsed["v"]


def _overrides(assignments) -> dict:
    out = {}
    for text in assignments or []:
        name, value = parse_assignment(text)
        out[name] = value
    return out




def _folder(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("'' is not allowed: give a folder for the results")
    if "\0" in text:
        raise argparse.ArgumentTypeError("the path contains a NUL character")
    return text


# ------------------------------------------------------------------------------- run
def cmd_run(args) -> int:
    from .api import resolve, run, run_length
    from .events import check_events
    from .output import OutputError, folder_name, open_run_folder, write_run_files

    # validate first: the scenario, the overrides and the events within the run's weeks
    scenario, params = resolve(args.scenario, _overrides(args.set), origin="--set")
    check_events(scenario.events, params, run_length(scenario, args.years))
    out = Path(args.out) if args.out is not None else \
        Path("results") / f"{folder_name(scenario.name)}-seed{args.seed}"
    try:  # the output folder is checked, and its temporary folder made, before running
        folder = open_run_folder(out)
    except OutputError as exc:
        raise UsageError(str(exc)) from None
    try:
        t0 = time.perf_counter()
        result = run(scenario, seed=args.seed, years=args.years, **_overrides(args.set))
        elapsed = time.perf_counter() - t0
        write_run_files(result, folder.path, figure=not args.no_figure)
        folder.commit()
    except BaseException:
        folder.discard()
        raise
    s = result.summary
    if not args.quiet:
        print(f"Ran scenario {scenario.name!r} (seed {args.seed}, {result.years} school years, "
              f"{result.params.n_pupils} pupils) in {elapsed:.2f} s.")
        for ch in result.changes:
            print(f"  week {ch.week:4d}: {ch.name} {_fmt(ch.old)} -> {_fmt(ch.new)}"
                  + (f"  ({ch.note})" if ch.note else ""))
        for key in ("mean_absence", "share_over_10", "long_term_absent_share",
                    "median_weeks_to_intervention", "resolved_share", "eligible_share",
                    "reports_of_concern", "feedback_rate", "trust_school_side",
                    "trust_social_side"):
            print(f"  {key:30s} {_fmt(s[key])}")
    print(f"Wrote {out}/: " + ", ".join(f for f in sorted(p.name for p in out.iterdir())))
    return 0


def _fmt(v) -> str:
    if isinstance(v, float):
        return "n/a" if math.isnan(v) else f"{v:.3f}"
    return str(v)


# ------------------------------------------------------------------------------- compare
#: the outcomes printed by ``compare`` unless --outcomes says otherwise (files have all)
COMPARE_PRINTED = ["long_term_incidence", "long_term_absent_share", "absence_over_run",
                   "mean_absence", "resolved_share", "eligible_share",
                   "cross_sector_help_share", "followup_coverage", "applications",
                   "joint_meetings", "feedback_rate", "trust_school_side", "trust_social_side",
                   "staff_hours"]


def cmd_compare(args) -> int:
    """Run scenarios on the sweep engine (paired by seed), write the table, figures and
    report.html, and print the table of key outcomes as Markdown."""
    from .analysis.compare import markdown_table
    from .analysis.comparison import ComparisonError, prepare_comparison
    from .experiments import SweepInterrupted, SweepUsageError
    from .model import OUTCOMES
    from .report import write_report

    keys = args.outcomes.split(",") if args.outcomes else COMPARE_PRINTED
    for k in keys:
        if k not in OUTCOMES:
            raise UsageError(f"--outcomes: unknown outcome {short(k)}{closest(k, OUTCOMES)}; "
                             f"allowed: {', '.join(OUTCOMES)}")
    replicates = args.replicates if args.replicates is not None else (args.seeds or 5)
    if args.seeds is not None and args.replicates is not None and args.seeds != replicates:
        raise UsageError(f"--seeds {args.seeds} and --replicates {args.replicates} differ; "
                         "give one of them (--seeds is the old name of --replicates).")
    out = args.out
    if out is None:
        names = "-vs-".join(Path(str(n)).stem for n in args.scenarios)
        from .output import folder_name

        out = str(Path("results") / f"compare-{folder_name(names)}")
    try:
        cmp = prepare_comparison(args.scenarios, replicates=replicates, years=args.years,
                                 seed=args.seed, overrides=_overrides(args.set), out=out,
                                 resume=args.resume)
    except ComparisonError as exc:
        raise UsageError(str(exc)) from None
    hint = ("python -m sim compare " + " ".join(map(str, args.scenarios))
            + f" --replicates {replicates} --years {cmp.years} --seed {args.seed}"
            + "".join(f" --set {a}" for a in args.set or []) + f" --out {out} --resume")
    try:
        cmp.run(workers=args.workers, progress=False if args.quiet else None)
    except SweepInterrupted as exc:
        print(f"interrupted: finished runs are stored in {out}; resume with: {hint}",
              file=sys.stderr)
        return exc.report.exit_code if exc.report is not None else 130
    except SweepUsageError as exc:
        raise UsageError(str(exc)) from None
    table = write_report(cmp)
    print(f"Compared {', '.join(cmp.names)}: {replicates} runs each (paired by seed), "
          f"{cmp.years} school year(s). Mean [95 % CI]; Δ = paired difference to "
          f"{cmp.names[0]!r} (* = its CI excludes 0).\n")
    print(markdown_table(table, keys))
    print(f"\nWrote {out}/: report.html, table.csv, table.md, runs.csv, terms.csv, figures/, runs/")
    return 0


# ------------------------------------------------------------------------------- costs
def cmd_costs(args) -> int:
    """``python -m sim costs``: who pays, who gains (sim.analysis.costs_cli)."""
    from .analysis.costs_cli import costs_command

    return costs_command(args, overrides=_overrides(args.set))


# ------------------------------------------------------------------------------- validate
def cmd_validate(args) -> int:
    from .analysis.patterns import PATTERNS, validate_patterns

    names = args.patterns.split(",") if args.patterns else None
    for n in names or []:
        if n not in PATTERNS:
            raise UsageError(f"--patterns: unknown pattern {short(n)}{closest(n, PATTERNS)}; "
                             f"allowed: {', '.join(PATTERNS)}")
    effects = validate_patterns(names, seeds=args.seeds, workers=args.workers)
    for e in effects:
        print(("holds  " if e.holds else "unclear") + "  " + e.line())
    return 0


# ------------------------------------------------------------------------------- listings
def cmd_params(args) -> int:
    from .model import markdown_table

    if args.markdown:
        print(markdown_table())
        return 0
    if args.group and args.group not in GROUPS:
        raise UsageError(f"--group {short(args.group)}{closest(args.group, GROUPS)}: allowed "
                         f"groups are {', '.join(GROUPS)}")
    for group, title in GROUPS.items():
        if args.group and group != args.group:
            continue
        print(f"\n{title} [{group}]")
        for p in REGISTRY.values():
            if p.group != group:
                continue
            rng = f"[{p.range[0]}, {p.range[1]}]" if p.range else ""
            default = json.dumps(p.default) if not isinstance(p.default, tuple) else \
                json.dumps(list(p.default))
            print(f"  {p.name:32s} {default:>10.60s} {p.unit:28.28s} {rng:16s} {p.source[:60]}")
    return 0


def cmd_scenarios(args) -> int:
    from .scenarios import list_scenarios

    errors: list[str] = []
    for sc in list_scenarios(errors):
        print(f"{sc.name:24s} {sc.description}")
        if args.verbose:
            for k, v in sc.overrides.items():
                print(f"{'':26s}{k} = {v}")
    if errors:
        raise UsageError(f"{len(errors)} scenario file(s) cannot be read (listed the others): "
                         + "; ".join(errors))
    return 0


# ------------------------------------------------------------------------------- parser
def add_run_parser(sub) -> argparse.ArgumentParser:
    r = sub.add_parser("run", help="run one scenario and write results and a figure",
                       description="Run one scenario (default: orust) and write summary.json, "
                                   "run.json, timeseries.parquet/.csv, figure.png and "
                                   "network.graphml. An existing output folder is replaced "
                                   "only if it holds a previous run's result.")
    r.add_argument("scenario", nargs="?", default=None,
                   help="scenario name (see 'python -m sim scenarios') or path to a .toml file")
    r.add_argument("--seed", type=_positive("--seed", 0, 2**63 - 1), default=0,
                   help="random seed (default 0)")
    r.add_argument("--years", type=_positive("--years", 1, 50), default=None,
                   help="school years to simulate (default: the scenario's years, else 3)")
    r.add_argument("--set", action="append", metavar="NAME=VALUE",
                   help="override a parameter, e.g. --set n_coordinators=1 (repeatable)")
    r.add_argument("--out", type=_folder,
                   help="output folder (default results/<scenario>-seed<seed>); an existing "
                        "folder is replaced only if it is a previous run's result")
    r.add_argument("--no-figure", action="store_true", help="skip the PNG figure")
    r.add_argument("--quiet", action="store_true", help="print only where files were written")
    r.set_defaults(func=cmd_run)
    return r


def add_compare_parser(sub) -> argparse.ArgumentParser:
    c = sub.add_parser(
        "compare", help="compare scenarios over paired runs; write a table, figures and "
                        "report.html",
        description="Run each scenario --replicates times on the sweep engine (in parallel, "
                    "resumable; replicate r of every scenario has the same seed), then write "
                    "table.csv/.md (mean and 95 % CI of every outcome, and the paired "
                    "difference to the first scenario with its CI), terms.csv (each school "
                    "term of each run), figures/ and report.html "
                    "(one self-contained page) into --out, and print the key outcomes.")
    c.add_argument("scenarios", nargs="+", help="scenario names or paths; the first is the "
                                                "reference")
    c.add_argument("--replicates", type=_positive("--replicates", 2, 10_000), default=None,
                   help="runs per scenario (default 5)")
    c.add_argument("--seeds", type=_positive("--seeds", 2, 10_000), default=None,
                   help=argparse.SUPPRESS)  # the old name of --replicates
    c.add_argument("--years", type=_positive("--years", 1, 50), default=None,
                   help="school years per run (default: the longest 'years' the scenarios "
                        "ask for, else 3)")
    c.add_argument("--seed", type=_positive("--seed", 0, 2**63 - 1), default=0,
                   help="sweep seed; run seeds derive from it (default 0)")
    c.add_argument("--set", action="append", metavar="NAME=VALUE",
                   help="override a parameter in every scenario")
    c.add_argument("--outcomes", help="comma-separated outcome names to print (the files "
                                      "have every outcome)")
    c.add_argument("--out", type=_folder, help="output folder (default "
                                               "results/compare-<scenarios>)")
    c.add_argument("--workers", type=_positive("--workers", 1, 512), default=None,
                   help="processes (default: all cores; 1 runs in this process)")
    c.add_argument("--resume", action="store_true",
                   help="continue an interrupted comparison in --out (or rewrite its report)")
    c.add_argument("--quiet", action="store_true", help="no progress bars")
    c.set_defaults(func=cmd_compare)
    return c


def add_validate_parser(sub) -> argparse.ArgumentParser:
    v = sub.add_parser("validate", help="check the qualitative patterns (docs/ODD.md 1.2) over "
                                        "many seeds",
                       description="Run the pattern contrasts (paired by seed) and print each "
                                   "effect with a 95 % CI and a one-sided p-value.")
    v.add_argument("--patterns", help="comma-separated, e.g. P1,P4 (default: all)")
    v.add_argument("--seeds", type=_positive("--seeds", 2, 10_000), default=20)
    v.add_argument("--workers", type=_positive("--workers", 1, 512), default=None,
                   help="processes (default: all cores)")
    v.set_defaults(func=cmd_validate)
    return v


def add_params_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser("params", help="list every parameter with unit, range and source")
    p.add_argument("--group", help="only one group: " + ", ".join(GROUPS))
    p.add_argument("--markdown", action="store_true", help="print the ODD parameter table")
    p.set_defaults(func=cmd_params)
    return p


def add_scenarios_parser(sub) -> argparse.ArgumentParser:
    s = sub.add_parser("scenarios", help="list the scenario files")
    s.add_argument("-v", "--verbose", action="store_true", help="show each scenario's values")
    s.set_defaults(func=cmd_scenarios)
    return s


#: commands from the other layers and the app: (module, parser adder, command, handler or
#: None when the adder sets it); a command whose module cannot be imported is left out
_MORE_COMMANDS = (
    (".experiments.cli", "add_sweep_parser", "sweep", "sweep_command"),
    (".analysis.sensitivity.cli", "add_sensitivity_parser", "sensitivity", None),
    (".analysis.costs_cli", "add_costs_parser", "costs", "cmd_costs"),
    (".app", "add_app_parser", "app", None),
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m sim",
        description="Simulate cooperation between schools and social services around pupils "
                    "with problematic school absence.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    add_run_parser(sub)
    add_compare_parser(sub)
    add_validate_parser(sub)
    add_params_parser(sub)
    add_scenarios_parser(sub)
    for module, adder, command, func in _MORE_COMMANDS:
        try:
            mod = importlib.import_module(module, __package__)
        except ImportError:  # pragma: no cover - a layer or extra that is not installed
            continue
        getattr(mod, adder)(sub)
        if func is not None:
            sub.choices[command].set_defaults(
                func=globals()[func] if func.startswith("cmd_") else getattr(mod, func))
    return parser


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (ParameterError, UsageError) as exc:
        print(f"error: {tidy(str(exc))}", file=sys.stderr)
        return USAGE_ERROR
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        from .experiments.files import disk_full

        if not disk_full(exc):
            raise
        print(f"error: the disk is full ({exc}); nothing that was there before was replaced "
              "and no half-written result was left. Free some space and run again.",
              file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

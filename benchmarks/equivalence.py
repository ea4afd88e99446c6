"""Statistical equivalence of the model before and after a change that alters random draws.

    python benchmarks/equivalence.py                         # this checkout against main
    python benchmarks/equivalence.py --before REF --seeds 20 --years 3
    python benchmarks/equivalence.py --before-source /path/to/checkout

Runs the default scenario for ``--seeds`` seeds with the model of this checkout and with the
model of ``--before`` (a git ref, extracted with ``git archive`` into a temporary folder) or
``--before-source`` (a folder holding a ``sim`` package), each in its own process, and
compares every numeric summary outcome: the means before and after, and the 95 % confidence
interval of the difference of means (Welch). An outcome agrees when that interval contains
0. With many outcomes about 1 in 20 disagrees by chance alone even when nothing changed;
the script prints how many are expected and how many do, and the outcomes that disagree.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_CHILD = """
import json, sys
from sim.model import SchoolCooperationModel, summarise
seeds, years, overrides = int(sys.argv[1]), int(sys.argv[2]), json.loads(sys.argv[3])
out = []
for seed in range(seeds):
    m = SchoolCooperationModel(seed=seed, **overrides)
    m.run_years(years)
    out.append({k: v for k, v in summarise(m).items() if isinstance(v, (int, float))})
print(json.dumps(out))
"""


def _start(source: str | None, seeds: int, years: int, overrides: dict) -> subprocess.Popen:
    env = dict(os.environ)
    if source:
        env["PYTHONPATH"] = source + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(seeds), str(years), json.dumps(overrides)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tempfile.gettempdir() if source else str(ROOT),
    )


def _collect(proc: subprocess.Popen, label: str) -> list[dict]:
    out, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"the {label} runs failed:\n{err}")
    return json.loads(out.strip().splitlines()[-1])


def compare(before: list[dict], after: list[dict]) -> list[dict]:
    """Per outcome: means, the difference and its 95 % Welch interval, and whether it holds 0."""
    from scipy import stats

    rows = []
    for name in before[0]:
        a = [r[name] for r in before if math.isfinite(r.get(name, math.nan))]
        b = [r[name] for r in after if math.isfinite(r.get(name, math.nan))]
        if len(a) < 2 or len(b) < 2:
            continue
        ma, mb = sum(a) / len(a), sum(b) / len(b)
        va = sum((x - ma) ** 2 for x in a) / (len(a) - 1)
        vb = sum((x - mb) ** 2 for x in b) / (len(b) - 1)
        se = math.sqrt(va / len(a) + vb / len(b))
        if se == 0:
            half, agrees = 0.0, ma == mb
        else:
            df = (va / len(a) + vb / len(b)) ** 2 / (
                (va / len(a)) ** 2 / (len(a) - 1) + (vb / len(b)) ** 2 / (len(b) - 1)
            )
            half = float(stats.t.ppf(0.975, df)) * se
            agrees = abs(mb - ma) <= half
        rows.append(
            {
                "outcome": name,
                "before": ma,
                "after": mb,
                "difference": mb - ma,
                "ci95_half_width": half,
                "relative_difference": (mb - ma) / abs(ma) if ma else None,
                "agrees": bool(agrees),
            }
        )
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", default="main", help="git ref of the version before")
    parser.add_argument("--before-source", help="a folder with the sim package before")
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=JSON",
                        help="a parameter for both sides (repeatable)")
    parser.add_argument("--json", help="also write the table to this file")
    args = parser.parse_args(argv)
    overrides = {}
    for item in args.set:
        name, _, value = item.partition("=")
        if not name or not value:
            parser.error(f"--set {item!r}: expected NAME=VALUE")
        try:
            overrides[name] = json.loads(value)
        except json.JSONDecodeError:
            overrides[name] = value
    with tempfile.TemporaryDirectory() as tmp:
        source = args.before_source
        if source is None:
            archive = subprocess.run(
                ["git", "-C", str(ROOT), "archive", args.before, "sim"], capture_output=True
            )
            if archive.returncode != 0:
                print(f"git archive {args.before}: {archive.stderr.decode().strip()}",
                      file=sys.stderr)
                return 2
            subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
            source = tmp
        procs = [_start(os.path.abspath(source), args.seeds, args.years, overrides),
                 _start(None, args.seeds, args.years, overrides)]
        before, after = _collect(procs[0], "before"), _collect(procs[1], "after")
    rows = compare(before, after)
    bad = [r for r in rows if not r["agrees"]]
    print(f"{args.seeds} seeds x {args.years} years, {len(rows)} outcomes; "
          f"before: {args.before_source or args.before}, after: this checkout")
    print(f"{'outcome':42s} {'before':>14s} {'after':>14s} {'diff':>12s} {'±95% CI':>12s}")
    for r in rows:
        flag = "" if r["agrees"] else "  <- outside"
        print(f"{r['outcome']:42s} {r['before']:14.5g} {r['after']:14.5g} "
              f"{r['difference']:12.4g} {r['ci95_half_width']:12.4g}{flag}")
    print(f"{len(rows) - len(bad)} of {len(rows)} outcomes agree within the 95 % CI of the "
          f"difference; {len(bad)} do not (about {0.05 * len(rows):.1f} expected by chance)")
    if args.json:
        Path(args.json).write_text(json.dumps({"seeds": args.seeds, "years": args.years,
                                               "outcomes": rows}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

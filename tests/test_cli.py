import json
import subprocess
import sys

import pandas as pd
import pytest

from sim.cli import main

SMALL = ["--set", "n_pupils=300", "--set", "n_schools=2", "--years", "1"]


def test_run_writes_all_files_and_says_where(tmp_path, capsys):
    out = tmp_path / "r"
    assert main(["run", *SMALL, "--out", str(out)]) == 0
    files = {p.name for p in out.iterdir()}
    assert {"summary.json", "run.json", "timeseries.parquet", "timeseries.csv", "figure.png",
            "network.graphml"} <= files
    summary = json.loads((out / "summary.json").read_text())
    assert {"mean_absence", "share_over_10", "reports_of_concern",
            "mean_trust_cross"} <= set(summary)
    meta = json.loads((out / "run.json").read_text())
    assert meta["parameters"]["n_pupils"]["value"] == 300
    assert meta["parameters"]["baseline_absence"]["source"].startswith("external")
    ts = pd.read_parquet(out / "timeseries.parquet")
    assert len(ts) == 36 and "trust_school_side" in ts
    assert str(out) in capsys.readouterr().out
    assert (out / "figure.png").read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize("args,fragment", [
    (["run", "--set", "n_coordinator=1"], "did you mean 'n_coordinators'"),
    (["run", "--set", "baseline_absence=2"], "baseline_absence = 2"),
    (["run", "--set", "colocation=maybe"], "true or false"),
    (["run", "--set", "n_pupils"], "expected name=value"),
    (["run", "nosuchscenario"], "unknown scenario"),
    (["run", "--set", "working_group_interval_weeks=2", "--set", "n_coordinators=0"],
     "needs a coordinator"),
    (["params", "--group", "nope"], "allowed groups"),
])
def test_bad_input_exits_2_with_message_and_writes_nothing(tmp_path, capsys, args, fragment):
    out = tmp_path / "out"
    code = main([*args, "--out", str(out)] if args[0] == "run" else args)
    assert code == 2
    assert fragment in capsys.readouterr().err
    assert not out.exists()


def test_bad_scenario_file_names_file_and_key(tmp_path, capsys):
    f = tmp_path / "mine.toml"
    f.write_text("[parameters]\nfeedback_probabilty = 0.5\n")
    assert main(["run", str(f), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "mine.toml" in err and "feedback_probabilty" in err and "feedback_probability" in err


def test_argparse_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["run", "--years", "0"])
    assert exc.value.code == 2


def test_help_works():
    for args in (["--help"], ["run", "--help"]):
        r = subprocess.run([sys.executable, "-m", "sim", *args], capture_output=True, text=True,
                           check=False)
        assert r.returncode == 0 and "usage" in r.stdout.lower()


def test_existing_output_survives_a_failed_run(tmp_path, monkeypatch):
    out = tmp_path / "r"
    assert main(["run", *SMALL, "--out", str(out), "--no-figure"]) == 0
    before = (out / "summary.json").read_text()

    import sim.output

    def broken(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(sim.output, "run_metadata", broken)
    with pytest.raises(RuntimeError):
        main(["run", *SMALL, "--seed", "3", "--out", str(out), "--no-figure"])
    assert (out / "summary.json").read_text() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".r.")]


def test_params_and_scenarios_listings(capsys):
    assert main(["params"]) == 0
    assert "ladder_thresholds" in capsys.readouterr().out
    assert main(["scenarios"]) == 0
    assert "aalborg" in capsys.readouterr().out


def test_validate_prints_effects_with_ci(capsys):
    assert main(["validate", "--patterns", "P8", "--seeds", "3", "--workers", "1"]) == 0
    out = capsys.readouterr().out
    assert "P8" in out and "95% CI" in out and "median_referral_weeks" in out
    assert main(["validate", "--patterns", "P77"]) == 2


def test_compare_prints_means_with_ci(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # compare writes results/compare-.../
    assert main(["compare", "orust", "colocated", "--seeds", "2", "--years", "1",
                 "--set", "n_pupils=300", "--set", "n_schools=2", "--workers", "1", "--quiet",
                 "--outcomes", "median_referral_weeks,mean_trust_cross"]) == 0
    out = capsys.readouterr().out
    assert "| `mean_trust_cross` |" in out and "Δ colocated − orust" in out
    assert (tmp_path / "results" / "compare-orust-vs-colocated" / "report.html").is_file()
    assert main(["compare", "orust", "--outcomes", "nonsense"]) == 2

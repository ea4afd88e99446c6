"""The Dask executor gives the same results as the serial one (LocalCluster on this machine).

Only the LocalCluster path and a scheduler on localhost are tested here; see docs/cluster.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

distributed = pytest.importorskip("distributed")

from sim.experiments import load_manifest, load_results, run_sweep  # noqa: E402
from sim.experiments.cli import main  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent / "sweep_fixtures"))
import sweep_toy_runner as toy  # noqa: E402

pytestmark = pytest.mark.slow
#: a spec file's runner key is never imported: the command line names the runner explicitly
TOY = ["--runner", "sweep_toy_runner:run"]


def same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a.drop(columns="elapsed_s"), b.drop(columns="elapsed_s"))


def test_dask_local_cluster_matches_serial_on_the_model(tmp_path):
    params = {"n_pupils": 200, "n_coordinators": [1, 2], "feedback_probability": [0.2, 0.6]}
    serial = run_sweep(params, iterations=2, years=1, seed=5, executor="serial", progress=False)
    dask = run_sweep(params, iterations=2, years=1, seed=5, dask_local=2, out=tmp_path / "d",
                     progress=False)
    same(serial, dask)
    session = load_manifest(tmp_path / "d")["sessions"][0]
    assert session["executor"] == "dask" and session["workers"] == 2
    assert session["scheduler"] == "LocalCluster"


def test_cli_on_a_running_scheduler_matches_serial(tmp_path, capsys, monkeypatch):
    import cloudpickle

    # the workers cannot import the test fixtures: send the toy runner's code along
    cloudpickle.register_pickle_by_value(toy)
    monkeypatch.chdir(tmp_path)
    spec = tmp_path / "d.toml"
    spec.write_text("""
[sweep]
runner = "sweep_toy_runner:run"
replicates = 3
years = 1
seed = 17
[grid]
n_coordinators = [1, 2]
class_size = [25, 13, 20]
""")
    try:
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                      dashboard_address=None, host="127.0.0.1") as cluster:
            code = main([str(spec), "--scheduler", cluster.scheduler_address, "--out", "dask",
                         *TOY])
    finally:
        cloudpickle.unregister_pickle_by_value(toy)
    err = capsys.readouterr().err
    assert code == 1, err  # class_size 13 fails on purpose; the sweep carried on
    assert "12/18 runs ok, 6 failed" in err
    assert main([str(spec), "--workers", "1", "--out", "serial", *TOY]) == 1
    capsys.readouterr()
    dask, serial = load_results(tmp_path / "dask"), load_results(tmp_path / "serial")
    same(dask, serial)
    failed = dask[dask["status"] == "failed"]
    assert (failed["class_size"] == 13).all() and failed["error"].str.contains("toy failure").all()


def test_unreachable_scheduler_is_a_usage_error_and_writes_nothing(tmp_path, capsys,
                                                                   monkeypatch):
    monkeypatch.chdir(tmp_path)
    spec = tmp_path / "d.toml"
    spec.write_text('[sweep]\nrunner = "sweep_toy_runner:run"\n[grid]\nclass_size = [20, 25]\n')
    from sim.experiments import executors

    monkeypatch.setattr(executors.DaskExecutor, "CONNECT_TIMEOUT", 2.0)
    assert main([str(spec), "--scheduler", "tcp://127.0.0.1:9", *TOY]) == 2
    assert "cannot reach the Dask scheduler 'tcp://127.0.0.1:9'" in capsys.readouterr().err
    assert not (tmp_path / "results").exists()



def _http_ports(scheduler) -> set[int]:
    return {sock.getsockname()[1] for sock in scheduler.http_server._sockets.values()}


def test_local_cluster_speaks_tls_on_localhost_and_opens_no_dashboard():
    from sim.experiments.executors import DaskExecutor

    ex = DaskExecutor(local_workers=1).start()
    try:
        address = ex.client.scheduler.address
        assert address.startswith("tls://127.0.0.1:"), address
        scheduler = ex.cluster.scheduler
        assert 8787 not in _http_ports(scheduler)
        assert ex.dashboard_link is None
        assert all(sock.getsockname()[0] == "127.0.0.1"
                   for sock in scheduler.http_server._sockets.values())
        # without the cluster's client certificate, a TLS handshake is refused
        import socket
        import ssl

        host, port = address.removeprefix("tls://").rsplit(":", 1)
        ctx = ssl.create_default_context()
        ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
        with socket.create_connection((host, int(port)), timeout=10) as raw, \
                pytest.raises((ssl.SSLError, ConnectionError)):
            with ctx.wrap_socket(raw) as tls:
                tls.sendall(b"hello")
                if not tls.recv(1):  # closed without an alert: refused all the same
                    raise ConnectionError("closed")
        # with it (the cluster's own client context), the same handshake succeeds
        good = ex.cluster.security.get_connection_args("client")["ssl_context"]
        with socket.create_connection((host, int(port)), timeout=10) as raw, \
                good.wrap_socket(raw, server_hostname=None) as tls:
            assert tls.version() is not None
        batches = list(ex.imap_unordered(abs, [-3, -4]))
        assert sorted(c.value for b in batches for c in b) == [3, 4]
    finally:
        ex.close()


def test_a_scheduler_address_is_checked_naming_the_option(tmp_path, capsys):
    spec = tmp_path / "d.toml"
    spec.write_text("[grid]\nclass_size = [20, 25]\n")
    for bad in ("notanaddress", "tcp://host", "http://h:1", "tcp://h:99999"):
        with pytest.raises(SystemExit) as exc:
            main([str(spec), "--scheduler", bad])
        assert exc.value.code == 2
        err = capsys.readouterr().err
        assert "argument --scheduler" in err and "tls://10.0.0.5:8786" in err
    assert not (tmp_path / "results").exists()

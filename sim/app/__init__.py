"""The interactive app: ``python -m sim app [--host 127.0.0.1] [--port 8765]``.

A browser page (Solara, with Mesa's model controls) where a teacher, a student or a
planner picks a scenario, moves the levers (coordinators, working group, feedback, forum,
consent routine, turnover, consultants, school social workers, ladder thresholds), plays
or steps the municipality week by week and watches the children's absence, the ladder,
trust and familiarity between the sectors, the network and one pupil's path.

This module imports nothing heavy: the ``app`` extra (``pip install -e ".[app]"``) is
needed only to serve the page (:mod:`sim.app.page`).
"""

from __future__ import annotations

import argparse
import importlib.util

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
MISSING = ("the app needs the 'app' extra: pip install -e \".[app]\" "
           "(Solara, Mesa's visualisation and pinned ipyvue/ipyvuetify)")


class AppUnavailable(RuntimeError):
    pass


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--port must be a whole number, got {text!r}") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"--port must be in [1, 65535], got {value}")
    return value


def add_app_parser(sub) -> argparse.ArgumentParser:
    a = sub.add_parser(
        "app", help="open the interactive app in a browser",
        description="Serve the interactive app: pick a scenario, move the levers, play or "
                    "step the model week by week and follow one pupil. Open the printed "
                    "address in a browser; stop with Ctrl-C. Needs the 'app' extra "
                    "(pip install -e \".[app]\").")
    a.add_argument("--host", default=DEFAULT_HOST,
                   help=f"address to listen on (default {DEFAULT_HOST}: this computer only; "
                        "0.0.0.0 makes the app reachable from other machines on your network)")
    a.add_argument("--port", type=_port, default=DEFAULT_PORT,
                   help=f"port to listen on (default {DEFAULT_PORT})")
    a.set_defaults(func=app_command)
    return a


def serve(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> int:
    """Serve the app until interrupted (blocks)."""
    for module in ("solara", "mesa.visualization"):
        try:
            found = importlib.util.find_spec(module) is not None
        except ImportError:
            found = False
        if not found:
            raise AppUnavailable(MISSING)
    import os

    # A local teaching app: no usage statistics sent anywhere (Solara's default sends them).
    os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "false")
    from solara.__main__ import run

    print(f"Serving the app on http://{host}:{port}/ (Ctrl-C stops it)", flush=True)
    run.main(["sim.app.page", "--host", host, "--port", str(port), "--production",
              "--no-open", "--log-level", "warning"], standalone_mode=False)
    return 0


def app_command(args) -> int:
    import sys

    try:
        return serve(args.host, args.port)
    except AppUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

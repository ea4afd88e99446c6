"""``python -m sim.experiments SPEC.toml [options]``: the same as ``python -m sim sweep``."""

from .cli import main

raise SystemExit(main())

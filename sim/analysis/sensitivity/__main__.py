"""``python -m sim.analysis.sensitivity SPEC.toml`` is ``python -m sim sensitivity SPEC.toml``."""

import sys

from .cli import main

sys.exit(main())

"""What the fuzz tests share: how many cases to run, and a child process's resources.

``make test`` runs each fuzz test on a small seeded subset; ``make fuzz`` sets
``BACKPROP_FUZZ=1`` and runs the full counts (and only then asserts times, which a shared CI
machine can't promise).
"""

from __future__ import annotations

import os

FULL = os.environ.get("BACKPROP_FUZZ") == "1"


def count(full: int, quick: int) -> int:
    """``full`` cases under ``make fuzz``, ``quick`` under ``make test``."""
    return full if FULL else quick

"""Shared test set-up: colour on, deterministic environment, tests/ importable for helpers."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.pop("NO_COLOR", None)  # snapshots are taken in colour
sys.path.insert(0, str(Path(__file__).parent))

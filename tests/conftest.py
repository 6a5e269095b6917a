"""Shared test set-up: colour on, deterministic environment, tests/ importable for helpers."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.pop("NO_COLOR", None)  # snapshots are taken in colour
# the user's own settings and lesson folders never reach a test: a config file that isn't there
os.environ["BACKPROP_TUI_CONFIG"] = str(Path(tempfile.gettempdir()) / "backprop-tui-tests-none"
                                        / f"{os.getpid()}" / "config.toml")
os.environ.pop("BACKPROP_TUI_LESSONS", None)
sys.path.insert(0, str(Path(__file__).parent))

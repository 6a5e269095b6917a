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
# `s` saves an SVG of the screen in the current folder: never into the checkout from a test
os.environ["BACKPROP_TUI_SCREENSHOT_DIR"] = tempfile.mkdtemp(prefix="backprop-tui-tests-svg-")
sys.path.insert(0, str(Path(__file__).parent))

import pytest  # noqa: E402
import settled  # noqa: E402

# Pilot's key presses and pauses return once the app has settled (tests/settled.py), not when
# Textual's CPU-idle guess says so (>= 40 ms a key, 20 ms a pause, and flaky on a busy machine).
settled.install()

# ``make test`` runs everything not marked ``slow`` (a quick check while you work); ``make test-all``
# (what CI runs) runs all of it. Slow: whole modules that start real processes (servers, the
# command line in a subprocess), browsers or ptys, or fuzz; and, inside test_no_leak.py,
# test_lesson_app.py and test_lesson_layout.py, all but a few lessons.
SLOW_MODULES = ("test_browser.py", "test_robust_tty.py", "test_formula_fuzz.py",
                "test_serve.py", "test_serve_fork.py", "test_serve_students.py",
                "test_robust_cli.py")
SLOW_TESTS = ("test_module_runs_as_script_from_any_folder",
              # walks of every lesson (each ~30-50 s): make test keeps one case of each
              "test_every_exercise_opens_on_what_it_asks_about",
              "test_the_chain_panel_does_not_write_the_factor_order_an_order_exercise_asks_for")
KEEP_FAST = ("test_the_chain_panel_does_not_write_the_factor_order_an_order_exercise_asks_for"
             "[120x40-solve-output-weight-order-factors]",)


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        path = Path(str(item.fspath))
        if (path.name in SLOW_MODULES or path.parent.name == "fuzz"
                or item.originalname in SLOW_TESTS) and item.name not in KEEP_FAST:
            item.add_marker(pytest.mark.slow)

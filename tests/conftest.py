"""Shared test set-up: colour on, deterministic environment, tests/ importable for helpers."""

from __future__ import annotations

import gc
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

# ``make test`` runs everything not marked ``slow`` (a quick check while you work); ``make test-all``
# (what CI runs) runs all of it. Slow: whole modules that start real processes (servers, the
# command line in a subprocess), browsers or ptys, or fuzz; and, inside test_no_leak.py,
# test_lesson_app.py and test_lesson_layout.py, all but a few lessons.
SLOW_MODULES = ("test_browser.py", "test_robust_tty.py", "test_formula_fuzz.py",
                "test_serve.py", "test_serve_fork.py", "test_serve_students.py",
                "test_robust_cli.py")
SLOW_TESTS = ("test_module_runs_as_script_from_any_folder",
              # walks of every lesson (each 3-11 s on 2 workers): make test keeps one case of each
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


def pytest_configure(config) -> None:
    """Set up each process that runs tests (not pytest-xdist's controller, which only hands
    them out): how Pilot waits, shared CSS, and the garbage collector."""
    if "PYTEST_XDIST_WORKER" not in os.environ and getattr(config.option, "numprocesses", None):
        return
    import settled
    import textual_caches

    # Pilot's key presses and pauses return once the app has settled (tests/settled.py), not
    # when Textual's CPU-idle guess says so (>= 40 ms a key, 20 ms a pause, flaky when busy).
    settled.install()
    textual_caches.install()  # every app parsed the same CSS again
    # The garbage collector took a third of the tests' CPU: each app test builds some 100,000
    # objects that live as long as its app, and with the default thresholds (700, 10, 10) they
    # were walked in pass after pass until they reached the oldest generation, whose full passes
    # then walked a heap Textual kept growing (see _EachTest). Here the young generation is large
    # enough to hold most of a test, the garbage of a test is collected when it ends (before it
    # can age), and what imports and collection built is frozen out of every pass.
    gc.set_threshold(200_000, 10, 10)
    config.pluginmanager.register(_EachTest(textual_caches.forget), "backprop-tui-each-test")


class _EachTest:
    """The hooks a test-running process adds: freeze what collection built, and tidy after
    each test."""

    def __init__(self, forget) -> None:
        self.forget = forget

    def pytest_collection_finish(self, session) -> None:
        gc.collect()
        gc.freeze()

    @pytest.hookimpl(trylast=True)  # after the test's fixtures are torn down
    def pytest_runtest_teardown(self, item, nextitem) -> None:
        """Forget what a test's app left in process-wide caches (Textual's, textual_caches.py,
        and ours of chain expansions) so the next test starts from the same heap, and collect
        the test's garbage while it is still young."""
        from backprop_tui.tui import state

        self.forget()
        state._expansion.cache_clear()
        gc.collect(1)

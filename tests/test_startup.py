"""The console script holds Python's garbage collector while the app starts, and every way out
of it turns the collector back on (backprop_tui.tui.startup)."""

from __future__ import annotations

import gc

import pytest

from backprop_tui import __main__ as entry
from backprop_tui.tui import cli, cli_lessons, startup
from backprop_tui.tui.app import BackpropApp


@pytest.fixture(autouse=True)
def _collector_restored():
    yield
    gc.enable()  # (what a release froze stays frozen: conftest.py freezes the same way)
    startup._held = False


async def test_the_tutor_releases_the_collector_after_its_first_frame():
    startup.hold_gc()
    assert not gc.isenabled()
    app = BackpropApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0  # what survived the start is frozen


def test_help_version_and_errors_turn_it_back_on(capsys):
    for argv in (["--version"], ["--help"], ["--net", "4-x-1"]):
        assert entry.main(argv) in (0, 2)
        assert gc.isenabled(), argv
    assert "backprop-tui" in capsys.readouterr().out


def test_a_subcommand_runs_with_the_collector_on(monkeypatch):
    seen: list[bool] = []

    def build():
        import argparse

        return argparse.ArgumentParser()

    def run(args, parser) -> int:
        seen.append(gc.isenabled())
        return 0

    monkeypatch.setitem(cli_lessons.COMMANDS, "lessons", (build, run))
    assert entry.main(["lessons"]) == 0
    assert seen == [True]


def test_code_that_never_held_it_is_untouched(monkeypatch):
    # Watch the calls, not gc.get_freeze_count(): a frozen object freed by another thread
    # lowers that count at any moment (a loaded CI host saw 245368 become 245366).
    calls: list[str] = []
    monkeypatch.setattr(startup.gc, "collect", lambda *a: calls.append("collect") or 0)
    monkeypatch.setattr(startup.gc, "freeze", lambda: calls.append("freeze"))
    startup.release_gc()
    assert gc.isenabled() and calls == []
    assert cli.main(["--version"]) == 0 and gc.isenabled() and calls == []


def test_the_console_script_starts_where_python_m_does():
    import tomllib
    from pathlib import Path

    root = Path(startup.__file__).resolve().parents[1]
    scripts = tomllib.loads((root / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["backprop-tui"] == "backprop_tui.__main__:main"

"""tests/settled.py: a Pilot key press returns only once the app has finished reacting to it
(callbacks after refresh, layout, a timer due within a frame, a thread worker and the message it
sends back), and a busy app ends the wait with a warning instead of hanging the test."""

from __future__ import annotations

import re
import threading
import time

import pytest
import settled
from textual.app import App, ComposeResult
from textual.widgets import Static


class Reacting(App):
    """On each key, a chain of the reactions the wait must see through to the end."""

    def __init__(self, reaction: str) -> None:
        super().__init__()
        self.reaction = reaction
        self.done: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("start", id="start")

    def on_key(self) -> None:
        if self.reaction == "after-refresh":
            self.call_after_refresh(lambda: self.call_after_refresh(self.done.append, "twice"))
        elif self.reaction == "mount":
            self.mount(Static("a new line\nand another", id="new"))
        elif self.reaction == "timer":
            self.set_timer(0.005, lambda: self.done.append("timer"))
        elif self.reaction == "thread":
            self.run_worker(self._slow, thread=True)

    def _slow(self) -> str:
        time.sleep(0.2)  # longer than Textual's idle guess waits: this wait must see it through
        return "thread"

    def on_worker_state_changed(self, event) -> None:
        if event.worker.is_finished:
            self.done.append(event.worker.result)


def test_the_wait_is_installed_where_textual_calls_it():
    import textual.app
    import textual.pilot

    assert textual.app.wait_for_idle is settled.wait_for_idle
    assert textual.pilot.wait_for_idle is settled.wait_for_idle


@pytest.mark.parametrize(("reaction", "expected"), [("after-refresh", ["twice"]),
                                                    ("timer", ["timer"]),
                                                    ("thread", ["thread"])])
async def test_a_key_press_returns_once_its_reaction_is_done(reaction, expected):
    app = Reacting(reaction)
    async with app.run_test() as pilot:
        await pilot.press("x")
        assert app.done == expected


async def test_a_widget_mounted_by_a_key_is_laid_out_when_the_press_returns():
    app = Reacting("mount")
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.press("x")
        new = app.query_one("#new", Static)
        assert new.size.width == 40 and new.size.height == 2
        assert new.region.y == 1  # below the first line, on screen


class Busy(App):
    """A timer that is always due within the next frame: the app never settles."""

    def on_mount(self) -> None:
        self.set_interval(0.002, self.refresh)


async def test_a_busy_app_ends_the_wait_with_a_warning_naming_what_was_busy():
    # Each tick of the interval is first "a timer is due", then ready callbacks and a repaint:
    # which of them the deadline falls on depends on the machine's speed, so the warning names
    # every reason met and the test asks only that the timer is among them.
    app = Busy()
    async with app.run_test() as pilot:
        await pilot.pause(0)
        with pytest.warns(settled.NotSettled, match="not settled after 0.2 s: .*a timer is due"):
            assert await settled.wait_until_settled(app, max_wait=0.2) is False


class Blocked(App):
    """A thread worker that runs until the test lets it go: busy for one reason only."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def on_mount(self) -> None:
        self.run_worker(self.release.wait, thread=True)


async def test_the_warning_ends_with_the_reason_the_app_was_still_busy():
    app = Blocked()
    async with app.run_test():
        try:
            with pytest.warns(settled.NotSettled) as caught:
                assert await settled.wait_until_settled(app, max_wait=0.1) is False
        finally:
            app.release.set()
        message = str(caught[0].message)
        assert re.search(r"not settled after 0\.1 s: 1 worker\(s\) running( \(busy before that: .*\))?$",
                         message), message


async def test_a_quiet_app_settles():
    app = Reacting("none")
    async with app.run_test():
        assert await settled.wait_until_settled(app) is True

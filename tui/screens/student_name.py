"""The first screen a student sees through ``backprop-tui serve``: who are you?

The name becomes a folder under the server's state directory, so only what is safe as a folder
name anywhere is accepted: ASCII letters, digits and dashes, 1 to 32 of them. Names are folded
to lower case ("Ada" and "ada" are one student: a returning student needn't remember the case).
Spaces around the name are dropped; anything else is refused with a message saying what would
be accepted, never cleaned up silently into a different name.
"""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from backprop_tui.tui.widgets.title_bar import TitleBar

MAX_LENGTH = 32
NAME_PATTERN = re.compile(rf"[A-Za-z0-9-]{{1,{MAX_LENGTH}}}", re.ASCII)
ACCEPTED = f"letters, digits and dashes (-), 1 to {MAX_LENGTH} of them"
# Names Windows keeps for devices: a folder can't be called that there.
RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"{p}{i}" for p in ("com", "lpt") for i in range(10))})


def name_problem(name: str) -> str | None:
    """Why ``name`` can't be a student's name, or None when it can."""
    if not name:
        return f"Type your name first: {ACCEPTED}."
    if len(name) > MAX_LENGTH:
        return f"That name has {len(name)} characters; at most {MAX_LENGTH}, please."
    if not NAME_PATTERN.fullmatch(name):
        bad = next(c for c in name if not NAME_PATTERN.fullmatch(c))
        shown = ("a space" if bad == " " else repr(bad) if bad.isprintable() and not bad.isspace()
                 else f"U+{ord(bad):04X}")
        return f"A name may hold only {ACCEPTED}; {shown} is not one of them."
    if name.lower() in RESERVED:
        return f"“{name}” can't be a folder name on every computer; please add to it."
    return None


def folder_name(name: str) -> str:
    """The folder of a valid name (its lower case); ValueError for an invalid one."""
    problem = name_problem(name)
    if problem:
        raise ValueError(problem)
    return name.lower()


class StudentName(Screen[str]):
    """Asks for the student's name; dismisses with its folder name once it is valid."""

    AUTO_FOCUS = "#student-name"
    DEFAULT_CSS = """
    StudentName {
        align: center middle;
        & > Vertical { width: 64; height: auto; border: round $primary; padding: 1 2; }
        & #student-intro { margin-bottom: 1; }
        & #student-problem { color: $error; height: auto; margin-top: 1; }
    }
    """

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical():
            yield Static("Welcome. What is your name?\n\nYour progress is kept under it: type the "
                         "same name next time to carry on where you stopped.\n"
                         f"Use {ACCEPTED}, then press Enter.", id="student-intro")
            yield Input(placeholder="e.g. ada-lovelace", id="student-name",
                        max_length=MAX_LENGTH * 2)
            yield Static("", id="student-problem")

    def on_mount(self) -> None:
        self.sub_title = "your name"
        self.query_one(Vertical).border_title = "Student"

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = event.value.strip()
        problem = name_problem(name)
        if problem:
            self.query_one("#student-problem", Static).update(problem)
            return
        self.dismiss(folder_name(name))

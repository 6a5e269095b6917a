"""The exam screen: one unseen network, every step of one training step by hand, in order.

Each answer is taken once and marked given the learner's earlier answers (error carried forward:
one slip costs one step). At the end the screen shows a score per step and overall, saved with
the seed and the date; r retakes with a new seed. No step's value is ever shown: only the
learner's own answers and their marks.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, Static

from backprop_tui.core.course.practice.session import ExamSession, next_exam_seed
from backprop_tui.core.course.progress import ProgressStore
from backprop_tui.tui.screens.help_screen import HelpScreen
from backprop_tui.tui.screens.practice_screen import (
    BREAKPOINTS,
    ProblemKeys,
    feedback_kind,
    leave,
    panels,
)
from backprop_tui.tui.widgets.given_panel import GivenPanel
from backprop_tui.tui.widgets.problem_network import ProblemNetwork
from backprop_tui.tui.widgets.steps_panel import StepsPanel, exam_rows
from backprop_tui.tui.widgets.title_bar import TitleBar

INTRO = ("One training step by hand, in order: the forward pass, the cost, every δ from the "
         "output back, then one layer's gradients. Each answer is taken once and marked given your "
         "own earlier answers.")


class ExamScreen(ProblemKeys, Screen[None]):
    """The exam of ``seed``; see the module's docstring."""

    CSS_PATH = "practice.tcss"  # read when the first practice or exam screen opens
    AUTO_FOCUS = None  # refresh_view focuses the answer field while a step is open
    HORIZONTAL_BREAKPOINTS = BREAKPOINTS
    BINDINGS = [
        Binding("ctrl+r", "retake", "Retake, new seed", priority=True),
        Binding("r", "retake", "Retake, new seed", show=False),
        Binding("escape", "back", "Back"),
        Binding("pagedown", "scroll_given(1)", "Scroll given", priority=True),
        Binding("pageup", "scroll_given(-1)", "Scroll the given values", show=False, priority=True),
        Binding("ctrl+down", "scroll_steps(1)", "Scroll steps", show=False, priority=True),
        Binding("ctrl+up", "scroll_steps(-1)", "Scroll the steps back", show=False, priority=True),
        Binding("f1", "help", "Keys", priority=True),
        Binding("question_mark", "help", "Keys", show=False),  # the answer field's ? too: ProblemKeys
    ]
    TITLES = {"retake": "A new exam on a new network (once this one is done)",
              "back": "Back (an unfinished exam is saved as it stands)", "help": "This list",
              "scroll_given(1)": "Scroll the given values down (when the last row says there are more)",
              "scroll_given(-1)": "Scroll the given values back up"}

    def __init__(self, store: ProgressStore, seed: int, notation: str = "deeplizard") -> None:
        super().__init__()
        self.store, self.notation = store, notation
        self.session = ExamSession(seed, notation)
        self.feedback: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield from panels("your answer; Enter takes it (once)")

    def on_mount(self) -> None:
        self.query_one(Input).cursor_blink = False  # as the lesson panel's: steady, and snapshots too
        self.show_exam()

    def show_exam(self) -> None:
        self.sub_title = f"exam · seed {self.session.seed}"
        first = self.session.problems[0]
        self.query_one(ProblemNetwork).problem = first
        self.query_one(GivenPanel).problem = first
        self.refresh_view()

    def status_text(self) -> str:
        s = self.session
        n = len(s.problems)
        where = (f"step {s.index + 1} of {n}" if not s.done else
                 f"score {sum(s.finish(self.store).scores):g} of {n}")
        return f"Exam · {where} · seed {s.seed} · {self.notation}"

    def refresh_view(self) -> None:
        s = self.session
        self.query_one(ProblemNetwork).problem = s.current() or s.problems[-1]  # points at the step
        notes = list(self.feedback)
        if s.done:
            result = s.finish(self.store)
            notes.append((f"Score: {sum(result.scores):g} of {len(s.problems)} steps "
                          f"({result.score:.0%}), saved with seed {s.seed}. r: retake with a new "
                          "seed · esc: back", "feedback-right"))
        self.query_one("#practice-status", Static).update(self.status_text())
        self.query_one(StepsPanel).show(INTRO, exam_rows(s), notes, notes_at_current=True)
        field = self.query_one(Input)
        field.display = not s.done
        if not s.done:
            field.focus()
        else:
            self.set_focus(None)  # the keys (n, r, esc) are the screen's again
        if (error := self.store.unreported_save_error()) is not None:
            self.notify(error, title="Progress not saved", severity="error", timeout=10)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retake":
            return self.session.done
        return True

    @on(Input.Submitted)
    def answered(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            return
        verdict = self.session.submit(text)
        if verdict is None:
            return
        if verdict.readable:
            event.input.clear()
            mark = "✓" if verdict.correct or verdict.consistent else "✗"
            # the verdict is in its step's row; said again only under the last, with the score
            self.feedback = [(f"Step {self.session.index}: {mark} {verdict.message}",
                              feedback_kind(verdict))] if self.session.done else []
        else:
            self.feedback = [(verdict.message, "feedback-wrong")]
        self.refresh_view()

    def action_retake(self) -> None:
        if not self.session.done:
            return
        self.session = ExamSession(next_exam_seed(self.store), self.notation)
        self.feedback = []
        self.show_exam()

    def action_back(self) -> None:
        if self.session.answers:
            self.session.finish(self.store)
        leave(self)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.BINDINGS, self.TITLES,
                                        f"{INTRO} No value is shown; type each number and press "
                                        "Enter. esc, ? or q closes this list."))

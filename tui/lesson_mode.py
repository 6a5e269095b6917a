"""The lesson side of the app: the lesson list, the lesson panel and its keys.

Mixed into :class:`tui.app.BackpropApp`. A :class:`~tui.lesson_session.LessonSession` checks
answers and keeps progress; this module only moves the tutor to each exercise, keeps its
answer hidden until it is solved, and shows the session through the lesson panel.

The lesson modules (the session, the panel with its Markdown, the list, progress) are imported
when a lesson or the list first opens, not with the app: the tutor alone never needs them, and
leaving them out took ``import tui.app`` from ~610 to ~540 ms (median of 11 processes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Input

from backprop_tui.tui.layout import LABELS
from backprop_tui.tui.state import TutorState
from backprop_tui.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from backprop_tui.core.course.lesson import Lesson
    from backprop_tui.core.course.progress import ProgressStore
    from backprop_tui.tui.lesson_session import LessonSession
    from backprop_tui.tui.widgets.lesson_panel import LessonPanel

LESSON_ACTIONS = frozenset({"answer", "hint", "check_focus", "exercise", "lesson_list"})


class LessonMixin:
    """Lesson handling for the app (expects ``state``, ``apply`` and the ``lesson_view`` var)."""

    session: LessonSession | None = None
    lessons: list[Lesson] | None = None
    store: ProgressStore | None = None

    # ------------------------------------------------------------------ opening
    def show_lesson_list(self) -> None:
        from backprop_tui.tui.screens.lesson_list import LessonList

        self.push_screen(LessonList(self.lessons or [], self.progress_store()), self.open_lesson)

    def progress_store(self) -> ProgressStore:
        if self.store is None:
            from backprop_tui.core.course.progress import ProgressStore

            self.store = ProgressStore()
        return self.store

    def open_lesson(self, lesson: Lesson | None) -> None:
        """Start ``lesson`` where the learner left off (None: explore the example network)."""
        if lesson is None:
            return
        from backprop_tui.tui.lesson_session import LessonSession

        self.session = LessonSession.resume(lesson, self.progress_store())
        nf = lesson.network_file
        self.sub_title = f"lesson · {lesson.title}"
        self.apply(TutorState.start(nf.network, nf.samples, lesson.notation, self.state.eta))
        self.lesson_panel()
        self.query_one("#panels").add_class("-lesson")
        tabs = self.query_one("#panel-tabs")
        tabs.tabs = {name: LABELS[name] for name in self.panels()}
        tabs.changed()
        self.panel = "lesson"
        self.enter_exercise()

    def enter_exercise(self) -> None:
        """Move the tutor to the exercise in hand: its focus, and its answer kept hidden."""
        from backprop_tui.tui.lesson_session import focus_for, hides_chain, step_limit

        session, state = self.session, self.state
        ex, nf = session.exercise, session.lesson.network_file
        if state.network is not nf.network:  # after u: back to the network the answers are for
            state = TutorState.start(nf.network, nf.samples, state.convention, state.eta)
        solved = session.solved
        limit = None if solved else step_limit(state.trace, ex)
        state = state.guarded(limit, hide_chain=not solved and hides_chain(ex))
        if ex.focus is not None:
            state = state.with_focus(focus_for(ex.focus, state.focus))
            if ex.focus.step:
                state = state.go_to(_step_index(state, ex.focus.step, ex.focus.layer))
                state = state.with_focus(focus_for(ex.focus, state.focus))
        self.apply(state)
        self.set_focus(None)  # a new exercise starts with the keys on the tutor
        self.show_session()

    def lesson_panel(self) -> LessonPanel:
        """The lesson panel, mounted after the other panels when the first lesson opens: the
        tutor alone never shows it, so its widgets (an Input among them) don't slow start-up."""
        from backprop_tui.tui.widgets.lesson_panel import LessonPanel

        panels = self.query_one("#panels")
        for panel in panels.query_children(LessonPanel):
            return panel
        panel = LessonPanel(id="lesson-panel", classes="panel")
        panels.mount(panel)
        return panel

    def show_session(self) -> None:
        from backprop_tui.tui.lesson_view import lesson_view

        self.lesson_view = lesson_view(self.session, self.state.convention)
        panel = self.lesson_panel()
        panel.view = self.lesson_view
        panel.border_title = "Lesson"
        if (error := self.session.store.unreported_save_error()) is not None:  # once per failure
            self.notify(error, title="Progress not saved", severity="error", timeout=10)
        self.refresh_bindings()
        self.query_one(KeyBar).changed()  # keys that would give the answer away come and go

    # ------------------------------------------------------------------ the learner's moves
    def on_lesson_panel_answered(self, event: LessonPanel.Answered) -> None:
        # (a mixin's @on handlers are not collected by Textual's metaclass: the name does it)
        if self.session is None or self.session.exercise.kind == "navigate":
            return
        feedback = self.session.submit(event.text)
        self.after_feedback(feedback.correct)

    def after_feedback(self, correct: bool) -> None:
        if not correct and self.focused is not None and isinstance(self.focused, Input):
            self.focused.select_all()  # typing replaces the wrong answer
        if correct:
            self.apply(self.state.guarded(None, hide_chain=False))
            self.set_focus(None)
            done = self.session.finished
            self.notify("Lesson complete: well done!" if done else "Right! e: next exercise",
                        title="✓", severity="information")
        self.show_session()

    def action_answer(self) -> None:
        self.panel = "lesson"
        self.query_one("#lesson-answer", Input).focus()

    def action_leave_answer(self) -> None:
        self.set_focus(None)

    def action_hint(self) -> None:
        if self.session.hint() is None:
            self.notify("No more hints for this exercise.", severity="warning")
        self.show_session()

    def action_check_focus(self) -> None:
        s = self.state
        feedback = self.session.submit_focus(s.focus, s.step.equation, s.step_index,
                                             s.trace.first_backward())
        self.after_feedback(feedback.correct)

    def action_exercise(self, delta: int) -> None:
        skipped = delta > 0 and not self.session.solved
        if self.session.go(delta):
            if skipped:
                self.notify("Skipped: r comes back to it.", title="Lesson")
            self.enter_exercise()
        else:
            self.notify("That was the last exercise." if delta > 0 else "This is the first one.")

    def action_lesson_list(self) -> None:
        self.show_lesson_list()

    # ------------------------------------------------------------------ which keys apply
    def lesson_allows(self, action: str, parameters: tuple[object, ...] = ()) -> bool | None:
        """False hides a lesson key outside lessons or a key that would give the answer away."""
        if self.session is None:
            return action not in LESSON_ACTIONS
        from backprop_tui.tui.lesson_session import blocked_actions

        ex = self.session.exercise
        if action == "check_focus":
            return ex.kind == "navigate" and not self.session.solved
        if action == "answer":
            return ex.kind != "navigate"
        if action == "lesson_list":
            return bool(self.lessons)
        if action == "go" and parameters[:1] == ("toggle_mode",):
            action = str(parameters[1])  # go('toggle_mode', 'paths') is the paths key
        return self.session.solved or action not in blocked_actions(ex)


def _step_index(state: TutorState, step: str, layer: int | None) -> int:
    """The index of a focus's ``step`` ("BP2", "start", ...) at ``layer``."""
    trace = state.trace
    if step == "start":
        return 0
    if step == "backward":
        return trace.first_backward()
    for s in trace.steps:
        if s.equation == step and (layer in (None, 0) or s.layer == layer or step == "cost"):
            return s.index
    return state.step_index

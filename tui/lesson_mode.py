"""The lesson side of the tutor, as an object the tutor screen holds (plain Python, no Textual).

A :class:`LessonMode` knows the lessons on offer, the progress store and the open
:class:`~backprop_tui.tui.lesson_session.LessonSession`. It turns the tutor's state into the one an
exercise needs (its focus, its answer kept hidden until it is solved), builds what the lesson panel
shows, and says which keys apply. :class:`~backprop_tui.tui.screens.tutor_screen.TutorScreen` does
the showing.

The lesson modules (the session, the panel with its Markdown, the list, progress) are imported
when a lesson or the list first opens, not with the app: the tutor alone never needs them, and
leaving them out took ``import tui.app`` from ~610 to ~540 ms (median of 11 processes).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from backprop_tui.tui.state import TutorState

if TYPE_CHECKING:
    from backprop_tui.core.course.lesson import Lesson
    from backprop_tui.core.course.progress import ProgressStore
    from backprop_tui.tui.lesson_session import LessonSession
    from backprop_tui.tui.lesson_view import LessonView

#: The tutor screen's actions that only a lesson has.
LESSON_ACTIONS = frozenset({"answer", "hint", "show_me", "check_focus", "exercise",
                            "lesson_list"})


class LessonMode:
    """The lessons on offer and the one open (``session`` is None until a lesson opens)."""

    def __init__(self, lessons: list[Lesson] | None = None,
                 store: ProgressStore | None = None) -> None:
        self.lessons, self.store = lessons, store
        self.session: LessonSession | None = None
        #: The lesson list's row to start on next time (an option id): the lesson opened
        #: last, or the row the cursor was on when the learner left the list.
        self.list_row: str | None = None

    def remember_row(self, option_id: str) -> None:
        self.list_row = option_id

    def progress_store(self) -> ProgressStore:
        if self.store is None:
            from backprop_tui.core.course.progress import ProgressStore

            self.store = ProgressStore()
        return self.store

    def open(self, lesson: Lesson, state: TutorState) -> TutorState:
        """Start ``lesson`` where the learner left off; the tutor's state on its network."""
        from backprop_tui.core.course.lesson_sources import progress_key
        from backprop_tui.tui.lesson_session import LessonSession

        self.session = LessonSession.resume(lesson, self.progress_store())
        self.list_row = progress_key(lesson)
        nf = lesson.network_file
        return TutorState.start(nf.network, nf.samples, lesson.notation, state.eta)

    def exercise_state(self, state: TutorState) -> TutorState:
        """``state`` moved to the exercise in hand: its focus, and its answer kept hidden."""
        from backprop_tui.tui.lesson_session import focus_for

        session = self.session
        ex, nf = session.exercise, session.lesson.network_file
        if state.network is not nf.network:  # after u: back to the network the answers are for
            state = TutorState.start(nf.network, nf.samples, state.convention, state.eta)
        state = self.guard(state)
        if ex.focus is not None:
            state = state.with_focus(focus_for(ex.focus, state.focus))
            if ex.focus.step:
                state = state.go_to(step_index(state, ex.focus.step, ex.focus.layer))
                state = state.with_focus(focus_for(ex.focus, state.focus))
        return state

    def guard(self, state: TutorState) -> TutorState:
        """``state`` kept short of every unsolved exercise's answer (the one in hand's, later
        ones', skipped ones'): the step limit, the chain panel's numbers and its factor order,
        and the node values they ask for. The focus stays."""
        from backprop_tui.tui.lesson_session import (
            hidden_values,
            lesson_hides_chain,
            lesson_hides_order,
            lesson_limit,
        )

        unsolved = self.session.unsolved
        return state.guarded(lesson_limit(state.trace, unsolved),
                             hide_chain=lesson_hides_chain(unsolved),
                             hidden=hidden_values(state.trace, unsolved),
                             hide_order=lesson_hides_order(unsolved))

    def view(self, convention: str, keys: Mapping[str, str] | None = None) -> LessonView:
        from backprop_tui.tui.lesson_view import lesson_view

        return lesson_view(self.session, convention, keys)

    def allows(self, action: str, parameters: tuple[object, ...] = (),
               state: TutorState | None = None) -> bool | None:
        """False hides a key from the key bar (and Textual won't run it): a lesson key outside
        lessons, or a key that would give an unsolved answer away (``g``, ``u``, ``p``; with
        ``state``, → at the last step the lesson allows, End when the backward pass is
        beyond it). :meth:`refusal` says why, for the learner who presses it anyway."""
        if self.session is None:
            return action not in LESSON_ACTIONS
        from backprop_tui.tui.lesson_session import lesson_blocked

        ex = self.session.exercise
        if action == "check_focus":
            return ex.kind == "navigate" and not self.session.solved
        if action == "answer":
            return ex.kind != "navigate"
        if action == "show_me":  # only after enough wrong attempts
            return self.session.can_show_me
        if action == "lesson_list":
            return bool(self.lessons)
        if state is not None and self.step_blocked(action, parameters, state):
            return False
        return action not in lesson_blocked(self.session.unsolved)

    @staticmethod
    def step_blocked(action: str, parameters: tuple[object, ...], state: TutorState) -> bool:
        """Whether ``action`` would move past the last step the lesson shows (it would stop
        at that step instead, so the key does nothing it says)."""
        if state.limit is None:
            return False
        if action == "step" and parameters and int(parameters[0]) > 0:
            return state.step_index >= state.limit
        if action == "backward_start":
            return state.limit < state.trace.first_backward()
        return False

    def refusal(self, action: str, parameters: tuple[object, ...],
                state: TutorState) -> str | None:
        """Why a key of the tutor does nothing in this lesson now, naming the exercise whose
        answer it would show; None if the lesson doesn't hold it back."""
        if self.session is None:
            return None
        from backprop_tui.tui.lesson_session import blocked_actions, step_limit

        unsolved = self.session.unsolved
        number = {e.id: i + 1 for i, e in enumerate(self.session.lesson.exercises)}
        if self.step_blocked(action, parameters, state):
            holder = next((e for e in unsolved if step_limit(state.trace, e) == state.limit),
                          None)
            if holder is None:
                return None
            what = ("The backward pass" if action == "backward_start"
                    else "The next step")
            return (f"{what} would show the answer to exercise {number[holder.id]}: it opens "
                    "once you have solved that one.")
        holder = next((e for e in unsolved if action in blocked_actions(e)), None)
        if holder is None or action not in VIEWS:
            return None
        return (f"{VIEWS[action]} would show the answer to exercise {number[holder.id]}"
                f"{WHY.get(action, '')}: it opens once you have solved that one.")

    def restore_note(self, state: TutorState) -> str | None:
        """What to tell the learner when the exercise in hand opens on a network an update
        changed (:meth:`exercise_state` brings back the lesson's own): None if it is the
        lesson's already."""
        if self.session is None or state.network is self.session.lesson.network_file.network:
            return None
        return ("The network is back to the lesson's own weights and biases: the exercises "
                "are about those, not the updated ones.")


#: The keys a lesson can hold back, by what they show.
VIEWS = {"paths": "The paths view", "check": "The gradient check",
         "update": "The gradient-descent update"}
#: ... and, where it is not plain, how.
WHY = {"update": " (each weight's and bias's change is the learning rate times its gradient)"}


def step_index(state: TutorState, step: str, layer: int | None) -> int:
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

"""One learner working through one lesson, as plain Python (no Textual).

A :class:`LessonSession` knows the lesson, the exercise in hand, the hints shown so far and the
last feedback, and, after :data:`~backprop_tui.core.course.show_me.SHOW_ME_AFTER` wrong attempts,
shows the exercise's answer on request (:meth:`LessonSession.show_me`: revealed, not solved); it reads and writes the learner's :class:`backprop_tui.core.course.progress.LessonProgress` and saves
the store after every change. Answer keys come from ``backprop_tui.core.course.exercise``; nothing here computes.
What the unsolved exercises keep hidden is core's policy (``backprop_tui.core.course.reveal``):
``lesson_limit``, ``lesson_hides_chain``, ``lesson_hides_order`` and ``lesson_blocked`` (over every
unsolved exercise) and ``step_limit``, ``hides_chain``, ``hides_order``, ``blocked_actions`` (one
exercise) are its functions, re-exported.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from backprop_tui.core.course.exercise import Feedback, Resolved, check, matches, resolve
from backprop_tui.core.course.lesson import Exercise, Lesson, Place
from backprop_tui.core.course.lesson_sources import progress_key
from backprop_tui.core.course.progress import ProgressStore
from backprop_tui.core.course.reveal import (
    blocked_actions,
    hidden_values,
    hides_chain,
    hides_order,
    lesson_blocked,
    lesson_hides_chain,
    lesson_hides_order,
    lesson_limit,
    step_limit,
)
from backprop_tui.core.course.show_me import may_show, shown_answer
from backprop_tui.tui.focus import Focus

__all__ = ["LessonSession", "blocked_actions", "focus_for", "focus_on_target", "hidden_values",
           "hides_chain", "hides_order", "lesson_blocked", "lesson_hides_chain",
           "lesson_hides_order", "lesson_limit", "step_limit"]


@dataclass
class LessonSession:
    lesson: Lesson
    store: ProgressStore
    index: int = 0
    feedback: Feedback | None = None
    _resolved: dict[str, Resolved] = field(default_factory=dict, repr=False)

    @classmethod
    def resume(cls, lesson: Lesson, store: ProgressStore) -> LessonSession:
        """Start where the learner left off last time."""
        current = store.lesson(progress_key(lesson)).current
        return cls(lesson, store, min(max(current, 0), len(lesson.exercises) - 1))

    # ------------------------------------------------------------------ what is shown
    @property
    def exercise(self) -> Exercise:
        return self.lesson.exercises[self.index]

    @property
    def resolved(self) -> Resolved:
        ex = self.exercise
        if ex.id not in self._resolved:
            self._resolved[ex.id] = resolve(self.lesson, ex)
        return self._resolved[ex.id]

    @property
    def progress(self):  # noqa: ANN201 - backprop_tui.core.course.progress.ExerciseProgress
        return self.store.lesson(progress_key(self.lesson)).exercise(self.exercise.id)

    @property
    def hints_shown(self) -> tuple[str, ...]:
        return self.exercise.hints[: self.progress.hints]

    @property
    def solved(self) -> bool:
        return self.progress.solved

    @property
    def revealed(self) -> bool:
        """The exercise's answer was shown on request ("show me"): known, but not solved."""
        return self.progress.revealed and not self.progress.solved

    @property
    def wrong_attempts(self) -> int:
        """Wrong answers to the exercise in hand (an unreadable one is not an attempt)."""
        progress = self.progress
        return 0 if progress.solved else progress.attempts

    @property
    def can_show_me(self) -> bool:
        """Whether "show me" may reveal the exercise's answer now: a compute, choose or derive
        exercise neither solved nor revealed, after enough wrong attempts."""
        return not self.progress.settled and may_show(self.exercise, self.wrong_attempts)

    @property
    def solved_count(self) -> int:
        lesson = self.store.lesson(progress_key(self.lesson))
        return sum(lesson.exercise(e.id).solved for e in self.lesson.exercises)

    @property
    def unsolved(self) -> tuple[Exercise, ...]:
        """Every exercise whose answer the learner doesn't know yet (the one in hand, later
        ones, skipped ones): none of their answers may show. A revealed one is not among
        them: its answer is on screen already, by the learner's choice."""
        lesson = self.store.lesson(progress_key(self.lesson))
        return tuple(e for e in self.lesson.exercises if not lesson.exercise(e.id).settled)

    @property
    def finished(self) -> bool:
        return self.solved_count == len(self.lesson.exercises)

    # ------------------------------------------------------------------ learner's moves
    def submit(self, answer: str) -> Feedback:
        """Check a typed answer; a wrong one reveals the next hint. A revealed exercise is not
        checked again: its answer was shown, so typing it proves nothing."""
        if self.revealed:
            self.feedback = Feedback(False, "You have seen this answer, so it stays revealed "
                                     "(not solved): e goes on to the next exercise.",
                                     readable=False)
            return self.feedback
        return self._record(check(self.lesson, self.exercise, answer, self.resolved))

    def show_me(self) -> str | None:
        """Reveal the answer of the exercise in hand, if :attr:`can_show_me`: it is saved as
        revealed, not solved, and the feedback says what it is. None if it may not be shown."""
        if not self.can_show_me:
            return None
        answer = shown_answer(self.lesson, self.exercise, self.resolved if
                              self.exercise.kind == "numeric" else None)
        self.progress.revealed = True
        self.feedback = Feedback(False, f"The answer is {answer}. It counts as revealed, not "
                                 "solved; e goes on to the next exercise.")
        self._save()
        return answer

    def submit_focus(self, focus: Focus, step_equation: str, step_index: int,
                     first_backward: int) -> Feedback:
        """Check a navigate exercise against the app's focus and current step."""
        target = self.exercise.target
        if focus.is_node:  # the node itself: no source, no parameter
            layer, node, source, kind = focus.layer, focus.node, None, "node"
        elif target.layer == 0:  # an input node, also reached as the source of a first-layer weight
            layer, node, source, kind = 0, focus.source, None, None
        else:
            layer, node, source, kind = focus.layer, focus.node, focus.source, focus.kind
        step = {"start": step_index == 0, "backward": step_index == first_backward}.get(
            target.step or "", False) and target.step or step_equation
        if matches(target, layer, node, source, kind, step):
            return self._record(Feedback(True, "Right: that's the one."))
        return self._record(Feedback(False, "Not there yet: look again at the target."))

    def _record(self, feedback: Feedback) -> Feedback:
        self.feedback = feedback
        if not feedback.readable:  # a typo is not an attempt: no hint, nothing saved
            return feedback
        progress = self.progress
        progress.attempts += 1
        if feedback.correct:
            progress.solved = True
        elif progress.hints < len(self.exercise.hints):
            progress.hints += 1  # said, not silent: the learner sees the hint was used
            feedback = replace(feedback, message=f"{feedback.message} Hint {progress.hints} "
                               "is below.")
        self.feedback = feedback
        self._save()
        return feedback

    def hint(self) -> str | None:
        """Reveal the next hint, if any is left."""
        progress = self.progress
        if progress.hints >= len(self.exercise.hints):
            return None
        progress.hints += 1
        self._save()
        return self.exercise.hints[progress.hints - 1]

    def go(self, delta: int) -> bool:
        """Move to the next (1) or previous (−1) exercise; False at either end."""
        new = self.index + delta
        if not 0 <= new < len(self.lesson.exercises):
            return False
        self.index, self.feedback = new, None
        self._save()
        return True

    def end_notice(self, back_key: str = "r") -> str:
        """What "next" says on the last exercise: which earlier ones are still open (skipped,
        or left unsolved), since "next" does not go back to them; ``back_key`` goes back."""
        settled = self.store.lesson(progress_key(self.lesson))
        still = [str(i + 1) for i, e in enumerate(self.lesson.exercises[: self.index])
                 if not settled.exercise(e.id).settled]
        if not still:
            return "That was the last exercise."
        which = f"exercise {still[0]} is" if len(still) == 1 else f"exercises {', '.join(still)} are"
        return f"That was the last exercise; {which} still open: {back_key} goes back."

    def _save(self) -> None:
        self.store.lesson(progress_key(self.lesson)).current = self.index
        self.store.save()


def focus_for(place: Place | None, current: Focus) -> Focus:
    """The focus an exercise's ``focus`` table asks for (unspecified parts stay as they are)."""
    if place is None:
        return current
    kind = place.kind or ("w" if place.source is not None else current.kind)
    if place.layer is None or (place.layer == 0 and kind != "node"):
        layer = current.layer  # a weight or bias lives in layers 1..L
    else:
        layer = place.layer
    return Focus(
        layer,
        place.node if place.node is not None else current.node,
        place.source if place.source is not None else current.source,
        kind,
    )


def focus_on_target(target: Place, current: Focus) -> Focus:
    """A focus on a navigate ``target`` (what a learner's keys would reach), the parts the
    target leaves open as in ``current``: for the tests and the screen scan."""
    if target.layer == 0 and target.kind != "node":
        return Focus(1, current.node, target.node or 0, "w")
    return focus_for(target, current)

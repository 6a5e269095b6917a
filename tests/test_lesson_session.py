"""Every shipped lesson can be completed by answering with the core's own values."""

from __future__ import annotations

from pathlib import Path

import pytest

from backprop_tui.core.course.exercise import resolve
from backprop_tui.core.course.lesson import load_lesson
from backprop_tui.core.course.progress import ProgressStore
from backprop_tui.core.formulas.notation import format_number
from backprop_tui.tui.focus import Focus
from backprop_tui.tui.lesson_session import LessonSession

LESSONS = sorted((Path(__file__).parent.parent / "lessons").glob("*.toml"))


def right_answer(session: LessonSession) -> str:
    """What a learner who computed everything correctly would type."""
    ex, res = session.exercise, session.resolved
    if ex.kind == "numeric":
        return f"{res.value:.8g}"
    if ex.kind == "choice":
        return str(ex.correct + 1)
    if ex.kind == "formula":  # the lesson's own key, which check verified against the core
        return ex.formula
    return " ".join(str(res.order.index(i) + 1) for i in range(len(res.factors)))


def focus_on(target) -> tuple[Focus, str]:
    """The app focus (and step name) that a navigate target asks for."""
    if target.layer == 0:
        return Focus(1, 0, target.node or 0, "w"), target.step or "z"
    return Focus(target.layer or 1, target.node or 0, target.source or 0, target.kind or "w"), target.step or "z"


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_each_lesson_can_be_completed_end_to_end(path, tmp_path):
    lesson = load_lesson(path)
    session = LessonSession.resume(lesson, ProgressStore(tmp_path))
    first_backward = lesson.network.trace(*lesson.network_file.samples[0]).first_backward()
    for _ in lesson.exercises:
        ex = session.exercise
        if ex.kind == "navigate":
            focus, step = focus_on(ex.target)
            index = {"start": 0, "backward": first_backward}.get(step, 5)
            feedback = session.submit_focus(focus, step, index, first_backward)
        else:
            feedback = session.submit(right_answer(session))
        assert feedback.correct, f"{ex.id}: {feedback.message}"
        session.go(1)
    assert session.finished
    again = LessonSession.resume(lesson, ProgressStore(tmp_path))
    assert again.finished and again.index == len(lesson.exercises) - 1


def test_next_on_the_last_exercise_names_the_ones_still_open(tmp_path):
    """Playing a lesson with one exercise skipped, "next" on the last one said only "That was
    the last exercise.", and the skipped one was left to be found by pressing r again and again."""
    lesson = load_lesson(next(p for p in LESSONS if "output-weight" in p.name))
    assert [e.kind for e in lesson.exercises] == ["numeric", "numeric", "choice", "numeric",
                                                  "order", "choice"]
    session = LessonSession(lesson, ProgressStore(tmp_path))

    def play(solve: set[int]) -> str:
        """From the first exercise to the last, solving those numbered in ``solve``."""
        while session.go(-1):
            pass
        for number in range(1, 7):
            if number in solve and not session.solved:
                assert session.submit(right_answer(session)).correct
            session.go(1)
        assert session.index == 5
        return session.end_notice()

    assert play(set()) == ("That was the last exercise; exercises 1, 2, 3, 4, 5 are still open: "
                           "r goes back.")
    assert play({1, 2, 4, 5}) == "That was the last exercise; exercise 3 is still open: r goes back."
    assert play({3}) == "That was the last exercise."  # the last one itself is in hand


def test_a_wrong_answer_reveals_a_hint_and_says_too_high_or_low(tmp_path):
    lesson = load_lesson(next(p for p in LESSONS if "output-weight" in p.name))
    session = LessonSession(lesson, ProgressStore(tmp_path))
    while session.exercise.kind != "numeric":
        session.go(1)
    value = resolve(lesson, session.exercise).value
    feedback = session.submit(format_number(value + abs(value) + 1, "plain"))
    assert not feedback.correct and feedback.direction == "high"
    assert session.hints_shown == session.exercise.hints[:1]
    assert session.progress.attempts == 1 and not session.solved


def test_an_unreadable_answer_is_not_an_attempt(tmp_path):
    lesson = load_lesson(next(p for p in LESSONS if "output-weight" in p.name))
    session = LessonSession(lesson, ProgressStore(tmp_path))
    feedback = session.submit("2-1.0")
    assert not feedback.correct and not feedback.readable and "not a number" in feedback.message
    assert session.progress.attempts == 0 and session.hints_shown == ()


def test_the_session_asks_core_what_to_hide_and_keeps_no_quantity_table():
    """The reveal policy is core's (backprop_tui.core.course.reveal); the session module only
    re-exports it, so a quantity added in core can't be silently left unhidden here."""
    from backprop_tui.core.course import reveal
    from backprop_tui.core.course.exercise import QUANTITIES
    from backprop_tui.tui import lesson_session

    for name in ("step_limit", "hides_chain", "blocked_actions"):
        assert getattr(lesson_session, name) is getattr(reveal, name)
    for name, value in vars(lesson_session).items():
        if isinstance(value, dict | set | frozenset | tuple):
            assert not set(QUANTITIES) & {str(v) for v in value}, name


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_every_shipped_exercise_has_a_policy_its_lessons_network_can_apply(path):
    from backprop_tui.core.course import reveal

    lesson = load_lesson(path)
    x, y = lesson.network_file.samples[0]
    trace = lesson.network.trace(x, y)
    for ex in lesson.exercises:
        policy = reveal.policy(ex)
        assert (policy is None) == (ex.kind in ("choice", "navigate")), ex.id
        limit = reveal.step_limit(trace, ex)
        assert limit is None or -1 <= limit < len(trace.steps) - 1, ex.id
        if limit is not None:  # the step after the limit is the one that would show the answer
            step = trace.steps[limit + 1]
            assert step.equation in reveal.shown_by(trace, ex.quantity, step.layer) and step.layer in (ex.place.layer, trace.depth)

"""Lessons in the app, driven by Pilot: every shipped lesson completed by typing the core's
values, wrong answers, hidden answers, progress across restarts, and the lesson list."""

from __future__ import annotations

import io

import pytest
from helpers import lesson_params, record_notifications, shipped_lessons
from leak_scan import typed_answer
from rich.console import Console
from textual.widgets import Input

from backprop_tui.core.course.progress import ProgressStore
from backprop_tui.tui.app import BackpropApp
from backprop_tui.tui.focus import Focus
from backprop_tui.tui.lesson_session import lesson_limit
from backprop_tui.tui.widgets.lesson_panel import LessonPanel

SIZE = (120, 40)
NARROW = (80, 24)  # one panel at a time: the lesson's
LESSONS = shipped_lessons()


async def answer(pilot, text: str, typed: bool = False) -> None:
    """Focus the answer field (a), enter ``text`` (key by key when ``typed``), press Enter."""
    field = pilot.app.query_one("#lesson-answer", Input)
    if field.has_focus:  # still there after a wrong answer: start afresh
        field.clear()
    else:
        await pilot.press("a")
    if typed:
        await pilot.press(*text)
    else:
        field.insert_text_at_cursor(text)
    await pilot.press("enter")  # press waits until the screen has handled the key


async def go_to_target(app: BackpropApp, pilot) -> None:
    """Put the focus (and the step) where a navigate exercise asks, then press Enter."""
    t = app.tutor.session.exercise.target
    state = app.state
    if t.step == "backward":
        state = state.backward_start()
    elif t.step == "start":
        state = state.forward_start()
    if t.layer == 0:
        focus = Focus(1, state.focus.node, t.node, "w")
    else:
        focus = Focus(t.layer or state.focus.layer, t.node if t.node is not None else state.focus.node,
                      t.source if t.source is not None else state.focus.source, t.kind or state.focus.kind)
    app.tutor.apply(state.with_focus(focus))
    await pilot.press("enter")


@pytest.fixture
def store(tmp_path):
    return ProgressStore(tmp_path)


# make test: one forward, one backward and one formula lesson; make test-all: every lesson
@pytest.mark.parametrize("lesson", lesson_params(LESSONS, ("forward-pass", "biases-and-delta", "derive-bp2")))
async def test_every_lesson_is_completed_by_answering_with_the_core_values(lesson, store):
    """Through the app's keys and answer field, every exercise of every lesson. Lean: what an
    answer is worth is test_lesson_session's and test_answers_progress's; here the terminal is
    80×24, where only the lesson panel is drawn, and an answer is pasted, not typed."""
    app = BackpropApp(lesson=lesson, store=store)
    async with app.run_test(size=NARROW) as pilot:
        for n, ex in enumerate(lesson.exercises):
            where = f"{lesson.id}/{ex.id}"
            assert app.tutor.session.index == n, where
            if ex.kind == "navigate":
                await go_to_target(app, pilot)
            else:
                await answer(pilot, typed_answer(app))
            assert app.tutor.session.solved, f"{where}: {app.tutor.session.feedback}"
            assert app.tutor.lesson_view.explanation == ex.explanation, where
            await pilot.press("e")
        assert app.tutor.session.finished, lesson.id
    again = ProgressStore(store.path.parent)
    assert again.status(lesson.id, len(lesson.exercises)) == "done", lesson.id


async def test_one_app_opens_lesson_after_lesson(store):
    """Opening a lesson over one in progress replaces it: its session, network, notation and
    exercise, with still one lesson panel and a fresh answer field."""
    first = LESSONS[1]
    second = next(le for le in LESSONS if le.notation != first.notation)
    app = BackpropApp(lesson=first, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await answer(pilot, typed_answer(app))
        assert app.tutor.session.solved
        app.tutor.open_lesson(second)
        await pilot.pause()
        assert app.tutor.session.lesson is second and app.tutor.session.index == 0
        assert not app.tutor.session.solved
        assert app.state.network is second.network_file.network
        assert app.state.convention == second.notation
        assert len(app.query(LessonPanel)) == 1
        assert app.tutor.lesson_view.prompt == second.exercises[0].prompt
        field = app.query_one("#lesson-answer", Input)
        assert not field.has_focus and field.value == ""


async def test_a_wrong_answer_shows_feedback_and_a_hint_and_keeps_the_answer_hidden(store):
    lesson = next(le for le in LESSONS if le.id == "output-weight")
    app = BackpropApp(lesson=lesson, store=store)
    async with app.run_test(size=SIZE) as pilot:
        value = app.tutor.session.resolved.value
        limit = app.state.limit
        assert limit is not None and app.state.hide_chain
        for _ in range(20):  # the cursor can't reach the step that shows the answer
            await pilot.press("right")
        assert app.state.step_index == limit
        assert app.tutor.check_action("paths", ()) is False
        await answer(pilot, f"{value + abs(value) + 1:.6g}", typed=True)
        view = app.tutor.lesson_view
        assert view.correct is False and "too high" in view.feedback
        assert view.hints == lesson.exercises[0].hints[:1]
        panel = app.query_one(LessonPanel)
        console = Console(width=60, record=True, file=io.StringIO())
        console.print(panel.after(view))
        shown = console.export_text()
        assert "✗ Not quite: your answer is too high." in shown
        assert "Hint 1: " + view.hints[0][:20] in shown
        await answer(pilot, f"{value:.6g}")
        # solved: what it hid comes back, but no further than the exercises still unsolved allow
        session = app.tutor.session
        assert session.solved and app.state.limit == lesson_limit(app.state.trace, session.unsolved)
        await pilot.press("right")  # BP1 shows exercise 2's g′(z) too: still out of reach
        assert app.state.step_index == limit and "da/dz" in {e.quantity for e in session.unsolved}


async def test_progress_survives_a_restart(store):
    lesson = next(le for le in LESSONS if le.id == "cost")
    app = BackpropApp(lesson=lesson, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await answer(pilot, typed_answer(app))
        await pilot.press("e")
        await pilot.press("i")
        assert app.tutor.session.index == 1
    again = BackpropApp(lesson=lesson, store=ProgressStore(store.path.parent))
    async with again.run_test(size=SIZE) as pilot:
        assert again.tutor.session.index == 1
        assert again.tutor.lesson_view.marks[0] is True
        assert len(again.tutor.lesson_view.hints) == 1


async def test_the_lesson_list_opens_a_lesson_and_e_explores(store):
    app = BackpropApp(lessons=LESSONS, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.__class__.__name__ == "LessonList"
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.tutor.session is not None and app.tutor.session.lesson.id == LESSONS[2].id
        assert app.query_one(LessonPanel).display
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.__class__.__name__ != "LessonList"


async def test_a_corrupt_progress_file_is_kept_aside_with_a_notice(tmp_path):
    (tmp_path / "progress.json").write_text("{broken")
    app = BackpropApp(lessons=LESSONS, store=ProgressStore(tmp_path))
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert any("kept as" in message for message in notes)
    assert (tmp_path / "progress.json.corrupt").read_text() == "{broken"


async def test_in_a_lesson_the_arrows_still_move_the_tutor(store):
    lesson = next(le for le in LESSONS if le.id == "notation")
    app = BackpropApp(lesson=lesson, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.focused is None
        node = app.state.focus.node
        await pilot.press("up" if node else "down")
        assert app.state.focus.node != node


async def test_a_digit_typed_after_esc_replaces_a_wrong_answer_but_continues_a_draft(store):
    """Esc after a wrong answer (to look at the network), then a new number typed on the
    tutor: it replaces the wrong answer, as it does while the field keeps the focus (it used to
    be appended: "91" then "0.12" was checked as "910.12"). A draft not yet checked goes on."""
    lesson = next(le for le in LESSONS if le.id == "cost")
    app = BackpropApp(lesson=lesson, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        field = app.query_one("#lesson-answer", Input)
        await pilot.press("9", "enter")  # wrong
        assert app.tutor.lesson_view.correct is False
        await pilot.press("escape", "8")
        assert field.has_focus and field.value == "8"
        await pilot.press("escape", "7")  # not checked yet: a draft, so the digit goes on
        assert field.value == "87"


async def test_typing_a_digit_starts_the_answer_and_the_right_notice_goes_with_its_exercise(store):
    """Issue 9 §3: a number typed in a compute/choose exercise goes to the answer field (no
    ``a`` first); the "Right!" notice doesn't linger into the next exercise; a wrong answer
    says that it used up a hint."""
    lesson = next(le for le in LESSONS if le.id == "cost")  # exercise 1 is a choice
    app = BackpropApp(lesson=lesson, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        field = app.query_one("#lesson-answer", Input)
        await pilot.press("1")
        assert field.has_focus and field.value == "1"
        await pilot.press("enter")
        assert "Hint 1 is below." in app.tutor.lesson_view.feedback
        field.clear()
        await pilot.press(str(lesson.exercises[0].correct + 1), "enter")
        assert app.tutor.session.solved and app._notifications
        await pilot.press("e")
        assert not app._notifications and app.tutor.session.index == 1
        focus = app.state.focus
        await pilot.press("-", "0", ".", "5")  # "." is a tutor key too: here it is the field's
        assert field.value == "-0.5" and app.state.focus == focus

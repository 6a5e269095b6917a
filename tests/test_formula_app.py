"""A formula exercise in the app, driven by Pilot: the live preview follows the typing, typing
never reaches the tutor's keys, Enter checks by evaluation and names the difference, an
unreadable formula is not an attempt, and the next exercise starts with an empty preview."""

from __future__ import annotations

import io

from formula_app_cases import PREVIEW, RIGHT, UNKNOWN, WRONG, lesson, store_at_exercise
from rich.console import Console
from textual.widgets import Input

from backprop_tui.tui.app import BackpropApp
from backprop_tui.tui.widgets.formula_input import FormulaPreview

SIZE = (120, 40)
# Every printable key the tutor binds (and space, its page-down), inside one "formula".
TUTOR_KEYS = "hlfdkj[]<>,.bnpgucystaieroq? "


def _app(tmp_path) -> BackpropApp:
    return BackpropApp(lesson=lesson(), store=store_at_exercise(tmp_path))


async def _paste(pilot, field: Input, text: str) -> None:
    """``text`` inserted at the cursor, as a paste is: one change, one preview."""
    field.insert_text_at_cursor(text)
    await pilot.pause()


def _text(renderable) -> str:
    console = Console(width=100, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def _shown(app: BackpropApp) -> str:
    """The preview as text, as it is drawn now."""
    preview = app.query_one(FormulaPreview)
    console = Console(width=60, record=True, file=io.StringIO())
    console.print(preview.content(preview.text))
    return console.export_text()


async def test_the_preview_follows_the_typing_and_enter_checks(tmp_path):
    app = _app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # the lesson panel mounts after the first lesson opens
        preview = app.query_one(FormulaPreview)
        assert preview.display and preview.preview_fn is not None
        await pilot.press("a", *PREVIEW[:3])  # typed: the preview follows each key
        assert preview.text == PREVIEW[:3]
        field = app.query_one("#lesson-answer", Input)
        await _paste(pilot, field, PREVIEW[3:])  # the rest at once (quicker than key by key)
        assert preview.text == PREVIEW and not preview.problem
        assert "∂C₀" in _shown(app) and "g′⁽ᴸ⁾(z₁⁽ᴸ⁾)" in _shown(app)  # the 2-D form
        field.clear()
        await _paste(pilot, field, UNKNOWN)
        assert "a_3^(L) does not exist in this network" in preview.problem
        assert app.tutor.session.progress.attempts == 0  # typing checks nothing
        await pilot.press("enter")  # unreadable: the reason, no hint, not an attempt
        assert app.tutor.session.progress.attempts == 0 and app.tutor.lesson_view.hints == ()
        field.clear()
        await _paste(pilot, field, WRONG)
        await pilot.press("enter")
        view = app.tutor.lesson_view
        # a wrong answer also says it showed the next hint (the lesson panel shows it below)
        assert view.correct is False and view.feedback == (
            "Your formula is missing a factor: the slope of the activation at the node's weighted "
            "input (how much the output moves when z moves). Hint 1 is below.")
        assert "g′" not in view.feedback  # the missing factor is not written out
        assert app.tutor.session.feedback.misconception == "missing-activation-slope"
        assert field.value == WRONG  # kept for editing, not selected away
        await _paste(pilot, field, " * g'(z_1^(L))")
        await pilot.press("enter")
        assert field.value == RIGHT and app.tutor.session.solved
        assert app.tutor.lesson_view.explanation is not None
        await pilot.press("escape", "e")  # the next exercise: a fresh field and preview
        assert app.tutor.session.exercise.id == "any-node"
        assert preview.text == "" and field.value == ""


async def test_typing_a_formula_never_reaches_the_tutors_keys(tmp_path):
    app = _app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        state, index = app.state, app.tutor.session.index
        await pilot.press("a", *TUTOR_KEYS)
        assert app.query_one("#lesson-answer", Input).value == TUTOR_KEYS
        assert app.state is state and app.tutor.session.index == index
        assert app.screen is app.tutor and app.is_running
        assert app.tutor.session.progress.hints == 0


async def test_a_wrong_answers_underline_stays_with_its_text(tmp_path):
    """The verdict's span (the slope taken at a) is underlined while the field holds that
    answer, and goes when the learner edits it."""
    app = _app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        field = app.query_one("#lesson-answer", Input)
        await _paste(pilot, field, "2*(a_1^(L) - y_1) * g'(a_1^(L))")
        await pilot.press("enter")
        feedback = app.tutor.session.feedback
        assert feedback.misconception == "slope-at-activation" and feedback.span is not None
        preview = app.query_one(FormulaPreview)
        assert preview.marked is not None
        assert any(line.startswith("2*(a_1^(L)") for line in _shown(app).splitlines())
        await _paste(pilot, field, " + 0")
        assert preview.text.endswith(" + 0") and not preview.problem
        assert all(not line.startswith("2*(") for line in _shown(app).splitlines())


async def test_the_answer_fields_example_is_not_an_answer_of_its_exercise(tmp_path):
    """The field showed 'as g'(z_j)', which the slope exercise accepted; its example now comes
    from the core, is one the exercise refuses, and names no derivative."""
    from backprop_tui.core.course.formula_exercise import check_answer, example

    le = lesson()
    ex = next(e for e in le.exercises if e.id == "slope")
    app = BackpropApp(lesson=le, store=store_at_exercise(tmp_path, "slope"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        field = app.query_one("#lesson-answer", Input)
        shown = example(le, ex)
        assert field.placeholder == f"press a to type · e.g. {shown}"  # the keys on the tutor
        await pilot.press("a")
        assert field.placeholder.startswith(f"e.g. {shown} · ") and "'" not in shown
        assert not check_answer(le, ex, shown).correct
        assert check_answer(le, ex, "g'(z_j)").misconception == "uses-unknown"


async def test_the_field_says_how_to_start_typing_while_the_tutor_has_the_keys(tmp_path):
    """A formula's letters are the tutor's keys until the field has the cursor: the field says
    to press a while the tutor has them, and how to check and leave while it has them."""
    app = _app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        field = app.query_one("#lesson-answer", Input)
        assert field.placeholder.startswith("press a to type · e.g. ")
        await pilot.press("a")
        assert field.has_focus and field.placeholder.endswith(" · Enter checks · Esc leaves")
        await pilot.press("escape")
        assert not field.has_focus and field.placeholder.startswith("press a to type · ")


async def test_a_letter_that_is_no_key_says_to_press_a_first(tmp_path):
    """w (no key of the tutor's) typed at a formula exercise: a notice says to press a first,
    once while it is on screen; the field stays empty and the tutor keeps the keys."""
    from helpers import record_notifications

    from backprop_tui.tui.screens.tutor_screen import type_first

    app = _app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        notices = record_notifications(app)
        await pilot.press("w", "z")
        assert notices == [type_first("a")]  # once: the second finds it still on screen
        assert notices[0].startswith("Press a to type the formula")
        assert app.query_one("#lesson-answer", Input).value == "" and app.focused is None


async def test_a_remapped_answer_key_is_the_one_the_field_and_the_notice_name(tmp_path):
    """With ``answer = "x"`` in the config's [keys], a is no key: the field and the notice
    said "press a", which did nothing. They name x, and x puts the cursor in the field."""
    from helpers import record_notifications

    app = BackpropApp(lesson=lesson(), store=store_at_exercise(tmp_path), keymap={"answer": "x"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        field = app.query_one("#lesson-answer", Input)
        assert field.placeholder.startswith("press x to type · e.g. ")
        notices = record_notifications(app)
        await pilot.press("a")
        assert notices == ["Press x to type the formula: until the field has the cursor, "
                           "letters are the tutor's keys."]
        await pilot.press("x")
        assert field.has_focus and field.placeholder.endswith(" · Enter checks · Esc leaves")


async def test_a_remapped_previous_key_is_the_one_the_skip_and_end_notices_name(tmp_path):
    """With ``exercise-prev = "z"`` the notices still said "r comes back" and "r goes back"."""
    from helpers import record_notifications

    app = BackpropApp(lesson=lesson(), store=store_at_exercise(tmp_path),
                      keymap={"exercise-prev": "z"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        notices = record_notifications(app)
        for _ in range(len(lesson().exercises)):
            await pilot.press("e")
            await pilot.pause()
        assert notices[0] == "Skipped: z comes back to it."
        assert notices[-1].startswith("That was the last exercise; ")
        assert notices[-1].endswith("still open: z goes back.")
        assert not any(" r " in n for n in notices)


def test_the_lesson_keys_named_by_default_are_the_bindings_own():
    from backprop_tui.tui.keys import DEFAULT_KEYS, first_keys

    assert first_keys({}) == DEFAULT_KEYS


async def test_the_lesson_panel_names_the_remapped_hint_and_next_keys(tmp_path):
    """With ``hint = "t"`` and ``exercise-next = "n"``, the panel said "i: a hint" and, once
    solved, "e: next exercise"; the notice said "Right! e: next exercise"."""
    from formula_app_cases import RIGHT
    from helpers import record_notifications

    from backprop_tui.tui.widgets.lesson_panel import LessonPanel

    app = BackpropApp(lesson=lesson(), store=store_at_exercise(tmp_path),
                      keymap={"hint": "t", "exercise-next": "n", "next-convention": "ctrl+n"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        panel = app.query_one(LessonPanel)
        assert panel.view.keys["hint"] == "t"
        body = _text(panel.after(panel.view))
        assert "t: a hint" in body and "i: a hint" not in body
        notices = record_notifications(app)
        await pilot.press("a", *RIGHT, "enter")
        assert notices[-1] == "Right! n: next exercise"
        body = _text(panel.after(panel.view))
        assert "n: next exercise" in body and "e: next exercise" not in body

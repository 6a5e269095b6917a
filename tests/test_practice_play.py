"""What playing the practice and the exam as a learner found (Pilot): the exam's intro stays in
view at its first step and a message about an unreadable answer shows under the step it is
about; the steps scroll with the keys their panel names; ? opens the keys there as in the tutor,
with words about practice, not the tutor; the palette lists an action once with all its keys."""

from __future__ import annotations

from test_practice_ui import screen_text
from textual.widgets import Input

from backprop_tui.core.course.practice.mastery import SkillMastery, save
from backprop_tui.core.course.progress import ProgressStore
from backprop_tui.tui.commands import TutorCommands
from backprop_tui.tui.practice_app import PracticeApp
from backprop_tui.tui.screens.exam_screen import ExamScreen
from backprop_tui.tui.screens.help_screen import HelpScreen
from backprop_tui.tui.screens.practice_screen import PracticeScreen
from backprop_tui.tui.widgets.steps_panel import StepsPanel

SMALL = (80, 24)


async def test_the_exam_keeps_its_intro_and_shows_why_an_answer_was_not_read(tmp_path):
    app = PracticeApp(ProgressStore(tmp_path), exam=True, seed=1)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen)
        assert "One training step by hand" in screen_text(app)  # was scrolled off at step 1
        await pilot.press(*"abc", "enter")
        await pilot.pause()
        shown = screen_text(app)
        assert "is not a number I can read" in shown  # it was 60 lines below, out of sight
        assert "your turn" in shown
        for _ in range(5):
            await pilot.press(*"0.5", "enter")
            await pilot.pause()
        assert "your turn" in screen_text(app)  # the current step stays in view further down


async def test_the_steps_scroll_with_the_keys_their_panel_names(tmp_path):
    app = PracticeApp(ProgressStore(tmp_path), exam=True, seed=1)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        steps = app.screen.query_one(StepsPanel)
        assert "ctrl+↓ or the wheel" in screen_text(app)  # not pgdn: that is the given's
        assert steps.top_row == 0
        await pilot.press("ctrl+down")
        await pilot.pause()
        assert steps.top_row > 0
        await pilot.press("ctrl+up")
        await pilot.pause()
        assert steps.top_row == 0


async def test_question_mark_opens_the_keys_of_practice_and_of_the_exam(tmp_path):
    for kwargs, screen, words in (({"skill": "output-delta"}, PracticeScreen,
                                   "each one you get right"),
                                  ({"exam": True, "seed": 1}, ExamScreen, "One training step")):
        app = PracticeApp(ProgressStore(tmp_path), **kwargs)
        async with app.run_test(size=SMALL) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, screen)
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            shown = screen_text(app)
            assert words in shown and "Click a node" not in shown  # the tutor's words, before
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, screen)
            field = app.screen.query_one(Input)  # the exam's has the focus: ? went into it
            assert field.value == "" and field.has_focus == ("exam" in kwargs)  # and is not kept


async def test_the_palette_lists_an_action_once_with_all_its_keys(tmp_path):
    app = PracticeApp(ProgressStore(tmp_path), skill="output-delta")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        labels = [label for label, _, _ in TutorCommands(app.screen)._commands()]
        nexts = [label for label in labels if label.startswith("Next problem")]
        assert nexts == ["Next problem (^n / n)"], labels


async def test_muted_text_is_muted_in_both_themes_and_a_new_theme_repaints_the_steps(tmp_path):
    """Light theme, played: a later step and a "new" skill were white ($text-muted came back
    without its alpha), unreadable on light grey and the brightest text on dark; and switching
    theme left the steps panel's empty rows dark."""
    store = ProgressStore(tmp_path)
    save(store, SkillMastery("hidden-delta", attempts=3, blanks=2))
    app = PracticeApp(store, skill="hidden-delta", seed=9)
    async with app.run_test(size=(120, 40)) as pilot:
        steps = app.screen.query_one(StepsPanel)
        app.theme = "textual-light"
        await pilot.pause()
        await pilot.press(*"0.208", "enter")
        await pilot.pause()
        assert "#121212" not in app.export_screenshot()  # the dark theme's background is gone
        for theme in ("textual-light", "textual-dark"):
            app.theme = theme
            await pilot.pause()
            later, worked = steps.style("later").color, steps.style("worked").color
            back = steps.rich_style.bgcolor
            assert later != worked and later.triplet != (255, 255, 255), theme
            assert later.triplet != back.triplet, theme
    app = PracticeApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        app.theme = "textual-light"
        await pilot.pause()
        new = app.screen.style("new").color
        assert new is not None and new.triplet != (255, 255, 255)

"""The lesson screen's layout at 120x40 and 80x24 (issue 9, sections 2 and 3), read from what
the screen shows: the notation table beside the lesson, the activations and the loss named,
every exercise's prompt, answer field, feedback and hint line in view without scrolling, the
prompt in view after moving on, notices clear of the answer field, and every notation
meaning readable whole."""

from __future__ import annotations

import pytest
from helpers import lesson_params, shipped_lessons
from leak_scan import screen_text, solve
from textual.geometry import Region
from textual.widgets import Input, Static
from textual.widgets._toast import Toast

from backprop_tui.core.course.progress import ProgressStore
from backprop_tui.core.formulas import notation
from backprop_tui.tui.app import BackpropApp
from backprop_tui.tui.notation_table import wrap
from backprop_tui.tui.widgets.lesson_panel import LessonPanel
from backprop_tui.tui.widgets.notation_panel import NotationPanel

MEDIUM, NARROW, WIDE = (120, 40), (80, 24), (200, 60)
LESSONS = shipped_lessons()
BY_ID = {lesson.id: lesson for lesson in LESSONS}


def _app(lesson, tmp_path) -> BackpropApp:
    return BackpropApp(lesson=lesson, store=ProgressStore(tmp_path))


def _inside(inner: Region, outer: Region) -> bool:
    return inner.height > 0 and outer.contains_region(inner)


def _panel_text(panel: NotationPanel) -> str:
    """What the notation panel shows, its lines joined with their spaces squeezed."""
    return " ".join(" ".join(panel.render_line(y).text.split()) for y in range(panel.size.height))


def names_on_screen(app: BackpropApp, lesson) -> None:
    """Every layer's activation and the loss are on screen by name; at 120x40 the notation
    table shows beside the lesson (right of it, not instead of it), every row of it."""
    text = screen_text(app)
    net = lesson.network_file.network
    for name in (*net.activations, net.loss):
        assert name in text, (lesson.id, app.size, name)
    if app.size == MEDIUM:
        lesson_panel, table = app.query_one(LessonPanel), app.query_one(NotationPanel)
        assert table.display and table.region.height >= 15
        assert table.region.x >= lesson_panel.region.right  # beside it, not under it
        assert f"Notation · {lesson.notation}" in text
        for _key, generic, _meaning in notation.symbol_table(lesson.notation, net.depth):
            assert generic in text, (lesson.id, generic)


def all_in_view_after_a_wrong_answer(app: BackpropApp, where: str) -> None:
    """The prompt, the answer field, the feedback and the hint line (all that is under the
    field) in view, and the lesson panel with nothing to scroll."""
    panel = app.query_one(LessonPanel)
    assert app.tutor.lesson_view.feedback, where
    assert panel.scroll_y == 0 and panel.max_scroll_y == 0, where
    shown = [panel.query_one("#lesson-body"), panel.query_one("#lesson-after")]
    if app.tutor.session.exercise.kind != "navigate":
        shown.append(panel.query_one("#lesson-answer"))
    for widget in shown:
        assert _inside(widget.region, panel.content_region), (where, widget.id)


def prompt_and_field_in_view(app: BackpropApp, where: str) -> None:
    """The first line of the prompt and the whole answer field in view; no notice left."""
    panel = app.query_one(LessonPanel)
    body = panel.query_one("#lesson-body", Static)
    prompt_top = Region(body.region.x, body.region.y + 2, body.region.width, 1)
    assert _inside(prompt_top, panel.content_region), where
    if app.tutor.session.exercise.kind != "navigate":
        assert _inside(panel.query_one("#lesson-answer").region, panel.content_region), where
    assert not app._notifications, where


# make test: the lesson with the longest prompt; make test-all: every lesson
@pytest.mark.parametrize("lesson", lesson_params(LESSONS, ("derive-bp2",)))
async def test_every_exercise_reads_in_view_at_120x40_and_80x24(lesson, tmp_path):
    """One walk through the lesson, each exercise at both sizes: at 120x40 a wrong answer,
    then everything in view without scrolling (the longest prompts included); at 80x24 the
    right answer, the panel scrolled to the end of the explanation, then e: the next prompt
    and its answer field in view, the "Right!" notice gone. The names of the activations and
    the loss are checked at both sizes on the first exercise."""
    app = _app(lesson, tmp_path)
    async with app.run_test(size=MEDIUM) as pilot:
        await pilot.pause()
        panel = app.query_one(LessonPanel)
        field = app.query_one("#lesson-answer", Input)
        names_on_screen(app, lesson)
        for n, ex in enumerate(lesson.exercises):
            where = f"{lesson.id}/{ex.id}"
            if ex.kind == "navigate":
                await pilot.press("enter")  # where the exercise starts is not the target
            else:
                await pilot.press("a")
                field.insert_text_at_cursor("x" if ex.kind == "formula" else "999")
                await pilot.press("enter", "escape")
            await pilot.pause()
            all_in_view_after_a_wrong_answer(app, where)
            field.clear()
            await pilot.resize_terminal(*NARROW)
            if n == 0:
                names_on_screen(app, lesson)
            await solve(app, pilot)
            if n + 1 < len(lesson.exercises):
                panel.scroll_end(animate=False)
                await pilot.press("e")
                await pilot.pause()
                prompt_and_field_in_view(app, f"{lesson.id}: e after {ex.id}")
            await pilot.resize_terminal(*MEDIUM)


@pytest.mark.parametrize("lesson_id", ["activation-slopes", "derive-bp2"])
async def test_a_new_exercise_taller_than_the_panel_opens_on_its_prompt_and_field(lesson_id,
                                                                                  tmp_path):
    """At 80x20 (the smallest the tutor draws) many exercises are taller than the lesson
    panel: after e it shows the prompt from its top, scrolled only as far as the answer field
    needs, whatever the last exercise's explanation had scrolled to."""
    lesson = BY_ID[lesson_id]
    app = _app(lesson, tmp_path)
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        panel = app.query_one(LessonPanel)
        field = app.query_one("#lesson-answer", Input)
        tall = 0
        for ex in lesson.exercises[:-1]:
            await solve(app, pilot)
            panel.scroll_end(animate=False)
            await pilot.press("e")
            await pilot.pause()
            where = f"{lesson.id}: e after {ex.id}"
            if app.tutor.session.exercise.kind == "navigate":
                assert panel.scroll_y == 0, where
                continue
            def needed() -> int:
                return max(0, field.virtual_region_with_margin.bottom
                           - panel.scrollable_content_region.height)

            for _ in range(20):  # the scroll follows the new exercise's layout: let it settle
                if panel.scroll_y == needed():
                    break
                await pilot.pause()
            tall += needed() > 0
            assert panel.scroll_y == needed(), where
            assert _inside(field.region, panel.content_region), where
        assert tall  # the case this is about did come up


@pytest.mark.parametrize("size", [NARROW, MEDIUM, WIDE], ids=["80x24", "120x40", "200x60"])
async def test_notices_never_cover_the_answer_field(size, tmp_path):
    """A warning, a long error and a right answer's notice: each toast clear of the answer
    field (and of the whole lesson panel); on the next exercise they are gone."""
    lesson = BY_ID["output-weight"]
    app = _app(lesson, tmp_path)
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        field = app.query_one("#lesson-answer", Input)
        panel = app.query_one(LessonPanel)

        async def toasts() -> list[Region]:
            """Where each toast is drawn (its region as the toast rack clips it)."""
            await pilot.pause()
            drawn = [app.screen.find_widget(toast) for toast in app.screen.query(Toast)]
            regions = [g.region.intersection(g.clip) for g in drawn]
            assert any(region.height for region in regions)
            return regions

        for _ in range(3):
            await pilot.press("i")  # past the last hint: "No more hints"
        app.notify("Progress not saved: a long message that has to wrap onto a second line "
                   "in a toast at eighty columns", title="Progress", severity="error")
        await solve(app, pilot)
        for region in await toasts():
            assert not region.overlaps(field.region)
            assert not region.overlaps(panel.region)
        await pilot.press("e")
        await pilot.pause()
        assert not app._notifications and not app.screen.query(Toast)


async def test_a_skip_notice_is_shown_on_the_exercise_it_skipped_to(tmp_path):
    app = _app(BY_ID["output-weight"], tmp_path)
    async with app.run_test(size=NARROW, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert app.tutor.session.index == 1
        assert [n.message for n in app._notifications] == ["Skipped: r comes back to it."]


# ------------------------------------------------------------------ the notation's meanings
def _symbols(lesson) -> list[tuple[str, str, str]]:
    return notation.symbol_table(lesson.notation, lesson.network_file.network.depth)


@pytest.mark.parametrize("lesson_id", ["output-weight", "biases-and-delta", "four-equations"])
@pytest.mark.parametrize("size", [MEDIUM, NARROW], ids=["120x40", "80x24"])
async def test_every_notation_meaning_can_be_read_whole(lesson_id, size, tmp_path):
    """The table cuts long meanings at these sizes; the detail under it gives the step's
    highlighted row whole, and a click on any row gives that row's meaning whole."""
    lesson = BY_ID[lesson_id]
    app = _app(lesson, tmp_path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        if size == NARROW:
            app.tutor.panel = "notation"
        await pilot.pause()
        panel = app.query_one(NotationPanel)
        rows = _symbols(lesson)
        assert "…" in _panel_text(panel)  # some meaning is cut in the table itself
        hot = {"cost": "C", "z": "z_j", "a": "a_j"}.get(app.state.step.equation)
        if hot is not None:
            meaning = next(m for key, _, m in rows if key == hot)
            assert " ".join(meaning.split()) in _panel_text(panel)
        lines_per_row = 1 if panel.size.width >= 44 else 2
        for i, (_key, _generic, meaning) in enumerate(rows):
            await pilot.click(NotationPanel, offset=(2, 1 + i * lines_per_row))
            assert " ".join(meaning.split()) in _panel_text(panel), (size, meaning)
        assert panel.selected == rows[-1][0]
        await pilot.click(NotationPanel, offset=(2, 1 + (len(rows) - 1) * lines_per_row))
        assert panel.selected is None  # the same row again: the detail follows the step


@pytest.mark.parametrize("lesson_id", ["biases-and-delta", None])
async def test_with_room_enough_the_table_shows_every_meaning_whole(lesson_id, tmp_path):
    """At 200x60 the notation column (a lesson's, or the explorer's) is narrow but tall:
    each meaning is wrapped whole, none cut."""
    app = BackpropApp() if lesson_id is None else _app(BY_ID[lesson_id], tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        text = _panel_text(app.query_one(NotationPanel))
        for _key, _generic, meaning in _symbols_for(app):
            whole = " ".join(meaning.split())
            assert whole in text
            text = text.replace(whole, "")
        assert "…" not in text  # (once the meanings' own are taken out) nothing is cut


async def test_the_explorer_alone_keeps_its_layout_with_the_detail_under_the_table():
    """Outside lessons (120x40) the notation stays under the network, its detail giving the
    step's row whole."""
    app = BackpropApp()
    async with app.run_test(size=MEDIUM) as pilot:
        await pilot.press("end")  # BP1: the error δ is highlighted
        panel = app.query_one(NotationPanel)
        network = app.query_one("#network-panel")
        assert panel.region.y >= network.region.bottom and panel.region.x == network.region.x
        assert not app.query("#network-line")  # the given line comes with a lesson
        meaning = next(m for key, _, m in _symbols_for(app) if key == "δ")
        assert " ".join(meaning.split()) in _panel_text(panel)


def _symbols_for(app: BackpropApp) -> list[tuple[str, str, str]]:
    return notation.symbol_table(app.state.convention, app.state.trace.depth)


def test_a_meaning_wraps_at_spaces_within_its_width():
    text = "the weight from node k of layer l−1 into node j of layer l"
    lines = wrap(text, 20)
    assert " ".join(lines) == text and all(len(line) <= 20 for line in lines)
    assert wrap("", 10) == [""]

"""Issue 9 §3, keys do what the screen says in a lesson: Home/End labelled by their names, a
key the lesson holds back leaves the key bar and says why, hints rendered as Markdown, the
lesson list keeps its cursor, and "show me" after three wrong attempts (revealed, not
solved)."""

from __future__ import annotations

import io
import json
import re

import pytest
from helpers import record_notifications, shipped_lessons
from leak_scan import leaks, printed_numbers, screen_text
from markdown_it import MarkdownIt
from rich.console import Console
from textual.widgets import Input, OptionList

from backprop_tui.core.course.class_progress import student_rows
from backprop_tui.core.course.exercise import resolve
from backprop_tui.core.course.progress import FILE_NAME, ProgressStore
from backprop_tui.core.course.reveal import blocked_actions
from backprop_tui.core.course.show_me import SHOW_ME_AFTER, shown_answer
from backprop_tui.tui.app import BackpropApp
from backprop_tui.tui.commands import TutorCommands
from backprop_tui.tui.widgets.chain_panel import ChainPanel
from backprop_tui.tui.widgets.key_bar import KeyBar
from backprop_tui.tui.widgets.lesson_panel import LessonPanel

SIZE = (120, 40)
LESSONS = shipped_lessons()


def lesson(lesson_id: str):
    return next(le for le in LESSONS if le.id == lesson_id)


def shown(app, widget_type) -> str:
    w = app.query_one(widget_type)
    return "\n".join(w.render_line(y).text for y in range(w.size.height))


def after_text(app) -> str:
    """The lesson panel's verdict, hints and explanation as text, however far it scrolled."""
    console = Console(width=60, record=True, file=io.StringIO())
    console.print(app.query_one(LessonPanel).after(app.tutor.lesson_view))
    return " ".join(console.export_text().split())


# ------------------------------------------------------------------ 1. Home/End by name
async def test_home_and_end_are_labelled_by_their_names_in_the_key_bar_help_and_palette():
    app = BackpropApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        bar = shown(app, KeyBar)
        assert "home/end Phase" in bar and "⇤" not in bar and "⇥" not in bar
        await pilot.press("question_mark")
        await pilot.pause()
        help_text = screen_text(app)
        assert "home / f" in help_text and "end / d" in help_text
        assert "⇤" not in help_text and "⇥" not in help_text
        await pilot.press("escape")
        labels = [label for label, _, _ in TutorCommands(app.tutor)._commands()]
        assert "Start of the forward pass (home / f)" in labels
        assert "Start of the backward pass (end / d)" in labels
        assert not any("⇤" in label or "⇥" in label for label in labels)
        await pilot.press("end")  # the key the bar names does what the help says
        assert app.state.step_index == app.state.trace.first_backward()
        await pilot.press("home")
        assert app.state.step_index == 0


async def test_the_palette_names_the_users_keys_as_the_help_screen_does():
    """With [keys] step = "x,l" the help screen listed x / l for Next step and the palette
    still said → / l."""
    app = BackpropApp(keymap={"step": "x,l", "quit": "ctrl+q"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        labels = [label for label, _, _ in TutorCommands(app.tutor)._commands()]
        assert "Next step (x / l)" in labels and "Quit (^q)" in labels, labels
        assert not any(label.startswith("Next step (→") for label in labels)
        await pilot.press("question_mark")
        await pilot.pause()
        assert "x / l" in screen_text(app)


async def test_the_key_bar_grows_to_every_key_a_lesson_adds_at_80x24(tmp_path):
    """The lesson's keys arrive after the bar was first laid out: it takes the lines they need
    (it was cut at two, with a "more lines: pgdn" that pgdn doesn't scroll)."""
    app = BackpropApp(lesson=lesson("notation"), lessons=LESSONS, store=ProgressStore(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        bar = app.query_one(KeyBar)
        assert bar.size.height == len(bar.layout(bar.size.width)[1]) == 3
        assert "more lines" not in shown(app, KeyBar) and "q Quit" in shown(app, KeyBar)


# ------------------------------------------------------------------ 2. held-back keys
async def test_a_step_the_lesson_holds_back_leaves_the_key_bar_and_says_why(tmp_path):
    forward = lesson("forward-pass")  # exercise 1 asks for z²₁: the z step would show it
    app = BackpropApp(lesson=forward, store=ProgressStore(tmp_path))
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        bar = app.query_one(KeyBar)
        limit = app.state.limit
        assert limit is not None and limit < app.state.trace.first_backward()
        limit = max(limit, 0)  # −1: even the first step's numbers are held back
        assert bar.position_of("backward_start") is None  # End: not offered ...
        assert "End jumps there" not in shown(app, ChainPanel)  # ... nor promised
        said = " ".join(shown(app, ChainPanel).split())  # however the panel's width wraps it
        assert "the backward pass, which opens once" in said
        await pilot.press("end")
        assert app.state.step_index <= limit
        assert any("The backward pass would show the answer to exercise 1" in n for n in notes)
        while app.state.step_index < limit:
            await pilot.press("right")
        assert "home Phase" in shown(app, KeyBar) and "←→" not in shown(app, KeyBar)
        await pilot.press("right")
        assert app.state.step_index == limit
        assert any("The next step would show the answer to exercise 1" in n for n in notes)
        count = len(notes)
        await pilot.press("right")  # the same reason is not stacked while it is on screen
        assert len(notes) == count


async def test_paths_check_and_update_say_why_they_are_held_back(tmp_path):
    output = lesson("output-weight")
    app = BackpropApp(lesson=output, store=ProgressStore(tmp_path))
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        bar = app.query_one(KeyBar)
        for key, action, view in (("p", "paths", "The paths view"),
                                  ("g", "check", "The gradient check")):
            assert bar.position_of(action) is None
            await pilot.press(key)
            assert app.state.mode == "chain"
            assert any(n.startswith(f"{view} would show the answer to exercise 1") for n in notes)


async def test_outside_a_lesson_end_is_offered_and_promised():
    app = BackpropApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.query_one(KeyBar).position_of("backward_start") is not None
        assert "(End jumps there)" in shown(app, ChainPanel)


#: A lesson text that offers a view or key (the issue's case: lesson 9 exercise 6 offered the
#: gradient-check view, which its own answer keeps disabled).
OFFER = re.compile(r"(gradient.check|paths) view can|use the (gradient.check|paths) view|"
                   r"press `?[gpu]`?\b|\b[gpu]: ", re.IGNORECASE)


@pytest.mark.parametrize("le", LESSONS, ids=lambda le: le.id)
def test_no_exercise_offers_a_view_its_own_answer_keeps_disabled(le):
    for ex in le.exercises:
        blocked = blocked_actions(ex)
        if blocked & {"check", "paths", "update"}:
            for text in (ex.prompt, *ex.hints):
                assert not OFFER.search(text), f"{le.id}/{ex.id}: {text}"


# ------------------------------------------------------------------ 3. Markdown in hints
MARKDOWN = MarkdownIt("commonmark")


def stray_markup(source: str) -> list[str]:
    """What of ``source`` would render with a literal *, _ or backtick (code spans aside), and
    any block (list, heading) a one-paragraph text shouldn't turn into."""
    out = []
    for token in MARKDOWN.parse(source):
        if token.type == "inline":
            out += [c.content for c in token.children
                    if c.type == "text" and any(ch in c.content for ch in "*_`")]
        elif token.type not in ("paragraph_open", "paragraph_close"):
            out.append(f"a {token.type}")
    return out


@pytest.mark.parametrize("le", LESSONS, ids=lambda le: le.id)
def test_every_shipped_prompt_hint_option_and_explanation_renders_without_stray_markup(le):
    for ex in le.exercises:
        for text in (ex.prompt, ex.explanation or "", *ex.hints):
            assert not stray_markup(text), f"{le.id}/{ex.id}: {text}"
        for option in ex.options:  # shown as plain text: no markup at all
            assert not re.search(r"[*_`]", option), f"{le.id}/{ex.id}: {option}"


async def test_a_hint_is_rendered_as_markdown_not_with_its_stars(tmp_path):
    notation = lesson("notation")  # exercise 1's first hint: "... points *into* ..."
    assert "*into*" in notation.exercises[0].hints[0]
    app = BackpropApp(lesson=notation, store=ProgressStore(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        text = after_text(app)
        assert "it points into: here" in text and "*" not in text
        rendered = app.query_one(LessonPanel).after(app.tutor.lesson_view).renderables[0]
        start = rendered.plain.index("into")
        assert any(span.start <= start < span.end and span.style.italic
                   for span in rendered.spans)


# ------------------------------------------------------------------ 4. the list's cursor
async def test_the_lesson_list_comes_back_on_the_lesson_left_or_the_row_last_on(tmp_path):
    app = BackpropApp(lessons=LESSONS, store=ProgressStore(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "down", "enter")  # row 0 is Practice
        await pilot.pause()
        assert app.tutor.session.lesson.id == LESSONS[3].id
        await pilot.press("o")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert options.highlighted == 4  # the lesson left
        await pilot.press("down", "e")  # on to lesson 5's row, then explore
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert options.get_option_at_index(options.highlighted).id == LESSONS[4].id


# ------------------------------------------------------------------ 5. show me
async def wrong_answers(pilot, app, n: int) -> None:
    field = app.query_one("#lesson-answer", Input)
    value = app.tutor.session.resolved.value
    for _ in range(n):
        if not field.has_focus:
            await pilot.press("a")
        field.clear()
        field.insert_text_at_cursor(f"{value + abs(value) + 1:.6g}")
        await pilot.press("enter")
    await pilot.press("escape")
    await pilot.pause()


def answer_on_screen(app, value: float) -> bool:
    return any(leaks(number, value) for number in printed_numbers(screen_text(app)))


async def test_show_me_after_three_wrong_answers_reveals_only_that_answer(tmp_path):
    cost = lesson("cost")
    store = ProgressStore(tmp_path)
    app = BackpropApp(lesson=cost, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")  # exercise 2 computes a₀⁽ᴸ⁾
        session, bar = app.tutor.session, app.query_one(KeyBar)
        ex = session.exercise
        value = resolve(cost, ex).value
        later = resolve(cost, cost.exercises[2]).value  # exercise 3's cost, still unsolved
        await pilot.press("m")  # not offered yet: nothing happens
        assert not session.revealed and bar.position_of("show_me") is None
        await wrong_answers(pilot, app, SHOW_ME_AFTER - 1)
        assert bar.position_of("show_me") is None and "m: show me" not in after_text(app)
        await wrong_answers(pilot, app, 1)
        assert bar.position_of("show_me") is not None and "m: show me" in after_text(app)
        assert not answer_on_screen(app, value)  # offered, not yet shown
        await pilot.press("m")
        await pilot.pause()
        assert session.revealed and not session.solved
        assert f"The answer is {shown_answer(cost, ex)}" in after_text(app)
        assert "Why it works" in after_text(app)
        assert answer_on_screen(app, value) and not answer_on_screen(app, later)
        assert bar.position_of("show_me") is None
        # typing the answer it was shown does not make it solved
        await pilot.press("a")
        app.query_one("#lesson-answer", Input).insert_text_at_cursor(f"{value:.6g}")
        await pilot.press("enter")
        assert session.revealed and not session.solved
        assert session.progress.attempts == SHOW_ME_AFTER
        await pilot.press("escape")
        notes = record_notifications(app)
        await pilot.press("e")  # it moves on, without calling the exercise skipped
        assert session.index == 2 and not any("Skipped" in n for n in notes)
        console = Console(width=60, record=True, file=io.StringIO())
        console.print(app.query_one(LessonPanel).body(app.tutor.lesson_view))
        assert "○ ◐ ◉ ○ ○ ○" in console.export_text()  # its mark: revealed, not solved
    saved = json.loads((tmp_path / FILE_NAME).read_text())["lessons"]["cost"]["exercises"]
    assert saved[ex.id] == {"solved": False, "revealed": True, "attempts": 3, "hints": 2}
    again = ProgressStore(tmp_path)
    assert again.status("cost", len(cost.exercises)) == "0/6" and again.revealed("cost") == 1


async def test_the_lesson_list_and_the_class_export_count_a_revealed_exercise(tmp_path):
    cost = lesson("cost")
    store = ProgressStore(tmp_path)
    for ex in cost.exercises:
        store.lesson("cost").exercise(ex.id).solved = True
    store.lesson("cost").exercise("output-0").solved = False
    store.lesson("cost").exercise("output-0").revealed = True
    assert store.save() is None
    assert store.status("cost", len(cost.exercises)) == "5/6"  # not done by a reveal
    app = BackpropApp(lessons=LESSONS, store=ProgressStore(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "5/6" in screen_text(app) and "· 1 revealed" in screen_text(app)
    row = next(r for r in student_rows("ann", tmp_path, {}) if r.item == "cost")
    assert (row.solved, row.revealed) == (5, 1)


def test_revealed_round_trips_merges_and_old_files_still_load(tmp_path):
    old = {"version": 1, "lessons": {"cost": {"current": 1, "exercises": {
        "target": {"solved": True, "attempts": 1, "hints": 0}}}}}
    (tmp_path / FILE_NAME).write_text(json.dumps(old))
    a = ProgressStore(tmp_path)
    assert a.notice is None and not a.lesson("cost").exercise("target").revealed
    b = ProgressStore(tmp_path)
    a.lesson("cost").exercise("output-0").revealed = True
    assert a.save() is None
    b.lesson("cost").exercise("sample-cost").solved = True  # B knew nothing of A's reveal
    assert b.save() is None
    merged = json.loads((tmp_path / FILE_NAME).read_text())["lessons"]["cost"]["exercises"]
    assert merged["output-0"]["revealed"] is True and merged["sample-cost"]["solved"] is True
    assert "revealed" not in merged["target"]  # written only when true, as older files were
    assert b.lesson("cost").exercise("output-0").revealed  # B adopted A's reveal
    assert ProgressStore(tmp_path).revealed("cost") == 1


def test_a_bad_revealed_value_is_a_corrupt_file(tmp_path):
    bad = {"version": 1, "lessons": {"cost": {"current": 0, "exercises": {
        "target": {"solved": False, "attempts": 1, "hints": 0, "revealed": "yes"}}}}}
    (tmp_path / FILE_NAME).write_text(json.dumps(bad))
    store = ProgressStore(tmp_path)
    assert store.notice and "kept as" in store.notice and not store.lessons


@pytest.mark.parametrize("le", LESSONS, ids=lambda le: le.id)
def test_every_shown_answer_comes_from_the_core(le):
    for ex in le.exercises:
        if ex.kind == "numeric":
            assert shown_answer(le, ex) == shown_answer(le, ex, resolve(le, ex))
            assert leaks(shown_answer(le, ex).lstrip("−"), resolve(le, ex).value)
        elif ex.kind == "choice":
            assert ex.options[ex.correct] in shown_answer(le, ex)
        elif ex.kind == "formula":
            assert shown_answer(le, ex).endswith(f"typed {ex.formula}")


# ------------------------------------------------------------------ 6. reaching everything
async def test_at_80x24_page_keys_scroll_the_lesson_when_it_is_the_panel_shown(tmp_path):
    app = BackpropApp(lesson=lesson("output-weight"), store=ProgressStore(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await wrong_answers(pilot, app, SHOW_ME_AFTER)
        await pilot.press("m")  # the answer, both hints and the explanation: taller than 24
        await pilot.pause()
        panel = app.query_one(LessonPanel)
        assert app.tutor.panel == "lesson" and panel.max_scroll_y > 0
        panel.scroll_home(animate=False)
        await pilot.pause()
        await pilot.press("pagedown")
        await pilot.pause()
        assert panel.scroll_y > 0
        await pilot.press("pageup")
        await pilot.pause()
        assert panel.scroll_y == 0
        await pilot.press("t")  # the chain panel shown: the page keys are its again
        await pilot.press("pagedown")
        await pilot.pause()
        assert panel.scroll_y == 0

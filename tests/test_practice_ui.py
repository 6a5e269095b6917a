"""The practice screens in the app (Pilot): the map opens a skill and shows what was saved, the
lesson list's Practice entry opens the map, and no key shows the value of an unsolved step."""

from __future__ import annotations

import html
import re

from helpers import shipped_lessons
from textual.widgets import OptionList

from backprop_tui.core.course.practice.mastery import SkillMastery, load, save
from backprop_tui.core.course.progress import ProgressStore
from backprop_tui.core.formulas.notation import format_number
from backprop_tui.tui.app import BackpropApp
from backprop_tui.tui.netdraw import compact
from backprop_tui.tui.practice_app import PracticeApp
from backprop_tui.tui.screens.mastery_map import MasteryMap
from backprop_tui.tui.screens.practice_screen import PracticeScreen

SIZE = (120, 40)


def screen_text(app) -> str:
    """What the terminal shows, as plain text (the SVG's text runs, unescaped)."""
    svg = app.export_screenshot()
    runs = re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)
    return html.unescape(" ".join(re.sub(r"<[^>]+>", "", r) for r in runs)).replace("\xa0", " ")


async def test_the_map_opens_a_skill_and_shows_the_mastery_it_saved(tmp_path):
    store = ProgressStore(tmp_path)
    app = PracticeApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MasteryMap)
        options = app.screen.query_one(OptionList)
        index = next(i for i in range(options.option_count)
                     if options.get_option_at_index(i).id == "output-delta")
        options.highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PracticeScreen) and app.screen.skill == "output-delta"
        assert app.screen.session.done  # the first problem is fully worked
        await pilot.press("n")  # the next one leaves the last step (or, where a worked step
        await pilot.pause()     # would give it away, the steps it equals) to the learner
        session = app.screen.session
        assert session.blanks >= 1 and session.states[-1].status == "open"
        assert app.focused is not None
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MasteryMap)
        assert "practising" in screen_text(app)
    assert load(ProgressStore(tmp_path), "output-delta").blanks == 1


async def test_no_key_shows_the_value_of_an_unsolved_step(tmp_path):
    store = ProgressStore(tmp_path)
    save(store, SkillMastery("hidden-delta", attempts=4, blanks=3))
    app = PracticeApp(store, skill="hidden-delta", seed=7)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.session.problem
        secrets = {form for step in p.steps for form in (format_number(step.value), compact(step.value))
                   if len(form.strip("−0.")) >= 2}
        secrets -= {format_number(g.value) for g in p.shown} | {compact(g.value) for g in p.shown}
        first = screen_text(app)
        assert f"= {format_number(float(p.network.weights[0][0, 0]))}" in first  # the text is read
        assert secrets  # there is something to hide
        keys = ["ctrl+t", "ctrl+t", "ctrl+t", *"0.77", "enter", "ctrl+g", "f1", "escape",
                *"-3", "enter", "ctrl+t", "tab", "up", "down"]
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
            if isinstance(app.screen, PracticeScreen):
                unsolved = {s for i in range(app.screen.session.index, len(p.steps))
                            for s in (format_number(p.steps[i].value), compact(p.steps[i].value))}
                shown = screen_text(app)
                assert not [s for s in secrets & unsolved if s in shown], key


async def test_the_map_keeps_its_wrapped_rows_when_a_problem_is_closed(tmp_path):
    """At 80x24 the map's rows wrap and it scrolls; refilled on coming back from a problem, every
    row kept its second line (it lost it when the list was emptied and refilled)."""
    app = PracticeApp(ProgressStore(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        before = options.virtual_size.height
        assert before > options.option_count  # some rows wrap
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PracticeScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MasteryMap)
        assert options.virtual_size.height == before
        options.scroll_end(animate=False)
        await pilot.pause()
        assert "mastered" in screen_text(app)  # the exam row's wrapped end is on screen


async def test_the_lesson_lists_practice_entry_opens_the_map(tmp_path):
    app = BackpropApp(lessons=shipped_lessons()[:2], store=ProgressStore(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("home", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MasteryMap)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "LessonList"


def test_the_command_lines_open_the_screens_only_in_a_terminal(tmp_path, monkeypatch, capsys):
    from backprop_tui.tui.cli import main

    monkeypatch.setenv("BACKPROP_TUI_STATE_DIR", str(tmp_path))
    assert main(["practice", "--seed", "3"]) == 2
    assert "--seed needs --skill" in capsys.readouterr().err
    assert main(["practice", "--skill", "hidden-delta", "--seed", "3"]) == 2  # pytest's stdout
    assert "needs a terminal" in capsys.readouterr().err
    assert main(["exam", "--seed", "3"]) == 2
    assert "needs a terminal" in capsys.readouterr().err
    assert main(["practice", "--list"]) == 0 and "hidden-delta" in capsys.readouterr().out
    assert main(["exam", "--list"]) == 0 and "no exams taken yet" in capsys.readouterr().out


async def test_the_notation_skill_shows_its_options_and_takes_a_choice(tmp_path):
    """Its options were printed by `practice --print` but nowhere in the app."""
    store = ProgressStore(tmp_path)
    save(store, SkillMastery("notation", attempts=2, blanks=1))
    app = PracticeApp(store, skill="notation", seed=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.session.problem
        shown = screen_text(app)
        assert all(f"{i}. {option}" in shown for i, option in enumerate(p.options, start=1))
        assert "1 to 4" in app.screen.query_one("#practice-answer").placeholder
        await pilot.press(*str(int(p.answer)), "enter")
        await pilot.pause()
        assert app.screen.session.done and not app.screen.session.missed
    assert load(ProgressStore(tmp_path), "notation").run == 1


async def test_three_in_a_row_on_slope_one_layers_says_what_mastery_still_needs(tmp_path):
    store = ProgressStore(tmp_path)
    save(store, SkillMastery("output-delta", run=2, activations=("linear", "relu"), attempts=5,
                             blanks=3))
    app = PracticeApp(store, skill="output-delta", seed=1)  # a linear output layer
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.session.problem
        assert p.activation == "linear"
        for step in p.steps:
            await pilot.press(*format_number(step.value).replace("−", "-"), "enter")
            await pilot.pause()
        assert app.screen.session.done and not app.screen.session.missed
        steps = app.screen.query_one("#practice-steps")  # its words, whatever the wrapping
        shown = " ".join(" ".join(steps.render_line(y).text for y in range(steps.size.height)).split())
        assert "3 in a row; to master it, one" in shown and "sigmoid, tanh or softmax" in shown
    assert not load(ProgressStore(tmp_path), "output-delta").mastered


async def test_the_done_text_counts_the_steps_the_next_problem_really_leaves(tmp_path):
    """How many steps fade depends on a problem's values (a worked δ equal to a blank ∂C/∂b is
    left blank too): the count was taken from the problem just done (a sigmoid, 2 steps), while
    the next one (a ReLU output, where ∂C/∂a = δ = ∂C/∂b) left 4."""
    store = ProgressStore(tmp_path)
    save(store, SkillMastery("bias-gradient", blanks=1))
    app = PracticeApp(store, skill="bias-gradient", seed=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        s = app.screen.session
        for step in s.problem.steps[s.index:]:
            await pilot.press(*format_number(step.value).replace("−", "-"), "enter")
            await pilot.pause()
        assert s.done and not s.missed
        said = re.search(r"The next problem leaves (\d+) of its steps to you", app.screen.done_text())
        steps = app.screen.query_one("#practice-steps")  # its words, whatever the wrapping
        shown = " ".join(" ".join(steps.render_line(y).text for y in range(steps.size.height)).split())
        assert said and said.group(0) in shown  # the done text is on screen
        await pilot.press("n")
        await pilot.pause()
        nxt = app.screen.session
        assert nxt.problem is not s.problem and nxt.problem.activation == "relu"
        assert int(said.group(1)) == nxt.steps - nxt.index == 4


async def test_the_network_caption_names_the_loss_whole_on_a_deep_network(tmp_path):
    """hidden-delta seed 1 (sigmoid, tanh, softmax, cross-entropy): the caption under the drawing
    ended "loss cross-entro" at 120x40."""
    app = PracticeApp(ProgressStore(tmp_path), skill="hidden-delta", seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.session.problem.network.loss == "cross-entropy"
        network = app.screen.query_one("#practice-network")
        caption = [line.text for line in network.render_lines(network.region.reset_offset)
                   if "softmax" in line.text]
        assert caption and "cross-entropy" in caption[0], caption

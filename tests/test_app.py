"""Pilot tests of the tutor app: stepping, focus, every key, the mouse, resizing."""

from __future__ import annotations

import os

import numpy as np
import pytest
from helpers import record_notifications, settle, shipped_lessons, target_offset
from textual.actions import parse
from textual.binding import Binding
from textual.command import CommandList

from backprop_tui.core.formulas.notation import format_number
from backprop_tui.core.math.network import Network
from backprop_tui.tui.app import BackpropApp
from backprop_tui.tui.keys import BINDINGS, TITLES
from backprop_tui.tui.screens.help_screen import HelpScreen, key_names
from backprop_tui.tui.widgets.chain_panel import ChainPanel
from backprop_tui.tui.widgets.key_bar import KeyBar
from backprop_tui.tui.widgets.network_view import NetworkView
from backprop_tui.tui.widgets.notation_panel import NotationPanel
from backprop_tui.tui.widgets.status_bar import StatusBar
from backprop_tui.tui.widgets.tab_bar import TabBar

SIZE = (120, 40)


def shown(app, widget_type) -> str:
    w = app.query_one(widget_type)
    return "\n".join(w.render_line(y).text for y in range(w.size.height))


def screen_text(app) -> dict[str, str]:
    return {t.__name__: shown(app, t) for t in (NetworkView, ChainPanel, NotationPanel, StatusBar)}


def in_range(app) -> bool:
    f, sizes = app.state.focus, app.state.sizes
    return (1 <= f.layer < len(sizes) and 0 <= f.node < sizes[f.layer]
            and 0 <= f.source < sizes[f.layer - 1])


def wider_app(**kwargs) -> BackpropApp:
    net = Network.from_sizes([3, 5, 4, 2], seed=1)
    rng = np.random.default_rng(1)
    return BackpropApp(net, [(rng.random(3), rng.random(2))], **kwargs)


async def test_no_arguments_opens_the_example():
    app = BackpropApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.state.network.sizes == (4, 2, 2, 1)
        assert "∂" in shown(app, ChainPanel)
        assert "Forward · layer L−2 · z" in shown(app, StatusBar)


async def test_stepping_to_the_end_and_back_retraces_exactly():
    app = BackpropApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        n = len(app.state.trace.steps)
        seen = [screen_text(app)]
        for _ in range(n - 1):
            await pilot.press("right")
            await pilot.pause()
            seen.append(screen_text(app))
        assert app.state.step_index == n - 1
        await pilot.press("right")
        await pilot.pause()
        assert app.state.step_index == n - 1 and screen_text(app) == seen[-1]
        for i in range(n - 2, -1, -1):
            await pilot.press("left")
            await pilot.pause()
            assert app.state.step_index == i
            assert screen_text(app) == seen[i], f"step {i} differs on the way back"
    assert all(a != b for a, b in zip(seen, seen[1:], strict=False)), "a step changed nothing"


FOCUS_KEYS = ["down"] * 7 + ["right_square_bracket"] * 7 + ["up"] * 7 + [
    "left_square_bracket"] * 7 + ["b", "down", "b"]


@pytest.mark.parametrize("presses", range(4))
async def test_focus_stays_in_range_on_every_layer(presses):
    """Every focus key, pressed past both ends, on the layer that ``presses`` presses of >
    reach from the start: layers 1, 2 and 3 of the 3-5-4-2 network, then > once more past the
    last (one app each, so the cases run in parallel)."""
    app = wider_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("home", *["greater_than_sign"] * presses)
        assert in_range(app) and app.state.focus.layer == min(1 + presses, 3)
        for key in FOCUS_KEYS:
            await pilot.press(key)
            assert in_range(app), (presses, key, app.state.focus)


async def test_focus_stays_in_range_while_stepping_backward():
    app = wider_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("end")
        for _ in range(len(app.state.trace.steps)):
            await pilot.press("down", "right_square_bracket", "right")
            assert in_range(app)
        await pilot.pause()
        assert in_range(app)


async def test_a_large_layer_is_elided_with_a_count():
    net = Network.from_sizes([784, 30, 10], seed=0)
    app = BackpropApp(net, [(np.linspace(0, 1, 784), np.eye(10)[3])])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "… 776 more" in shown(app, NetworkView)
        for _ in range(40):
            await pilot.press("right_square_bracket")
        await pilot.pause()
        assert app.state.focus.source == 40
        text = shown(app, NetworkView)
        assert "more" in text and in_range(app)


# ------------------------------------------------------------------ every key does what help says
def _mid_app() -> BackpropApp:
    return wider_app()


#: The tutor screen's actions that move its state, with the transition of tui.state each makes.
TRANSITIONS = {"step": "step_by", "forward_start": "forward_start",
               "backward_start": "backward_start", "move_node": "move_node",
               "move_source": "move_source", "move_layer": "move_layer",
               "toggle_kind": "toggle_kind", "focus_node": "focus_node",
               "next_convention": "next_convention", "paths": "toggle_mode", "check": "toggle_mode"}


def _expect(action: str, before, app, tmp_path, notes: list[str]) -> None:
    """The effect the help screen promises for ``action``; ``before`` is the state before."""
    s, f0 = app.state, before.focus
    _, action_name, params = parse(action)
    if action_name in TRANSITIONS:
        name = TRANSITIONS[action_name]
        args = (action_name,) if name == "toggle_mode" else params
        want = getattr(before, name)(*args)
        assert (s.step_index, s.focus, s.convention, s.mode) == (
            want.step_index, want.focus, want.convention, want.mode)
        expected = {
            "step_by": lambda: s.step_index == before.step_index + args[0],
            "forward_start": lambda: s.step_index == 0,
            "backward_start": lambda: s.step.equation == "BP1",
            "move_node": lambda: s.focus.node == f0.node + args[0],
            "move_source": lambda: s.focus.source == f0.source + args[0],
            "move_layer": lambda: s.focus.layer == f0.layer + args[0],
            "toggle_kind": lambda: s.focus.kind != f0.kind,
            "focus_node": lambda: s.focus.kind == "node" and s.focus.node == f0.node,
            "next_convention": lambda: s.convention != before.convention,
            "toggle_mode": lambda: s.mode == args[0],
        }[name]
        assert expected(), action
    elif action == "update":
        assert s.last_update is not None and s.last_update.after < s.last_update.before
        assert "after an update" in shown(app, StatusBar)
        assert any("→" in message for message in notes)
    elif action == "copy_latex":
        assert app.clipboard.startswith("\\") or "=" in app.clipboard
        assert "\\" in app.clipboard
    elif action == "screenshot":
        assert list(tmp_path.glob("*.svg"))
    elif action.startswith("scroll_chain"):
        pass  # checked by test_page_keys_scroll_the_chain_panel
    elif action == "help":
        assert isinstance(app.screen, HelpScreen)
    elif action == "app.quit":
        assert app.return_code is not None or not app.is_running
    else:
        raise AssertionError(f"no expectation for {action}")


CASES = [(b.action, key.strip()) for b in BINDINGS for key in b.key.split(",")]


@pytest.mark.parametrize(("action", "key"), CASES, ids=[f"{a}-{k}" for a, k in CASES])
async def test_every_binding_does_what_help_says(action, key, tmp_path, monkeypatch):
    monkeypatch.setenv("BACKPROP_TUI_SCREENSHOT_DIR", str(tmp_path))
    if action.split("(")[0] in LESSON_KEYS:
        await _lesson_key(action, key, tmp_path)
        return
    app = _mid_app()
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        # somewhere every move can move: mid-trace, focus on node 1 of layer 2, weight from 1
        tutor = app.tutor
        tutor.apply(app.state.go_to(4).with_focus(app.state.focus.at_layer(2, app.state.sizes)))
        tutor.apply(app.state.move_node(1).move_source(1))
        await pilot.pause()
        before = app.state
        await pilot.press(key)
        await pilot.pause()
        if action == "next_panel":  # only on a narrow terminal
            assert tutor.panel == "chain"
            return
        _expect(action, before, app, tmp_path, notes)


async def test_next_panel_cycles_the_tabs_when_narrow():
    app = BackpropApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        tutor = app.tutor
        assert tutor.panel == "chain" and tutor.query_one("#chain-panel").display
        assert not tutor.query_one("#network-panel").display
        await pilot.press("t")
        await pilot.pause()
        assert tutor.panel == "network" and tutor.query_one(TabBar).active == "network"
        assert tutor.query_one("#network-panel").display
        await pilot.press("t", "t")
        await pilot.pause()
        assert tutor.panel == "chain"


async def test_help_lists_every_binding_and_closes():
    app = BackpropApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = app.screen.query_one("#help-keys")
        text = " ".join(keys.render_line(y).text.strip() for y in range(keys.size.height))
        text = " ".join(text.split())
        for b in BINDINGS:
            assert TITLES[b.action] in text
            assert " ".join(b.tooltip.split()[:3]) in text
            assert key_names(app, b) in text
        await pilot.press("right")  # keys are the help screen's while it is open
        assert app.state.step_index == 0
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_page_keys_scroll_the_chain_panel():
    app = BackpropApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("end", *["right"] * 6)
        await pilot.pause()
        chain = app.query_one(ChainPanel)
        assert chain.max_top_row > 0 and "more lines" in shown(app, ChainPanel)
        await pilot.press("pagedown")
        await pilot.pause()
        assert chain.top_row > 0
        await pilot.press("pageup")
        await pilot.pause()
        assert chain.top_row == 0
        await pilot.press("pagedown", "right")  # a new step starts at its top
        await pilot.pause()
        assert chain.top_row == 0


async def test_command_palette_runs_an_action():
    app = BackpropApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"next notation")
        found = app.screen.query_one(CommandList)  # the palette searches in a worker
        assert await settle(pilot, lambda: found.highlighted is not None
                            and "notation" in str(found.highlighted_option.prompt).lower())
        await pilot.press("enter")
        await pilot.pause()
        assert app.state.convention == "nielsen"


# ------------------------------------------------------------------ mouse, resize, files
async def test_clicking_a_node_or_an_edge_focuses_it():
    app = BackpropApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = app.query_one(NetworkView)
        await pilot.click(NetworkView, offset=target_offset(view, ("node", 2, 1)))
        await pilot.pause()
        f = app.state.focus
        assert (f.layer, f.node, f.kind) == (2, 1, "node")  # the node itself
        await pilot.click(NetworkView, offset=target_offset(view, ("edge", 3, 0, 1)))
        await pilot.pause()
        f = app.state.focus
        assert (f.layer, f.node, f.source, f.kind) == (3, 0, 1, "w")
        await pilot.click(NetworkView, offset=target_offset(view, ("node", 0, 3)))  # an input node
        await pilot.pause()
        f = app.state.focus
        assert (f.layer, f.node, f.kind) == (0, 3, "node")


async def test_clicking_a_key_in_the_footer_runs_it():
    app = BackpropApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        bar = app.query_one(KeyBar)
        x, y = bar.position_of("next_convention")
        await pilot.click(KeyBar, offset=(x + bar.content_offset.x, y + bar.content_offset.y))
        await pilot.pause()
        assert app.state.convention == "nielsen"
        text = shown(app, KeyBar)
        for b in BINDINGS:  # every shown key is in the footer (t only when narrow)
            if b.show and b.action != "next_panel" and b.action.split("(")[0] not in LESSON_KEYS:
                label = b.group.description if b.group else b.description
                first = b.key.split(",")[0]
                key = b.key_display or app.get_key_display(Binding(first, b.action))
                assert label in text and key in text, b


async def test_the_key_bar_follows_the_screens_bindings(tmp_path):
    """The bar lists what screen.active_bindings allows now, as Textual's Footer does: t only
    while narrow, p and g only once every exercise that they would answer is solved (here the
    later ones already are), and only esc while the answer field has the keys."""
    from backprop_tui.core.course.progress import ProgressStore

    lesson = next(le for le in shipped_lessons() if le.id == "output-weight")
    store = ProgressStore(tmp_path)
    for ex in lesson.exercises[1:]:
        store.lesson(lesson.id).exercise(ex.id).solved = True
    app = BackpropApp(lesson=lesson, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        bar = app.query_one(KeyBar)
        assert bar.position_of("next_panel") is not None
        assert bar.position_of("paths") is None and bar.position_of("check") is None
        await pilot.press("a")
        assert [b.action for b, _ in bar.shown()] == ["leave_answer"]
        assert "esc Leave answer" in shown(app, KeyBar)
        app.query_one("#lesson-answer").insert_text_at_cursor(
            f"{app.tutor.session.resolved.value:.6g}")
        await pilot.press("enter")
        await pilot.pause()
        assert app.tutor.session.solved and app.focused is None
        assert bar.position_of("paths") is not None and bar.position_of("check") is not None
        await pilot.resize_terminal(*SIZE)
        assert await settle(pilot, lambda: bar.position_of("next_panel") is None)
        assert bar.position_of("paths") is not None


async def test_too_small_shows_a_message_and_resizing_relays_out():
    app = BackpropApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tutor = app.tutor  # its breakpoints give it the class of the layout
        panels = app.query_one("#panels")
        assert panels.display and not app.query_one("#too-small").display
        assert tutor.has_class("-medium")
        await pilot.resize_terminal(50, 15)
        await pilot.pause()
        assert app.query_one("#too-small").display and not panels.display
        assert "50×15" in str(app.query_one("#too-small").render())
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert tutor.has_class("-narrow") and panels.display and app.query_one(TabBar).display
        await pilot.resize_terminal(200, 60)
        await pilot.pause()
        assert tutor.has_class("-wide") and not app.query_one(TabBar).display
        assert all(app.query_one(f"#{p}-panel").display for p in ("network", "chain", "notation"))
        assert all(app.query_one(f"#{p}-panel").region.height > 30
                   for p in ("network", "chain", "notation"))
        await pilot.resize_terminal(120, 15)  # wide enough, too short
        await pilot.pause()
        assert app.query_one("#too-small").display and not panels.display
        assert "120×15" in str(app.query_one("#too-small").render())


async def test_an_update_on_several_samples_shows_sample_0_before_and_after():
    """The status bar's C₀ is sample 0's, so its "was" is sample 0's cost too, not the mean the
    update lowers (the notice names that one)."""
    net = Network.from_sizes([2, 3, 1], seed=2)
    samples = [(np.array([0.1, 0.9]), np.array([1.0])), (np.array([0.8, 0.2]), np.array([0.0]))]
    app = BackpropApp(net, samples)
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("end", "u")
        change = app.state.last_update
        text = shown(app, StatusBar)
        assert f"was {format_number(change.shown_before)}" in text
        assert format_number(change.shown_before) != format_number(change.before)
        assert f"= {format_number(app.state.trace.loss)}" in text
        assert any("mean cost over the 2 samples" in message for message in notes)


async def test_from_file_and_network_file(tmp_path):
    path = tmp_path / "net.toml"
    path.write_text('[network]\nsizes = [2, 3, 1]\nactivations = ["tanh", "sigmoid"]\n'
                    'loss = "half-sse"\nseed = 4\n[[samples]]\nx = [0.5, -0.5]\ny = [0.25]\n')
    app = BackpropApp.from_file(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.state.network.sizes == (2, 3, 1)
        assert "2-3-1" in app.sub_title and "net.toml" in app.title


@pytest.mark.parametrize("where", ["missing folder", "a file", "read-only cwd"])
async def test_a_screenshot_that_cannot_be_saved_is_a_notice_not_a_crash(where, tmp_path,
                                                                         monkeypatch):
    if where == "missing folder":
        monkeypatch.setenv("BACKPROP_TUI_SCREENSHOT_DIR", str(tmp_path / "no" / "such"))
    elif where == "a file":
        (tmp_path / "a-file").write_text("")
        monkeypatch.setenv("BACKPROP_TUI_SCREENSHOT_DIR", str(tmp_path / "a-file"))
    else:  # no variable: the current directory, read-only
        monkeypatch.delenv("BACKPROP_TUI_SCREENSHOT_DIR", raising=False)
        read_only = tmp_path / "read-only"
        read_only.mkdir()
        read_only.chmod(0o500)
        monkeypatch.chdir(read_only)
        if os.geteuid() == 0:  # root writes through the mode bits: refuse as the kernel would
            def refuse(self, filename=None, path=None, time_format=None):
                raise PermissionError(13, "Permission denied", os.path.join(path, filename))

            monkeypatch.setattr(BackpropApp, "save_screenshot", refuse)
    app = BackpropApp()
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert app.is_running
        assert any(message.startswith("Could not save backprop-tui-step01") for message in notes)
        await pilot.press("right")  # the tutor still answers its keys
        assert app.state.step_index == 1
    assert not list(tmp_path.rglob("*.svg"))


async def test_quit():
    app = BackpropApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


# ------------------------------------------------------------------ the lesson keys
LESSON_KEYS = {"answer", "hint", "show_me", "check_focus", "exercise", "lesson_list",
               "leave_answer"}


async def _lesson_key(action: str, key: str, tmp_path) -> None:
    """A lesson key does what the help says in a lesson, and nothing outside one."""
    from textual.widgets import Input

    from backprop_tui.core.course.progress import ProgressStore

    plain = BackpropApp()
    async with plain.run_test(size=SIZE):
        if action != "leave_answer":
            assert plain.tutor.check_action(action.split("(")[0], ()) is False
    lessons = shipped_lessons()
    notation = next(le for le in lessons if le.id == "notation")  # starts with a navigate exercise
    app = BackpropApp(lesson=notation, lessons=lessons, store=ProgressStore(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        tutor = app.tutor
        session = tutor.session
        if action == "answer":
            session.go(2)  # a choice exercise
            tutor.enter_exercise()
            await pilot.press(key)
            assert app.query_one("#lesson-answer", Input).has_focus
        elif action == "leave_answer":
            session.go(2)
            tutor.enter_exercise()
            await pilot.press("a")
            await pilot.press(key)
            assert app.focused is None
        elif action == "hint":
            await pilot.press(key)
            assert tutor.lesson_view.hints == session.exercise.hints[:1]
        elif action == "show_me":  # only after three wrong answers (tests/test_lesson_keys.py)
            session.go(2)  # a choice exercise
            tutor.enter_exercise()
            await pilot.press(key)
            assert not session.revealed
            wrong = str((session.exercise.correct + 1) % len(session.exercise.options) + 1)
            for _ in range(3):
                session.submit(wrong)
            tutor.show_session()
            await pilot.press(key)
            assert session.revealed and not session.solved
            assert session.exercise.options[session.exercise.correct] in tutor.lesson_view.feedback
        elif action == "check_focus":
            await pilot.press(key)
            assert tutor.lesson_view.feedback is not None
        elif action == "exercise(1)":
            await pilot.press(key)
            assert session.index == 1
        elif action == "exercise(-1)":
            await pilot.press("e")
            await pilot.press(key)
            assert session.index == 0
        elif action == "lesson_list":
            await pilot.press(key)
            await pilot.pause()
            assert app.screen.__class__.__name__ == "LessonList"


async def test_the_help_scrolls_from_the_keyboard_to_its_last_key_at_80x24():
    """Issue 9 §3: nothing in help is out of reach at 80x24 (↓, PgDn, End scroll it)."""
    from textual.containers import VerticalScroll

    app = BackpropApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        box = app.screen.query_one(VerticalScroll)
        assert box.max_scroll_y > 0 and box.scroll_y == 0
        await pilot.press("down")
        await pilot.pause()
        assert box.scroll_y == 1
        await pilot.press("pagedown")
        await pilot.pause()
        assert box.scroll_y > 1
        await pilot.press("end")
        await pilot.pause()
        assert box.scroll_y == box.max_scroll_y
        await pilot.press("home")
        await pilot.pause()
        assert box.scroll_y == 0


def test_the_network_view_writes_a_small_value_readably_not_as_zero():
    """Issue 9 §2: lesson 10's δ of 3×10⁻⁴ is the point of the lesson, not 0.000."""
    from backprop_tui.tui.netdraw import compact

    assert compact(3.03e-4) == "3×10⁻⁴" and compact(1e-9) == "1×10⁻⁹"
    assert compact(-3.03e-4) == "−3e−04"  # the same, in six cells
    assert compact(0.0) == "0.000" and compact(0.525) == "0.525"

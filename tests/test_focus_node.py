"""A node can be focused, not only a weight or a bias (issue 9, section 2): by ``v``, by a
click, from a lesson's ``navigate`` target; the network view, its focus line and the chain panel
say what is focused; a right navigate answer leaves the focus where the learner put it."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import shipped_lessons, target_offset

from backprop_tui.core.course.lesson import LessonError, parse_lesson
from backprop_tui.core.course.progress import ProgressStore
from backprop_tui.core.formulas.notation import format_number
from backprop_tui.core.math.network import Network
from backprop_tui.tui.app import BackpropApp
from backprop_tui.tui.chain_text import ChainText
from backprop_tui.tui.focus import Focus
from backprop_tui.tui.state import TutorState
from backprop_tui.tui.widgets.chain_panel import ChainPanel
from backprop_tui.tui.widgets.network_view import NetworkView

SIZE = (120, 40)
SIZES = (3, 5, 4, 2)
LESSONS = {lesson.id: lesson for lesson in shipped_lessons()}


def text_of(widget) -> str:
    return "\n".join(strip.text for strip in widget.render_lines(widget.content_region.reset_offset))


def drawn(view: NetworkView, target: tuple) -> list[tuple[int, int]]:
    return [cell for cell, hit in view.drawing.targets.items() if hit == target]


# ------------------------------------------------------------------ the focus itself
def test_v_focuses_the_node_and_the_other_keys_leave_it():
    f = Focus(2, 3, 1, "w")
    node = f.as_node()
    assert node == Focus(2, 3, 1, "node") and node.is_node
    assert node.move_source(1, SIZES) == Focus(2, 3, 2, "w")  # ] : back to a weight of it
    assert node.toggled() == Focus(2, 3, 1, "b")  # b : its bias
    assert node.move_node(-1, SIZES) == Focus(2, 2, 1, "node")  # ↑↓ keep it a node
    # < walks a node down to the input layer, which a weight or bias never reaches
    assert node.move_layer(-2, SIZES) == Focus(0, 2, 1, "node")
    assert f.move_layer(-2, SIZES) == Focus(1, 3, 1, "w")
    assert Focus(0, 2, 0, "node").move_source(1, SIZES) == Focus(1, 0, 2, "w")  # the weight leaving it
    assert Focus(0, 2, 0, "node").toggled() == Focus(0, 2, 0, "node")  # an input has no bias


def test_a_focused_node_has_no_chain_rule_nor_gradient_check():
    net = Network.from_sizes(list(SIZES), seed=1)
    state = TutorState.start(net, [(np.ones(3), np.zeros(2))]).focus_node()
    assert state.focus.is_node and state.expansion is None and state.gradcheck is None
    assert state.toggle_mode("check").shown()["check"] is None


async def test_v_focuses_a_node_that_the_screen_names_and_highlights():
    app = BackpropApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("end", "up", "v")  # the backward pass, output node 0, the node itself
        await pilot.pause()
        f = app.state.focus
        assert (f.layer, f.node, f.kind) == (3, 0, "node")
        view = app.query_one(NetworkView)
        caption = view.caption()
        t = app.state.trace
        a, delta = t.a(3)[0], t.delta(3)[0]
        assert caption.startswith(f"a₀⁽ᴸ⁾ = {format_number(float(a))}")
        assert f"∂C₀/∂z₀⁽ᴸ⁾ = {format_number(float(delta))}" in caption  # its δ, after BP1
        assert caption in text_of(view)
        x, y = drawn(view, ("node", 3, 0))[0]
        row = "".join(text for text, _ in view.drawing.rows[y])
        assert "◀" in row or "▶" in row  # the focused node is marked, not only reversed
        chain = text_of(app.query_one(ChainPanel))
        assert "The node a₀⁽ᴸ⁾" in chain and "Chain rule for" not in chain
        assert "its error, from the backward pass" in chain
        await pilot.press("right_square_bracket")  # back to a weight
        await pilot.pause()
        assert app.state.focus.kind == "w" and "Chain rule for w₀" in text_of(app.query_one(ChainPanel))


async def test_a_node_shows_no_number_before_the_step_that_computes_it():
    app = BackpropApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("home", "greater_than_sign", "greater_than_sign", "v")
        await pilot.pause()
        assert app.state.focus == Focus(3, 0, 0, "node")
        assert app.query_one(NetworkView).caption().startswith("a₀⁽ᴸ⁾ = ?")
        lines = ChainText(app.state.step, app.state.focus, "deeplizard", "chain", None,
                          None).lines(60)
        assert not any(style is not None and style.bold and text[:1].isdigit()
                       for line in lines[lines.index([]):] for text, style in line)


async def test_clicking_a_node_focuses_the_node_itself():
    app = BackpropApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = app.query_one(NetworkView)
        await pilot.click(NetworkView, offset=target_offset(view, ("node", 1, 1)))
        await pilot.pause()
        assert app.state.focus == Focus(1, 1, 0, "node")
        assert view.caption().startswith("a₁⁽ᴸ⁻²⁾ = ")
        await pilot.click(NetworkView, offset=target_offset(view, ("node", 0, 2)))  # an input
        await pilot.pause()
        assert app.state.focus == Focus(0, 2, 0, "node")
        assert view.caption().startswith("a₂⁽ᴸ⁻³⁾ = 0.15")  # the input, given
        assert "an input node" in text_of(app.query_one(ChainPanel))


# ------------------------------------------------------------------ navigate to a node
def _to_node_exercise(app) -> None:
    session = app.tutor.session
    session.go(next(i for i, ex in enumerate(session.lesson.exercises) if ex.id == "node-a1"))
    app.tutor.enter_exercise()


async def test_the_navigate_exercise_to_a_node_is_answered_by_focusing_the_node(tmp_path):
    lesson = LESSONS["notation"]
    ex = next(e for e in lesson.exercises if e.id == "node-a1")
    assert (ex.target.layer, ex.target.node, ex.target.kind) == (1, 1, "node")
    app = BackpropApp(lesson=lesson, store=ProgressStore(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        _to_node_exercise(app)
        await pilot.pause()
        # a weight into the node is not the node
        app.tutor.apply(app.state.with_focus(Focus(1, 1, 0, "w")))
        await pilot.press("enter")
        assert not app.tutor.session.solved
        await pilot.press("v", "enter")
        assert app.tutor.session.solved
        assert app.state.focus == Focus(1, 1, 0, "node")


async def test_a_click_on_the_node_answers_it_too(tmp_path):
    app = BackpropApp(lesson=LESSONS["notation"], store=ProgressStore(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        _to_node_exercise(app)
        await pilot.pause()
        app.tutor.panel = "network"
        view = app.query_one(NetworkView)
        await pilot.click(NetworkView, offset=target_offset(view, ("node", 1, 1)))
        await pilot.press("enter")
        assert app.tutor.session.solved
        assert "a₁⁽ᴸ⁻¹⁾ = " in view.caption()


async def test_after_a_right_navigate_answer_the_focus_stays_where_the_learner_put_it(tmp_path):
    app = BackpropApp(lesson=LESSONS["notation"], store=ProgressStore(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # find-w12: the weight from node 2 of L−1 into node 1 of L, by keys
        await pilot.press("greater_than_sign", "down", *["right_square_bracket"] * 2, "enter")
        assert app.tutor.session.solved and app.state.focus == Focus(2, 1, 2, "w")
        await pilot.press("e")  # read-w01 opens where the learner is
        assert app.state.focus == Focus(2, 1, 2, "w")
        await pilot.press("up", "left_square_bracket", "enter")
        assert app.tutor.session.solved and app.state.focus == Focus(2, 0, 1, "w")
        await pilot.press("e")  # which-k: a choice that names no weight keeps it too
        assert app.tutor.session.exercise.id == "which-k"
        assert app.state.focus == Focus(2, 0, 1, "w")
        assert app.query_one(NetworkView).caption().startswith("w₀₁⁽ᴸ⁾ = ")


# ------------------------------------------------------------------ check refuses a bad target
NAVIGATE = """
id = "t"
title = "T"
summary = "s"
source = "000"
notation = "deeplizard"
[network]
sizes = [2, 2, 1]
activations = ["sigmoid", "linear"]
loss = "sse"
[[network.layers]]
weights = [[0.1, 0.2], [0.3, 0.4]]
biases = [0.0, 0.0]
[[network.layers]]
weights = [[0.5, 0.6]]
bias = false
[[samples]]
x = [1.0, 0.5]
y = [1.0]
[[exercises]]
id = "go"
kind = "navigate"
prompt = "Go."
hints = ["h"]
explanation = "e"
"""


def test_a_node_target_is_read_and_a_good_one_passes():
    lesson = parse_lesson(NAVIGATE + 'target = { layer = "L-1", node = 1, kind = "node" }\n'
                          'focus = { layer = "L", node = 0, kind = "w" }\n')
    t = lesson.exercises[0].target
    assert (t.layer, t.node, t.source, t.kind) == (1, 1, None, "node")
    assert parse_lesson(NAVIGATE + 'target = { layer = 0, node = 1, kind = "node" }\n')


@pytest.mark.parametrize(("target", "words"), [
    ('{ layer = "L-1", node = 1, source = 0, kind = "node" }', "a node has no source"),
    ('{ layer = "L-1", kind = "node" }', "a node target needs its layer and node"),
    ('{ layer = 0, node = 1, kind = "w" }', "the input layer has no weights"),
    ('{ layer = "L", node = 0, kind = "b" }', "that layer has no bias"),
    ('{ layer = "L", node = 0, kind = "w" }', "a weight target needs its layer, node and source"),
    ('{ layer = "L", node = 0, kind = "vertex" }', '"node" (the node itself)'),
    ('{ layer = "L", node = 9, kind = "node" }', "is not a node of that layer"),
])
def test_check_refuses_a_bad_target(target, words):
    with pytest.raises(LessonError) as error:
        parse_lesson(NAVIGATE + f"target = {target}\n")
    assert words in str(error.value)


def test_check_refuses_a_navigate_exercise_that_opens_on_its_target():
    with pytest.raises(LessonError) as error:
        parse_lesson(NAVIGATE + 'target = { layer = "L-1", node = 1, kind = "node" }\n'
                     'focus = { layer = "L-1", node = 1, kind = "node" }\n')
    assert "already on its target" in str(error.value)

"""A node can be focused, not only a weight or a bias (issue 9, section 2): by ``v`` or by a
click; the network view, its focus line and the chain panel say what is focused."""

from __future__ import annotations

import numpy as np

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


def text_of(widget) -> str:
    return "\n".join(strip.text for strip in widget.render_lines(widget.content_region.reset_offset))


def drawn(view: NetworkView, target: tuple) -> list[tuple[int, int]]:
    return [cell for cell, hit in view.drawing.targets.items() if hit == target]


def click_offset(view: NetworkView, target: tuple) -> tuple[int, int]:
    x, y = sorted(drawn(view, target))[0]
    return x + view.content_offset.x, y + view.content_offset.y


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
        await pilot.click(NetworkView, offset=click_offset(view, ("node", 1, 1)))
        await pilot.pause()
        assert app.state.focus == Focus(1, 1, 0, "node")
        assert view.caption().startswith("a₁⁽ᴸ⁻²⁾ = ")
        await pilot.click(NetworkView, offset=click_offset(view, ("node", 0, 2)))  # an input
        await pilot.pause()
        assert app.state.focus == Focus(0, 2, 0, "node")
        assert view.caption().startswith("a₂⁽ᴸ⁻³⁾ = 0.15")  # the input, given
        assert "an input node" in text_of(app.query_one(ChainPanel))

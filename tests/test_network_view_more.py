"""The network view (issue 9, sections 3 and 4): a 12-9-3 network draws the edges of every
visible node, not only the focused node's; a bias-free linear output is Kostadinov's s in the
network view and its focus line, as in the chain panel."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_tui.core.math.network import Network
from backprop_tui.tui.app import BackpropApp
from backprop_tui.tui.netdraw import NODE_W
from backprop_tui.tui.widgets.chain_panel import ChainPanel
from backprop_tui.tui.widgets.network_view import NetworkView

BRAILLE = range(0x2801, 0x2900)  # a braille cell with at least one dot


def _app(sizes: list[int]) -> BackpropApp:
    net = Network.from_sizes(sizes, seed=0)
    return BackpropApp(net, [(np.linspace(0.0, 1.0, sizes[0]), np.eye(sizes[-1])[1])])


def _rows(view: NetworkView) -> list[str]:
    return ["".join(text for text, _ in row) for row in view.drawing.rows]


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
@pytest.mark.parametrize("sizes", [[12, 9, 3], [784, 30, 10]])
async def test_every_visible_node_has_its_edges_drawn(sizes, size):
    app = _app(sizes)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.tutor.panel = "network"  # (the only panel at 80x24)
        await pilot.pause()
        view = app.query_one(NetworkView)
        where: dict[tuple[int, int], tuple[int, int]] = {}
        for (x, y), hit in view.drawing.targets.items():
            if hit[0] == "node":
                where.setdefault(hit[1:], (x, y))
        rows = _rows(view)
        edges = {hit for hit in view.drawing.targets.values() if hit[0] == "edge"}
        for l in range(1, len(sizes)):
            into = {node for (layer, node) in where if layer == l}
            out = {node for (layer, node) in where if layer == l - 1}
            assert len(into) >= 3 and len(out) >= 3, (l, into, out)
            # the rendered strips: braille dots arrive at every visible node of layer l and
            # leave every visible node of layer l − 1, not only the focused node's
            for node in into:
                x, y = min(xy for key, xy in where.items() if key == (l, node))
                assert ord(rows[y][x - 1]) in BRAILLE, (l, node, rows[y])
            for node in out:
                x, y = where[(l - 1, node)]
                assert ord(rows[y][x + NODE_W]) in BRAILLE, (l - 1, node, rows[y])
            # ... and the drawing's map names edges into each of them and out of each
            drawn = {e for e in edges if e[1] == l}
            assert {e[2] for e in drawn} == into and {e[3] for e in drawn} == out
        # the focused weight's edge still stands out: it owns its cells where edges cross
        f = app.state.focus
        assert ("edge", f.layer, f.node, f.source) in edges


def _plain_app() -> BackpropApp:
    net = Network([4, 2, 2, 1], ["sigmoid", "sigmoid", "linear"], "mse",
                  [np.full((2, 4), 0.1), np.full((2, 2), 0.2), np.array([[0.7, -0.4]])],
                  [np.zeros(2), np.zeros(2), np.zeros(1)], has_bias=[True, True, False])
    assert net.plain_output
    return BackpropApp(net, [(np.array([1.0, 0.5, -0.5, 0.2]), np.array([1.0]))],
                       convention="kostadinov")


async def test_a_bias_free_linear_output_is_s_in_the_network_view_as_in_the_chain_panel():
    app = _plain_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("end")  # BP1: every value is known
        await pilot.pause()
        view = app.query_one(NetworkView)
        labels = view.labels()
        assert labels.quantity[3] == "∂C/∂s"  # the output's δ, as BP1 names it
        await pilot.press("home", *["right"] * 5)  # s = W⁽³⁾a⁽³⁾, the output's one forward step
        await pilot.pause()
        assert app.state.step.layer == 3
        assert view.labels().quantity[3] == "s"
        assert "a⁽⁴⁾" not in "".join(_rows(view)) and "z⁽⁴⁾" not in "".join(_rows(view))
        chain = "\n".join(s.text for s in app.query_one(ChainPanel).render_lines(
            app.query_one(ChainPanel).content_region.reset_offset))
        assert "s₁" in chain and "z₁⁽⁴⁾" not in chain
        # the focus line: a weight into the output arrives at s₁, and the node itself is s₁
        assert view.caption().endswith("a₁⁽³⁾ → s₁")
        await pilot.press("v")
        await pilot.pause()
        assert view.caption().startswith("s₁ = ")
        assert "The node s₁" in "\n".join(s.text for s in app.query_one(ChainPanel).render_lines(
            app.query_one(ChainPanel).content_region.reset_offset))

"""The network of a practice problem or an exam, drawn as the tutor draws one (netdraw).

The nodes show only what the problem gives: the inputs x, and a layer's a (or z) when the
problem gives all of them; every other node is "?". The weights colour the edges; their values,
the biases, the targets, the activations and the loss by name are in the given panel beside it.
"""

from __future__ import annotations

import numpy as np
from rich.style import Style
from textual.color import Color
from textual.reactive import reactive
from textual.strip import Strip

from backprop_tui.core.course.practice.problem import Problem
from backprop_tui.tui.focus import Focus
from backprop_tui.tui.netdraw import Labels, draw
from backprop_tui.tui.palette import Palette
from backprop_tui.tui.strips import runs_strip
from backprop_tui.tui.widgets.line_panel import LinePanel

PALETTE_PARTS = ("positive", "negative", "neutral", "faint", "unknown", "focus-edge")


def given_layers(p: Problem) -> list[tuple[str, np.ndarray | None]]:
    """Per layer 0..L, (quantity, values) the problem gives for sample 0, or ("", None)."""
    net = p.network
    shown = {g.key: g.value for g in p.shown if g.sample == 0}
    out: list[tuple[str, np.ndarray | None]] = [("a", np.asarray(p.samples[0][0], dtype=float))]
    for l in range(1, net.depth + 1):
        for quantity in ("a", "z"):
            keys = [(quantity, l, j, None) for j in range(net.sizes[l])]
            if all(k in shown for k in keys):
                out.append((quantity, np.array([shown[k] for k in keys])))
                break
        else:
            out.append(("", None))
    return out


def problem_focus(p: Problem) -> Focus:
    """The node (or weight) the problem asks about, so the drawing points at it."""
    if p.layer is None or p.node is None:
        return Focus(p.network.depth, 0, 0, "b")
    kind = "w" if p.source is not None else "b"
    return Focus(p.layer, p.node, p.source or 0, kind).clamped(p.network.sizes)


class ProblemNetwork(LinePanel):
    """Draws ``problem``'s network; it never shows a value the problem asks for."""

    BORDER_TITLE = "Network"
    COMPONENT_CLASSES = {f"network-view--{name}" for name in (*PALETTE_PARTS, "current")}

    problem: reactive[Problem | None] = reactive(None, repaint=False)

    def watch_problem(self) -> None:
        self.changed()

    def palette(self) -> Palette:
        def color(name: str) -> str:
            return Color.from_rich_color(self.get_component_rich_style(f"network-view--{name}").color).hex

        return Palette(*(color(name) for name in PALETTE_PARTS))

    def labels(self, p: Problem, known: list[tuple[str, np.ndarray | None]], width: int) -> Labels:
        s, net = p.symbols, p.network
        layer = [s.layer(l) for l in range(net.depth + 1)]
        quantity = ["x" if l == 0 else q or "?" for l, (q, _) in enumerate(known)]
        acts = ", ".join(f"{s.layer(l)} {a}" for l, a in enumerate(net.activations, start=1))
        caption = f"{acts} · loss {net.loss}"
        if len(caption) > width:  # "loss cross-entropy" after three layers was cut to "cross-entro"
            caption = f"{acts} · {net.loss}"
        return Labels(layer, quantity, caption)

    def content(self, width: int, height: int, base: Style) -> list[Strip]:
        p = self.problem
        if p is None or width < 20 or height < 5:
            return []
        known = given_layers(p)
        current = self.get_component_rich_style("network-view--current", partial=True)
        dim = Style(dim=True)
        focus = problem_focus(p)
        drawing = draw(p.network.sizes, p.network.weights, known, focus, focus.layer,
                       self.labels(p, known, width), width, height, self.palette(),
                       lambda now: current if now else dim)
        cache = self.strip_cache
        return [cache.get(tuple(row), lambda row=row: runs_strip(row, width, base, exact=True))
                for row in drawing.rows]

"""The given line over a lesson's panels: the network's shape, each layer's activation and the
loss, by name and as the cost's formula in the lesson's notation (symbols only, never a number).

It stays on screen whichever panel shows, so an exercise that needs "the sigmoid" or "the
squared error" never has them only in a hint (issue 9, section 2)."""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

from backprop_tui.core.formulas import notation
from backprop_tui.core.formulas.equations import cost_formula
from backprop_tui.core.math.trace import Trace
from backprop_tui.tui import present


def activations_text(trace: Trace, convention: str) -> str:
    """ "sigmoid in every layer", or each layer's own: "L−2 tanh, L−1 relu, L sigmoid"."""
    acts, depth = trace.network.activations, trace.depth
    if len(set(acts)) == 1:
        return f"{acts[0]} in every layer" if depth > 1 else acts[0]
    return ", ".join(f"{notation.layer_label(l, convention, depth)} {act}"
                     for l, act in enumerate(acts, start=1))


def network_line(trace: Trace, convention: str, width: int | None = None) -> Text:
    """What the network is made of, in words and symbols; in ``width`` cells if it can be
    (without the shape, which the network panel shows, when the whole line is too long)."""
    net, depth = trace.network, trace.depth
    cost = present.symbol("C", convention, depth=depth)
    formula = notation.render(cost_formula(trace), convention, depth=depth,
                              plain_output=net.plain_output)
    names = [("activation ", "dim"), (activations_text(trace, convention), "bold"),
             ("  ·  loss ", "dim"), (net.loss, "bold"), (f": {cost} = {formula}", "")]
    line = Text.assemble(("Network ", "dim"), ("-".join(map(str, net.sizes)), "bold"),
                         ("  ·  ", "dim"), *names)
    if width is not None and line.cell_len > width:
        return Text.assemble(*names)
    return line


class NetworkLine(Widget):
    """One line (two when even the short form is too long) naming the network's activations
    and loss."""

    trace: reactive[Trace | None] = reactive(None, layout=True)
    convention = reactive("deeplizard", layout=True)

    def text(self, width: int) -> Text:
        return Text() if self.trace is None else network_line(self.trace, self.convention, width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.text(width).wrap(self.app.console, max(1, width)))

    def render(self) -> Text:
        return self.text(self.content_size.width)

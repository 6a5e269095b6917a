"""Small selectors shared by the widgets: symbols, a step as LaTeX, the update's message.

Nothing here computes a network quantity; it picks values out of core's trace.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from backprop_tui.core.formulas import notation
from backprop_tui.core.formulas.equations import step_expression
from backprop_tui.core.math.trace import Trace

if TYPE_CHECKING:
    from backprop_tui.tui.state import TutorState


@lru_cache(maxsize=4096)
def symbol(name: str, convention: str, depth: int, layer: int | None = None,
           idx: tuple = (), plain_output: bool = False, activation: str = "") -> str:
    """backprop_tui.core.formulas.notation.symbol, remembered: the panels ask for the same few
    symbols every step. ``plain_output``: the network's output is linear without a bias
    (Kostadinov's s); ``activation``: the layer's, for "g"."""
    return notation.symbol(name, convention, depth=depth, layer=layer, idx=idx,
                           plain_output=plain_output, activation=activation)


def known(trace: Trace, step_index: int, quantity: str, layer: int) -> bool:
    """:meth:`backprop_tui.core.math.trace.Trace.known`, the one answer to "computed yet?"; kept
    under this name for the panels that import it (they may call ``trace.known`` directly)."""
    return trace.known(step_index, quantity, layer)


def step_latex(state: TutorState) -> str:
    """The current step's equation for the focused node, in LaTeX (for the clipboard)."""
    eq = step_expression(state.step, *state.focus_in_step())
    return notation.render(eq, state.convention, "latex", depth=state.trace.depth,
                           plain_output=state.trace.network.plain_output)


def update_message(state: TutorState) -> str:
    """What the last gradient-descent update did, in the convention's symbols."""
    change, fmt = state.last_update, notation.format_number
    eta = notation.symbol("eta", state.convention, depth=state.trace.depth)  # or in words
    cost = "cost" if change.samples == 1 else f"mean cost over the {change.samples} samples"
    return (f"One gradient-descent step ({eta} = {fmt(change.eta)}): {cost} "
            f"{fmt(change.before)} → {fmt(change.after)}")

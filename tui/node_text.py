"""The chain panel's text for a focused node (``v``, or a click on a node): no chain rule, as a
node is no parameter, but its forward equations and its error δ, each with its numbers once the
trace has computed them by the current step and no unsolved exercise asks for them."""

from __future__ import annotations

from typing import Any

from rich.style import Style

from backprop_tui.core.formulas import notation
from backprop_tui.core.formulas.equations import step_expression

INDENT, BOLD = "  ", Style(bold=True)  # as the chain panel's own lines
Line = list[tuple[str, Style | None]]
QUANTITY = {"z": "z", "a": "a", "BP1": "delta", "BP2": "delta"}


def node_lines(text: Any, width: int) -> list[Line]:
    """The focused node's section: a heading, then z and a (forward) and δ (backward).
    ``text`` is the panel's :class:`~backprop_tui.tui.chain_text.ChainText` (its symbols,
    numbers and layout helpers)."""
    f, t, conv = text.focus, text.step.trace, text.convention
    where = notation.layer_label(f.layer, conv, text.depth)
    a = text.sym("a", f.layer, (f.node,))
    out = text.heading(f"The node {a}: node {notation.node_number(conv, f.node)} of layer "
                       f"{where}", width)
    if text.mode != "chain":
        what = "Paths" if text.mode == "paths" else "The gradient check"
        return out + text.label(f"{INDENT}{what} follow a weight or a bias, not a node: [ or ] "
                                "focuses one of its weights, b its bias")
    if f.layer == 0:
        return out + [[(f"{INDENT}{a} = ", None), (text.num(t.a(0)[f.node]), BOLD)]] + text.label(
            f"{INDENT}an input node: its output is the sample's input, given")
    backward = "BP1" if f.layer == text.depth else "BP2"
    waiting = False
    for equation in ("z", "a", backward):
        index = t.first_step(equation, f.layer)
        if index is None or (equation == "a" and text.plain and f.layer == text.depth):
            continue  # a plain output's a is its z: one line says it
        if equation == backward:
            out += text.label("its error, from the backward pass")
        eq = step_expression(t.steps[index], f.node, 0)
        symbolic = " = ".join(text.sides(eq))
        if text.step.index >= index and (QUANTITY[equation], f.layer, f.node) not in text.hidden_values:
            *worked, value = text.sides(eq, numbers=True)[1:]
            shown = "".join(f"{side} = " for side in worked)
            out.append([(f"{INDENT}{symbolic} = {shown}", None), (value, BOLD)])
        else:
            out.append([(f"{INDENT}{symbolic}", None)])
            waiting = True
    if waiting:
        out += text.label(f"{INDENT}each line gets its numbers once the steps reach it and no open exercise asks for it")
    return out

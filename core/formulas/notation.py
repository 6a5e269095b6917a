"""Renders a notation-free expression (:mod:`backprop_tui.core.formulas.expr`) as a convention writes it, in a style.

    >>> render(step_expression(step, 1, 2), "deeplizard", "unicode", depth=3)
    '∂C₀/∂w₁₂⁽ᴸ⁾ = a₂⁽ᴸ⁻¹⁾ ∂C₀/∂z₁⁽ᴸ⁾'

Conventions (``deeplizard``, ``nielsen``, ``kostadinov``; see :mod:`backprop_tui.core.formulas.symbols`)
change symbols, never numbers. Styles (``unicode``, ``plain``, ``latex``; see
:mod:`backprop_tui.core.formulas.style`) change how the symbols are typeset. With a ``width`` the Unicode style
stacks ∂ fractions and quotients over a rule when the result fits (:mod:`backprop_tui.core.formulas.box`).

With ``numbers=True`` every node carrying a ``value`` shows its number, with exceptions so an
equation reads as a worked calculation: the left side of a top-level :class:`Eq` stays symbolic;
the expression rendered (or each right side of the Eq) keeps its outermost operation (a sum, a
product, g(z), …) while its operands become numbers (a lone symbol or ∂ just becomes its
number); an Eq then ends with ``= result`` (its left side's value) unless that would repeat the
last side. A :class:`Sum` with ``expanded`` terms is shown term by term (the middle elided beyond
8 terms)::

    z₀⁽ᴸ⁾ = 0.1·0.05 + 0.2·0.1 + 0.3 = 0.325

Each sign between two worked sides is decided from the numbers as printed
(:mod:`backprop_tui.core.formulas.shown`): ``=`` where a learner redoing the side with the
printed operands gets the next side to its last printed digit, else ``≈``::

    ∂C₀/∂w₀₀⁽ᴸ⁾ = 0.1235·(−0.2341) ≈ −0.02892
"""

from __future__ import annotations

from backprop_tui.core.formulas.box import Box
from backprop_tui.core.formulas.expr import Eq, Expr, Index, Sym
from backprop_tui.core.formulas.render import Renderer
from backprop_tui.core.formulas.shown import product_relation, sum_relation
from backprop_tui.core.formulas.style import STYLES, format_number, get_style
from backprop_tui.core.formulas.symbols import (
    CONVENTIONS,
    activation_text,
    get_convention,
    index_text,
    layer_label,
    symbol_table,
)

__all__ = [
    "CONVENTIONS", "STYLES", "format_number", "layer_count", "layer_label", "next_index",
    "node_number", "product_relation", "render", "render_sides", "render_worked", "sum_relation",
    "symbol", "symbol_table",
]


def next_index(convention: str) -> str:
    """The letter of a sum over the next layer's nodes: deeplizard's j (seed 002), else i."""
    return get_convention(convention).next_index


def layer_count(convention: str, depth: int) -> str:
    """What L is, as a number, for the notation table: deeplizard's L names the output layer of
    ``depth`` layers after the input; Nielsen's L counts the input as layer 1 (4-2-2-1: L = 4),
    and so does Kostadinov's numbering."""
    if get_convention(convention).name == "deeplizard":
        return f"{depth} layers after the input"
    return f"L = {depth + 1}"


# ------------------------------------------------------------------ public API
def render(
    expr: Expr,
    convention: str = "deeplizard",
    style: str = "unicode",
    *,
    depth: int,
    numbers: bool = False,
    width: int | None = None,
    digits: int = 4,
    plain_output: bool = False,
) -> str:
    """``expr`` written in ``convention`` and ``style`` for a network of ``depth`` layers after
    the input. Unicode with a ``width`` stacks fractions on three lines when that fits in
    ``width`` columns; otherwise (and in the other styles) the result is one line.
    ``plain_output``: the network's output layer is linear without a bias
    (:attr:`backprop_tui.core.math.network.Network.plain_output`), which Kostadinov calls s."""
    conv, st = get_convention(convention), get_style(style)

    def layout(stacked: bool) -> Box:
        return Renderer(conv, st, depth, numbers, digits, stacked, plain_output).top(expr)

    if style == "unicode" and width is not None:
        box = layout(stacked=True)
        if box.width <= width:
            return str(box)
    return str(layout(stacked=False))


def render_sides(
    eq: Eq,
    convention: str = "deeplizard",
    style: str = "unicode",
    *,
    depth: int,
    numbers: bool = False,
    digits: int = 4,
    plain_output: bool = False,
) -> tuple[str, ...]:
    """The sides of ``eq`` as :func:`render` writes them on one line, each on its own: the left
    side, every right side and, with ``numbers``, the result (unless it repeats the last side).
    :func:`render_worked` also gives the signs between them: nobody has to cut text at " = "."""
    return render_worked(eq, convention, style, depth=depth, numbers=numbers, digits=digits,
                         plain_output=plain_output)[0]


def render_worked(
    eq: Eq,
    convention: str = "deeplizard",
    style: str = "unicode",
    *,
    depth: int,
    numbers: bool = False,
    digits: int = 4,
    plain_output: bool = False,
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """:func:`render_sides`, and the sign before each side after the first: " = ", or with
    ``numbers`` " ≈ " (" ~= " plain, " \\approx " LaTeX) where redoing a side from its printed
    operands does not give the next side as printed. Joining the sides with the signs is
    :func:`render` (on one line)."""
    r = Renderer(get_convention(convention), get_style(style), depth, numbers, digits, False,
                 plain_output)
    boxes, signs = r.worked(eq)
    return tuple(str(box) for box in boxes), tuple(signs)


def node_number(convention: str, index: int) -> str:
    """A 0-based node index as the convention counts nodes: deeplizard from 0, Nielsen and
    Kostadinov from 1."""
    return index_text(get_convention(convention), (index,))


def symbol(
    name: str,
    convention: str,
    style: str = "unicode",
    *,
    depth: int,
    layer: int | None = None,
    idx: tuple[Index, ...] = (),
    plain_output: bool = False,
    activation: str = "",
) -> str:
    """One quantity as the convention writes it: ``symbol("w", "deeplizard", depth=3, layer=3,
    idx=(0, 1))`` is "w₀₁⁽ᴸ⁾". ``name`` is a :data:`backprop_tui.core.formulas.expr.SymName`, or "g" for the layer's
    activation function (g⁽ᴸ⁾, σ, f; with ``activation`` the layer's own, which Nielsen's
    notation writes by name unless it is the sigmoid: "tanh", not σ)."""
    if name == "g":
        conv, st = get_convention(convention), get_style(style)
        return activation_text(conv, st, layer, depth, False, activation)
    return render(Sym(name, layer, tuple(idx)), convention, style, depth=depth,  # type: ignore[arg-type]
                  plain_output=plain_output)

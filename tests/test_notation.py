"""backprop_tui.core.formulas.notation: one expression tree, three conventions, three styles, exact strings."""

from __future__ import annotations

import re

import numpy as np
import pytest

from backprop_tui.core.formulas import notation
from backprop_tui.core.formulas.equations import step_expression, step_vector_expression
from backprop_tui.core.formulas.expr import (
    Add,
    Div,
    Eq,
    Func,
    Hadamard,
    Mul,
    Neg,
    Num,
    Partial,
    Pow,
    Sum,
    Sym,
    Transpose,
)
from backprop_tui.core.formulas.notation import (
    CONVENTIONS,
    STYLES,
    format_number,
    layer_label,
    render,
    symbol,
    symbol_table,
)
from backprop_tui.core.math.network import Network

L = 3


@pytest.fixture(scope="module")
def trace():
    return Network.from_sizes([4, 2, 2, 1], seed=0).trace([0.05, 0.10, 0.15, 0.20], [1.0])


def step(trace, equation: str, layer: int):
    return next(s for s in trace.steps if s.equation == equation and s.layer == layer)


def output_weight_formula() -> Eq:
    """deeplizard/Jagtap: ∂C₀/∂w₁₂⁽ᴸ⁾ = 2(a₁⁽ᴸ⁾ − y₁) g′⁽ᴸ⁾(z₁⁽ᴸ⁾) a₂⁽ᴸ⁻¹⁾."""
    diff = Add((Sym("a", L, (1,)), Neg(Sym("y", None, (1,)))))
    rhs = Mul((Mul((Num(2), diff)), Func("sigmoid", L, Sym("z", L, (1,)), True), Sym("a", L - 1, (2,))))
    return Eq(Partial(Sym("C"), Sym("w", L, (1, 2))), (rhs,))


# ------------------------------------------------------------------ 1. the deeplizard formula
def test_output_weight_formula_unicode_inline():
    expected = "∂C₀/∂w₁₂⁽ᴸ⁾ = 2(a₁⁽ᴸ⁾ − y₁) g′⁽ᴸ⁾(z₁⁽ᴸ⁾) a₂⁽ᴸ⁻¹⁾"
    assert render(output_weight_formula(), depth=L) == expected


def test_output_weight_formula_plain():
    expected = "dC0/dw_12^(L) = 2(a_1^(L) - y_1) g'^(L)(z_1^(L)) a_2^(L-1)"
    assert render(output_weight_formula(), "deeplizard", "plain", depth=L) == expected


def test_output_weight_formula_latex():
    expected = (
        r"\frac{\partial C_{0}}{\partial w_{12}^{(L)}} = 2\left(a_{1}^{(L)} - y_{1}\right) "
        r"g'^{(L)}\left(z_{1}^{(L)}\right) a_{2}^{(L-1)}"
    )
    assert render(output_weight_formula(), "deeplizard", "latex", depth=L) == expected


def test_output_weight_formula_stacked():
    expected = "\n".join([
        "  ∂C₀",
        "─────── = 2(a₁⁽ᴸ⁾ − y₁) g′⁽ᴸ⁾(z₁⁽ᴸ⁾) a₂⁽ᴸ⁻¹⁾",
        "∂w₁₂⁽ᴸ⁾",
    ])
    assert render(output_weight_formula(), depth=L, width=80) == expected


def test_stacked_form_falls_back_to_one_line_when_too_narrow():
    inline = render(output_weight_formula(), depth=L)
    assert render(output_weight_formula(), depth=L, width=43) == inline  # the 2-D form is 44 wide
    assert render(output_weight_formula(), depth=L, width=44).count("\n") == 2
    assert render(output_weight_formula(), depth=L, width=10) == inline  # too wide anyway: inline


def test_width_is_ignored_by_one_line_styles():
    for style in ("plain", "latex"):
        assert "\n" not in render(output_weight_formula(), "deeplizard", style, depth=L, width=200)


# ------------------------------------------------------------------ 2. Nielsen's BP1-BP4
def test_nielsen_bp1(trace):
    bp1 = step(trace, "BP1", 3)
    assert render(step_vector_expression(bp1), "nielsen", depth=3) == "δᴸ = ∇ₐC ⊙ σ′(zᴸ)"
    assert render(step_vector_expression(bp1), "nielsen", "latex", depth=3) == (
        r"\delta^L = \nabla_{a} C \odot \sigma'\left(z^L\right)"
    )
    assert render(step_expression(bp1, 0), "nielsen", depth=3) == "δᴸ₁ = ∂C/∂aᴸ₁ σ′(zᴸ₁)"
    assert render(step_expression(bp1, 0), "nielsen", "latex", depth=3) == (
        r"\delta^L_{1} = \frac{\partial C}{\partial a^L_{1}} \sigma'\left(z^L_{1}\right)"
    )
    assert render(step_expression(bp1, 0), "nielsen", "plain", depth=3) == (
        "delta^L_1 = dC/da^L_1 sigma'(z^L_1)"
    )


def test_nielsen_bp2(trace):
    # 4-2-2-1: absolute layer 2 is Nielsen's layer 3, the output layer is L
    bp2 = step(trace, "BP2", 2)
    assert render(step_vector_expression(bp2), "nielsen", depth=3) == "δ³ = ((wᴸ)ᵀ δᴸ) ⊙ σ′(z³)"
    assert render(step_vector_expression(bp2), "nielsen", "latex", depth=3) == (
        r"\delta^3 = \left(\left(w^L\right)^{\top} \delta^L\right) \odot \sigma'\left(z^3\right)"
    )
    assert render(step_expression(bp2, 1), "nielsen", depth=3) == "δ³₂ = (Σᵢ wᴸᵢ₂ δᴸᵢ) σ′(z³₂)"
    assert render(step_expression(bp2, 1), "nielsen", "latex", depth=3) == (
        r"\delta^3_{2} = \left(\sum_{i} w^L_{i2} \delta^L_{i}\right) \sigma'\left(z^3_{2}\right)"
    )
    first_hidden = step(trace, "BP2", 1)
    assert render(step_vector_expression(first_hidden), "nielsen", depth=3) == (
        "δ² = ((w³)ᵀ δ³) ⊙ σ′(z²)"
    )
    assert render(step_vector_expression(first_hidden), "nielsen", "plain", depth=3) == (
        "delta^2 = ((w^3)^T delta^3) (.) sigma'(z^2)"
    )


def test_nielsen_bp3_and_bp4(trace):
    bp3, bp4 = step(trace, "BP3", 2), step(trace, "BP4", 2)
    assert render(step_vector_expression(bp3), "nielsen", depth=3) == "∂C/∂b³ = δ³"
    assert render(step_expression(bp3, 1), "nielsen", depth=3) == "∂C/∂b³₂ = δ³₂"
    assert render(step_expression(bp3, 1), "nielsen", "latex", depth=3) == (
        r"\frac{\partial C}{\partial b^3_{2}} = \delta^3_{2}"
    )
    assert render(step_vector_expression(bp4), "nielsen", depth=3) == "∂C/∂w³ = δ³ (a²)ᵀ"
    assert render(step_vector_expression(bp4), "nielsen", "latex", depth=3) == (
        r"\frac{\partial C}{\partial w^3} = \delta^3 \left(a^2\right)^{\top}"
    )
    assert render(step_expression(bp4, 1, 0), "nielsen", depth=3) == "∂C/∂w³₂₁ = a²₁ δ³₂"
    assert render(step_expression(bp4, 1, 0), "nielsen", "latex", depth=3) == (
        r"\frac{\partial C}{\partial w^3_{21}} = a^2_{1} \delta^3_{2}"
    )


def test_deeplizard_error_has_no_name(trace):
    bp1 = step(trace, "BP1", 3)
    assert render(step_vector_expression(bp1), depth=3) == "∂C₀/∂z⁽ᴸ⁾ = ∂C₀/∂a⁽ᴸ⁾ ⊙ g′⁽ᴸ⁾(z⁽ᴸ⁾)"
    bp2 = step(trace, "BP2", 2)
    assert render(step_expression(bp2, 0), depth=3) == (
        "∂C₀/∂z₀⁽ᴸ⁻¹⁾ = (Σⱼ₌₀ⁿ⁻¹ wⱼ₀⁽ᴸ⁾ ∂C₀/∂zⱼ⁽ᴸ⁾) g′⁽ᴸ⁻¹⁾(z₀⁽ᴸ⁻¹⁾)"
    )


# ------------------------------------------------------------------ 3. conventions: same numbers
@pytest.fixture(scope="module")
def small():
    """2-1 linear network with round numbers: z = 0.5·1 − 0.2·2 + 0.1 = 0.2, C = 0.64."""
    net = Network([2, 1], ["linear"], "sse", [np.array([[0.5, -0.2]])], [np.array([0.1])])
    return net.trace([1.0, 2.0], [1.0])


def test_numbers_with_symbolic_left_side(small):
    z, cost, bp4 = small.steps[0], small.steps[2], small.steps[-1]
    assert render(step_expression(z, 0), depth=1, numbers=True) == (
        "z₀⁽ᴸ⁾ = 0.5·1 + (−0.2)·2 + 0.1 = 0.2"
    )
    assert render(step_expression(z, 0), "nielsen", "plain", depth=1, numbers=True) == (
        "z^L_1 = 0.5*1 + (-0.2)*2 + 0.1 = 0.2"
    )
    assert render(step_expression(z, 0), "kostadinov", "latex", depth=1, numbers=True) == (
        r"z_{1}^{(2)} = 0.5 \cdot 1 + \left(-0.2\right) \cdot 2 + 0.1 = 0.2"
    )
    assert render(step_expression(cost), "nielsen", depth=1, numbers=True) == "C = (1 − 0.2)² = 0.64"
    assert render(step_expression(bp4, 0, 1), "kostadinov", depth=1, numbers=True) == (
        "∂C/∂w₁₂⁽¹⁾ = 2·(−1.6) = −3.2"
    )
    assert render(step_expression(bp4, 0, 1), depth=1, numbers=True, width=80) == "\n".join([
        "  ∂C₀",
        "─────── = 2·(−1.6) = −3.2",
        "∂w₀₁⁽ᴸ⁾",
    ])


NUMBER = re.compile(r"[−-]?\d+(?:\.\d+)?(?:e[+-]\d+)?")


def test_numbers_outside_an_equation(small):
    delta = step_expression(small.steps[3], 0)  # BP1: δ = ∂C/∂a g′(z), product carrying its value
    assert render(delta.rhs[0], "nielsen", depth=1, numbers=True) == "(−1.6)·1"  # kept worked
    assert render(delta.lhs, "nielsen", depth=1, numbers=True) == "−1.6"  # a symbol: its value
    assert render(delta.lhs, "nielsen", depth=1) == "δᴸ₁"
    assert render(delta, "nielsen", depth=1, numbers=True) == "δᴸ₁ = (−1.6)·1 = −1.6"


def _numbers(text: str) -> list[str]:
    """The numbers right of the first "=" (deeplizard's g⁽ᴸ⁻¹⁾ written as g^(L-1) removed)."""
    return NUMBER.findall(re.sub(r"L-\d+", "", text.split(" = ", 1)[1]))


@pytest.mark.parametrize("style", STYLES)
def test_conventions_change_symbols_never_numbers(trace, style):
    for s in trace.steps:
        expr = step_expression(s, 0, 1)
        shown = [render(expr, c, style, depth=3, numbers=True) for c in CONVENTIONS]
        # the same numbers (Nielsen writes the cost's square (y − a)², the others (a − y)²)
        assert len({tuple(sorted(_numbers(t))) for t in shown}) == 1, shown
        assert len(_numbers(shown[0])) >= 1
        lhs = {t.split(" = ", 1)[0] for t in shown}  # the symbols differ (C is C in two)
        assert len(lhs) == (2 if s.equation == "cost" else 3), shown
    bp2 = step_expression(step(trace, "BP2", 2), 0)
    assert [_numbers(render(bp2, c, depth=3, numbers=True)) for c in CONVENTIONS] == [
        ["−1.644", "−0.2844", "0.2088", "0.09761"]
    ] * 3


def test_node_indices_zero_or_one_based():
    assert symbol("w", "deeplizard", depth=3, layer=3, idx=(0, 1)) == "w₀₁⁽ᴸ⁾"
    assert symbol("w", "nielsen", depth=3, layer=3, idx=(0, 1)) == "wᴸ₁₂"
    assert symbol("w", "kostadinov", depth=3, layer=3, idx=(0, 1)) == "w₁₂⁽³⁾"
    assert symbol("w", "nielsen", "latex", depth=3, layer=2, idx=(0, 1)) == "w^3_{12}"
    assert symbol("a", "deeplizard", "plain", depth=3, layer=0, idx=(2,)) == "a_2^(L-3)"


def test_kostadinov_source_layer_names_x_and_s(trace):
    z1 = step(trace, "z", 1)
    assert render(step_vector_expression(z1), "kostadinov", depth=3) == "z⁽²⁾ = W⁽¹⁾x + b⁽¹⁾"  # as seed 003
    assert render(step_vector_expression(z1), "kostadinov", "latex", depth=3) == (
        "z^{(2)} = W^{(1)}x + b^{(1)}"
    )
    # an output with a bias is no s (s = W⁽³⁾a⁽³⁾ is a linear output without one)
    assert render(step_vector_expression(step(trace, "a", 3)), "kostadinov", depth=3) == (
        "a⁽⁴⁾ = f(z⁽⁴⁾)")
    assert render(step_expression(step(trace, "BP1", 3), 0), "kostadinov", depth=3) == (
        "δ₁⁽⁴⁾ = ∂C/∂a₁⁽⁴⁾ f′(z₁⁽⁴⁾)"
    )
    assert render(step_vector_expression(step(trace, "BP4", 1)), "kostadinov", depth=3) == (
        "∂C/∂W⁽¹⁾ = δ⁽²⁾ xᵀ"
    )


def test_symbols_and_layer_labels():
    assert [layer_label(l, "deeplizard", 3) for l in range(4)] == ["L−3", "L−2", "L−1", "L"]
    assert [layer_label(l, "nielsen", 3) for l in range(4)] == ["1", "2", "3", "L"]
    assert [layer_label(l, "kostadinov", 3) for l in range(4)] == ["1", "2", "3", "4"]
    assert symbol("g", "deeplizard", depth=3, layer=2) == "g⁽ᴸ⁻¹⁾"
    assert symbol("g", "nielsen", "latex", depth=3, layer=2) == r"\sigma"
    assert symbol("delta", "deeplizard", depth=3, layer=3, idx=(0,)) == "∂C₀/∂z₀⁽ᴸ⁾"
    assert symbol("eta", "kostadinov", depth=3) == "ε"
    assert symbol("eta", "deeplizard", "plain", depth=3) == "learning_rate"
    assert symbol("eta", "nielsen", "plain", depth=3) == "eta"
    assert symbol("x", "deeplizard", depth=3, idx=(0,)) == "a₀⁽ᴸ⁻³⁾"
    # no Unicode subscript comma: the whole subscript falls back to _(..) rather than losing it
    assert symbol("w", "deeplizard", depth=3, layer=1, idx=(10, 2)) == "w_(10,2)⁽ᴸ⁻²⁾"
    # node numbers agree with the subscripts each convention writes
    assert [notation.node_number(c, 1) for c in ("deeplizard", "nielsen", "kostadinov")] == [
        "1", "2", "2"]
    assert symbol("a", "nielsen", depth=3, layer=1, idx=(1,)) == "a²₂"  # node 1 is "2"


@pytest.mark.parametrize("convention", CONVENTIONS)
def test_symbol_table(convention):
    rows = symbol_table(convention, 3)
    keys = [k for k, _, _ in rows]
    assert keys == ["L", "l", "j", "k", "w_jk", "b_j", "z_j", "a_j", "g", "y_j", "C", "δ",
                    "learning rate"]
    assert all(shown and meaning for _, shown, meaning in rows)
    table = {k: shown for k, shown, _ in rows}
    expected = {
        "deeplizard": ("wⱼₖ⁽ˡ⁾", "g⁽ˡ⁾", "C₀", "∂C₀/∂zⱼ⁽ˡ⁾", "learning rate"),
        "nielsen": ("wˡⱼₖ", "σ", "C", "δˡⱼ", "η"),
        "kostadinov": ("wⱼₖ⁽ˡ⁾", "f", "C", "δⱼ⁽ˡ⁾", "ε"),
    }[convention]
    assert (table["w_jk"], table["g"], table["C"], table["δ"], table["learning rate"]) == expected
    if convention == "deeplizard":
        assert "no symbol" in dict((k, m) for k, _, m in rows)["learning rate"]
    # the activation row is cut short in a narrow panel, beside a tanh layer too: its start
    # must hold for every activation (it began "the sigmoid, σ(z) = …" in Nielsen's)
    activation = dict((k, m) for k, _, m in rows)["g"]
    assert activation.startswith(("the layer's activation", "the activation function")), activation


# ------------------------------------------------------------------ smaller pieces of layout
def test_literal_numbers_and_products():
    half = Mul((Num(0.5), Sum("j", L, Pow(Add((Sym("a", L, ("j",)), Neg(Sym("y", None, ("j",))))), 2))))
    assert render(half, "nielsen", depth=L) == "½ Σⱼ (yⱼ − aᴸⱼ)²"  # Nielsen's (27)
    assert render(half, "kostadinov", "plain", depth=L, plain_output=True) == (
        "(1/2) sum_j (s_j - y_j)^2")
    assert render(half, "nielsen", "plain", depth=L) == "(1/2) sum_j (y_j - a^L_j)^2"
    assert render(half, "nielsen", "latex", depth=L) == r"\frac12 \sum_{j} \left(y_{j} - a^L_{j}\right)^2"
    prod = Mul((Num(0.5), Sym("a", L, (0,), -0.2)))
    assert render(prod, depth=L, numbers=True) == "½(−0.2)"
    assert render(Mul((Sym("a", 1, (0,), 0.5), Sym("a", 1, (1,), -0.2))), depth=L, numbers=True) == (
        "0.5·(−0.2)"
    )
    assert render(Pow(Sym("y", None, (0,), -2e-6), 2), depth=L, numbers=True) == "(−2×10⁻⁶)²"


def test_quotients():
    ratio = Mul((Div(Num(2), Num(3)), Add((Sym("a", L, (0,)), Neg(Sym("y", None, (0,)))))))
    assert render(ratio, depth=L) == "(2/3) (a₀⁽ᴸ⁾ − y₀)"
    assert render(ratio, depth=L, width=40) == "2\n─ (a₀⁽ᴸ⁾ − y₀)\n3"
    assert render(ratio, depth=L, style="latex") == r"\frac{2}{3} \left(a_{0}^{(L)} - y_{0}\right)"
    assert render(Neg(Div(Sym("y", None, (0,)), Sym("a", L, (0,)))), "nielsen", depth=L) == "−y₁/aᴸ₁"


def test_transpose_and_hadamard_in_all_styles():
    expr = Hadamard(Mul((Transpose(Sym("w", 3)), Sym("delta", 3))), Func("relu", 2, Sym("z", 2), True))
    assert render(expr, "kostadinov", depth=3) == "((W⁽³⁾)ᵀ δ⁽⁴⁾) ⊙ f′(z⁽³⁾)"
    assert render(expr, "kostadinov", "plain", depth=3) == "((W^(3))^T delta^(4)) (.) f'(z^(3))"


def test_long_sums_are_elided():
    net = Network.from_sizes([12, 2, 1], seed=3)
    t = net.trace(np.linspace(0, 1, 12), [1.0])
    text = render(step_expression(t.steps[0], 0), depth=2, numbers=True)
    assert text.count("·") == 8 and "… (+4 more) + " in text
    assert r"\dots (+4\text{ more})" in render(step_expression(t.steps[0], 0), style="latex", depth=2,
                                                numbers=True)
    assert render(step_expression(t.steps[0], 0), depth=2) == (
        "z₀⁽ᴸ⁻¹⁾ = Σₖ₌₀ⁿ⁻¹ w₀ₖ⁽ᴸ⁻¹⁾ aₖ⁽ᴸ⁻²⁾ + b₀⁽ᴸ⁻¹⁾")


def test_unknown_names_raise_value_error():
    with pytest.raises(ValueError, match="convention"):
        render(Sym("z", 1), "goodfellow", depth=1)
    with pytest.raises(ValueError, match="style"):
        render(Sym("z", 1), style="html", depth=1)


# ------------------------------------------------------------------ 4. numbers
@pytest.mark.parametrize(
    ("value", "unicode", "plain", "latex"),
    [
        (-0.2, "−0.2", "-0.2", "-0.2"),
        (0.0, "0", "0", "0"),
        (-0.0, "0", "0", "0"),
        (1e-7, "1×10⁻⁷", "1e-07", r"1\times10^{-7}"),
        (1.23e-5, "1.23×10⁻⁵", "1.23e-05", r"1.23\times10^{-5}"),
        (-4.5e-4, "−4.5×10⁻⁴", "-4.5e-04", r"-4.5\times10^{-4}"),
        (12345678, "1.235×10⁷", "1.235e+07", r"1.235\times10^{7}"),
        (12345.678, "12346", "12346", "12346"),
        (0.001, "0.001", "0.001", "0.001"),
        (0.1 + 0.2, "0.3", "0.3", "0.3"),
        (1 / 3, "0.3333", "0.3333", "0.3333"),
        (-123.456, "−123.5", "-123.5", "-123.5"),
        (3.0, "3", "3", "3"),
        (float("nan"), "nan", "nan", "nan"),
        (float("-inf"), "−∞", "-inf", r"-\infty"),
    ],
)
def test_format_number(value, unicode, plain, latex):
    assert format_number(value) == unicode
    assert format_number(value, "plain") == plain
    assert format_number(value, "latex") == latex


def test_format_number_digits():
    assert format_number(np.float64(0.123456), digits=2) == "0.12"
    assert format_number(2.0 / 3.0, digits=6) == "0.666667"


# ------------------------------------------------------------------ 5. never raises
def _networks():
    hidden = ["sigmoid", "tanh", "relu", "linear"]
    for depth in range(1, 5):
        sizes = [3, *[2 + (i % 2) for i in range(depth - 1)], 3]
        for out in ["sigmoid", "tanh", "relu", "linear", "softmax"]:
            for loss in ["sse", "half-sse", "mse", "cross-entropy"]:
                if loss == "cross-entropy" and out not in ("sigmoid", "softmax"):
                    continue
                acts = [hidden[(depth + i) % 4] for i in range(depth - 1)] + [out]
                yield Network.from_sizes(sizes, acts, loss, seed=depth)


NETWORKS = list(_networks())


@pytest.mark.parametrize("convention", CONVENTIONS)
def test_every_step_of_every_network_renders(convention):
    y = np.array([0.0, 1.0, 0.0])
    for net in NETWORKS:
        t = net.trace([0.3, -0.5, 0.9], y)
        for s in t.steps:
            j, k = s.result.shape[0] - 1, net.sizes[s.layer - 1] - 1
            for expr in (step_vector_expression(s), step_expression(s, j, k)):
                for style in STYLES:
                    for numbers in (False, True):
                        text = render(expr, convention, style, depth=net.depth, numbers=numbers)
                        assert text and "\n" not in text
                        if style == "plain":
                            assert text.isascii(), text
                        if style == "latex":
                            assert text.count("{") == text.count("}"), text
                            assert text.count(r"\left(") == text.count(r"\right)"), text
                stacked = render(expr, convention, depth=net.depth, numbers=True, width=120)
                lines = stacked.split("\n")
                assert len(lines) in (1, 3, 5) and all(line == line.rstrip() for line in lines)



# ------------------------------------------------------------------ an equation's sides
@pytest.mark.parametrize("convention", CONVENTIONS)
@pytest.mark.parametrize("style", STYLES)
def test_render_sides_are_the_pieces_render_joins(convention, style):
    """Each side comes on its own, so no caller cuts rendered text at " = " (a side may hold
    one itself, as a nested equation's does)."""
    from backprop_tui.core.formulas.chain import expand
    from backprop_tui.core.formulas.notation import render_sides, render_worked

    trace = Network.from_sizes([3, 2, 2], seed=4).trace([0.2, -0.4, 0.9], [1.0, 0.0])
    eqs = [step_expression(step, 1, 0) for step in trace.steps]
    eqs += [expand(trace, "w", 1, 1, 2).equation(), expand(trace, "b", 2, 0, 0).delta_equation()]
    eqs.append(Eq(Sym("a", 1, (0,)), (Eq(Sym("z", 1, (0,)), (Num(2.0),)),)))
    for eq in eqs:
        for numbers in (False, True):
            sides = render_sides(eq, convention, style, depth=2, numbers=numbers)
            worked, signs = render_worked(eq, convention, style, depth=2, numbers=numbers)
            assert worked == sides and len(signs) == len(sides) - 1
            if not numbers:  # only a worked line may be approximate
                assert set(signs) == {" = "}
            joined = sides[0] + "".join(sign + side for sign, side in zip(signs, sides[1:], strict=True))
            assert joined == render(eq, convention, style, depth=2, numbers=numbers)
            assert sides[0] == render(eq.lhs, convention, style, depth=2)
            assert len(sides) >= 1 + len(eq.rhs)
    nested = render_sides(eqs[-1], convention, style, depth=2)
    assert len(nested) == 2 and " = " in nested[1]

"""The formula parser: the issue's examples and each convention's spelling parse to the expected
tree, Unicode input reads as its ASCII spelling, and errors name the position and what was expected."""

from __future__ import annotations

import pytest

from backprop_tui.core.formulas.expr import (
    Add,
    Call,
    Div,
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
from backprop_tui.core.formulas.parse import FormulaError, Scope, parse

DL = Scope("deeplizard", depth=3, layer=2)  # a 3-layer network, l = layer 2 (L-1)
NI = Scope("nielsen", depth=3, layer=2)  # Nielsen's layer 3 of 4; L = 4
KO = Scope("kostadinov", depth=3, layer=2, quantity="delta")


def tree(text: str, scope: Scope = DL):
    return parse(text, scope).expr


def g1(l, arg):
    return Func("g", l, arg, derivative=True)


# ------------------------------------------------------------------ the examples
def test_bp4_one_weight_in_deeplizard():
    assert tree("2*(a_1^(L) - y_1) * g'(z_1^(L)) * a_2^(L-1)") == Mul((
        Num(2.0),
        Add((Sym("a", 3, (1,)), Neg(Sym("y", None, (1,))))),
        g1(3, Sym("z", 3, (1,))),
        Sym("a", 2, (2,)),
    ))


def test_bp2_as_a_sum_over_j():
    assert tree("sum_j w_j2^(L) * delta_j^(L) * g'(z_2^(L-1))") == Sum("j", 3, Mul((
        Sym("w", 3, ("j", 2)), Sym("delta", 3, ("j",)), g1(2, Sym("z", 2, (2,))),
    )))


def test_bp2_with_the_transpose_and_hadamard():
    assert tree("(W^(l+1))^T delta^(l+1) (.) sigma'(z^l)") == Hadamard(
        Mul((Transpose(Sym("w", 3)), Sym("delta", 3))), g1(2, Sym("z", 2)))


def test_bp4_as_an_outer_product():
    assert tree("delta^l a^(l-1)^T") == Mul((Sym("delta", 2), Transpose(Sym("a", 1))))


def test_sigmoid_slope_of_a_bare_z():
    s = Func("g", None, Sym("z"))  # type: ignore[arg-type]
    assert tree("sigma(z)*(1-sigma(z))") == Mul((s, Add((Num(1.0), Neg(s)))))


def test_partial_fractions():
    assert tree("dC/dz_1^(L)") == Partial(Sym("C"), Sym("z", 3, (1,)))
    assert tree("∂C/∂w") == Partial(Sym("C"), Sym("w"))
    assert tree("∂C_0/∂w_12^(L)") == Partial(Sym("C"), Sym("w", 3, (1, 2)))
    assert tree("da/dz") == Partial(Sym("a"), Sym("z"))
    assert tree("nabla_a C") == tree("∇ₐC") == Partial(Sym("C"), Sym("a", 3))


def test_symbols_of_the_grammar():
    assert tree("delta_j^(L)") == tree("δ_j^(L)") == Sym("delta", 3, ("j",))
    assert tree("eta") == tree("η") == tree("epsilon") == tree("ε") == Sym("eta")
    assert tree("C") == tree("C_0") == tree("C₀") == tree("C_x") == Sym("C")
    assert tree("y_j") == Sym("y", None, ("j",))
    assert tree("x_k") == Sym("x", None, ("k",))
    assert tree("b^(L)") == Sym("b", 3)


def test_functions_by_name():
    z = Sym("z", 3, (0,))
    for name in ("g", "sigma", "σ", "f"):
        assert tree(f"{name}(z_0^(L))") == Func("g", 3, z)
        assert tree(f"{name}'(z_0^(L))") == tree(f"{name}′(z_0^(L))") == Func("g", 3, z, derivative=True)
    for name in ("tanh", "relu", "sigmoid", "softmax", "linear"):
        assert tree(f"{name}'(z_0^(L))") == Func(name, 3, z, derivative=True, named=True)
    assert tree("g^(L)(z_0^(L))") == Func("g", 3, z)  # deeplizard's g⁽ᴸ⁾ names its layer
    assert tree("ln(a_0^(L))") == Call("ln", Sym("a", 3, (0,)))
    assert tree("exp(z_0^(L))") == Call("exp", z)


def test_operators_and_precedence():
    a, b, c = Sym("a", 3, (0,)), Sym("a", 3, (1,)), Sym("a", 3, (2,))
    assert tree("a_0^(L) + a_1^(L) * a_2^(L)") == Add((a, Mul((b, c))))
    assert tree("a_0^(L) / a_1^(L) * a_2^(L)") == Mul((Div(a, b), c))
    assert tree("-a_0^(L)^2") == Neg(Pow(a, 2))
    assert tree("(a_0^(L) - y_0)^2") == Pow(Add((a, Neg(Sym("y", None, (0,))))), 2)
    assert tree("a_0^(L) a_1^(L) ⊙ a_2^(L) + 1") == Add((Hadamard(Mul((a, b)), c), Num(1.0)))
    assert tree("2(a_0^(L))") == Mul((Num(2.0), a))
    assert tree("1/2 * a_0^(L)") == Mul((Div(Num(1.0), Num(2.0)), a))
    assert tree("a_0^(L)·a_1^(L)") == tree("a_0^(L)×a_1^(L)") == Mul((a, b))


def test_sum_over_k_runs_over_the_source_layer():
    assert tree("sum_k w_0k^(L) a_k^(L-1)").layer == 2
    assert tree("Σₖ w₀ₖ⁽ᴸ⁾ a_k^(L-1)").layer == 2
    assert tree("sum_j (a_j^(L) - y_j)^2").layer == 3


# ------------------------------------------------------------------ conventions
def test_deeplizard_counts_nodes_from_0_and_layers_from_the_output():
    assert tree("w_12^(L-1)", Scope("deeplizard", depth=3)) == Sym("w", 2, (1, 2))
    assert tree("a_0^(L-3)", Scope("deeplizard", depth=3)) == Sym("a", 0, (0,))


def test_nielsen_bare_superscripts_before_or_after_the_indices():
    s = Scope("nielsen", depth=3)
    assert tree("a^l_j", NI) == tree("a_j^l", NI) == Sym("a", 2, ("j",))
    assert tree("w^L_12", s) == Sym("w", 3, (0, 1))  # nodes from 1
    assert tree("a^2_1", s) == Sym("a", 1, (0,))  # the input is layer 1, a^2 the first hidden layer
    assert tree("a^1", s) == Sym("a", 0)
    assert tree("z^(L-1)", s) == Sym("z", 2)
    assert tree("δ^l", NI) == Sym("delta", 2)


def test_kostadinov_names_weights_by_their_source_layer():
    s = Scope("kostadinov", depth=2)
    assert tree("a^(2)", s) == Sym("a", 1)  # input x is layer 1
    assert tree("W^(1)", s) == Sym("w", 1)  # the weights out of layer 1 (into absolute layer 1)
    assert tree("z^(2)", s) == Sym("z", 1)
    assert tree("s_1", s) == Sym("a", 2, (0,))  # the network's output s
    assert tree("x_2", s) == Sym("x", None, (1,))
    # BP2 as Kostadinov writes it: δ⁽ˡ⁾ = (W⁽ˡ⁾)ᵀ δ⁽ˡ⁺¹⁾ ⊙ f′(z⁽ˡ⁾), l the layer of δ asked for
    assert tree("(W^(l))^T delta^(l+1) (.) f'(z^(l))", KO) == Hadamard(
        Mul((Transpose(Sym("w", 3)), Sym("delta", 3))), g1(2, Sym("z", 2)))


def test_the_same_weight_in_three_conventions():
    depth = 3
    assert tree("w_12^(L)", Scope("deeplizard", depth)) == Sym("w", 3, (1, 2))
    assert tree("w^L_23", Scope("nielsen", depth)) == Sym("w", 3, (1, 2))
    assert tree("W^(3)_23", Scope("kostadinov", depth)) == Sym("w", 3, (1, 2))


# ------------------------------------------------------------------ Unicode
@pytest.mark.parametrize("unicode, ascii_", [
    ("a₁⁽ᴸ⁾", "a_1^(L)"),
    ("w₁₂⁽ᴸ⁻¹⁾", "w_12^(L-1)"),
    ("σ′(z⁽ᴸ⁾) ⊙ δ⁽ᴸ⁾", "sigma'(z^(L)) (.) delta^(L)"),
    ("(W⁽ˡ⁺¹⁾)ᵀ δ⁽ˡ⁺¹⁾ ⊙ σ′(zˡ)", "(W^(l+1))^T delta^(l+1) (.) sigma'(z^l)"),
    ("∂C/∂zⱼ⁽ᴸ⁾", "dC/dz_j^(L)"),
    ("Σⱼ wⱼₖ⁽ᴸ⁾ δⱼ⁽ᴸ⁾", "sum_j w_jk^(L) delta_j^(L)"),
    ("η·∂C/∂w₀₁⁽ᴸ⁾", "eta * dC/dw_01^(L)"),
    ("2(a₀⁽ᴸ⁾ − y₀)", "2*(a_0^(L) - y_0)"),
    ("δˡ(aˡ⁻¹)ᵀ", "delta^l (a^(l-1))^T"),
    ("C₀", "C_0"),
])
def test_unicode_reads_as_its_ascii_spelling(unicode, ascii_):
    assert tree(unicode) == tree(ascii_)


# ------------------------------------------------------------------ spans and errors
def test_spans_cover_each_symbol():
    p = parse("2*w_32^(L) + z_j", DL)
    add = p.expr
    assert p.source(add.terms[0].factors[1]) == "w_32^(L)"
    assert p.source(add.terms[1]) == "z_j"


@pytest.mark.parametrize("text, position, expected", [
    ("2*(a_1^(L) - y_1", 17, "')' to close the '(' at position 3"),
    ("a_1^(L) +", 10, "a symbol"),
    ("a_1^(L) $ 2", 9, "an operator"),
    ("", 1, "a formula"),
    ("g'(z", 5, "')'"),
    ("dC dz", 4, "'/'"),
    ("sum_j 2", 4, "a term that uses j"),
    ("a^(L-)", 2, "a layer such as"),
    ("foo(z)", 1, "a symbol"),
    ("e^(-z)", 1, "exp(x) for e to the x"),
    ("a_1^(L)^x", 8, "a whole-number power"),
    ("a_!", 2, "_j, _12"),
    ("g''(z)", 1, "first derivative"),
    ("sigma(z) sigma", 15, "'(' and the argument"),
])
def test_errors_name_the_position_and_what_was_expected(text, position, expected):
    with pytest.raises(FormulaError) as e:
        parse(text, DL)
    assert e.value.start + 1 == position
    assert f"at position {position}:" in str(e.value)
    assert expected in str(e.value)


def test_l_needs_an_exercise_that_names_a_layer():
    with pytest.raises(FormulaError, match="which layer l is"):
        parse("delta^l", Scope("nielsen", depth=2))


def test_too_long_and_too_deep_input_is_refused_with_a_position():
    with pytest.raises(FormulaError, match="at most 400"):
        parse("a" * 401, DL)
    with pytest.raises(FormulaError, match="nests too deeply"):
        parse("(" * 100 + "1" + ")" * 100, DL)
    with pytest.raises(FormulaError, match="nests too deeply"):
        parse("-" * 200 + "1", DL)


def test_a_function_the_learner_names_is_shown_by_its_name():
    """tanh(z) stays tanh in every convention (not the layer's g, σ or f); g stays the layer's."""
    from backprop_tui.core.formulas.notation import render

    def shown(text: str, convention: str, style: str = "unicode") -> str:
        return render(tree(text), convention, style, depth=3)

    assert shown("tanh(z_0^(L))", "kostadinov").startswith("tanh(")
    assert shown("1 - tanh(z)^2", "nielsen", "latex") == "1 - \\tanh\\left(z\\right)^2"
    assert shown("relu'(z)", "deeplizard") == "ReLU′(z)"
    assert shown("sigmoid(z)", "kostadinov", "plain") == "sigmoid(z)"
    assert shown("g'(z_0^(L))", "kostadinov").startswith("f′")


def test_a_bare_number_superscript_is_a_power_where_layers_take_parentheses():
    """deeplizard and Kostadinov write layers as a⁽²⁾: their a^2 and a² are squares (the
    learner's 1 − a² for tanh′); Nielsen's bare a² stays the activation of layer 2."""
    assert tree("a^2") == tree("a²") == Pow(Sym("a"), 2)
    assert tree("a^(2)") == tree("a⁽²⁾") == Sym("a", 2)
    assert tree("z_0^(L-1)^2") == Pow(Sym("z", 2, (0,)), 2)
    nielsen = Scope("nielsen", depth=3)
    assert tree("a^2", nielsen) == Sym("a", 1)
    assert tree("a_1^2", Scope("kostadinov", depth=3)) == Pow(Sym("a", None, (0,)), 2)

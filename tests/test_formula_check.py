"""Checking formulas by evaluation: each convention's BP1-BP4 keys equal the core's numbers and
are accepted, with their rewritings; each planted mistake is diagnosed by name; a formula right
on the lesson's numbers only by coincidence is refused because of the random networks."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_tui.core.formulas.formula_check import (
    Question,
    cases,
    check_formula,
    key_disagreement,
)
from backprop_tui.core.math.network import Network

X, Y = np.array([0.4, -0.3, 0.8]), np.array([0.1, 0.9])


def question(notation="deeplizard", loss="sse", quantity="delta", layer=3, node=None, source=None,
             acts=("sigmoid", "tanh", "sigmoid"), sizes=(3, 3, 3, 2), eta=0.5, x=X, y=Y):
    net = Network.from_sizes(list(sizes), list(acts), loss, seed=4)
    return Question(notation, net, x, y, quantity, layer, node, source, eta)


def core_value(q: Question):
    t = q.network.trace(q.x, q.y)
    l, j, k = q.layer, q.node, q.source
    value = {"delta": lambda: t.delta(l), "dC/db": lambda: t.grad_b(l), "dC/dw": lambda: t.grad_w(l),
             "z": lambda: t.z(l)}[q.quantity]()
    if j is None:
        return value
    return value[j, k] if q.quantity == "dC/dw" else value[j]


# (notation, loss, quantity, layer, node, source, key): BP1-BP4, index and vector forms
KEYS = [
    ("deeplizard", "sse", "delta", 3, 1, None, "2*(a_j^(L) - y_j) * g'(z_j^(L))"),
    ("deeplizard", "sse", "delta", 3, None, None, "2*(a^(L) - y) (.) g'(z^(L))"),
    ("deeplizard", "sse", "delta", 2, 1, None, "sum_j w_jk^(l+1) delta_j^(l+1) g'(z_k^(l))"),
    ("deeplizard", "sse", "delta", 2, None, None, "(W^(l+1))^T delta^(l+1) (.) g'(z^(l))"),
    ("deeplizard", "sse", "dC/db", 2, 2, None, "dC/dz_j^(l)"),
    ("deeplizard", "sse", "dC/dw", 2, 1, 2, "a_k^(l-1) delta_j^(l)"),
    ("deeplizard", "sse", "dC/dw", 2, None, None, "delta^(l) (a^(l-1))^T"),
    ("nielsen", "half-sse", "delta", 3, 0, None, "(a^L_j - y_j) sigma'(z^L_j)"),
    ("nielsen", "half-sse", "delta", 3, None, None, "nabla_a C (.) sigma'(z^L)"),
    ("nielsen", "half-sse", "delta", 1, 2, None, "sum_k w^(l+1)_kj delta^(l+1)_k sigma'(z^l_j)"),
    ("nielsen", "half-sse", "delta", 1, None, None, "((w^(l+1))^T delta^(l+1)) (.) sigma'(z^l)"),
    ("nielsen", "half-sse", "dC/db", 1, 0, None, "delta^l_j"),
    ("nielsen", "half-sse", "dC/dw", 1, 0, 2, "a^(l-1)_k delta^l_j"),
    ("nielsen", "half-sse", "dC/dw", 1, None, None, "delta^l (a^(l-1))^T"),
    ("kostadinov", "half-sse", "delta", 3, 1, None, "(s_j - y_j) f'(z^(L)_j)"),
    ("kostadinov", "half-sse", "delta", 2, None, None, "(W^(l))^T delta^(l+1) (.) f'(z^(l))"),
    ("kostadinov", "half-sse", "dC/db", 2, 1, None, "delta^(l+1)_j"),
    ("kostadinov", "half-sse", "dC/dw", 2, 1, 0, "delta^(l+1)_j a^(l)_k"),
    ("kostadinov", "half-sse", "dC/dw", 2, None, None, "delta^(l+1) (a^(l))^T"),
]


@pytest.mark.parametrize("notation, loss, quantity, layer, node, source, key", KEYS)
def test_each_key_equals_the_core_and_is_accepted(notation, loss, quantity, layer, node, source, key):
    q = question(notation, loss, quantity, layer, node, source)
    assert key_disagreement(key, q, core_value(q)) is None
    verdict = check_formula(key, key, q)
    assert verdict.correct, verdict.message


def test_a_wrong_key_is_named():
    q = question(quantity="delta", layer=3, node=1)
    why = key_disagreement("(a_j^(L) - y_j) * g'(z_j^(L))", q, core_value(q))
    assert why is not None and "does not equal the delta" in why
    assert "does not parse" in key_disagreement("2*(a_j^(L)", q, core_value(q))


BP1 = "2*(a_j^(L) - y_j) * g'(z_j^(L))"
BP2 = "sum_j w_jk^(l+1) delta_j^(l+1) g'(z_k^(l))"


@pytest.mark.parametrize("answer", [
    "g'(z_j^(L)) * 2 * (a_j^(L) - y_j)",  # reordered factors
    "2*a_j^(L)*g'(z_j^(L)) - 2*y_j*g'(z_j^(L))",  # expanded
    "2(a₁⁽ᴸ⁾ − y₁)·g′⁽ᴸ⁾(z₁⁽ᴸ⁾)",  # Unicode, with the node's number
])
def test_rewritings_of_bp1_are_accepted(answer):
    assert check_formula(answer, BP1, question(layer=3, node=1)).correct


def test_the_chain_rule_itself_is_not_a_derivation_of_bp1():
    """∂C/∂a · ∂a/∂z is δ by definition: with the cost given, ∂C/∂a is what BP1 works out."""
    verdict = check_formula("dC/da_j^(L) * da/dz_j^(L)", BP1, question(layer=3, node=1))
    assert not verdict.correct and not verdict.readable and verdict.misconception == "uses-unknown"
    assert verdict.message.startswith("Your formula uses ∂C₀/∂aⱼ⁽ᴸ⁾, which is what this exercise")
    assert verdict.span == (0, 11)


@pytest.mark.parametrize("answer", [
    "g'(z_k^(l)) * sum_j delta_j^(l+1) w_jk^(l+1)",  # the constant factor outside the sum
    "sum_i w_ik^(l+1) delta_i^(l+1) g'(z_k^(l))",  # another letter for the summed index
    "sum_j w_j1^(L) dC/dz_j^(L) * da/dz_1^(L-1)",  # the node's number, ∂ for δ and g′
])
def test_rewritings_of_bp2_are_accepted(answer):
    assert check_formula(answer, BP2, question(layer=2, node=1)).correct


def test_an_expanded_sum_over_this_networks_nodes_is_accepted():
    expanded = ("w_01^(L) delta_0^(L) g'(z_1^(L-1)) + w_11^(L) delta_1^(L) g'(z_1^(L-1))")
    verdict = check_formula(expanded, BP2, question(layer=2, node=1))
    assert verdict.correct and "this network" in verdict.message


def test_the_index_form_and_the_vector_form_are_the_same_object():
    q = question(layer=2)  # the whole vector δ^(L-1)
    vector = "(W^(l+1))^T delta^(l+1) (.) g'(z^(l))"
    assert check_formula("g'(z^(l)) (.) ((W^(l+1))^T delta^(l+1))", vector, q).correct
    verdict = check_formula("g'(z_1^(l)) sum_j w_j1^(l+1) delta_j^(l+1)", vector, q)
    assert not verdict.correct and "one number" in verdict.message  # one entry is not the vector


@pytest.mark.parametrize("answer, quantity, layer, node, source, span", [
    ("dC/dz_1^(L)", "delta", 3, 1, None, (0, 11)),
    ("delta_1^(L)", "delta", 3, 1, None, (0, 11)),
    ("2 * dC/dz^(l) / 2", "delta", 2, None, None, (4, 13)),
    ("dC/dw_12^(l)", "dC/dw", 2, 1, 2, (0, 12)),
    ("dC/db_j^(l)", "dC/db", 2, 1, None, (0, 11)),
    ("da/dz", "da/dz", 3, 0, None, (0, 5)),
])
def test_the_quantity_asked_for_is_not_an_answer_to_itself(answer, quantity, layer, node, source, span):
    """Typing the question back (∂C/∂z for δ, δ itself) would pass any derivation: refused,
    underlined, and not counted as an attempt; δ of another layer and ∂C/∂z for ∂C/∂b stay fine."""
    key = {"delta": BP1 if layer == 3 else "(W^(l+1))^T delta^(l+1) (.) g'(z^(l))",
           "dC/dw": "a_k^(l-1) delta_j^(l)", "dC/db": "delta_j^(l)", "da/dz": "g'(z)"}[quantity]
    q = question(quantity=quantity, layer=layer, node=node, source=source)
    verdict = check_formula(answer, key, q)
    assert not verdict.correct and not verdict.readable and "quantity it is asked" in verdict.message
    assert verdict.span == span
    assert check_formula("dC/dz_j^(l)", "delta_j^(l)", question(quantity="dC/db", layer=2, node=1)).correct


@pytest.mark.parametrize("answer, key, q, misconception, words", [
    ("2*(a_j^(L) - y_j)", BP1, dict(layer=3, node=1), "missing-activation-slope",
     "missing a factor: the slope of the activation"),
    ("(a_j^(L) - y_j) * g'(z_j^(L))", BP1, dict(layer=3, node=1), "cost-factor", "factor of 2"),
    ("4*(a_j^(L) - y_j) * g'(z_j^(L))", BP1, dict(layer=3, node=1), "cost-factor", "factor of 2"),
    ("2*(y_j - a_j^(L)) * g'(z_j^(L))", BP1, dict(layer=3, node=1), "sign-flipped", "opposite sign"),
    ("2*(a_j^(L) - y_j) * g'(a_j^(L))", BP1, dict(layer=3, node=1), "slope-at-activation", "at z"),
    ("w_0k^(l+1) delta_0^(l+1) g'(z_k^(l))", BP2, dict(layer=2, node=1), "one-term-of-sum", "sum over j"),
    ("w_jk^(l+1) delta_j^(l+1) g'(z_k^(l))", BP2, dict(layer=2, node=1), "one-term-of-sum", "sum over j"),
    ("w_ik^(l+1) delta_i^(l+1) g'(z_k^(l))", BP2, dict(layer=2, node=1), "one-term-of-sum", "sum over j"),
    ("sum_j w_kj^(l+1) delta_j^(l+1) g'(z_k^(l))", BP2, dict(layer=2, node=1), "transposed-weight", "w_kj"),
    ("W^(l+1) delta^(l+1) (.) g'(z^(l))", "(W^(l+1))^T delta^(l+1) (.) g'(z^(l))", dict(layer=2),
     "transposed-weight", "w_kj"),
    ("sum_j w_jk^(l+1) delta_j^(l+1)", BP2, dict(layer=2, node=1), "missing-activation-slope", "missing"),
    ("a_k^(l) delta_j^(l)", "a_k^(l-1) delta_j^(l)", dict(quantity="dC/dw", layer=2, node=1, source=2),
     "wrong-layer-activation", "a₂⁽ᴸ⁻¹⁾, an activation of the wrong layer"),
    ("sum_k w_jk^(l) a_k^(l-1)", "sum_k w_jk^(l) a_k^(l-1) + b_j^(l)", dict(quantity="z", layer=2, node=1),
     "forgot-bias", "bias"),
])
def test_planted_mistakes_are_diagnosed(answer, key, q, misconception, words):
    verdict = check_formula(answer, key, question(**q))
    assert not verdict.correct
    assert verdict.misconception == misconception, verdict.message
    assert words in verdict.message


def test_an_extra_learning_rate_in_a_gradient_is_named():
    verdict = check_formula("eta * a_k^(l-1) delta_j^(l)", "a_k^(l-1) delta_j^(l)",
                            question(quantity="dC/dw", layer=2, node=1, source=2))
    # deeplizard has no symbol for the learning rate: it is named in words
    assert not verdict.correct and "extra factor learning rate" in verdict.message


def test_a_missing_source_activation_is_named():
    verdict = check_formula("delta_j^(l)", "a_k^(l-1) delta_j^(l)",
                            question(quantity="dC/dw", layer=2, node=1, source=2))
    # said in words: writing a₂⁽ᴸ⁻²⁾ out would hand over the rest of the answer
    assert not verdict.correct and "the activation the weight carries in" in verdict.message
    assert "a₂⁽ᴸ⁻²⁾" not in verdict.message


UPDATE = "w_jk^(l) - eta * dC/dw_jk^(l)"


def test_update_mistakes():
    q = question(quantity="w-updated", layer=3, node=1, source=0)
    assert check_formula("w_jk^(l) - η·a_k^(l-1) δ_j^(l)", UPDATE, q).correct
    wrong_way = check_formula("w_jk^(l) + eta * dC/dw_jk^(l)", UPDATE, q)
    assert wrong_way.misconception == "update-wrong-direction"
    no_eta = check_formula("w_jk^(l) - dC/dw_jk^(l)", UPDATE, q)
    assert no_eta.misconception == "forgot-learning-rate"


def test_softmax_slope_taken_element_wise():
    q = question(loss="cross-entropy", acts=("sigmoid", "tanh", "softmax"), layer=3, node=0,
                 y=np.array([0.0, 1.0]))
    assert check_formula("a_j^(L) - y_j", "a_j^(L) - y_j", q).correct
    verdict = check_formula("dC/da_j^(L) * g'(z_j^(L))", "a_j^(L) - y_j", q)
    assert verdict.misconception == "softmax-elementwise" and "Jacobian" in verdict.message


def test_sum_not_mean_for_the_mse():
    q = question(loss="mse", layer=3, node=1)
    key = "dC/da_j^(L) * g'(z_j^(L))"
    assert key_disagreement(key, q, core_value(q)) is None
    verdict = check_formula("2*(a_j^(L) - y_j) * g'(z_j^(L))", key, q)
    assert verdict.misconception == "sum-not-mean"


def test_a_coincidence_of_the_lessons_numbers_is_refused():
    # The output node's weights and bias are 0, so z = 0 and σ'(z) is exactly ¼ on this network.
    net = Network.from_sizes([3, 3, 2], ["sigmoid", "sigmoid"], "sse", seed=4)
    w = [np.array(m) for m in net.weights]
    b = [np.array(v) for v in net.biases]
    w[1][1, :] = 0.0
    b[1][1] = 0.0
    q = Question("deeplizard", net.replace(weights=w, biases=b), X, Y, "delta", 2, 1)
    lucky = "2*(a_j^(L) - y_j) * 0.25"
    on_lesson = check_formula(lucky, BP1, q, count=0)
    assert on_lesson.correct  # on the lesson's network alone it can't be told apart
    verdict = check_formula(lucky, BP1, q)
    assert not verdict.correct and "coincidence" in verdict.message


def test_unreadable_and_unevaluable_formulas_are_not_attempts():
    q = question(layer=3, node=1)
    assert not check_formula("2*(a_j^(L)", BP1, q).readable
    number = check_formula("0.0123", BP1, q)
    assert not number.readable and "not only numbers" in number.message
    verdict = check_formula("w_32^(L)", BP1, q)
    assert not verdict.readable and "does not exist in this network" in verdict.message
    assert verdict.span == (0, 8)


def test_a_division_by_zero_does_not_say_on_which_network():
    # z of this output node is exactly 0 on the lesson's network: the message must not tell.
    net = Network.from_sizes([3, 3, 2], ["sigmoid", "sigmoid"], "sse", seed=4)
    w, b = [np.array(m) for m in net.weights], [np.array(v) for v in net.biases]
    w[1][1, :], b[1][1] = 0.0, 0.0
    q = Question("deeplizard", net.replace(weights=w, biases=b), X, Y, "delta", 2, 1)
    verdict = check_formula("1/z_1^(L)", BP1, q)
    assert not verdict.readable and "every network it is checked on" in verdict.message
    assert "this network" not in verdict.message and "is 0" not in verdict.message
    assert check_formula("ln(z_1^(L))", BP1, q).message == verdict.message


def test_the_random_networks_are_seeded_and_differ_from_the_lesson():
    q = question(layer=3, node=1)
    first, again = cases(q), cases(q)
    assert len(first) == 11
    assert all(np.array_equal(a.trace.x, b.trace.x) for a, b in zip(first, again, strict=True))
    wider = [c for c in first if not c.same_sizes]
    assert len(wider) == 5 and all(c.trace.network.sizes != q.network.sizes for c in wider)
    assert len({c.trace.network.activations for c in first}) > 1


def test_the_preview_renders_and_underlines_unknown_symbols():
    from backprop_tui.core.formulas.formula_preview import preview

    q = question(layer=3, node=1)
    shown = preview("2*(a_1^(L) - y_1) * g'(z_1^(L))", q)
    assert shown.rendered == "2(a₁⁽ᴸ⁾ − y₁) g′⁽ᴸ⁾(z₁⁽ᴸ⁾)" and shown.problem == ""
    unknown = preview("2*w_32^(L) + 1", q)
    assert "w_32^(L) does not exist in this network" in unknown.problem
    assert "2*w_32^(L) + 1"[slice(*unknown.span)] == "w_32^(L)"
    no_layer = preview("z_j", q)
    assert no_layer.problem == "z_j has no layer: add one, as in z_j^(L)" and no_layer.span == (0, 3)
    unreadable = preview("2*(a", q)
    assert unreadable.rendered == "" and "at position 5" in unreadable.problem
    nielsen = preview("(w^(l+1))^T delta^(l+1) (.) sigma'(z^l)", question("nielsen", layer=2))
    assert nielsen.rendered == "((wᴸ)ᵀ δᴸ) ⊙ σ′(z³)"


def test_a_transposed_gradient_matrix_is_named_on_a_square_layer_and_a_wide_one():
    """a (δ)ᵀ for δ aᵀ: on the lesson's 3×3 layer the shapes agree, on the wider networks they
    don't (this did raise inside the diagnosis); on a 2×3 layer the shapes differ at once."""
    for sizes in ((3, 3, 3, 2), (3, 2, 3, 2)):
        q = question(quantity="dC/dw", layer=2, sizes=sizes)
        v = check_formula("a^(l-1) (delta^(l))^T", "delta^(l) (a^(l-1))^T", q)
        assert not v.correct and v.misconception == "transposed-weight", (sizes, v.message)


def test_a_formula_of_the_right_shape_on_the_lesson_only_is_refused_by_its_shape():
    q = question(quantity="dC/dw", layer=2)  # W⁽²⁾ is 3×3; δ⁽²⁾ (a⁽²⁾)ᵀ is 3×3 here only
    v = check_formula("delta^(l) (a^(l))^T", "delta^(l) (a^(l-1))^T", q)
    assert not v.correct and "shape" in v.message


@pytest.mark.parametrize("notation, answer, key, slope", [
    ("deeplizard", "2*(a_j^(L) - y_j) * a_j^(L) * (1 - a_j^(L))", BP1, "g′(z)"),
    ("nielsen", "(a^L_j - y_j) a^L_j (1 - a^L_j)", "(a^L_j - y_j) sigma'(z^L_j)", "σ′(z)"),
])
def test_a_slope_written_for_the_lessons_sigmoid_is_told_to_use_g_prime(notation, answer, key, slope):
    """a(1 − a) is σ′ only: right on the lesson's sigmoid output, wrong on the random networks'
    other activations. Said as such (not as a coincidence of numbers), and not an attempt."""
    loss = "sse" if notation == "deeplizard" else "half-sse"
    q = question(notation, loss, layer=3, node=1, acts=("sigmoid", "tanh", "sigmoid"))
    v = check_formula(answer, key, q)
    assert not v.correct and not v.readable and v.misconception == "activation-specialised"
    assert f"write the slope as {slope}" in v.message

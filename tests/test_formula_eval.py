"""Evaluating typed formulas on a trace: each symbol is the trace's number, index-free forms are
the trace's vectors and matrices, and what can't be evaluated says why, with the span."""

from __future__ import annotations

import re

import numpy as np
import pytest

from backprop_tui.core.formulas.evaluate import Binding, EvalError, evaluate
from backprop_tui.core.formulas.parse import Scope, parse
from backprop_tui.core.math.network import Network

NET = Network.from_sizes([3, 4, 2], ["tanh", "sigmoid"], "sse", seed=1)
T = NET.trace([0.1, -0.2, 0.3], [0.0, 1.0])


def ev(text: str, notation: str = "deeplizard", layer=None, node=None, source=None, eta=0.5):
    p = parse(text, Scope(notation, NET.depth, layer))
    return evaluate(p, T, Binding(layer, node, source, eta))


def test_symbols_are_the_traces_numbers():
    assert ev("w_12^(L)") == NET.weights[1][1, 2]
    assert ev("b_1^(L-1)") == NET.biases[0][1]
    assert ev("z_3^(L-1)") == T.z(1)[3]
    assert ev("a_0^(L-2)") == ev("x_0") == T.x[0]
    assert ev("y_1") == T.y[1]
    assert ev("delta_1^(L)") == ev("dC/dz_1^(L)") == T.delta(2)[1]
    assert ev("C") == T.loss
    assert ev("eta", eta=0.3) == 0.3
    assert ev("dC/dw_12^(L)") == T.grad_w(2)[1, 2]
    assert ev("dC/db_1^(L)") == T.grad_b(2)[1]
    assert ev("dz_1^(L)/dw_12^(L)") == T.a(1)[2]
    assert ev("da/dz_2^(L-1)") == pytest.approx(1 - np.tanh(T.z(1)[2]) ** 2)


def test_nielsen_and_kostadinov_name_the_same_numbers():
    assert ev("w^L_23", "nielsen") == ev("W^(2)_23", "kostadinov") == NET.weights[1][1, 2]
    assert ev("a^2_1", "nielsen") == ev("a^(2)_1", "kostadinov") == T.a(1)[0]
    assert ev("s_2", "kostadinov") == T.a(2)[1]


def test_index_free_forms_are_vectors_and_matrices():
    np.testing.assert_allclose(ev("(W^(L))^T delta^(L) (.) g'(z^(L-1))").ravel(), T.delta(1))
    np.testing.assert_allclose(ev("delta^(L) (a^(L-1))^T"), T.grad_w(2))
    np.testing.assert_allclose(ev("dC/dW^(L)"), T.grad_w(2))
    np.testing.assert_allclose(ev("nabla_a C").ravel(), 2 * (T.a(2) - T.y))
    np.testing.assert_allclose(ev("W^(L-1) a^(L-2) + b^(L-1)").ravel(), T.z(1))
    np.testing.assert_allclose(ev("softmax(z^(L))").ravel(), np.exp(T.z(2)) / np.exp(T.z(2)).sum())


def test_letters_bound_by_sums_and_by_the_quantity():
    assert ev("sum_k w_1k^(L) a_k^(L-1) + b_1^(L)") == pytest.approx(T.z(2)[1])
    assert ev("a_k^(L-1) delta_j^(L)", layer=2, node=1, source=3) == pytest.approx(T.grad_w(2)[1, 3])
    assert ev("sum_j w_jk^(L) delta_j^(L) g'(z_k^(L-1))", layer=1, node=2) == pytest.approx(T.delta(1)[2])
    assert ev("sigma(z)*(1-sigma(z))", layer=2, node=0) == pytest.approx(
        ev("g'(z_0^(L))"))


@pytest.mark.parametrize("text, message, underlined", [
    ("2*w_32^(L)", "w_32^(L) does not exist in this network: its layer has 2 nodes, numbered 0 to 1", "w_32^(L)"),
    ("1 + z_j", "z_j has no layer: add one, as in z_j^(L)", "z_j"),
    ("z^(L-2)", "z^(L-2) does not exist in this network", "z^(L-2)"),
    ("a_i^(L)", "the index i is not bound", "a_i^(L)"),
    ("w_1^(L)", "needs two indices", "w_1^(L)"),
    ("delta^(L) delta^(L)", "can't multiply a 2×1 vector by a 2×1 vector; for an entry-by-entry product write ⊙", "delta^(L)"),
    ("1/(a_0^(L) - a_0^(L))", "division by zero", "a_0^(L) - a_0^(L)"),
    ("da_0^(L)/dw_01^(L)", "not a derivative this tutor evaluates", "da_0^(L)/dw_01^(L)"),
])
def test_what_cannot_be_evaluated_says_why_and_where(text, message, underlined):
    with pytest.raises(EvalError) as e:
        ev(text)
    assert message in e.value.message
    start, end = e.value.span
    assert text[start:end].strip() == underlined


def test_softmax_slope_is_refused_as_element_wise():
    net = Network.from_sizes([2, 3], ["softmax"], "cross-entropy", seed=0)
    t = net.trace([0.5, 0.1], [0.0, 1.0, 0.0])
    with pytest.raises(EvalError) as e:
        evaluate(parse("g'(z_0^(L))", Scope("deeplizard", 1)), t)
    assert e.value.code == "softmax-elementwise"


def test_sums_nested_too_deep_stop_with_a_message_instead_of_running_on():
    wide = Network.from_sizes([784, 30, 10], "sigmoid", "sse", seed=1)
    t = wide.trace(np.full(784, 0.01), np.zeros(10))
    scope = Scope("deeplizard", 2)
    z = evaluate(parse("sum_k w_0k^(L-1) a_k^(L-2) + b_0^(L-1)", scope), t)
    assert z == pytest.approx(t.z(1)[0])
    with pytest.raises(EvalError, match="more than 10,000 steps"):
        evaluate(parse("sum_j sum_k sum_i a_j^(L) a_k^(L) a_i^(L-1)", scope), t)


@pytest.mark.parametrize("notation, text, words", [
    ("nielsen", "w^5_11", "its layers are numbered 2 to 4"),
    ("nielsen", "a^9_1", "numbered 1 (the input) to 4"),
    ("kostadinov", "W^(4)", "named by their source layer, 1 to 3"),
    ("deeplizard", "a_0^(4)", "layers 0 (the input) to 3 after the input"),
])
def test_a_layer_that_does_not_exist_is_said_in_the_conventions_numbers(notation, text, words):
    """Nielsen and Kostadinov count the input as layer 1; Kostadinov names W by its source."""
    from backprop_tui.core.formulas.formula_cases import Question, cases
    from backprop_tui.core.formulas.parse import parse
    from backprop_tui.core.math.network import Network

    net = Network.from_sizes([2, 2, 2, 1], seed=1)
    q = Question(notation, net, np.array([0.1, 0.2]), np.array([1.0]), "delta", 3)
    case = cases(q, 0)[0]
    with pytest.raises(EvalError, match=re.escape(words)):
        evaluate(parse(text, q.scope), case.trace, case.binding)

"""Every gradient backprop reports agrees with central differences (float64, tight tolerance)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from helpers import ACTIVATIONS, LOSSES, layer_activations, random_case

from backprop_tui.core.formulas.chain import expand
from backprop_tui.core.math.gradcheck import check_parameter, numerical_gradients, relative_error
from backprop_tui.core.math.network import Network

EPS = 1e-3  # with the 5-point stencil the truncation error is ~EPS⁴
RTOL = 1e-7
# Below this the finite-difference estimate is rounding noise (ε_mach · C / EPS), not signal:
# backprop's exact 0 for a dead ReLU unit comes back from the nudge as ~1e-14.
ATOL = 1e-11


def _relu_pattern(net: Network, X: np.ndarray) -> list[np.ndarray]:
    fwd = net.forward(X)
    return [z > 0 for z, name in zip(fwd.zs, net.activations, strict=True) if name == "relu"]


def _crosses_kink(net: Network, X: np.ndarray, kind: str, l: int, j: int, k: int) -> bool:
    """True when nudging the parameter by ±2·EPS moves some ReLU input across 0."""
    if kind == "b" and not net.has_bias[l - 1]:
        return False  # not a parameter: nothing is nudged
    theta = net.parameter(kind, l, j, k)
    base = _relu_pattern(net, X)
    for h in (-2 * EPS, 2 * EPS):
        moved = _relu_pattern(net.with_parameter(kind, l, j, k, theta + h), X)
        if any((a != b).any() for a, b in zip(base, moved, strict=True)):
            return True
    return False


def _assert_close(net: Network, X: np.ndarray, Y: np.ndarray) -> None:
    gw, gb = net.gradients(X, Y)
    nw, nb = numerical_gradients(net, X, Y, eps=EPS, order=4)
    checked = 0
    for kind, ours, theirs in (("w", gw, nw), ("b", gb, nb)):
        for l, (g, n) in enumerate(zip(ours, theirs, strict=True), start=1):
            for idx in np.ndindex(*g.shape):
                j, k = (idx + (0,))[:2]
                if "relu" in net.activations and _crosses_kink(net, X, kind, l, j, k):
                    continue  # the cost is not differentiable within the stencil
                checked += 1
                close = relative_error(g[idx], n[idx]) <= RTOL or abs(g[idx] - n[idx]) <= ATOL
                assert close, f"{kind}^({l})_{idx}: backprop {g[idx]!r}, nudged {n[idx]!r}"
    total = sum(w.size + b.size for w, b in zip(gw, gb, strict=True))
    assert checked >= 0.8 * total, f"only {checked} of {total} parameters were away from a kink"


@pytest.mark.parametrize("depth", [1, 2, 3, 4])
@pytest.mark.parametrize("loss", LOSSES)
@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("n_samples", [1, 5], ids=["single", "averaged"])
def test_backprop_matches_central_differences(activation, loss, depth, n_samples):
    net, X, Y = random_case(activation, loss, depth, n_samples, seed=depth * 10 + n_samples)
    assert net.activations == tuple(layer_activations(activation, loss, depth))
    _assert_close(net, X, Y)


@pytest.mark.parametrize("loss", LOSSES)
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_chain_factors_terms_and_paths_equal_the_gradient(activation, loss):
    net, X, Y = random_case(activation, loss, 3, 1, seed=7)
    trace = net.trace(X[0], Y[0])
    for l in range(1, net.depth + 1):
        for kind in ("w", "b"):
            ex = expand(trace, kind, l, j=net.sizes[l] - 1, k=net.sizes[l - 1] - 1)
            grad = trace.grad_w(l)[ex.j, ex.k] if kind == "w" else trace.grad_b(l)[ex.j]
            assert ex.gradient == pytest.approx(grad, rel=1e-12, abs=1e-15)
            assert math.prod(f.value for f in ex.factors) == pytest.approx(grad, rel=1e-10, abs=1e-15)
            assert ex.paths is not None and len(ex.paths) == ex.path_count
            assert math.fsum(p.value for p in ex.paths) == pytest.approx(grad, rel=1e-10, abs=1e-15)
            if l < net.depth:  # one layer deeper: the sum over the next layer's nodes
                assert math.fsum(t.value for t in ex.terms) == pytest.approx(
                    ex.factors[0].value, rel=1e-10, abs=1e-15
                )
                assert len(ex.terms) == net.sizes[l + 1]


def test_output_weight_has_three_factors_and_deeper_weights_sum_over_the_next_layer():
    net = Network.from_sizes([4, 2, 2, 1], seed=0)
    trace = net.trace([0.05, 0.10, 0.15, 0.20], [1.0])
    out = expand(trace, "w", 3, 0, 1)
    a, z, y = trace.a(3)[0], trace.z(3)[0], 1.0
    sig = 1 / (1 + math.exp(-z))
    assert [f.value for f in out.factors] == pytest.approx([2 * (a - y), sig * (1 - sig), trace.a(2)[1]])
    assert out.terms == ()
    deeper = expand(trace, "w", 2, 1, 0)
    assert len(deeper.terms) == 1 and deeper.path_count == 1
    first = expand(trace, "w", 1, 0, 3)
    assert len(first.terms) == 2 and first.path_count == 2


def test_paths_are_withheld_past_the_limit_but_counted():
    net = Network.from_sizes([3, 8, 8, 8, 2], seed=0)
    trace = net.trace([0.1, 0.2, 0.3], [0.0, 1.0])
    ex = expand(trace, "w", 1, 0, 0, max_paths=64)
    assert ex.paths is None and ex.path_count == 8 * 8 * 2


def test_check_parameter_reports_the_nudge():
    net = Network.from_sizes([4, 2, 2, 1], seed=0)
    x, y = [0.05, 0.10, 0.15, 0.20], [1.0]
    gc = check_parameter(net, x, y, "w", 2, 1, 0, eps=1e-4)
    assert gc.cost_minus != gc.cost_plus
    assert gc.numeric == pytest.approx(net.trace(x, y).grad_w(2)[1, 0], rel=1e-6)
    assert gc.rel_error < 1e-6


def test_extreme_inputs_give_finite_costs_and_gradients_without_warnings():
    with np.errstate(over="raise", divide="raise", invalid="raise"):  # underflow to 0 is benign
        for acts, loss, Y in (
            (["sigmoid", "sigmoid"], "cross-entropy", [[1.0, 0.0]]),
            (["tanh", "softmax"], "cross-entropy", [[0.0, 1.0]]),
            (["relu", "softmax"], "sse", [[0.3, 0.7]]),
            (["sigmoid", "sigmoid"], "sse", [[1.0, 0.0]]),
        ):
            net = Network.from_sizes([2, 3, 2], acts, loss, seed=0)
            big = net.replace(weights=[w * 1e3 for w in net.weights])
            for X in ([[1000.0, -1000.0]], [[-1000.0, 1000.0]]):
                cost = big.cost(X, Y)
                gw, gb = big.gradients(X, Y)
                assert np.isfinite(cost)
                assert all(np.isfinite(g).all() for g in gw + gb)


def test_update_moves_against_the_gradient_and_lowers_the_cost():
    net = Network.from_sizes([4, 2, 2, 1], seed=0)
    X, Y = [[0.05, 0.10, 0.15, 0.20]], [[1.0]]
    new = net.update(X, Y, eta=0.5)
    gw, _ = net.gradients(X, Y)
    assert np.allclose(new.weights[0], net.weights[0] - 0.5 * gw[0])
    assert new.cost(X, Y) < net.cost(X, Y)
    assert net.weights[0] is not new.weights[0]  # the original is unchanged


def test_trace_steps_follow_the_design_order_and_are_immutable():
    net = Network.from_sizes([4, 2, 2, 1], seed=0)
    trace = net.trace([0.05, 0.10, 0.15, 0.20], [1.0])
    names = [(s.equation, s.layer) for s in trace.steps]
    assert names == [
        ("z", 1), ("a", 1), ("z", 2), ("a", 2), ("z", 3), ("a", 3), ("cost", 3),
        ("BP1", 3), ("BP3", 3), ("BP4", 3),
        ("BP2", 2), ("BP3", 2), ("BP4", 2),
        ("BP2", 1), ("BP3", 1), ("BP4", 1),
    ]
    with pytest.raises(ValueError):
        trace.steps[0].result[0] = 1.0
    assert trace.first_backward() == 7


def test_what_is_known_at_a_step_is_what_the_steps_so_far_computed():
    """Trace.known and Trace.known_values agree: a quantity is known from the step computing it
    on (δ from BP1 or BP2), the input always; the stepper is the app's TutorState."""
    trace = Network.from_sizes([4, 2, 2, 1], seed=0).trace([0.05, 0.10, 0.15, 0.20], [1.0])
    assert trace.known(0, "a", 0) and not trace.known(0, "a", 1)
    for step in trace.steps:
        latest = trace.known_values(step.index)
        for l in range(1, trace.depth + 1):
            if latest[l][0]:
                assert trace.known(step.index, latest[l][0], l)
        assert trace.known(step.index, "cost", 0) == (step.index >= trace.first_step("cost", 3))
    assert trace.first_step("BP2", 3) is None and trace.first_step("BP1", 3) == 7
    assert not trace.known(6, "delta", 3) and trace.known(7, "delta", 3)
    assert not trace.known(15, "BP4", 4)


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("loss", LOSSES)
def test_bias_free_layers_match_central_differences(activation, loss):
    """Kostadinov's layers without a bias: backprop still agrees with the nudge, the missing
    biases have gradient 0 and stay 0 after an update."""
    depth = 3
    net, X, Y = random_case(activation, loss, depth, 3, seed=77)
    flags = [True, False, False]
    net = Network.from_sizes(net.sizes, net.activations, loss, seed=77, has_bias=flags)
    assert net.has_bias == (True, False, False)
    assert all(not b.any() for b in net.biases[1:])
    _assert_close(net, X, Y)
    _, gb = net.gradients(X, Y)
    assert not gb[1].any() and not gb[2].any()
    stepped = net.update(X, Y, 0.5)
    assert stepped.has_bias == net.has_bias and not stepped.biases[2].any()
    with pytest.raises(ValueError, match="layer 3 has no bias"):
        net.with_parameter("b", 3, 0, 0, 1.0)


def test_a_bias_free_layer_refuses_nonzero_biases():
    sizes = (2, 1)
    with pytest.raises(ValueError, match="no bias"):
        Network(sizes, ["linear"], "sse", [np.ones((1, 2))], [np.ones(1)], [False])
    net = Network(sizes, ["linear"], "sse", [np.ones((1, 2))], [np.zeros(1)], [False])
    assert net.plain_output and not Network.from_sizes(sizes, "linear").plain_output

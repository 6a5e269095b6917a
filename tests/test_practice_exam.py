"""The exam, and error carried forward: a planted early slip is penalised once, and later steps
done right from it are marked right given the learner's own answer."""

from __future__ import annotations

import numpy as np
import pytest
from practice_cases import SEEDS_PER_CASE

from backprop_tui.core.course.practice import exam, generate, grade

SEEDS = range(SEEDS_PER_CASE * 2)


def slope_at_z(name: str, z: float) -> float:
    s = 1 / (1 + np.exp(-z))
    return {"sigmoid": s * (1 - s), "tanh": 1 - np.tanh(z) ** 2, "relu": float(z > 0),
            "linear": 1.0}[name]


@pytest.mark.parametrize("seed", SEEDS)
def test_an_exam_is_the_whole_step_of_one_network_in_order(seed):
    steps = exam(seed)
    net = steps[0].network
    assert all(p.network is net and p.samples == steps[0].samples for p in steps)
    quantities = [p.quantity for p in steps]
    L = net.depth
    n_forward = 2 * sum(net.sizes[1:])
    assert quantities[:n_forward:2] == ["z"] * (n_forward // 2)
    assert quantities[n_forward] == "cost"
    deltas = [p.layer for p in steps if p.quantity == "delta"]
    assert deltas == sorted(deltas, reverse=True) and deltas[0] == L and deltas[-1] == 1
    layer = steps[-1].layer
    assert {p.layer for p in steps if p.quantity in ("dC/db", "dC/dw")} == {layer}
    assert len([p for p in steps if p.quantity == "dC/dw"]) == net.sizes[layer] * net.sizes[layer - 1]
    assert [p.prompt for p in exam(seed)] == [p.prompt for p in steps]  # a seed is an exam
    result = grade(steps, [repr(p.answer) for p in steps])
    assert result.score == 1.0 and all(v.correct for v in result.verdicts)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_slip_in_the_output_delta_is_penalised_once(seed):
    """The learner's δ^(L)_0 is off by 0.1; every later step is worked out here from it."""
    steps = exam(seed)
    net, t = steps[0].network, steps[0].trace
    L = net.depth
    slip = 0.1
    delta_L = t.delta(L).copy()
    delta_L[0] += slip
    hidden = net.activations[L - 2]
    delta_h = (net.weights[L - 1].T @ delta_L) * np.array(
        [slope_at_z(hidden, z) for z in t.z(L - 1)])
    deltas = {L: delta_L, L - 1: delta_h}
    answers = []
    for p in steps:
        q, l, j, k = p.key
        if q in ("delta", "dC/db"):
            v = deltas[l][j]
        elif q == "dC/dw":
            v = deltas[l][j] * t.a(l - 1)[k]
        else:
            v = p.answer
        answers.append(repr(float(v)))
    result = grade(steps, answers)
    first = next(i for i, p in enumerate(steps) if p.key == ("delta", L, 0, None))
    assert result.scores[first] == 0.0 and not result.verdicts[first].consistent
    assert all(s == 1.0 for i, s in enumerate(result.scores) if i != first)
    carried = [v for v, p in zip(result.verdicts, steps, strict=True)
               if p.quantity != "delta" or p.layer != L]
    assert any(not v.correct and v.consistent for v in carried)
    slipped_label = steps[first].symbols.label(steps[first].key)
    later = [v for v in result.verdicts[first + 1:] if not v.correct]
    assert later and all(v.message.startswith("Right, given your") for v in later)
    hidden_deltas = [v for v, p in zip(result.verdicts, steps, strict=True)
                     if p.quantity == "delta" and p.layer == L - 1 and not v.correct]
    assert not hidden_deltas or all(slipped_label in v.message for v in hidden_deltas)
    assert result.score == pytest.approx((len(steps) - 1) / len(steps))


def test_a_gradient_carried_through_a_hidden_delta_names_the_root_slip():
    """δ⁽ᴸ⁾₀ off by 0.1, δ one layer down worked right from it, that layer's gradients right
    from those: the gradients' message names δ⁽ᴸ⁾₀, the mistake, not only the δ they used."""
    checked = 0
    for seed in range(40):
        steps = exam(seed)
        net, t = steps[0].network, steps[0].trace
        L = net.depth
        if steps[-1].layer != L - 1:
            continue
        delta_L = t.delta(L).copy()
        delta_L[0] += 0.1
        hidden = net.activations[L - 2]
        delta_h = (net.weights[L - 1].T @ delta_L) * np.array(
            [slope_at_z(hidden, z) for z in t.z(L - 1)])
        given = {("delta", L, j, None): float(v) for j, v in enumerate(delta_L)}
        given |= {("delta", L - 1, j, None): float(v) for j, v in enumerate(delta_h)}
        root = steps[0].symbols.label(("delta", L, 0, None))
        for p in steps:
            q, l, j, k = p.key
            if q not in ("dC/db", "dC/dw") or abs(net.weights[L - 1][0, j]) < 0.05:
                continue  # (a δ that hardly moved is right anyway)
            carried = delta_h[j] * (t.a(l - 1)[k] if q == "dC/dw" else 1.0)
            v = p.check(repr(float(carried)), given)
            if v.correct:
                continue
            assert v.consistent and root in v.message and "slip was earlier" in v.message, v.message
            used = p.symbols.label(("delta", L - 1, j, None))
            assert used in v.message  # and what it was computed from, as before
            checked += 1
    assert checked >= 3


@pytest.mark.parametrize("seed", SEEDS)
def test_a_forward_slip_carries_into_the_cost_and_a_second_slip_still_counts(seed):
    """a^(L)_j off: the cost from it is right given it; a wrong cost on top is not."""
    steps = exam(seed)
    net, t = steps[0].network, steps[0].trace
    L = net.depth
    j = int(np.argmax(t.y)) if net.loss == "cross-entropy" else 0  # a node the cost depends on
    i_a = next(i for i, p in enumerate(steps) if p.key == ("a", L, j, None))
    i_cost = next(i for i, p in enumerate(steps) if p.quantity == "cost")
    a = t.a(L).copy()
    if net.loss == "cross-entropy":
        a[j] *= 0.5  # C grows by ln 2
    else:
        a[j] += 0.2 if a[j] >= t.y[j] else -0.2  # away from its target: the cost must change
    y, n = t.y, len(a)
    if net.loss == "cross-entropy":
        cost = -np.sum(y * np.log(a))
    else:
        cost = {"sse": np.sum((a - y) ** 2), "half-sse": 0.5 * np.sum((a - y) ** 2),
                "mse": np.sum((a - y) ** 2) / n}[net.loss]
    answers = [repr(p.answer) for p in steps[: i_cost + 1]]
    answers[i_a] = repr(float(a[j]))
    answers[i_cost] = repr(float(cost))
    result = grade(steps[: i_cost + 1], answers)
    assert result.scores[i_a] == 0 and result.scores[i_cost] == 1
    assert result.verdicts[i_cost].consistent and not result.verdicts[i_cost].correct
    answers[i_cost] = repr(float(cost) * 1.5 + 0.2)
    assert grade(steps[: i_cost + 1], answers).scores[i_cost] == 0


def test_a_practice_chain_carries_the_learners_delta_into_the_weight_gradient():
    p = next(q for s in range(200) if (q := generate("weight-gradient", s)).layer is not None
             and q.network.activations[q.layer - 1] != "softmax" and q.layer > 1)
    l, j, k = p.layer, p.node, p.source
    mine = p.trace.delta(l)[j] * 1.5 + 0.05
    v = p.check(repr(float(mine * p.trace.a(l - 1)[k])), {("delta", l, j, None): repr(float(mine))})
    assert v.consistent and not v.correct and p.symbols.delta(l, j) in v.message
    right = p.check(repr(p.answer), {("delta", l, j, None): float(mine)})
    assert right.correct

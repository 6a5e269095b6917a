"""The numbers common backprop mistakes produce, each computed from the core's trace of a problem.

Each function takes a problem and returns the values that mistake gives on it (several when the
mistake can be made more than one way, e.g. which single node of a sum was kept; none when it
can't be made on this problem). Mistakes in δ (:func:`delta_mistake`) carry through to whatever
the problem asks that is built on δ: ∂C/∂b, ∂C/∂w, an update, a mean over samples.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from backprop_tui.core.course.practice.values import dC_da, slope
from backprop_tui.core.math.activations import get_activation
from backprop_tui.core.math.trace import Trace

if TYPE_CHECKING:
    from backprop_tui.core.course.practice.problem import Problem

ON_DELTA = ("delta", "dC/db", "dC/dw", "w-updated", "b-updated")
COST_FACTOR = {"sse": 0.5, "half-sse": 2.0, "mse": 0.5}  # dC/da scaled by the mixed-up factor
Values = tuple[float, ...]
DeltaFn = Callable[[Trace, int, int], float]  # (trace, l, j) -> the wrong δ^(l)_j


def _used(p: Problem) -> list[Trace]:
    return list(p.traces) if p.average else [p.traces[0]]


def finish(p: Problem, deltas: list[float], a_prev: list[float] | None = None) -> float:
    """What the problem asks for, built from δ^(l)_j of each sample used (and, for ∂C/∂w, the
    activation multiplied in: a^(l-1)_k unless a mistake replaced it)."""
    ts = _used(p)
    l, j, k = p.layer, p.node, p.source
    if p.quantity in ("delta", "dC/db", "b-updated"):
        grad = float(np.mean(deltas))
    else:
        acts = a_prev if a_prev is not None else [float(t.a(l - 1)[k]) for t in ts]
        grad = float(np.mean([d * a for d, a in zip(deltas, acts, strict=True)]))
    if p.quantity == "w-updated":
        return p.network.parameter("w", l, j, k) - p.eta * grad
    if p.quantity == "b-updated":
        return p.network.parameter("b", l, j) - p.eta * grad
    return grad


def true_deltas(p: Problem) -> list[float]:
    return [float(t.delta(p.layer)[p.node]) for t in _used(p)]


def delta_mistake(p: Problem, fn: DeltaFn) -> Values:
    if p.quantity not in ON_DELTA:
        return ()
    return (finish(p, [fn(t, p.layer, p.node) for t in _used(p)]),)


def _output(p: Problem) -> bool:
    return p.layer == p.network.depth


def _elementwise(p: Problem) -> bool:
    return get_activation(p.network.activations[p.layer - 1]).elementwise


def _slope_at_a(t: Trace, l: int, j: int) -> float:
    act = get_activation(t.network.activations[l - 1])
    return float(act.prime(t.a(l)[j : j + 1])[0])


# ------------------------------------------------------------------ one function per mistake
def missing_activation_slope(p: Problem) -> Values:
    """δ = ∂C/∂a, the factor g′(z) left out."""
    if p.quantity not in ON_DELTA or not _elementwise(p):
        return ()
    return delta_mistake(p, dC_da)


def slope_at_activation(p: Problem) -> Values:
    """g′ evaluated at a instead of z."""
    if p.quantity == "da/dz":
        return (_slope_at_a(p.trace, p.layer, p.node),)
    if p.quantity not in ON_DELTA or not _elementwise(p):
        return ()
    return delta_mistake(p, lambda t, l, j: dC_da(t, l, j) * _slope_at_a(t, l, j))


def _slope_form_with_z(t: Trace, l: int, j: int) -> float | None:
    """The slope's form in a (σ′ = a(1 − a), tanh′ = 1 − a²) worked out with z put in for a;
    None for an activation whose slope has no such form."""
    act = get_activation(t.network.activations[l - 1])
    if act.prime_from_output is None:
        return None
    z = t.z(l)[j : j + 1]
    return float(act.prime_from_output(z, z)[0])


def slope_form_with_z(p: Problem) -> Values:
    """a(1 − a) or 1 − a² with z for a: in g′ itself, or in δ and what is built on it."""
    if p.quantity not in ("da/dz", *ON_DELTA) or not _elementwise(p):
        return ()
    if _slope_form_with_z(p.trace, p.layer, p.node) is None:
        return ()
    if p.quantity == "da/dz":
        return (_slope_form_with_z(p.trace, p.layer, p.node),)
    return delta_mistake(p, lambda t, l, j: dC_da(t, l, j) * (_slope_form_with_z(t, l, j) or 0.0))


def cost_factor(p: Problem) -> Values:
    """The 2 of (a − y)² or the ½ of the half cost mixed up."""
    c = COST_FACTOR.get(p.network.loss)
    if c is None:
        return ()
    if p.quantity == "cost":
        return () if p.network.loss == "mse" else (c * p.trace.loss,)
    if not _output(p):
        return ()
    if p.quantity == "dC/da":
        return (c * dC_da(p.trace, p.layer, p.node),)
    return delta_mistake(p, lambda t, l, j: c * float(t.delta(l)[j]))


def sign_flipped(p: Problem) -> Values:
    """(y − a) for (a − y): ∂C/∂a, and so δ^(L), with the wrong sign."""
    if not _output(p):
        return ()
    if p.quantity == "dC/da":
        return (-dC_da(p.trace, p.layer, p.node),)
    return delta_mistake(p, lambda t, l, j: -float(t.delta(l)[j]))


def one_term_of_sum(p: Problem) -> Values:
    """One node i of the next layer, w_ij δ_i, instead of the sum over i (in δ and what is built
    on it, or in a hidden ∂C/∂a itself: the first step of a faded hidden-δ problem)."""
    hidden_dC_da = p.quantity == "dC/da" and p.layer is not None and p.layer < p.network.depth
    if (p.quantity not in ON_DELTA and not hidden_dC_da) or _output(p):
        return ()
    l, n_next = p.layer, p.network.sizes[p.layer + 1]
    if n_next < 2:
        return ()
    W = p.network.weights[l]
    if hidden_dC_da:
        return tuple(float(W[i, p.node] * p.trace.delta(l + 1)[i]) for i in range(n_next))
    return tuple(
        finish(p, [float(W[i, p.node] * t.delta(l + 1)[i]) * slope(t, l, p.node) for t in _used(p)])
        for i in range(n_next)
    )


def transposed_weight(p: Problem) -> Values:
    """w_kj for w_jk: in z, in the sum of BP2 (in δ, or in a hidden ∂C/∂a itself), or
    a^(l-1)_j δ^(l)_k for ∂C/∂w_jk."""
    net, l, j, k = p.network, p.layer, p.node, p.source
    if p.quantity == "z":
        W, t, n_prev = net.weights[l - 1], p.trace, net.sizes[l - 1]
        if n_prev > net.sizes[l] or j >= n_prev:
            return ()  # w_kj exists for every k only when layer l has as many nodes as l−1
        return (float(W[:n_prev, j] @ t.a(l - 1)) + net.parameter("b", l, j),)
    if p.quantity in ("dC/dw", "w-updated"):
        if j >= net.sizes[l - 1] or k >= net.sizes[l]:
            return ()
        ts = _used(p)
        return (finish(p, [float(t.delta(l)[k]) for t in ts], [float(t.a(l - 1)[j]) for t in ts]),)
    hidden_dC_da = p.quantity == "dC/da" and l is not None and l < net.depth
    if (p.quantity not in ON_DELTA and not hidden_dC_da) or _output(p):
        return ()
    n_next, n = net.sizes[l + 1], net.sizes[l]
    if n_next > n or j >= n_next:
        return ()
    W = net.weights[l]
    if hidden_dC_da:  # the first step of a faded hidden-δ problem: the sum of BP2 alone
        return (float(W[j, :n_next] @ p.trace.delta(l + 1)),)
    return delta_mistake(p, lambda t, l_, j_: float(W[j_, :n_next] @ t.delta(l_ + 1)) * slope(t, l_, j_))


def wrong_layer_activation(p: Problem) -> Values:
    """a of layer l (the node's own a_j, or a_k of layer l) instead of a^(l-1)_k in BP4."""
    if p.quantity not in ("dC/dw", "w-updated"):
        return ()
    ts, l, j, k = _used(p), p.layer, p.node, p.source
    options = [[float(t.a(l)[j]) for t in ts]]
    if k < p.network.sizes[l] and k != j:
        options.append([float(t.a(l)[k]) for t in ts])
    return tuple(finish(p, true_deltas(p), acts) for acts in options)


def forgot_bias(p: Problem) -> Values:
    """z without b."""
    if p.quantity != "z":
        return ()
    return (float(p.trace.z(p.layer)[p.node]) - p.network.parameter("b", p.layer, p.node),)


def _gradient(p: Problem) -> float:
    kind = "w" if p.quantity == "w-updated" else "b"
    return (p.network.parameter(kind, p.layer, p.node, p.source or 0) - p.answer) / p.eta


def update_wrong_direction(p: Problem) -> Values:
    """w + η ∂C/∂w."""
    if p.quantity not in ("w-updated", "b-updated"):
        return ()
    kind = "w" if p.quantity == "w-updated" else "b"
    return (p.network.parameter(kind, p.layer, p.node, p.source or 0) + p.eta * _gradient(p),)


def forgot_learning_rate(p: Problem) -> Values:
    """w − ∂C/∂w."""
    if p.quantity not in ("w-updated", "b-updated"):
        return ()
    kind = "w" if p.quantity == "w-updated" else "b"
    return (p.network.parameter(kind, p.layer, p.node, p.source or 0) - _gradient(p),)


def softmax_elementwise(p: Problem) -> Values:
    """softmax's ∂a_j/∂z_j = a_j(1 − a_j) alone, as if it were element-wise."""
    if p.quantity not in ON_DELTA or p.network.activations[p.layer - 1] != "softmax":
        return ()
    return delta_mistake(p, lambda t, l, j: float(t.dC_da[j] * t.a(l)[j] * (1.0 - t.a(l)[j])))


def sum_not_mean(p: Problem) -> Values:
    """Σ over the samples instead of the mean."""
    n = len(p.samples)
    if not p.average or n < 2 or p.quantity not in ON_DELTA:
        return ()
    if p.quantity in ("w-updated", "b-updated"):
        kind = p.quantity[0]
        param = p.network.parameter(kind, p.layer, p.node, p.source or 0)
        return (param - n * (param - p.answer),)
    return (n * p.answer,)

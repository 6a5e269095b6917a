"""Every number a practice problem asks for, read from the core's trace: never computed by hand.

A key names one quantity as the lessons do, ``(quantity, layer, node, source)``: layers count from
1 (the first layer after the input), nodes and sources from 0. ``sample`` picks the training
sample; ``average`` asks for the gradient (or update) of the mean cost over all samples.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from backprop_tui.core.math.activations import get_activation
from backprop_tui.core.math.network import Network
from backprop_tui.core.math.trace import Trace

Key = tuple[str, int | None, int | None, int | None]
Sample = tuple[np.ndarray, np.ndarray]


def traces(network: Network, samples: Sequence[Sample]) -> tuple[Trace, ...]:
    """One core trace per sample."""
    return tuple(network.trace(x, y) for x, y in samples)


def slope(trace: Trace, l: int, j: int) -> float:
    """g'(z^(l)_j) of an element-wise activation, from the core's activation."""
    act = get_activation(trace.network.activations[l - 1])
    if not act.elementwise:
        raise ValueError("da/dz is not one number for a softmax layer (it is a Jacobian)")
    return float(act.prime(trace.z(l)[j : j + 1])[0])


def dC_da(trace: Trace, l: int, j: int) -> float:
    """∂C/∂a^(l)_j: from the loss at the output, Σ_i w^(l+1)_ij δ^(l+1)_i below it."""
    if l == trace.depth:
        return float(trace.dC_da[j])
    return float(trace.network.weights[l][:, j] @ trace.delta(l + 1))


def value(
    network: Network, samples: Sequence[Sample], key: Key, *, sample: int = 0,
    average: bool = False, eta: float | None = None, trace_list: Sequence[Trace] | None = None,
) -> float:
    """The core's value of ``key``."""
    quantity, l, j, k = key
    ts = trace_list if trace_list is not None else traces(network, samples)
    t = ts[sample]
    if quantity in ("dC/dw", "dC/db", "w-updated", "b-updated"):
        chosen = list(samples) if average else [samples[sample]]
        X = np.array([x for x, _ in chosen])
        Y = np.array([y for _, y in chosen])
        if quantity in ("w-updated", "b-updated"):
            if eta is None:
                raise ValueError(f"{quantity} needs a learning rate")
            kind = quantity[0]
            return network.update(X, Y, eta).parameter(kind, l, j, k or 0)
        if average:
            gw, gb = network.gradients(X, Y)
        else:  # one sample: the trace's own BP3 and BP4
            gw, gb = [t.grad_w(i) for i in range(1, t.depth + 1)], [t.grad_b(i) for i in range(1, t.depth + 1)]
        return float(gw[l - 1][j, k] if quantity == "dC/dw" else gb[l - 1][j])
    match quantity:
        case "z":
            return float(t.z(l)[j])
        case "a":
            return float(t.a(l)[j])
        case "cost":
            return t.loss
        case "dC/da":
            return dC_da(t, l, j)
        case "da/dz":
            return slope(t, l, j)
        case "delta":
            return float(t.delta(l)[j])
        case "w":
            return network.parameter("w", l, j, k)
        case "b":
            return network.parameter("b", l, j)
    raise ValueError(f"no such quantity {quantity!r}")

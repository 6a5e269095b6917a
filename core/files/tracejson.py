"""The Trace JSON of DESIGN.md (``backprop-tui trace ... --format json``), as plain dicts.

Every number is a Python ``float`` (lists of them for vectors, lists of rows for matrices), so
the result goes straight into :func:`json.dumps`. Layers are listed input side first and
``index`` counts from 1 for the first layer after the input.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from backprop_tui.core.math.network import Network
    from backprop_tui.core.math.trace import Trace


def _plain(a: np.ndarray) -> Any:
    """Nested lists of Python floats (``tolist`` turns float64 into float)."""
    return np.asarray(a, dtype=float).tolist()


def trace_to_json(trace: Trace) -> dict[str, Any]:
    """One sample: ``loss``, ``input``, ``target`` and per layer the weights, biases, z, a, δ and
    the gradients ∂C/∂W, ∂C/∂b of that sample's cost."""
    net = trace.network
    layers = [
        {
            "index": l,
            "activation": net.activations[l - 1],
            "weights": _plain(net.weights[l - 1]),
            "biases": _plain(net.biases[l - 1]),
            "z": _plain(trace.z(l)),
            "a": _plain(trace.a(l)),
            "delta": _plain(trace.delta(l)),
            "grad_weights": _plain(trace.grad_w(l)),
            "grad_biases": _plain(trace.grad_b(l)),
        }
        for l in range(1, net.depth + 1)
    ]
    return {"loss": float(trace.loss), "input": _plain(trace.x), "target": _plain(trace.y),
            "layers": layers}


def average_to_json(net: Network, X: np.ndarray, Y: np.ndarray) -> dict[str, Any]:
    """``--average``: the same keys as :func:`trace_to_json`, for the mean cost over a batch.

    - ``loss`` is the mean cost over the samples, (1/n) Σ_x C_x;
    - ``grad_weights`` and ``grad_biases`` are the gradients of that mean cost (the mean of the
      per-sample gradients), the ones a gradient-descent step uses;
    - what belongs to one sample has one entry per sample, in file order: ``input`` and
      ``target`` are lists of vectors (``input[i]`` is sample i's x), and so are each layer's
      ``z``, ``a`` and ``delta`` (``z[i]`` is z^(l) for sample i), rather than averages, which
      no forward pass ever produces.
    """
    X = np.atleast_2d(np.asarray(X, dtype=float))
    Y = np.atleast_2d(np.asarray(Y, dtype=float))
    fwd = net.forward(X, Y)
    back = net.backward(fwd, Y)
    layers = [
        {
            "index": l,
            "activation": net.activations[l - 1],
            "weights": _plain(net.weights[l - 1]),
            "biases": _plain(net.biases[l - 1]),
            "z": _plain(fwd.zs[l - 1]),
            "a": _plain(fwd.activations[l]),
            "delta": _plain(back.deltas[l - 1]),
            "grad_weights": _plain(back.grad_weights[l - 1]),
            "grad_biases": _plain(back.grad_biases[l - 1]),
        }
        for l in range(1, net.depth + 1)
    ]
    return {"loss": float(np.mean(fwd.costs)), "input": _plain(X), "target": _plain(Y),
            "layers": layers}

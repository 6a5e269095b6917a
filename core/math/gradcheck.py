"""Checking a gradient by nudging: central differences of the cost.

    ∂C/∂θ ≈ (C(θ + h) − C(θ − h)) / 2h

(h, not ε: ε is Kostadinov's learning rate.) The error of this estimate shrinks like h²;
:func:`numerical_gradients` can also use the
five-point stencil (error ~ h⁴) so tests can hold backprop to a relative error of 1e-7.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from backprop_tui.core.math.network import Network


@dataclass(frozen=True)
class GradCheck:
    """Backprop's value for one parameter beside the nudged estimate."""

    kind: str
    layer: int
    j: int
    k: int
    eps: float
    cost: float
    cost_plus: float
    cost_minus: float
    backprop: float
    kink: bool = False  # the nudge moves a ReLU input across 0, where ReLU has no slope

    @property
    def numeric(self) -> float:
        return (self.cost_plus - self.cost_minus) / (2 * self.eps)

    @property
    def rel_error(self) -> float:
        return relative_error(self.backprop, self.numeric)


def relative_error(a: float | np.ndarray, b: float | np.ndarray) -> float | np.ndarray:
    """|a − b| / max(|a|, |b|), and 0 where both are 0."""
    scale = np.maximum(np.abs(a), np.abs(b))
    return np.where(scale == 0, 0.0, np.abs(a - b) / np.where(scale == 0, 1.0, scale))


def check_parameter(
    net: Network, X, Y, kind: str, layer: int, j: int, k: int = 0, eps: float = 1e-4
) -> GradCheck:
    """Nudge w^(layer)_jk (or b^(layer)_j) by ±h (``eps``) and compare ΔC/2h with backprop.
    A layer without a bias has no b to nudge: the cost does not move and backprop gives 0."""
    theta = net.parameter(kind, layer, j, k)
    gw, gb = net.gradients(X, Y)
    grad = gw[layer - 1][j, k] if kind == "w" else gb[layer - 1][j]
    if kind == "b" and not net.has_bias[layer - 1]:
        cost = net.cost(X, Y)
        return GradCheck(kind, layer, j, k, eps, cost, cost, cost, 0.0)
    plus = net.with_parameter(kind, layer, j, k, theta + eps)
    minus = net.with_parameter(kind, layer, j, k, theta - eps)
    return GradCheck(
        kind, layer, j, k, eps,
        cost=net.cost(X, Y),
        cost_plus=plus.cost(X, Y),
        cost_minus=minus.cost(X, Y),
        backprop=float(grad),
        kink=crosses_kink((minus, net, plus), X),
    )


def crosses_kink(nets: tuple[Network, ...], X) -> bool:
    """Whether some ReLU input is on different sides of 0 (or at 0) in these networks: there
    the cost has a corner, the nudge measures the average of two slopes and backprop one."""
    patterns = []
    for n in nets:
        fwd = n.forward(X)
        patterns.append([z > 0 for z, name in zip(fwd.zs, n.activations, strict=True)
                         if name == "relu"])
        if any((z == 0).any() for z, name in zip(fwd.zs, n.activations, strict=True)
               if name == "relu"):
            return True
    first = patterns[0]
    return any((a != b).any() for other in patterns[1:] for a, b in zip(first, other, strict=True))


def numerical_gradients(
    net: Network, X, Y, eps: float = 1e-4, order: int = 2
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """∂C/∂W and ∂C/∂b of the mean cost, every parameter nudged in turn (order 2 or 4)."""
    stencil = {2: ((1, 0.5), (-1, -0.5)), 4: ((2, -1 / 12), (1, 8 / 12), (-1, -8 / 12), (-2, 1 / 12))}
    steps = stencil[order]

    def estimate(kind: str, l: int, j: int, k: int) -> float:
        theta = net.parameter(kind, l, j, k)
        total = sum(c * net.with_parameter(kind, l, j, k, theta + s * eps).cost(X, Y) for s, c in steps)
        return total / eps

    gw = [np.zeros_like(w) for w in net.weights]
    gb = [np.zeros_like(b) for b in net.biases]
    for l in range(1, net.depth + 1):
        for j, k in np.ndindex(*gw[l - 1].shape):
            gw[l - 1][j, k] = estimate("w", l, j, k)
        if not net.has_bias[l - 1]:
            continue  # no bias to nudge: its gradient stays 0, as backprop's does
        for j in range(gb[l - 1].shape[0]):
            gb[l - 1][j] = estimate("b", l, j, 0)
    return gw, gb

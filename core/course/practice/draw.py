"""Drawing a fresh, hand-friendly network for a problem: a seeded generator decides everything.

1-3 layers after the input, 1-4 nodes each (2-4 for a softmax layer); inputs, weights and biases
with at most two decimals in [−1, 1]; targets 0/1 (one-hot for softmax with cross-entropy) or
one decimal in the output's range.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from backprop_tui.core.course.practice.skills import (
    ACTIVATIONS,
    CROSS_ENTROPY_OUTPUTS,
    HIDDEN,
    LOSSES,
    Skill,
)
from backprop_tui.core.math.network import Network

Rng = np.random.Generator


@dataclass(frozen=True)
class Draft:
    """A drawn network and its samples, and where in it the problem is."""

    network: Network
    samples: tuple[tuple[np.ndarray, np.ndarray], ...]
    layer: int


def two_decimals(rng: Rng, shape: int | tuple[int, ...]) -> np.ndarray:
    """Uniform hundredths in [−1, 1]."""
    return rng.integers(-100, 101, size=shape) / 100.0


def target(rng: Rng, activation: str, loss: str, n: int) -> np.ndarray:
    """0/1 targets, one-hot for softmax + cross-entropy, else often one decimal."""
    if activation == "softmax" and loss == "cross-entropy":
        return np.eye(n)[rng.integers(n)]
    if loss == "cross-entropy" or rng.random() < 0.4:
        return rng.integers(0, 2, size=n).astype(float)
    low = -10 if activation in ("tanh", "linear") else 0
    return rng.integers(low, 11, size=n) / 10.0


def choose_place(rng: Rng, skill: Skill, activation: str | None, loss: str | None) -> bool:
    """True: the problem is about the output layer; False: a hidden one."""
    if skill.output_only or activation == "softmax":
        return True
    if skill.hidden_only:
        return False
    if loss == "cross-entropy" and activation is not None and activation not in CROSS_ENTROPY_OUTPUTS:
        return False
    return bool(rng.random() < 0.5)


def draw(rng: Rng, skill: Skill, activation: str | None, loss: str | None, n_samples: int) -> Draft:
    """One network with the problem's layer using ``activation`` and the network ``loss``."""
    output = choose_place(rng, skill, activation, loss)
    depth = int(rng.integers(1, 4)) if output else int(rng.integers(2, 4))
    layer = depth if output else int(rng.integers(1, depth))
    if loss is None:
        out_act = activation if output and activation else None
        allowed = [lo for lo in LOSSES if lo != "cross-entropy" or out_act in (None, *CROSS_ENTROPY_OUTPUTS)]
        loss = str(rng.choice(allowed))
    outputs = list(CROSS_ENTROPY_OUTPUTS) if loss == "cross-entropy" else list(ACTIVATIONS)
    acts = [str(rng.choice(HIDDEN)) for _ in range(depth - 1)] + [str(rng.choice(outputs))]
    if activation is not None:
        acts[layer - 1] = activation
    sizes = [int(rng.integers(1, 5)) for _ in range(depth + 1)]
    if acts[-1] == "softmax":
        sizes[-1] = int(rng.integers(2, 5))
    weights = [two_decimals(rng, (n, m)) for m, n in zip(sizes, sizes[1:], strict=False)]
    biases = [two_decimals(rng, n) for n in sizes[1:]]
    net = Network(sizes, acts, loss, weights, biases)
    samples = tuple(
        (two_decimals(rng, sizes[0]), target(rng, acts[-1], loss, sizes[-1])) for _ in range(n_samples)
    )
    return Draft(net, samples, layer)


def relu_safe(draft: Draft) -> bool:
    """No ReLU layer has a weighted input of exactly 0, where its slope is a matter of convention."""
    net = draft.network
    X = np.array([x for x, _ in draft.samples])
    fwd = net.forward(X)
    return all(
        not np.any(np.abs(z) < 1e-9) for z, name in zip(fwd.zs, net.activations, strict=True)
        if name == "relu"
    )

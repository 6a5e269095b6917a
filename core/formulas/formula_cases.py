"""The networks a formula is checked on: the lesson's, and seeded random ones like it.

A formula is right when it equals the key on the lesson's network and on ``2 × count`` random
networks of the same depth (so every layer a formula names exists): ``count`` of the lesson's
widths and ``count`` wider, with other activations (unless a formula names one, as
``sigmoid(z)``), weights, biases, input, target and η. The loss stays the lesson's, since a
formula such as 2(a − y) belongs to its cost.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from backprop_tui.core.formulas.evaluate import Binding, evaluate
from backprop_tui.core.formulas.expr import Func
from backprop_tui.core.formulas.scope import Parsed, Scope
from backprop_tui.core.formulas.walk import walk
from backprop_tui.core.math.network import Network
from backprop_tui.core.math.trace import Trace

Array = np.ndarray
RTOL, ATOL = 1e-9, 1e-12
RANDOM_NETWORKS = 5


@dataclass(frozen=True)
class Question:
    """What the formula must equal: a quantity of the lesson's network at an absolute layer and
    0-based node and source, written in ``notation``; η for update formulas."""

    notation: str
    network: Network
    x: Array
    y: Array
    quantity: str = "delta"
    layer: int | None = None
    node: int | None = None
    source: int | None = None
    eta: float = 0.5

    @property
    def scope(self) -> Scope:
        return Scope(self.notation, self.network.depth, self.layer, self.quantity)


@dataclass(frozen=True)
class Verdict:
    correct: bool
    message: str
    misconception: str | None = None
    span: tuple[int, int] | None = None  # what to underline in the learner's text
    readable: bool = True  # False: the formula could not be read or evaluated (not an attempt)


@dataclass(frozen=True)
class Case:
    """One network the formulas are evaluated on."""

    trace: Trace
    binding: Binding
    same_sizes: bool = True  # as wide as the lesson's network, layer by layer


def close(u: Array, v: Array) -> bool:
    """Same shape and equal entry by entry to ``RTOL`` relative (``ATOL`` near zero)."""
    u, v = np.asarray(u, dtype=float), np.asarray(v, dtype=float)
    if u.shape != v.shape:
        return False
    return bool(np.all(np.abs(u - v) <= RTOL * np.maximum(np.abs(u), np.abs(v)) + ATOL))


# ------------------------------------------------------------------ the networks
def pinned(*parsed: Parsed) -> bool:
    """A formula that names an activation (sigmoid, tanh, ...) keeps the lesson's activations."""
    return any(isinstance(n, Func) and n.name != "g" for p in parsed for n in walk(p.expr))


def cases(q: Question, count: int = RANDOM_NETWORKS, seed: int = 0, pinned: bool = False) -> list[Case]:
    """The lesson's network, then ``count`` seeded random networks of its widths and ``count``
    wider ones (a layer of each is wider), all of the same depth (so every layer the formulas
    name exists), with other activations (unless ``pinned``), weights, biases, input, target
    and η. The loss is the lesson's."""
    net = q.network
    binding = Binding(q.layer, q.node, q.source, q.eta)
    out = [Case(net.trace(q.x, q.y), binding)]
    rng = np.random.default_rng(seed + 7919)
    for i in range(2 * count):
        sizes = list(net.sizes)
        if i >= count:
            sizes = [n + int(rng.integers(0, 3)) for n in net.sizes]
            if sizes == list(net.sizes):
                sizes[int(rng.integers(len(sizes)))] += 1
        acts = list(net.activations)
        if not pinned:
            acts[:-1] = [str(rng.choice(["sigmoid", "tanh"])) for _ in acts[:-1]]
            if net.loss != "cross-entropy" and acts[-1] != "softmax":
                acts[-1] = str(rng.choice(["sigmoid", "tanh", "linear"]))
        other = Network.from_sizes(sizes, acts, net.loss, seed=int(rng.integers(1 << 30)))
        x = rng.normal(0.0, 1.0, size=sizes[0])
        if acts[-1] == "softmax":
            y = rng.dirichlet(np.ones(sizes[-1]))
        else:
            y = rng.uniform(0.0, 1.0, size=sizes[-1])
        eta = float(rng.uniform(0.05, 0.45))  # never ½ or 1: those would hide a factor
        out.append(Case(other.trace(x, y), replace(binding, eta=eta), i < count))
    return out


def values(p: Parsed, cs: list[Case], **binding: object) -> list[Array]:
    return [evaluate(p, c.trace, replace(c.binding, **binding)) for c in cs]  # type: ignore[arg-type]

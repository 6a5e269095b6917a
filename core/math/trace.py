"""The single-sample trace: the ordered, immutable steps a learner walks through.

For one sample (x, y) the whole forward and backward pass is computed once by
:class:`backprop_tui.core.math.network.Network`; the trace only lays it out as steps, so moving a cursor along it
is O(1). Forward, for l = 1..L: ``z`` then ``a``; then the ``cost``; backward, for l = L..1:
``BP1`` (output layer) or ``BP2`` (hidden layers), then ``BP3`` (unless the layer has no bias)
and ``BP4``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import numpy as np

from backprop_tui.core.math.passes import Backward, Forward, frozen

if TYPE_CHECKING:
    from backprop_tui.core.math.network import Network

Array = np.ndarray
Equation = Literal["z", "a", "cost", "BP1", "BP2", "BP3", "BP4"]
Phase = Literal["forward", "backward"]

#: What each equation computes, as shown on every node of its layer.
QUANTITY: dict[str, str] = {
    "z": "z", "a": "a", "cost": "a", "BP1": "delta", "BP2": "delta", "BP3": "delta", "BP4": "delta",
}


@dataclass(frozen=True)
class Step:
    """One step of the trace: which equation, for which layer (1..L), and the numbers it yields."""

    index: int
    phase: Phase
    equation: Equation
    layer: int
    result: Array  # z^(l), a^(l), [C], δ^(l), ∂C/∂b^(l) or ∂C/∂W^(l)
    trace: Trace = field(repr=False, compare=False)

    @property
    def title(self) -> str:
        """A notation-free name: "forward z, layer 2", "backward BP2, layer 1"."""
        if self.equation == "cost":
            return "cost"
        return f"{self.phase} {self.equation}, layer {self.layer}"


@dataclass(frozen=True, eq=False)
class Trace:
    """Forward and backward pass of one sample, and the steps that walk through them."""

    network: Network
    x: Array
    y: Array
    forward: Forward
    backward: Backward
    steps: tuple[Step, ...] = ()
    _known: tuple[tuple[tuple[str, Array | None], ...], ...] = field(default=(), repr=False)
    _first: dict[tuple[str, int], int] = field(default_factory=dict, repr=False)

    @property
    def loss(self) -> float:
        return float(self.forward.costs[0])

    @property
    def depth(self) -> int:
        return self.network.depth

    def z(self, l: int) -> Array:
        return self.forward.zs[l - 1][0]

    def a(self, l: int) -> Array:
        """a^(l); a^(0) is the input x."""
        return self.forward.activations[l][0]

    def delta(self, l: int) -> Array:
        return self.backward.deltas[l - 1][0]

    @property
    def dC_da(self) -> Array:
        return self.backward.dC_da[0]

    def grad_w(self, l: int) -> Array:
        return self.backward.grad_weights[l - 1]

    def grad_b(self, l: int) -> Array:
        return self.backward.grad_biases[l - 1]

    def first_backward(self) -> int:
        """The index of the first backward step (BP1 at the output layer)."""
        return next(s.index for s in self.steps if s.phase == "backward")

    def known_values(self, step: int) -> tuple[tuple[str, Array | None], ...]:
        """For each layer 0..L, what the learner knows at ``step``: ("a", x) for the input, then
        the latest of "z", "a", "delta" computed so far, or ("", None) before the layer is reached."""
        return self._known[step]

    def first_step(self, equation: str, layer: int) -> int | None:
        """The index of the step computing ``equation`` ("z", "BP3", ...) at ``layer`` (the
        cost's layer is the output layer), or ``None`` if the trace has no such step."""
        return self._first.get((equation, layer))

    def known(self, step: int, quantity: str, layer: int) -> bool:
        """Whether ``quantity`` ("z", "a", "cost", "delta", "BP3", "BP4") of ``layer`` has been
        computed by step ``step``; the input a⁽⁰⁾ always has. ``delta`` is BP1's or BP2's."""
        if quantity == "a" and layer == 0:
            return True
        if quantity == "cost":
            layer = self.depth
        equations = ("BP1", "BP2") if quantity == "delta" else (quantity,)
        firsts = [i for eq in equations if (i := self.first_step(eq, layer)) is not None]
        return bool(firsts) and step >= min(firsts)


def build_trace(net: Network, x: Array, y: Array) -> Trace:
    """Run one sample forward and backward and lay the result out as steps."""
    fwd = net.forward(x, y)
    back = net.backward(fwd, y)
    trace = Trace(net, frozen(fwd.activations[0][0]), frozen(np.atleast_2d(y)[0]), fwd, back)
    L = net.depth
    plan: list[tuple[Phase, Equation, int, Array]] = []
    for l in range(1, L + 1):
        plan.append(("forward", "z", l, trace.z(l)))
        plan.append(("forward", "a", l, trace.a(l)))
    plan.append(("forward", "cost", L, np.array([trace.loss])))
    for l in range(L, 0, -1):
        plan.append(("backward", "BP1" if l == L else "BP2", l, trace.delta(l)))
        if net.has_bias[l - 1]:  # a layer without a bias has no bias gradient to step to
            plan.append(("backward", "BP3", l, trace.grad_b(l)))
        plan.append(("backward", "BP4", l, trace.grad_w(l)))
    steps = tuple(
        Step(i, phase, eq, l, frozen(r), trace) for i, (phase, eq, l, r) in enumerate(plan)
    )
    known: list[tuple[str, Array | None]] = [("a", trace.x)] + [("", None)] * L
    snapshots = []
    for s in steps:
        if s.equation in ("z", "a", "BP1", "BP2"):
            known[s.layer] = (QUANTITY[s.equation], s.result)
        snapshots.append(tuple(known))
    object.__setattr__(trace, "steps", steps)
    object.__setattr__(trace, "_known", tuple(snapshots))
    object.__setattr__(trace, "_first", {(s.equation, s.layer): s.index for s in steps})
    return trace

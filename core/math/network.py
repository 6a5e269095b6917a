"""The network: layer sizes, activations, a loss, weights and biases, and batch backprop.

Layers are counted as in the trace: layer 0 is the input, layers 1..L have weights.
``weights[l-1]`` has shape ``(n_l, n_(l-1))`` (row j holds w_j, the weights into node j) and
``biases[l-1]`` has shape ``(n_l,)``. A batch is a 2-D array with one sample per row.

A layer may have no bias (Kostadinov's output ``s = W⁽³⁾a⁽³⁾``): ``has_bias[l-1]`` is then
False, its ``biases[l-1]`` are zeros and stay zeros, and its bias gradient is zeros (there is
no such parameter to nudge or to update).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from backprop_tui.core.math.activations import get_activation, sigmoid
from backprop_tui.core.math.losses import get_loss
from backprop_tui.core.math.passes import Backward, Forward, frozen
from backprop_tui.core.math.rules import activations_problem, loss_problem

if TYPE_CHECKING:
    from backprop_tui.core.math.trace import Trace

Array = np.ndarray


def _as_batch(x: Array | Sequence, width: int, what: str) -> Array:
    b = np.atleast_2d(np.asarray(x, dtype=float))
    if b.shape[-1] != width:
        raise ValueError(f"{what} has {b.shape[-1]} values per sample; the network expects {width}")
    return b


class Network:
    """A small fully connected network whose gradients the tutor explains."""

    def __init__(
        self,
        sizes: Sequence[int],
        activations: Sequence[str],
        loss: str,
        weights: Sequence[Array],
        biases: Sequence[Array],
        has_bias: Sequence[bool] | None = None,
    ) -> None:
        self.sizes: tuple[int, ...] = tuple(int(n) for n in sizes)
        self.activations: tuple[str, ...] = tuple(activations)
        self.loss: str = loss
        if len(self.sizes) < 2:
            raise ValueError("a network needs an input layer and at least one more layer")
        found = activations_problem(self.activations, self.depth) or loss_problem(
            loss, self.activations[-1])
        if found:
            raise ValueError(f"{found[1]}; expected {found[2]}")
        self.weights: list[Array] = [frozen(w) for w in weights]
        self.biases: list[Array] = [frozen(b) for b in biases]
        flags = [True] * self.depth if has_bias is None else [bool(f) for f in has_bias]
        if len(flags) != self.depth:
            raise ValueError(f"{len(flags)} bias flags; expected one per layer ({self.depth})")
        self.has_bias: tuple[bool, ...] = tuple(flags)
        for l, (w, b) in enumerate(zip(self.weights, self.biases, strict=True), start=1):
            shape = (self.sizes[l], self.sizes[l - 1])
            if w.shape != shape:
                raise ValueError(f"layer {l} weights have shape {w.shape}; expected {shape}")
            if b.shape != (self.sizes[l],):
                raise ValueError(f"layer {l} biases have shape {b.shape}; expected {(shape[0],)}")
            if not self.has_bias[l - 1] and np.any(b != 0):
                raise ValueError(f"layer {l} has no bias, yet its biases are not all 0")

    # ----------------------------------------------------------------- construction
    @classmethod
    def from_sizes(
        cls,
        sizes: Sequence[int],
        activations: str | Sequence[str] = "sigmoid",
        loss: str = "sse",
        seed: int = 0,
        has_bias: Sequence[bool] | None = None,
    ) -> Network:
        """A network with weights drawn from N(0, 1/n_(l-1)) by a seeded generator, biases too
        (0 in a layer without a bias: the same draws, so the weights don't depend on it)."""
        sizes = tuple(int(n) for n in sizes)
        if isinstance(activations, str):
            activations = [activations] * (len(sizes) - 1)
        rng = np.random.default_rng(seed)
        weights = [rng.normal(0.0, 1.0 / np.sqrt(m), size=(n, m)) for m, n in zip(sizes, sizes[1:], strict=False)]
        biases = [rng.normal(0.0, 0.5, size=n) for n in sizes[1:]]
        if has_bias is not None:
            biases = [b if keep else np.zeros_like(b) for b, keep in zip(biases, has_bias, strict=True)]
        return cls(sizes, activations, loss, weights, biases, has_bias)

    def replace(
        self, weights: Sequence[Array] | None = None, biases: Sequence[Array] | None = None
    ) -> Network:
        """A copy with other weights or biases; the original is unchanged."""
        return Network(
            self.sizes,
            self.activations,
            self.loss,
            self.weights if weights is None else weights,
            self.biases if biases is None else biases,
            self.has_bias,
        )

    @property
    def depth(self) -> int:
        """L, the number of layers after the input."""
        return len(self.sizes) - 1

    @property
    def plain_output(self) -> bool:
        """Whether the output is a plain weighted sum, a⁽ᴸ⁾ = W⁽ᴸ⁾a⁽ᴸ⁻¹⁾: linear and bias-free."""
        return self.activations[-1] == "linear" and not self.has_bias[-1]

    def parameter(self, kind: str, layer: int, j: int, k: int = 0) -> float:
        """The value of w^(layer)_jk (``kind="w"``) or b^(layer)_j (``kind="b"``)."""
        if kind == "w":
            return float(self.weights[layer - 1][j, k])
        return float(self.biases[layer - 1][j])

    def with_parameter(self, kind: str, layer: int, j: int, k: int, value: float) -> Network:
        """A copy with one weight or bias set to ``value`` (a layer without a bias has none)."""
        if kind == "b" and not self.has_bias[layer - 1]:
            raise ValueError(f"layer {layer} has no bias")
        arrays = [np.array(a) for a in (self.weights if kind == "w" else self.biases)]
        if kind == "w":
            arrays[layer - 1][j, k] = value
            return self.replace(weights=arrays)
        arrays[layer - 1][j] = value
        return self.replace(biases=arrays)

    # ----------------------------------------------------------------- forward and backward
    def forward(self, X: Array | Sequence, Y: Array | Sequence | None = None) -> Forward:
        """z^(l) = W^(l) a^(l-1) + b^(l) and a^(l) = g^(l)(z^(l)) for every layer, then the cost."""
        a = _as_batch(X, self.sizes[0], "the input x")
        zs, acts = [], [a]
        for w, b, name in zip(self.weights, self.biases, self.activations, strict=True):
            z = a @ w.T + b
            a = get_activation(name).fn(z)
            zs.append(z)
            acts.append(a)
        costs = np.full(a.shape[0], np.nan)
        if Y is not None:
            Yb = _as_batch(Y, self.sizes[-1], "the target y")
            costs = get_loss(self.loss).value(a, Yb, zs[-1], self.activations[-1])
        return Forward(zs, acts, costs)

    def backward(self, fwd: Forward, Y: Array | Sequence) -> Backward:
        """δ for every layer (BP1, BP2) and the gradients of the mean cost (BP3, BP4)."""
        Y = _as_batch(Y, self.sizes[-1], "the target y")
        n = Y.shape[0]
        a_out, z_out = fwd.activations[-1], fwd.zs[-1]
        dC_da = get_loss(self.loss).grad(a_out, Y)
        deltas: list[Array] = [np.empty(0)] * self.depth
        deltas[-1] = self._output_delta(z_out, a_out, Y, dC_da)  # BP1
        for l in range(self.depth - 1, 0, -1):
            g_prime = get_activation(self.activations[l - 1]).derivative(fwd.zs[l - 1], fwd.activations[l])
            # BP2: δ^(l) = (W^(l+1))ᵀ δ^(l+1) ⊙ g'(z^(l))
            deltas[l - 1] = (deltas[l] @ self.weights[l]) * g_prime
        grad_b = [  # BP3: ∂C/∂b^(l)_j = δ^(l)_j, and nothing for a layer without a bias
            d.sum(axis=0) / n if keep else np.zeros(d.shape[1])
            for d, keep in zip(deltas, self.has_bias, strict=True)
        ]
        grad_w = [  # BP4: ∂C/∂w^(l)_jk = a^(l-1)_k δ^(l)_j
            d.T @ a_prev / n for d, a_prev in zip(deltas, fwd.activations[:-1], strict=True)
        ]
        return Backward(dC_da, deltas, grad_w, grad_b)

    def _output_delta(self, z: Array, a: Array, Y: Array, dC_da: Array) -> Array:
        name = self.activations[-1]
        if self.loss == "cross-entropy" and name == "sigmoid":
            # (−y/a) · a(1 − a) simplifies to −y(1 − a) = −y σ(−z): exact where a underflows to 0.
            return -Y * sigmoid(-z)
        if name == "softmax":
            if self.loss == "cross-entropy":
                # Σ_i (−y_i/a_i) a_i (δ_ij − a_j) = a_j Σ_i y_i − y_j, which is a − y when Σ y = 1.
                return a * Y.sum(axis=-1, keepdims=True) - Y
            # The full Jacobian: δ_j = Σ_i ∂C/∂a_i · a_i (δ_ij − a_j).
            return a * (dC_da - np.sum(dC_da * a, axis=-1, keepdims=True))
        # BP1: δ^(L) = ∇_a C ⊙ g'(z^(L))
        return dC_da * get_activation(name).derivative(z, a)

    # ----------------------------------------------------------------- public shortcuts
    def cost(self, X: Array | Sequence, Y: Array | Sequence) -> float:
        """The mean cost over the rows of a batch."""
        return float(np.mean(self.forward(X, Y).costs))

    def gradients(self, X: Array | Sequence, Y: Array | Sequence) -> tuple[list[Array], list[Array]]:
        """∂C/∂W and ∂C/∂b of the mean cost over the batch, input side first."""
        back = self.backward(self.forward(X), Y)  # the cost itself is not needed here
        return back.grad_weights, back.grad_biases

    def update(self, X: Array | Sequence, Y: Array | Sequence, eta: float) -> Network:
        """One gradient-descent step, w := w − η ∂C/∂w and b := b − η ∂C/∂b (η the learning
        rate: ε in Kostadinov's notation, words in deeplizard's), as a new network."""
        gw, gb = self.gradients(X, Y)
        with np.errstate(all="ignore"):  # an overflow is reported below, never warned
            stepped = self.replace(
                weights=[w - eta * g for w, g in zip(self.weights, gw, strict=True)],
                biases=[b - eta * g for b, g in zip(self.biases, gb, strict=True)],
            )
        if not stepped.finite_on(X, Y):
            raise OverflowError(
                "this gradient-descent step would take the network beyond the largest float "
                "(about 1.8×10³⁰⁸): its weights, its outputs or its gradients overflow; "
                f"try a smaller learning rate (it is {eta:g})")
        return stepped

    def finite_on(self, X: Array | Sequence, Y: Array | Sequence) -> bool:
        """Whether every weight and bias, and the whole trace of the batch (z, a, the cost, δ
        and the gradients), is a finite float64: checked without a RuntimeWarning."""
        with np.errstate(all="ignore"):
            if not all(np.isfinite(w).all() for w in self.weights + self.biases):
                return False
            fwd = self.forward(X, Y)
            back = self.backward(fwd, Y)
            arrays = [fwd.costs, *fwd.zs, *fwd.activations, *back.deltas, *back.grad_weights]
            return all(np.isfinite(a).all() for a in arrays)

    def trace(self, x: Array | Sequence, y: Array | Sequence) -> Trace:
        """The single-sample trace: forward steps, the cost, then BP1/BP2, BP3, BP4 per layer."""
        from backprop_tui.core.math.trace import build_trace

        return build_trace(self, x, y)

    def __repr__(self) -> str:
        shape = "-".join(map(str, self.sizes))
        no_bias = [l for l, keep in enumerate(self.has_bias, start=1) if not keep]
        extra = f", no bias in layers {no_bias}" if no_bias else ""
        return f"Network({shape}, activations={list(self.activations)}, loss={self.loss!r}{extra})"

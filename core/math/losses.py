"""Costs of one sample, C(a, y), and their gradients ∂C/∂a.

All four are sums over the output nodes j of the last layer:

- ``sse``:           C = Σ_j (a_j − y_j)²          (deeplizard's C_0, seeds 001/002)
- ``half-sse``:      C = ½ Σ_j (a_j − y_j)²        (Nielsen's C_x, seed 004)
- ``mse``:           C = (1/n_L) Σ_j (a_j − y_j)²
- ``cross-entropy``: C = −Σ_j y_j ln a_j           (needs a sigmoid or softmax output)

Cross-entropy is computed from ``z`` through log-sigmoid or log-softmax so that z = ±1000
gives a finite cost and no warnings.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from backprop_tui.core.math.activations import log_softmax

Array = np.ndarray
TINY = np.finfo(float).tiny


def log_output(z: Array, a: Array, activation: str) -> Array:
    """ln a, from z where the activation allows (finite even where a underflows to 0)."""
    if activation == "softmax":
        return log_softmax(z)
    if activation == "sigmoid":
        return -np.logaddexp(0.0, -z)
    with np.errstate(divide="ignore"):
        return np.log(np.maximum(a, TINY))


@dataclass(frozen=True)
class Loss:
    """One cost function: value per sample and ∂C/∂a per sample."""

    name: str

    def value(self, a: Array, y: Array, z: Array | None = None, activation: str = "") -> Array:
        """Cost of each row (shape ``(n,)``); give ``z`` and the output activation for a stable ln a."""
        if self.name == "cross-entropy":
            log_a = log_output(a if z is None else z, a, activation if z is not None else "")
            # 0 · ln 0 is taken as 0.
            return -np.sum(np.where(y != 0, y * log_a, 0.0), axis=-1)
        sq = np.sum((a - y) ** 2, axis=-1)
        if self.name == "sse":
            return sq
        if self.name == "half-sse":
            return 0.5 * sq
        return sq / a.shape[-1]  # mse

    def grad(self, a: Array, y: Array) -> Array:
        """∂C/∂a for each row, same shape as ``a``."""
        if self.name == "cross-entropy":
            return np.where(y != 0, -y / np.maximum(a, TINY), 0.0)
        diff = a - y
        if self.name == "sse":
            return 2.0 * diff
        if self.name == "half-sse":
            return diff
        return 2.0 * diff / a.shape[-1]  # mse


LOSSES: dict[str, Loss] = {name: Loss(name) for name in ("sse", "half-sse", "mse", "cross-entropy")}


def get_loss(name: str) -> Loss:
    try:
        return LOSSES[name]
    except KeyError:
        known = ", ".join(LOSSES)
        raise ValueError(f"unknown loss {name!r}; expected one of: {known}") from None

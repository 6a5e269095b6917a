"""The records one batch's passes produce: what the forward and the backward pass computed."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Array = np.ndarray


@dataclass(frozen=True)
class Forward:
    """Everything the forward pass of a batch computes: ``zs[l-1]`` and ``activations[l]``."""

    zs: list[Array]
    activations: list[Array]  # activations[0] is the input batch
    costs: Array  # one cost per sample


@dataclass(frozen=True)
class Backward:
    """Everything the backward pass computes, for the mean cost over the batch."""

    dC_da: Array  # ∂C/∂a at the output layer, per sample
    deltas: list[Array]  # deltas[l-1] = δ^(l), per sample
    grad_weights: list[Array]  # mean over the batch
    grad_biases: list[Array]


def frozen(a: Array) -> Array:
    """A read-only float copy: what every record of the core holds."""
    a = np.array(a, dtype=float)
    a.setflags(write=False)
    return a

"""Activation functions g and their derivatives g', numerically stable for |z| up to ~1e300.

Each activation maps a batch of pre-activations ``z`` (shape ``(n, m)``, one row per sample)
to activations ``a`` of the same shape. Element-wise activations also give ``g'(z)``; softmax
is not element-wise, so it gives its Jacobian instead (see :func:`softmax_jacobian`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Array = np.ndarray


def sigmoid(z: Array) -> Array:
    # 1 / (1 + e^-z), written with e^-|z| <= 1 so that z = ±1000 neither overflows nor warns.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def sigmoid_prime(z: Array) -> Array:
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh_prime(z: Array) -> Array:
    return 1.0 - np.tanh(z) ** 2


def relu(z: Array) -> Array:
    return np.maximum(z, 0.0)


def relu_prime(z: Array) -> Array:
    # The derivative at exactly 0 is taken as 0 (the usual sub-gradient choice).
    return (z > 0).astype(z.dtype)


def linear(z: Array) -> Array:
    return np.array(z, dtype=float, copy=True)


def linear_prime(z: Array) -> Array:
    return np.ones_like(z, dtype=float)


def softmax(z: Array) -> Array:
    shifted = z - z.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)


def log_softmax(z: Array) -> Array:
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def softmax_jacobian(a: Array) -> Array:
    """∂a_i/∂z_j = a_i (δ_ij − a_j) for each sample: shape ``(n, m, m)`` from ``a`` of ``(n, m)``."""
    return a[:, :, None] * (np.eye(a.shape[-1])[None] - a[:, None, :])


@dataclass(frozen=True)
class Activation:
    """One activation function: its name, g, and g' (``None`` when g is not element-wise).

    ``prime_from_output(z, a)`` is g'(z) again, cheaper where g' is a function of a = g(z)
    (σ' = a(1 − a), tanh' = 1 − a²): the backward pass uses it on the stored activations.
    """

    name: str
    fn: Callable[[Array], Array]
    prime: Callable[[Array], Array] | None
    prime_from_output: Callable[[Array, Array], Array] | None = None

    @property
    def elementwise(self) -> bool:
        return self.prime is not None

    def derivative(self, z: Array, a: Array) -> Array:
        """g'(z), given z and a = g(z)."""
        if self.prime_from_output is not None:
            return self.prime_from_output(z, a)
        return self.prime(z)


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_prime, lambda z, a: a * (1.0 - a)),
    "tanh": Activation("tanh", np.tanh, tanh_prime, lambda z, a: 1.0 - a * a),
    "relu": Activation("relu", relu, relu_prime),
    "linear": Activation("linear", linear, linear_prime),
    "softmax": Activation("softmax", softmax, None),
}

OUTPUT_ONLY = frozenset({"softmax"})


def get_activation(name: str) -> Activation:
    try:
        return ACTIVATIONS[name]
    except KeyError:
        known = ", ".join(ACTIVATIONS)
        raise ValueError(f"unknown activation {name!r}; expected one of: {known}") from None

"""A learner with a calculator: every number read off the screen as the screen prints it, every
intermediate result written down rounded the same way before it is used again.

``hand_answer(lesson, ex, read)`` works a numeric exercise out like that. ``read`` is how one
number is read: :func:`chain_panel` (the chain and notation panels, 4 significant digits: core's
``format_number``) or :func:`network_view` (the network view's six cells: ``netdraw.compact``).
The weights, biases, inputs and targets are read too, and so is each z, a, δ, g′ and cost on its
way. Nothing here is the core's own arithmetic path: forward and backward are written out again.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from backprop_tui.core.course.lesson import Exercise, Lesson
from backprop_tui.core.formulas.shown import printed
from backprop_tui.core.math.activations import get_activation
from backprop_tui.core.math.network import Network
from backprop_tui.tui.netdraw import compact

Read = Callable[[float], float]
SUP = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
FROM_A = {"sigmoid": lambda a: a * (1 - a), "tanh": lambda a: 1 - a * a}


def chain_panel(v: float) -> float:
    return printed(float(v), 4)


def network_view(v: float) -> float:
    text = compact(float(v)).replace("−", "-")
    if "×10" in text:
        mantissa, exponent = text.split("×10")
        return float(f"{mantissa}e{exponent.translate(SUP)}")
    return float(text)


def keep(digits: int) -> Read:
    """A learner told to keep ``digits`` decimals (lessons 8 and 9 say so for costs)."""
    return lambda v: float(round(float(v), digits))


def _r(read: Read, v) -> np.ndarray:
    return np.vectorize(read, otypes=[float])(np.asarray(v, dtype=float))


class Hand:
    """One sample worked by hand on ``net`` (its numbers read as shown)."""

    def __init__(self, net: Network, x, y, read: Read, slope_from_a: bool = False) -> None:
        self.net, self.read, self.from_a = net, read, slope_from_a
        self.W = [_r(read, w) for w in net.weights]
        self.b = [_r(read, b) for b in net.biases]
        self.x, self.y = _r(read, x), _r(read, y)
        self.z, self.a = [None], [self.x]
        for l, name in enumerate(net.activations, start=1):
            z = _r(read, self.W[l - 1] @ self.a[-1] + self.b[l - 1])
            self.z.append(z)
            self.a.append(_r(read, get_activation(name).fn(z[None])[0]))
        self.backward()

    def slope(self, l: int) -> np.ndarray:
        """g′(z), from z; or from a where a hand calculation may take it (σ′ = a(1 − a))."""
        name, a = self.net.activations[l - 1], self.a[l]
        if self.from_a and name in FROM_A:
            return _r(self.read, FROM_A[name](a))
        return _r(self.read, get_activation(name).prime(self.z[l]))

    def cost(self) -> float:
        a, y, loss = self.a[-1], self.y, self.net.loss
        if loss == "cross-entropy":
            return self.read(-float(np.sum(np.where(y != 0, y * np.log(np.maximum(a, 1e-300)), 0))))
        sq = float(np.sum((a - y) ** 2))
        return self.read({"sse": sq, "half-sse": 0.5 * sq, "mse": sq / len(a)}[loss])

    def backward(self) -> None:
        net, L, a, y = self.net, self.net.depth, self.a[-1], self.y
        loss, out = net.loss, net.activations[-1]
        grad = {"sse": 2 * (a - y), "half-sse": a - y, "mse": 2 * (a - y) / len(a),
                "cross-entropy": -y / np.maximum(a, 1e-300)}[loss]
        self.dC_da = {L: _r(self.read, grad)}
        if out == "softmax" and loss == "cross-entropy":
            d = a * y.sum() - y
        elif out == "sigmoid" and loss == "cross-entropy":
            d = -y * (1 - a)
        elif out == "softmax":
            d = a * (self.dC_da[L] - self.dC_da[L] @ a)
        else:
            d = self.dC_da[L] * self.slope(L)
        self.delta = {L: _r(self.read, d)}
        for l in range(L - 1, 0, -1):
            self.dC_da[l] = _r(self.read, self.W[l].T @ self.delta[l + 1])
            self.delta[l] = _r(self.read, self.dC_da[l] * self.slope(l))

    def grad_w(self, l: int) -> np.ndarray:
        return _r(self.read, np.outer(self.delta[l], self.a[l - 1]))

    def grad_b(self, l: int) -> np.ndarray:
        keep_b = self.net.has_bias[l - 1]
        return self.delta[l] if keep_b else np.zeros_like(self.delta[l])


def _samples(lesson: Lesson, ex: Exercise):
    nf = lesson.network_file
    return nf.samples if ex.average else nf.samples[:1]


def _mean(read: Read, values) -> float:
    return read(float(np.mean(values)))


def _grad(lesson: Lesson, ex: Exercise, read: Read, kind: str, from_a: bool) -> float:
    p, net = ex.place, lesson.network
    hands = [Hand(net, x, y, read, from_a) for x, y in _samples(lesson, ex)]
    if kind == "w":
        return _mean(read, [h.grad_w(p.layer)[p.node, p.source] for h in hands])
    return _mean(read, [h.grad_b(p.layer)[p.node] for h in hands])


def _stepped(lesson: Lesson, ex: Exercise, read: Read, from_a: bool) -> Network:
    """Every parameter stepped by hand: w − η · (the averaged gradient, as read)."""
    net, eta = lesson.network, ex.eta
    hands = [Hand(net, x, y, read, from_a) for x, y in _samples(lesson, ex)]
    weights = [_r(read, hands[0].W[l - 1] - eta * _r(read, np.mean([h.grad_w(l) for h in hands], 0)))
               for l in range(1, net.depth + 1)]
    biases = [_r(read, hands[0].b[l - 1] - eta * _r(read, np.mean([h.grad_b(l) for h in hands], 0)))
              for l in range(1, net.depth + 1)]
    return net.replace(weights=weights, biases=biases)


def _nudge(lesson: Lesson, ex: Exercise, read: Read) -> float:
    """(C(w + h) − C(w − h)) / 2h from two forward passes; the costs kept to 8 decimals (the
    check view prints 10 digits; the lesson says to keep many)."""
    p, h = ex.place, ex.eps
    costs = []
    for sign in (1, -1):
        w = read(lesson.network.parameter("w", p.layer, p.node, p.source)) + sign * h
        net = lesson.network.with_parameter("w", p.layer, p.node, p.source, w)
        costs.append(np.mean([Hand(net, x, y, keep(8)).cost() for x, y in _samples(lesson, ex)]))
    return (costs[0] - costs[1]) / (2 * h)


def hand_answer(lesson: Lesson, ex: Exercise, read: Read, from_a: bool = False) -> float:
    """The exercise worked out by hand from the numbers as ``read`` shows them (``from_a``:
    each slope from a, as σ′ = a(1 − a), instead of from z)."""
    q, p = ex.quantity, ex.place
    first = Hand(lesson.network, *lesson.network_file.samples[0], read, from_a)
    simple = {
        "z": lambda: first.z[p.layer][p.node],
        "a": lambda: first.a[p.layer][p.node],
        "y": lambda: first.y[p.node],
        "delta": lambda: first.delta[p.layer][p.node],
        "dC/da": lambda: first.dC_da[p.layer][p.node],
        "da/dz": lambda: first.slope(p.layer)[p.node],
        "dz/dw": lambda: first.a[p.layer - 1][p.source],
        "w": lambda: first.W[p.layer - 1][p.node, p.source],
        "b": lambda: first.b[p.layer - 1][p.node],
    }
    if q in simple:
        return float(simple[q]())
    if q == "cost":
        return _mean(read, [Hand(lesson.network, x, y, read, from_a).cost() for x, y in _samples(lesson, ex)])
    if q in ("dC/dw", "dC/db"):
        return _grad(lesson, ex, read, q[-1], from_a)
    if q in ("w-updated", "b-updated"):
        net = _stepped(lesson, ex, read, from_a)
        return float(net.parameter(q[0], p.layer, p.node, p.source or 0))
    if q == "cost-updated":
        net = _stepped(lesson, ex, keep(6), from_a)  # "keep five decimals: the change is small"
        return float(np.mean([Hand(net, x, y, keep(6)).cost() for x, y in _samples(lesson, ex)]))
    if q == "nudge":
        return _nudge(lesson, ex, read)
    raise ValueError(q)

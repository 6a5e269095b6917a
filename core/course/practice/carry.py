"""Error carried forward: a later step recomputed from the learner's own earlier answers.

``given`` maps keys ``(quantity, layer, node, source)`` to what the learner answered for them.
:func:`expected_values` recomputes the problem's quantity by its equation, using a given value
wherever the learner gave one and the core's value everywhere else. A quantity none of whose
inputs was given keeps the core's value, so without a slip the recomputation is the trace's.
Two variants are tried: g′ from z, and (sigmoid, tanh) g′ from a, as a hand calculation may.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import numpy as np

from backprop_tui.core.course.answers import AnswerError, parse_number
from backprop_tui.core.course.practice.values import Key, value
from backprop_tui.core.course.practice.verdict import close
from backprop_tui.core.math.activations import get_activation
from backprop_tui.core.math.losses import get_loss

if TYPE_CHECKING:
    from backprop_tui.core.course.practice.problem import Problem

Lookup = Callable[[Key], tuple[float, bool]]
_FROM_A = {"sigmoid": lambda a: a * (1.0 - a), "tanh": lambda a: 1.0 - a * a}


def read_given(given: Mapping[Key, float | str] | None) -> dict[Key, float]:
    """The learner's earlier answers as numbers; unreadable ones are left out."""
    out: dict[Key, float] = {}
    for key, v in (given or {}).items():
        try:
            out[tuple(key)] = v if isinstance(v, float | int) else parse_number(str(v))  # type: ignore[index]
        except AnswerError:
            continue
    return out


def expected_values(p: Problem, own: Mapping[Key, float]) -> list[tuple[float, set[Key]]]:
    """The problem's quantity recomputed from ``own``, once per variant, with the given keys
    that went into it."""
    if p.average:
        return []
    out = []
    for from_a in (False, True):
        used: set[Key] = set()
        out.append((_resolve(p, own, p.key, from_a, used, {})[0], used))
    return out


def roots(p: Problem, own: Mapping[Key, float], used: set[Key]) -> list[Key]:
    """The slips behind ``used``: given values that are wrong even given the learner's own
    answers before them. A value carried forward correctly from a slip is not one; the search
    goes on through what it was computed from, so a δ done right from a wrong δ one layer up
    names that δ, not the one in between."""
    out: list[Key] = []
    seen: set[Key] = set()

    def visit(key: Key) -> None:
        if key in seen:
            return
        seen.add(key)
        rest = {k: v for k, v in own.items() if k != key}
        inputs = []
        for from_a in (False, True):
            went_in: set[Key] = set()
            if close(own[key], _resolve(p, rest, key, from_a, went_in, {})[0]):
                inputs.append(went_in)
        if not inputs:
            out.append(key)  # wrong given everything before it: the root mistake
            return
        for earlier in sorted(inputs[0], key=str):  # carried forward: where did it come from
            visit(earlier)

    for key in sorted(used, key=str):
        visit(key)
    return sorted(out, key=str)


def names(p: Problem, keys: list[Key]) -> str:
    labels = [p.symbols.label(k) for k in keys]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def _core(p: Problem, key: Key) -> float:
    return value(p.network, p.samples, key, eta=p.eta, trace_list=p.traces)


def _resolve(
    p: Problem, own: Mapping[Key, float], key: Key, from_a: bool, used: set[Key],
    memo: dict[Key, tuple[float, bool]],
) -> tuple[float, bool]:
    """(value, whether any given answer went into it); ``memo`` holds keys already resolved."""
    if key in own:
        used.add(key)
        return own[key], True
    if key in memo:
        return memo[key]

    def val(k: Key) -> tuple[float, bool]:
        return _resolve(p, own, k, from_a, used, memo)

    deps = _formula(p, key, val, from_a)
    if deps is None:
        memo[key] = (_core(p, key), False)
    else:
        result, touched = deps
        memo[key] = (result, True) if touched else (_core(p, key), False)
    return memo[key]


def _formula(p: Problem, key: Key, val: Lookup, from_a: bool) -> tuple[float, bool] | None:
    """The key's equation on looked-up inputs, or None for a leaf (x, y, w, b)."""
    net, t = p.network, p.trace
    quantity, l, j, k = key
    L = net.depth
    touched = False

    def get(k_: Key) -> float:
        nonlocal touched
        v, hit = val(k_)
        touched = touched or hit
        return v

    def a_vec(layer: int) -> np.ndarray:
        if layer == 0:
            return np.asarray(t.x, dtype=float)
        return np.array([get(("a", layer, i, None)) for i in range(net.sizes[layer])])

    match quantity:
        case "z":
            result = float(net.weights[l - 1][j] @ a_vec(l - 1) + net.biases[l - 1][j])
        case "a":
            act = get_activation(net.activations[l - 1])
            if act.elementwise:
                result = float(act.fn(np.array([get(("z", l, j, None))]))[0])
            else:
                zs = np.array([[get(("z", l, i, None)) for i in range(net.sizes[l])]])
                result = float(act.fn(zs)[0, j])
        case "cost":
            a = a_vec(L)[None]
            result = float(get_loss(net.loss).value(a, t.y[None])[0])
        case "dC/da":
            if l == L:
                a, y = np.array([[get(("a", L, j, None))]]), t.y[None, j : j + 1]
                # every loss's gradient is element-wise; mse's also divides by n_L
                scale = 1.0 / net.sizes[L] if net.loss == "mse" else 1.0
                loss = "sse" if net.loss == "mse" else net.loss
                result = scale * float(get_loss(loss).grad(a, y)[0, 0])
            else:
                deltas = np.array([get(("delta", l + 1, i, None)) for i in range(net.sizes[l + 1])])
                result = float(net.weights[l][:, j] @ deltas)
        case "da/dz":
            name = net.activations[l - 1]
            if from_a and name in _FROM_A:
                result = float(_FROM_A[name](get(("a", l, j, None))))
            else:
                prime = get_activation(name).prime
                result = float(prime(np.array([get(("z", l, j, None))]))[0])
        case "delta":
            name = net.activations[l - 1]
            if name == "softmax":
                a = a_vec(L)
                y = np.asarray(t.y)
                if net.loss == "cross-entropy":
                    result = float(a[j] * y.sum() - y[j])
                else:
                    dcda = np.array([get(("dC/da", L, i, None)) for i in range(net.sizes[L])])
                    result = float(a[j] * (dcda[j] - dcda @ a))
            else:
                result = get(("dC/da", l, j, None)) * get(("da/dz", l, j, None))
        case "dC/db":
            result = get(("delta", l, j, None))
        case "dC/dw":
            result = float(a_vec(l - 1)[k]) * get(("delta", l, j, None))
        case "w-updated":
            result = net.parameter("w", l, j, k) - p.eta * get(("dC/dw", l, j, k))
        case "b-updated":
            result = net.parameter("b", l, j) - p.eta * get(("dC/db", l, j, None))
        case _:
            return None
    return result, touched

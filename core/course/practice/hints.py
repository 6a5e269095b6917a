"""Prompts, hints and the worked solution of a problem, in the learner's notation.

Hints are the equations of the steps, in symbols only (never a number the learner has yet to find):
the first is the equation of what is asked, the later ones those of the steps before it.
"""

from __future__ import annotations

from backprop_tui.core.course.practice.labels import Symbols
from backprop_tui.core.course.practice.values import Key

SLOPES = {
    "sigmoid": "σ′(z) = σ(z)(1 − σ(z)), which is a(1 − a)",
    "tanh": "tanh′(z) = 1 − tanh²(z), which is 1 − a²",
    "relu": "relu′(z) = 1 where z > 0, 0 where z < 0",
    # (not "its slope is 1": every step row shows this line, the asked one too)
    "linear": "a linear layer is the identity, linear(z) = z",
}


def dC_da_text(s: Symbols, loss: str, L: int, j: int | str) -> str:
    a, y = s.a(L, j), s.y(j)
    return {"sse": f"2({a} − {y})", "half-sse": f"{a} − {y}", "mse": f"(2/n)({a} − {y}), n the outputs",
            "cross-entropy": f"−{y}/{a}"}[loss]


def cost_text(s: Symbols, loss: str, L: int) -> str:
    a, y = s.a(L, "j"), s.y("j")
    return {"sse": f"Σⱼ ({a} − {y})²", "half-sse": f"½ Σⱼ ({a} − {y})²",
            "mse": f"(1/n) Σⱼ ({a} − {y})²", "cross-entropy": f"−Σⱼ {y} ln {a}"}[loss]


def equation(s: Symbols, key: Key, activations: tuple[str, ...], loss: str, eta: str = "") -> str:
    """The equation that gives ``key``, in symbols."""
    quantity, l, j, k = key
    L = len(activations)
    act = activations[l - 1] if l else ""
    match quantity:
        case "z":
            return f"{s.z(l, j)} = Σₖ {s.w(l, j, 'k')} {s.a(l - 1, 'k')} + {s.b(l, j)}"
        case "a":
            if act == "softmax":
                return f"{s.a(l, j)} = exp({s.z(l, j)}) / Σᵢ exp({s.z(l, 'i')})"
            return f"{s.a(l, j)} = {s.g(l)}({s.z(l, j)}), here {act}"
        case "cost":
            return f"{s.cost()} = {cost_text(s, loss, L)}"
        case "dC/da":
            if l == L:
                return f"{s.dC_da(l, j)} = {dC_da_text(s, loss, L, j)}"
            return f"{s.dC_da(l, j)} = Σᵢ {s.w(l + 1, 'i', j)} {s.delta(l + 1, 'i')}"
        case "da/dz":
            return f"{s.da_dz(l, j)} = {s.g_prime(l, j)}; {SLOPES[act]}"
        case "delta":
            if act == "softmax" and loss == "cross-entropy":
                return f"{s.delta(l, j)} = {s.a(l, j)} − {s.y(j)} (softmax with cross-entropy)"
            if act == "softmax":
                return (f"{s.delta(l, j)} = Σᵢ {s.dC_da(l, 'i')} · {s.a(l, 'i')}(δᵢⱼ − {s.a(l, j)}): "
                        "softmax's Jacobian, not an element-wise slope")
            return f"{s.delta(l, j)} = {s.dC_da(l, j)} · {s.g_prime(l, j)}"
        case "dC/db":
            return f"{s.dC_db(l, j)} = {s.delta(l, j)}"
        case "dC/dw":
            return f"{s.dC_dw(l, j, k)} = {s.a(l - 1, k)} {s.delta(l, j)}"
        case "w-updated":
            return f"new {s.w(l, j, k)} = {s.w(l, j, k)} − {s.eta()} {s.dC_dw(l, j, k)}{eta}"
        case "b-updated":
            return f"new {s.b(l, j)} = {s.b(l, j)} − {s.eta()} {s.dC_db(l, j)}{eta}"
    raise ValueError(quantity)


WHAT = {
    "z": "the weighted input of node {node} in layer {layer}",
    "a": "the activation of node {node} in layer {layer}",
    "cost": "the cost of this sample",
    "dC/da": "how the cost changes with output node {node}",
    "da/dz": "the slope of the activation of node {node} in layer {layer}",
    "delta": "the error of node {node} in layer {layer}",
    "dC/db": "the gradient of the cost with respect to this bias",
    "dC/dw": "the gradient of the cost with respect to this weight",
    "w-updated": "this weight after one step of gradient descent",
    "b-updated": "this bias after one step of gradient descent",
}


def prompt(s: Symbols, key: Key, *, eta: float | None, average: int, variant: str = "") -> str:
    """What the learner is asked, in words and the notation's symbols."""
    quantity, l, j, _ = key
    what = WHAT[quantity].format(node=s.node(j) if j is not None else "", layer=s.layer(l or 0))
    text = f"Compute {s.label(key)}: {what}"
    if quantity == "da/dz":
        text += f", from {s.z(l, j) if variant == 'z' else s.a(l, j)} as shown"
    if eta is not None:
        text += f", with {s.eta()} = {eta:g}"
    if average:
        text += f", for the mean cost over the {average} samples"
    return text + "."

"""The ``formula`` exercise: the learner types a formula, checked by evaluation against the key.

The key is the exercise's ``formula``, in the lesson's notation; ``quantity`` with ``layer``,
``node`` and ``source`` names what it equals. With a node the quantity is one number; without one
it is the layer's vector (δ, z, a, ∂C/∂b) or, for ``dC/dw`` without node and source, the matrix.
:func:`key_problem` checks the key against the core's value (so ``backprop-tui check`` refuses
a lesson whose formula is wrong); :func:`check_answer` checks a learner's formula
(:mod:`backprop_tui.core.formulas.formula_check`). :func:`example` is the syntax example the
answer field shows, chosen so that it is never an accepted answer of its own exercise. Imports
nothing of the other exercise kinds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from backprop_tui.core.formulas.chain import dC_da_layer
from backprop_tui.core.formulas.formula_check import (
    Question,
    Verdict,
    check_formula,
    key_disagreement,
)
from backprop_tui.core.formulas.parse import FormulaError, parse
from backprop_tui.core.math.activations import get_activation

if TYPE_CHECKING:
    from backprop_tui.core.course.lesson import Exercise, Lesson

#: What a formula may equal. Each needs a layer; the node and source are optional (vector forms).
FORMULA_QUANTITIES = ("delta", "z", "a", "dC/da", "da/dz", "dC/dw", "dC/db", "w-updated", "b-updated")


def question(lesson: Lesson, ex: Exercise) -> Question:
    """The quantity an exercise asks for, on the lesson's network and first sample."""
    x, y = lesson.network_file.samples[0]
    p = ex.place
    return Question(lesson.notation, lesson.network, np.asarray(x, dtype=float),
                    np.asarray(y, dtype=float), ex.quantity or "delta", p.layer, p.node, p.source,
                    ex.eta)


def core_value(lesson: Lesson, ex: Exercise) -> np.ndarray:
    """The core's value of the quantity: a number, the layer's vector or the weight matrix."""
    q = question(lesson, ex)
    l, j, k = q.layer, q.node, q.source
    if l is None or not 1 <= l <= q.network.depth:
        raise ValueError(f"{q.quantity} needs a layer after the input")
    t = q.network.trace(q.x, q.y)
    net = q.network
    if q.quantity == "da/dz":
        if net.activations[l - 1] == "softmax":
            raise ValueError("da/dz is not one number per node for a softmax layer (it is a Jacobian)")
        values = get_activation(net.activations[l - 1]).derivative(t.z(l), t.a(l))
    elif q.quantity in ("w-updated", "b-updated"):
        new = net.update(q.x[None], q.y[None], eta=q.eta)
        values = new.weights[l - 1] if q.quantity == "w-updated" else new.biases[l - 1]
    else:
        values = {"delta": t.delta, "z": t.z, "a": t.a, "dC/db": t.grad_b, "dC/dw": t.grad_w,
                  "dC/da": lambda m: dC_da_layer(t, m)}[q.quantity](l)
    values = np.asarray(values, dtype=float)
    matrix = values.ndim == 2
    if j is None:
        if k is not None:
            raise ValueError(f"{q.quantity} with a source needs a node too")
        return values
    if matrix and k is None:
        raise ValueError(f"{q.quantity} of one node needs a source (or neither, for the matrix)")
    return np.asarray(values[j, k] if matrix else values[j])


def key_problem(lesson: Lesson, ex: Exercise) -> str | None:
    """Why the exercise's formula key is not the quantity it names, or None."""
    return key_disagreement(ex.formula or "", question(lesson, ex), core_value(lesson, ex))


def check_answer(lesson: Lesson, ex: Exercise, answer: str) -> Verdict:
    """The learner's formula against the key, with the diagnosis of a wrong one."""
    return check_formula(answer, ex.formula or "", question(lesson, ex))


#: Syntax examples for the answer field, in each notation's own way of writing scripts: a
#: weight times an activation, a power, a sum. None names a derivative (the answer may not
#: be allowed to use one), and :func:`example` skips any that its exercise would accept.
EXAMPLES = {
    "deeplizard": ("w_jk^(L) * a_k^(L-1)", "(1 - a_j^(L))^2", "3*z_j^(L) + b_j^(L)"),
    "nielsen": ("w^L_jk * a^(L-1)_k", "(1 - a^L_j)^2", "3*z^L_j + b^L_j"),
    "kostadinov": ("W^(2)_jk * a^(2)_k", "(1 - a^(2)_j)^2", "3*z^(2)_j + b^(2)_j"),
}


def example(lesson: Lesson, ex: Exercise) -> str:
    """A formula to show as the answer field's example: it reads in the lesson's notation, and
    it is not an accepted answer of ``ex`` (the field must not hand the answer over); "" when
    every candidate would be accepted."""
    q = question(lesson, ex)
    for text in EXAMPLES.get(lesson.notation, EXAMPLES["deeplizard"]):
        try:
            parse(text, q.scope)
        except FormulaError:
            continue
        if not check_formula(text, ex.formula or "", q).correct:
            return text
    return ""

"""Answer keys computed from a lesson's own network, and the checking of a learner's answer.

A lesson names a quantity (``dC/dw`` at layer L, node 1, source 2); :func:`resolve` asks the
core for its value, so no answer is ever written by hand and none can go stale.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from random import Random
from typing import TYPE_CHECKING

import numpy as np

from backprop_tui.core.course.answers import AnswerError, parse_choice, parse_number, parse_order
from backprop_tui.core.course.formula_exercise import check_answer, key_problem
from backprop_tui.core.formulas.chain import Factor, dC_da_layer, expand
from backprop_tui.core.formulas.equations import g_prime
from backprop_tui.core.math.gradcheck import check_parameter

if TYPE_CHECKING:
    from backprop_tui.core.course.lesson import Exercise, Lesson, Place
    from backprop_tui.core.math.trace import Trace


@dataclass(frozen=True)
class Quantity:
    """What a numeric exercise may ask for, and which place keys it needs."""

    needs: tuple[str, ...]  # of "layer", "node", "source"
    averages: bool  # may be asked with average = true
    value: Callable[[Lesson, Exercise], float]


def _trace(lesson: Lesson) -> Trace:
    x, y = lesson.network_file.samples[0]
    return lesson.network.trace(x, y)


def _batch(lesson: Lesson, ex: Exercise) -> tuple[np.ndarray, np.ndarray]:
    nf = lesson.network_file
    return (nf.X, nf.Y) if ex.average else (nf.X[:1], nf.Y[:1])


def _grad(lesson: Lesson, ex: Exercise, kind: str) -> float:
    gw, gb = lesson.network.gradients(*_batch(lesson, ex))
    p = ex.place
    return float(gw[p.layer - 1][p.node, p.source] if kind == "w" else gb[p.layer - 1][p.node])


def _updated(lesson: Lesson, ex: Exercise, kind: str) -> float:
    p = ex.place
    new = lesson.network.update(*_batch(lesson, ex), eta=ex.eta)
    return new.parameter(kind, p.layer, p.node, p.source or 0)


def _da_dz(lesson: Lesson, ex: Exercise) -> float:
    """g'(z) of the node: the value backprop_tui.core.formulas.equations shows in the trace's BP1/BP2 steps."""
    p = ex.place
    if lesson.network.activations[p.layer - 1] == "softmax":
        raise ValueError("da/dz is not one number for a softmax layer (it is a Jacobian)")
    return float(g_prime(_trace(lesson), p.layer, p.node).value)


QUANTITIES: dict[str, Quantity] = {
    "z": Quantity(("layer", "node"), False, lambda le, ex: float(_trace(le).z(ex.place.layer)[ex.place.node])),
    "a": Quantity(("layer", "node"), False, lambda le, ex: float(_trace(le).a(ex.place.layer)[ex.place.node])),
    "y": Quantity(("node",), False, lambda le, ex: float(_trace(le).y[ex.place.node])),
    "cost": Quantity((), True, lambda le, ex: le.network.cost(*_batch(le, ex))),
    "delta": Quantity(("layer", "node"), False, lambda le, ex: float(_trace(le).delta(ex.place.layer)[ex.place.node])),
    "dC/da": Quantity(("layer", "node"), False, lambda le, ex: float(dC_da_layer(_trace(le), ex.place.layer)[ex.place.node])),
    "da/dz": Quantity(("layer", "node"), False, _da_dz),
    "dz/dw": Quantity(("layer", "node", "source"), False, lambda le, ex: float(_trace(le).a(ex.place.layer - 1)[ex.place.source])),
    "dC/dw": Quantity(("layer", "node", "source"), True, lambda le, ex: _grad(le, ex, "w")),
    "dC/db": Quantity(("layer", "node"), True, lambda le, ex: _grad(le, ex, "b")),
    "w": Quantity(("layer", "node", "source"), False, lambda le, ex: le.network.parameter("w", ex.place.layer, ex.place.node, ex.place.source)),
    "b": Quantity(("layer", "node"), False, lambda le, ex: le.network.parameter("b", ex.place.layer, ex.place.node)),
    "w-updated": Quantity(("layer", "node", "source"), True, lambda le, ex: _updated(le, ex, "w")),
    "b-updated": Quantity(("layer", "node"), True, lambda le, ex: _updated(le, ex, "b")),
    "cost-updated": Quantity((), True, lambda le, ex: le.network.update(*_batch(le, ex), eta=ex.eta).cost(*_batch(le, ex))),
    "nudge": Quantity(("layer", "node", "source"), True, lambda le, ex: check_parameter(
        le.network, *_batch(le, ex), "w", ex.place.layer, ex.place.node, ex.place.source, eps=ex.eps).numeric),
}


@dataclass(frozen=True)
class Resolved:
    """What the app needs to pose and check one exercise."""

    value: float | None = None  # numeric
    factors: tuple[Factor, ...] = ()  # order: the factors as shown (shuffled)
    order: tuple[int, ...] = ()  # order: the shown factors' positions in the true product


@dataclass(frozen=True)
class Feedback:
    correct: bool
    message: str
    direction: str | None = None  # "high" or "low" for a wrong number
    readable: bool = True  # False: the answer could not be read, so it is not an attempt
    misconception: str | None = None  # formula: the mistake the wrong formula shows, by name
    span: tuple[int, int] | None = None  # formula: the part of the answer to underline


def resolve(lesson: Lesson, ex: Exercise) -> Resolved:
    """The answer key of ``ex``, computed from the lesson's network; ValueError if impossible."""
    if ex.kind == "numeric":
        q = QUANTITIES[ex.quantity]
        _require(ex.place, q.needs, ex.quantity)
        if ex.average and not q.averages:
            raise ValueError(f"{ex.quantity} belongs to one sample; average = true needs a cost or gradient")
        if "layer" in q.needs and ex.place.layer == 0 and ex.quantity != "a":
            raise ValueError(f"the input layer has no {ex.quantity}")
        return Resolved(value=float(q.value(lesson, ex)))
    if ex.kind == "formula":  # the key must be the quantity it names (see formula_exercise)
        problem = key_problem(lesson, ex)
        if problem is not None:
            raise ValueError(problem)
        return Resolved()
    if ex.kind == "order":
        needs = ("layer", "node", "source") if ex.quantity == "dC/dw" else ("layer", "node")
        _require(ex.place, needs, ex.quantity)
        p = ex.place
        factors = expand(_trace(lesson), ex.quantity[-1], p.layer, p.node, p.source or 0).factors
        shown = list(range(len(factors)))
        Random(ex.id).shuffle(shown)  # seeded by the exercise id: the same order every time
        if shown == sorted(shown):
            shown.reverse()
        return Resolved(factors=tuple(factors[i] for i in shown), order=tuple(shown))
    return Resolved()


def accepts(ex: Exercise, got: float, want: float) -> bool:
    """Whether ``got`` is within a numeric exercise's tolerance of the key ``want``."""
    return abs(got - want) <= ex.tolerance * abs(want) or abs(got - want) <= 1e-12


def copy_problem(lesson: Lesson, ex: Exercise, resolved: Resolved) -> str | None:
    """Why a resolved numeric exercise could be passed by copying a number on screen from the
    start, or None: an update that moves its parameter by less than the tolerance (a zero or
    tiny gradient: a dead ReLU, a saturated sigmoid) is answered by the given value."""
    if ex.kind != "numeric" or ex.quantity not in ("w-updated", "b-updated"):
        return None
    kind, p = ex.quantity[0], ex.place
    given = lesson.network.parameter(kind, p.layer, p.node, p.source or 0)
    if accepts(ex, given, resolved.value):
        return (f"the update moves this {kind} by less than the tolerance ({given:.6g} to "
                f"{resolved.value:.6g}): copying the {kind} on screen would pass")
    return None


def _require(place: Place, needs: tuple[str, ...], quantity: str) -> None:
    missing = [k for k in needs if getattr(place, k) is None]
    if missing:
        raise ValueError(f"{quantity} needs {', '.join(missing)}")
    if "layer" in needs and place.layer == 0 and "source" in needs:
        raise ValueError(f"the input layer has no incoming weights for {quantity}")


def check(lesson: Lesson, ex: Exercise, answer: str, resolved: Resolved | None = None) -> Feedback:
    """Check a typed answer to a numeric, choice, order or formula exercise (navigate: see
    ``matches``)."""
    if ex.kind == "formula":
        v = check_answer(lesson, ex, answer)
        return Feedback(v.correct, v.message, readable=v.readable, misconception=v.misconception,
                        span=v.span)
    resolved = resolved or resolve(lesson, ex)
    try:
        if ex.kind == "numeric":
            got, want = parse_number(answer), resolved.value
            if accepts(ex, got, want):
                return Feedback(True, "Right.")
            direction = "high" if got > want else "low"
            return Feedback(False, f"Not quite: your answer is too {direction}.", direction)
        if ex.kind == "choice":
            pick = parse_choice(answer, len(ex.options))
            return Feedback(True, "Right.") if pick == ex.correct else Feedback(False, "Not that one.")
        if ex.kind == "order":
            order = parse_order(answer, len(resolved.factors))
            # The learner lists the shown factors (1-based) from the first factor of the product on.
            wanted = tuple(resolved.order.index(i) for i in range(len(resolved.factors)))
            if order == wanted:
                return Feedback(True, "Right.")
            return Feedback(False, "Not in that order.")
    except AnswerError as e:
        return Feedback(False, str(e), readable=False)
    raise ValueError(f"{ex.kind} exercises are checked by moving the focus")


def matches(target: Place, layer: int, node: int, source: int, kind: str, step: str) -> bool:
    """Whether the app's focus (and current step's equation) is on a navigate ``target``."""
    want = {"layer": target.layer, "node": target.node, "source": target.source,
            "kind": target.kind, "step": target.step}
    have = {"layer": layer, "node": node, "source": source, "kind": kind, "step": step}
    return all(w is None or have[k] == w for k, w in want.items())

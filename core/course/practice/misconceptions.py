"""Named misconceptions: which skills each applies to, what it says, and the diagnosis.

A wrong answer is compared with the value each mistake gives on this very problem
(:mod:`.mistakes`, computed from the core's trace). One match names the mistake, in words and in
the notation's symbols; two or more say that the mistakes tie; none gives "too high / too low"
and the next hint. A mistake's value the right answer also has is never considered. Two names
are the formula check's alone (``activation-specialised``: a(1 − a) written for g′(z), which
no number can tell from the right answer; ``uses-unknown``: the asked derivative used, not
derived); they live here so every name the learner is told
has its description in one table.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from backprop_tui.core.course.practice import mistakes as m
from backprop_tui.core.course.practice.verdict import Verdict

if TYPE_CHECKING:
    from backprop_tui.core.course.practice.problem import Problem

ON_DELTA_SKILLS = ("bias-gradient", "weight-gradient", "update", "mean-gradient")


@dataclass(frozen=True)
class Misconception:
    name: str
    words: str  # what the mistake is, in a few words
    skills: tuple[str, ...]
    produce: Callable[[Problem], tuple[float, ...]]
    explain: Callable[[Problem], str]
    #: Named by the formula check only: no number tells it apart (a(1 − a) *is* σ′(z)).
    formula_only: bool = False


def _final(p: Problem) -> str:
    return p.symbols.label(p.key)


def _explain_slope(p: Problem) -> str:
    s, l, j = p.symbols, p.layer, p.node
    if p.quantity == "da/dz":
        return (f"That is {s.g_prime(l, j, 'a')}, the slope evaluated at {s.a(l, j)} instead of at "
                f"{s.z(l, j)}: the slope is {s.g_prime(l, j)}, taken at the weighted input.")
    return (f"That is {_final(p)} with the slope taken at {s.a(l, j)}, {s.g_prime(l, j, 'a')}, "
            f"instead of at the weighted input: the factor is {s.g_prime(l, j)}.")


SLOPE_FORM = {"sigmoid": "a(1 − a)", "tanh": "1 − a²"}


def _explain_slope_form(p: Problem) -> str:
    s, l, j = p.symbols, p.layer, p.node
    form = SLOPE_FORM.get(p.network.activations[l - 1], "its form in a")
    if p.quantity == "da/dz":
        return (f"That puts {s.z(l, j)} into {form}: that form of the slope takes the activation "
                f"{s.a(l, j)}, not the weighted input; {s.g_prime(l, j)} = {form} with a = {s.a(l, j)}.")
    return (f"That is {_final(p)} with the slope's {form} worked out at {s.z(l, j)}: the a in it "
            f"is the activation {s.a(l, j)}, not the weighted input.")


def _explain_cost_factor(p: Problem) -> str:
    s, L, loss = p.symbols, p.network.depth, p.network.loss
    j = p.node if p.node is not None else "j"
    if p.quantity == "cost":
        if loss == "sse":
            return f"That has a ½ this cost doesn't have: {s.cost()} = Σⱼ ({s.a(L, 'j')} − {s.y('j')})²."
        return f"That leaves out the ½ of this cost: {s.cost()} = ½ Σⱼ ({s.a(L, 'j')} − {s.y('j')})²."
    form = {"sse": f"2({s.a(L, j)} − {s.y(j)})", "half-sse": f"{s.a(L, j)} − {s.y(j)}",
            "mse": f"(2/n)({s.a(L, j)} − {s.y(j)})"}[loss]
    why = {"sse": "the 2 that comes down from the square is missing",
           "half-sse": "the ½ of the half cost cancels the 2 of the square",
           "mse": "the 2 that comes down from the square is missing"}[loss]
    return f"That is {_final(p)} with the factor mixed up: {why}; {s.dC_da(L, j)} = {form}."


def _explain_sign(p: Problem) -> str:
    s, L = p.symbols, p.network.depth
    j = p.node if p.layer == L else "j"
    if p.network.loss == "cross-entropy":
        return (f"That has the sign flipped: for cross-entropy {s.dC_da(L, j)} = −{s.y(j)}/{s.a(L, j)}"
                f", negative where the target is 1.")
    return (f"That has the sign flipped, ({s.y(j)} − {s.a(L, j)}) for ({s.a(L, j)} − {s.y(j)}): "
            f"{s.dC_da(L, j)} is positive when the output is above its target.")


def _explain_one_term(p: Problem) -> str:
    s, l, j = p.symbols, p.layer, p.node
    return (f"That uses one node of layer {s.layer(l + 1)} only: {s.dC_da(l, j)} is the sum over "
            f"every node i of layer {s.layer(l + 1)}, Σᵢ {s.w(l + 1, 'i', j)} {s.delta(l + 1, 'i')}.")


def _explain_transposed(p: Problem) -> str:
    s, l, j, k = p.symbols, p.layer, p.node, p.source
    if p.quantity == "z":
        return (f"That uses {s.w(l, 'k', j)} for {s.w(l, j, 'k')}: the weights into node "
                f"{s.node(j)} are {s.w(l, j, 'k')}: the first index is the node they go into.")
    if p.quantity in ("dC/dw", "w-updated"):
        return (f"That is {s.a(l - 1, j)} {s.delta(l, k)}, the indices swapped: "
                f"{s.dC_dw(l, j, k)} = {s.a(l - 1, k)} {s.delta(l, j)}.")
    return (f"That uses {s.w(l + 1, j, 'i')} for {s.w(l + 1, 'i', j)} in the sum: node {s.node(j)} "
            f"of layer {s.layer(l)} reaches node i through {s.w(l + 1, 'i', j)}.")


def _explain_layer(p: Problem) -> str:
    s, l, j, k = p.symbols, p.layer, p.node, p.source
    return (f"That uses an activation of layer {s.layer(l)}: {s.dC_dw(l, j, k)} = "
            f"{s.a(l - 1, k)} {s.delta(l, j)}, with the activation the weight comes from, in layer "
            f"{s.layer(l - 1)}.")


def _param(p: Problem) -> tuple[str, str]:
    s, l, j, k = p.symbols, p.layer, p.node, p.source
    return (s.w(l, j, k), s.dC_dw(l, j, k)) if p.quantity == "w-updated" else (s.b(l, j), s.dC_db(l, j))


def _explain_direction(p: Problem) -> str:
    w, g = _param(p)
    return f"That steps uphill, {w} + {p.symbols.eta()} {g}: gradient descent subtracts, {w} − {p.symbols.eta()} {g}."


def _explain_rate(p: Problem) -> str:
    w, g = _param(p)
    return f"That is {w} − {g}, the learning rate left out: the step is {w} − {p.symbols.eta()} {g}, {p.symbols.eta()} = {p.eta:g}."


def _explain_softmax(p: Problem) -> str:
    s, L, j = p.symbols, p.network.depth, p.node
    tail = (f"; with cross-entropy it comes to {s.a(L, j)} − {s.y(j)}"
            if p.network.loss == "cross-entropy" else "")
    return (f"That treats softmax as element-wise, {s.da_dz(L, j)} = {s.a(L, j)}(1 − {s.a(L, j)}) alone: every "
            f"output depends on every z of the layer, so {s.delta(L, j)} sums over the whole "
            f"Jacobian{tail}.")


def _explain_sum(p: Problem) -> str:
    n = len(p.samples)
    return f"That is the sum over the {n} samples: the gradient of the mean cost divides it by {n}."


def _explain_bias(p: Problem) -> str:
    s, l, j = p.symbols, p.layer, p.node
    return f"That is {s.z(l, j)} without the bias: {s.z(l, j)} = Σₖ {s.w(l, j, 'k')} {s.a(l - 1, 'k')} + {s.b(l, j)}."


def _explain_missing_slope(p: Problem) -> str:
    s, l, j, k = p.symbols, p.layer, p.node, p.source
    g, dcda = s.g_prime(l, j), s.dC_da(l, j)
    what = {"dC/dw": f"{dcda} · {s.a(l - 1, k) if k is not None else ''}",
            "w-updated": f"{s.w(l, j, k)} − {s.eta()} {dcda} · {s.a(l - 1, k) if k is not None else ''}",
            "b-updated": f"{s.b(l, j)} − {s.eta()} {dcda}"}.get(p.quantity, dcda)
    each = ", for each sample" if p.average else ""
    return (f"That is {what}{each}: the factor {g} is missing; "
            f"{s.delta(l, j)} = {dcda} · {g}.")


def _explain_specialised(p: Problem) -> str:
    s, l, j = p.symbols, p.layer or p.network.depth, p.node or 0
    return (f"That slope is written for one activation only (such as a(1 − a) for the sigmoid): "
            f"the equation holds for any activation, so it is {s.g_prime(l, j)}.")


def _explain_unknown(p: Problem) -> str:
    return ("That formula uses the very derivative the exercise asks you to work out: write it "
            "out in the quantities it is made of (a, z, y, w), as the derivation does.")


MISCONCEPTIONS: dict[str, Misconception] = {c.name: c for c in (
    Misconception("missing-activation-slope", "g′(z) left out",
                  ("output-delta", "hidden-delta", *ON_DELTA_SKILLS), m.missing_activation_slope,
                  _explain_missing_slope),
    Misconception("slope-at-activation", "g′ evaluated at a, not z",
                  ("activation-slope", "output-delta", "hidden-delta", *ON_DELTA_SKILLS),
                  m.slope_at_activation, _explain_slope),
    Misconception("cost-factor", "the 2 of (a − y)² or the ½ of the half cost mixed up",
                  ("cost", "output-dC/da", "output-delta", *ON_DELTA_SKILLS), m.cost_factor,
                  _explain_cost_factor),
    Misconception("sign-flipped", "(y − a) for (a − y)",
                  ("output-dC/da", "output-delta", *ON_DELTA_SKILLS), m.sign_flipped, _explain_sign),
    Misconception("one-term-of-sum", "one node of the next layer instead of the sum",
                  ("hidden-delta", *ON_DELTA_SKILLS), m.one_term_of_sum, _explain_one_term),
    Misconception("transposed-weight", "w_kj for w_jk",
                  ("forward-z", "hidden-delta", *ON_DELTA_SKILLS), m.transposed_weight,
                  _explain_transposed),
    Misconception("wrong-layer-activation", "a of layer l instead of l−1 in BP4",
                  ("weight-gradient", "update", "mean-gradient"), m.wrong_layer_activation,
                  _explain_layer),
    Misconception("forgot-bias", "z without b", ("forward-z",), m.forgot_bias, _explain_bias),
    Misconception("update-wrong-direction", "w + η ∂C/∂w", ("update",), m.update_wrong_direction,
                  _explain_direction),
    Misconception("forgot-learning-rate", "w − ∂C/∂w", ("update",), m.forgot_learning_rate,
                  _explain_rate),
    Misconception("softmax-elementwise", "softmax treated as element-wise",
                  ("output-delta", *ON_DELTA_SKILLS), m.softmax_elementwise, _explain_softmax),
    Misconception("sum-not-mean", "summed over samples instead of averaged", ("mean-gradient",),
                  m.sum_not_mean, _explain_sum),
    Misconception("activation-specialised",
                  "a formula's slope written for the lesson's activation (a(1 − a)), not g′(z)",
                  (), lambda p: (), _explain_specialised, formula_only=True),
    Misconception("uses-unknown",
                  "a derivation that uses the derivative it asks for (g′ for σ′, ∂C/∂a given)",
                  (), lambda p: (), _explain_unknown, formula_only=True),
    # added after the names (they keep their order): found playing the practice
    Misconception("slope-form-with-z", "a(1 − a) or 1 − a² worked out with z for a",
                  ("activation-slope", "output-delta", "hidden-delta", *ON_DELTA_SKILLS),
                  m.slope_form_with_z, _explain_slope_form),
)}


def produce_all(p: Problem) -> dict[str, tuple[float, ...]]:
    """Every applicable mistake's values on ``p``, leaving out those the right answer has."""
    out = {}
    for name, c in MISCONCEPTIONS.items():
        if p.skill not in c.skills:
            continue
        values = tuple(v for v in c.produce(p) if math.isfinite(v) and not p.right(v))
        if values:
            out[name] = values
    return out


def matching(p: Problem, got: float) -> tuple[str, ...]:
    """The mistakes whose value is ``got`` (within the hand tolerance)."""
    return tuple(name for name, values in p.mistakes.items() if any(p.close(got, v) for v in values))


def diagnose(p: Problem, got: float) -> Verdict:
    """The verdict on a wrong number ``got``."""
    names = matching(p, got)
    if len(names) == 1:
        return Verdict(False, False, names[0], MISCONCEPTIONS[names[0]].explain(p), names)
    if names:
        listed = "; or ".join(MISCONCEPTIONS[n].words for n in names)
        return Verdict(False, False, None,
                       f"On this problem {len(names)} different mistakes give that number: "
                       f"{listed}. Check which one you made.", names)
    direction = "high" if got > p.answer else "low"
    hint = f" Hint: {p.hints[0]}" if p.hints else ""
    return Verdict(False, False, None, f"Not quite: your answer is too {direction}.{hint}",
                   direction=direction)

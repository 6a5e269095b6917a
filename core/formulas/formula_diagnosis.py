"""What differs between a wrong formula and the key, named with the practice module's
misconceptions: a factor the trace knows too many or too few (g′(z), 2, −1, η, a_k, a
wrong-layer activation, the n of a mean), one term of a sum, a transposed weight, a left-out
bias, an update the wrong way or without η, g′ of softmax, the slope taken at a instead of z.
What is missing is said in words ("the slope of the activation"), never written out as the
key writes it: the learner would append it and have derived nothing.

Each test must hold on every network of the check (:mod:`.formula_cases`), so a difference is
named only when it is the difference, not a coincidence of one network's numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from backprop_tui.core.formulas.evaluate import EvalError, evaluate
from backprop_tui.core.formulas.expr import Expr, Func, Sum, Sym
from backprop_tui.core.formulas.formula_cases import Array, Case, Question, Verdict, close, values
from backprop_tui.core.formulas.notation import render
from backprop_tui.core.formulas.parse import FormulaError, parse
from backprop_tui.core.formulas.scope import Parsed
from backprop_tui.core.formulas.walk import walk

VALUE_PROBLEM = ("Your formula can't be evaluated on every network it is checked on (a division "
                 "by zero, ln of a number that is not positive, or no finite number).")


@dataclass(frozen=True)
class Factor:
    """A factor the trace knows: how to name it, its value on a case, and the misconception a
    formula shows that lacks it (``missing``) or has it once too often (``extra``)."""

    label: str
    value: Callable[[Case], Array]
    missing: str | None
    extra: str | None
    kind: str = "factor"  # "number" (2, −1: said plainly), "layer" (a wrong-layer activation)
    #: What a missing factor is, in words: writing ``label`` out would hand over that part of
    #: the answer (the learner appends it and has derived nothing).
    words: str = ""


def _g_prime(q: Question) -> Expr | None:
    if q.layer is None or not 1 <= q.layer <= q.network.depth or q.network.activations[q.layer - 1] == "softmax":
        return None
    idx = (q.node,) if q.node is not None else ()
    return Func("g", q.layer, Sym("z", q.layer, idx), derivative=True)


def _name(q: Question, expr: Expr) -> str:
    return render(expr, q.notation, "unicode", depth=q.network.depth)


def _factors(q: Question) -> list[Factor]:
    out: list[Factor] = []
    scope = q.scope

    def on(expr: Expr) -> Callable[[Case], Array]:
        p = Parsed("", expr, {}, scope)
        return lambda c: evaluate(p, c.trace, c.binding)

    slope = _g_prime(q)
    if slope is not None:
        at = "the node's" if q.node is not None else "each node's"
        out.append(Factor(_name(q, slope), on(slope), "missing-activation-slope", None,
                          words=f"the slope of the activation at {at} weighted input (how "
                                "much the output moves when z moves)"))
    out.append(Factor("2", lambda c: np.array(2.0), "cost-factor", "cost-factor", "number"))
    out.append(Factor("−1", lambda c: np.array(-1.0), "sign-flipped", "sign-flipped", "number"))
    out.append(Factor(_name(q, Sym("eta")), lambda c: np.array(c.binding.eta), None, None,
                      words="the learning rate"))
    if q.network.loss == "mse":
        out.append(Factor("n, the number of outputs", lambda c: np.array(float(c.trace.network.sizes[-1])),
                          "sum-not-mean", "sum-not-mean"))
    if q.layer is not None and q.source is not None and q.layer >= 1:
        a_k = Sym("a", q.layer - 1, (q.source,))
        right = on(a_k)
        out.append(Factor(_name(q, a_k), right, None, None,
                          words="the activation the weight carries in from the layer before"))
        for m in range(q.network.depth + 1):
            if m != q.layer - 1 and q.source < q.network.sizes[m]:
                wrong = Sym("a", m, (q.source,))
                out.append(Factor(_name(q, wrong), _ratio(on(wrong), right),
                                  "wrong-layer-activation", "wrong-layer-activation", "layer"))
    return out


def _ratio(top: Callable[[Case], Array], bottom: Callable[[Case], Array]) -> Callable[[Case], Array]:
    return lambda c: top(c) / bottom(c)


def _all(pairs: list[tuple[Array, Array]], test: Callable[[Array, Array], bool]) -> bool:
    with np.errstate(all="ignore"):
        return all(test(u, v) for u, v in pairs)


def _factor_verdict(q: Question, f: Factor, extra: bool) -> Verdict:
    if f.label == "−1":
        return _sign(q)
    if f.kind == "number":
        return Verdict(False, "Your formula is off by a factor of 2: look again at what the "
                              "derivative of the cost brings down.", "cost-factor")
    if f.kind == "layer":
        return Verdict(False, f"You used {f.label}, an activation of the wrong layer: a weight's "
                              "source node is in the layer just before its target.",
                       "wrong-layer-activation")
    if extra:
        return Verdict(False, f"Your formula has an extra factor {f.label}.", f.extra)
    return Verdict(False, f"Your formula is missing a factor: {f.words or f.label}.", f.missing)


def diagnose(q: Question, learner: Parsed, key: Parsed, cs: list[Case],
             got: list[Array], want: list[Array]) -> Verdict | None:
    """The one difference between the learner's formula and the key, if it is a known one."""
    for f in _factors(q):
        try:
            fv = [f.value(c) for c in cs]
        except EvalError:
            continue
        if any(not np.all(np.isfinite(v)) for v in fv) or all(np.all(v == 1) for v in fv):
            continue
        if _all([(u, v * x) for u, v, x in zip(got, want, fv, strict=True)], close):
            return _factor_verdict(q, f, extra=True)
        if f.kind != "layer" and _all([(u * x, v) for u, v, x in zip(got, want, fv, strict=True)], close):
            return _factor_verdict(q, f, extra=False)
    for check in (_update, _bias, _one_term, _transposed):
        verdict = check(q, learner, key, cs, got, want)
        if verdict is not None:
            return verdict
    for n in walk(learner.expr):
        if isinstance(n, Func) and n.derivative and isinstance(n.arg, Sym) and n.arg.name == "a":
            return Verdict(False, "The slope g′ is taken at z, the node's weighted input, "
                                  "not at its activation a.", "slope-at-activation", learner.span(n))
    return None


def _sign(q: Question) -> Verdict:
    if q.quantity.endswith("-updated"):
        return Verdict(False, "Your update has the wrong sign.", "update-wrong-direction")
    return Verdict(False, "Your formula has the opposite sign.", "sign-flipped")


def _parameter(q: Question, c: Case) -> Array:
    net, l = c.trace.network, q.layer or 1
    if q.quantity.startswith("w"):
        return np.array(net.weights[l - 1][q.node, q.source or 0])
    return np.array(net.biases[l - 1][q.node])


def _update(q, learner, key, cs, got, want) -> Verdict | None:  # noqa: ANN001
    if not q.quantity.endswith("-updated") or q.node is None:
        return None
    params = [_parameter(q, c) for c in cs]
    if _all([(u, 2 * p - v) for (u, v), p in zip(zip(got, want, strict=True), params, strict=True)], close):
        return Verdict(False, "Your step goes uphill: gradient descent subtracts the gradient, "
                              "so the cost goes down.", "update-wrong-direction")
    steps = [(p - u, (p - v) / c.binding.eta) for u, v, p, c in zip(got, want, params, cs, strict=True)]
    if _all(steps, close):
        return Verdict(False, "Your step leaves out the learning rate.", "forgot-learning-rate")
    return None


def _bias(q, learner, key, cs, got, want) -> Verdict | None:  # noqa: ANN001
    if q.layer is None or not 1 <= q.layer <= q.network.depth:
        return None
    idx = (q.node,) if q.node is not None else ()
    b = Sym("b", q.layer, idx)
    p = Parsed("", b, {}, q.scope)
    try:
        bs = [evaluate(p, c.trace, c.binding) for c in cs]
    except EvalError:
        return None
    if _all([(u, v - bv) for u, v, bv in zip(got, want, bs, strict=True)], close):
        whose = "of the node" if q.node is not None else "of each node"
        return Verdict(False, f"Your formula leaves out the bias {whose}.", "forgot-bias")
    return None


def _one_term(q, learner, key, cs, got, want) -> Verdict | None:  # noqa: ANN001
    sums = [n for n in walk(key.expr) if isinstance(n, Sum) and n.layer is not None]
    if not sums:
        return None
    s = sums[0]
    width = min(c.trace.network.sizes[s.layer] for c in cs)
    for i in range(width):
        try:
            terms = values(key, cs, single={s.index: i})
        except EvalError:
            continue
        if _all(list(zip(got, terms, strict=True)), close):
            return Verdict(False, f"That is one term of the sum over {s.index}: every node "
                                  f"{s.index} of the layer contributes, so add them all up.",
                           "one-term-of-sum")
    return None


def _transposed(q, learner, key, cs, got, want) -> Verdict | None:  # noqa: ANN001
    if not any(isinstance(n, Sym) and n.name == "w" for n in walk(learner.expr)):
        return None
    try:
        swapped = values(parse(learner.text, replace(learner.scope, swap_weights=True)), cs)
    except (EvalError, FormulaError):
        return None
    if _all(list(zip(swapped, want, strict=True)), close):
        return Verdict(False, "You used w_kj where w_jk belongs: the first index of a weight is "
                              "the node it goes into, the second the node it comes from.",
                       "transposed-weight")
    return None


def unevaluable(q: Question, e: EvalError, learner: Parsed, key: Parsed, cs: list[Case],
                 want: list[Array]) -> Verdict:
    """A learner's formula that can't be evaluated on the lesson's network: a known mistake if it
    is one (g′ of softmax, a sum left out, swapped weight indices), else the reason."""
    if e.code == "softmax-elementwise":
        return Verdict(False, e.message, "softmax-elementwise", e.span)
    if e.code == "value":  # said without saying on which network: the numbers stay hidden
        return Verdict(False, VALUE_PROBLEM, span=e.span, readable=False)
    summed = {n.index for n in walk(key.expr) if isinstance(n, Sum)}
    if e.code.startswith("unbound:") and e.code[8:] in summed:
        letter = e.code[8:]
        return Verdict(False, f"{letter} is not bound: the answer sums over {letter}, every node "
                              f"{letter} of the layer contributes.", "one-term-of-sum", e.span)
    found = _transposed(q, learner, key, cs, [], want)
    if found is not None:
        return found
    return Verdict(False, e.message, span=e.span, readable=False)

"""Checking a learner's formula by evaluation, and saying what differs from the key.

The learner's formula and the key are evaluated (:mod:`.evaluate`) on the lesson's network and
on several seeded random networks of the same depth but other widths, activations, weights and
samples; equal everywhere to 1e-9 relative means right, so a formula that only works by a
coincidence of the lesson's numbers is refused. Index-free forms are compared entry by entry.

When the formula is wrong the checker looks for the one difference a learner usually makes (a
factor too many or too few, one term of a sum, a transposed weight, ...) and names it with the
misconception names of the practice module: ``missing-activation-slope``, ``slope-at-activation``,
``cost-factor``, ``sign-flipped``, ``one-term-of-sum``, ``transposed-weight``,
``wrong-layer-activation``, ``forgot-bias``, ``update-wrong-direction``, ``forgot-learning-rate``,
``softmax-elementwise``, ``sum-not-mean``; and ``activation-specialised`` (the slope written
for the lesson's activation, a(1 − a), where the key has g′). No message quotes a number of the
lesson's network, and none writes out a part of the key the learner left out.

Before any of that, a formula that names what it should work out is refused (not counted as an
attempt): the asked quantity itself (δ for δ), or any derivative the key does not let it use
(:mod:`.formula_unknowns`: σ′ where σ′ is to be derived, ∂C/∂a where the cost is given), as
``uses-unknown``.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from backprop_tui.core.formulas.evaluate import Binding, EvalError, evaluate
from backprop_tui.core.formulas.expr import Expr, Func, Partial, Sym
from backprop_tui.core.formulas.formula_cases import (
    RANDOM_NETWORKS,
    Array,
    Case,
    Question,
    Verdict,
    cases,
    close,
    pinned,
    values,
)
from backprop_tui.core.formulas.formula_diagnosis import VALUE_PROBLEM, diagnose, unevaluable
from backprop_tui.core.formulas.formula_unknowns import unknown_derivative
from backprop_tui.core.formulas.notation import render
from backprop_tui.core.formulas.parse import FormulaError, parse
from backprop_tui.core.formulas.scope import Parsed
from backprop_tui.core.formulas.walk import bind_letters, walk

__all__ = ["Case", "Question", "Verdict", "cases", "check_formula", "key_disagreement"]


def _shape(v: Array) -> str:
    if v.ndim == 0:
        return "one number"
    kind = "a column vector" if v.shape[1] == 1 else ("a row vector" if v.shape[0] == 1 else "a matrix")
    return f"{kind} ({v.shape[0]}×{v.shape[1]})"


def _names_nodes(p: Parsed) -> bool:
    return any(isinstance(n, Sym) and any(isinstance(i, int) for i in n.idx) for n in walk(p.expr))


#: The ∂ (numerator, denominator) that is each quantity by definition.
_DEFINED_AS = {"delta": ("C", "z"), "dC/dw": ("C", "w"), "dC/db": ("C", "b"), "dC/da": ("C", "a"),
               "da/dz": ("a", "z")}


def _asks_itself(p: Parsed, q: Question) -> Expr | None:
    """The part of ``p`` that is the asked quantity itself, at its layer (δ⁽ˡ⁾ or ∂C/∂z⁽ˡ⁾ for
    δ⁽ˡ⁾, ∂C/∂w⁽ˡ⁾ for ∂C/∂w⁽ˡ⁾, ...): a formula that uses it is the question, not an answer."""
    want = _DEFINED_AS.get(q.quantity)
    for n in walk(p.expr):
        if q.quantity == "delta" and isinstance(n, Sym) and n.name == "delta" and n.layer in (None, q.layer):
            return n
        if (want is not None and isinstance(n, Partial) and isinstance(n.num, Sym)
                and isinstance(n.den, Sym) and n.den.layer in (None, q.layer)
                and (n.num.name, n.den.name) == want):
            return n
    return None


def _softmax_slope(p: Parsed, q: Question) -> Verdict | None:
    """g′ of a softmax layer in ``p``: said as such (its slope is a Jacobian), which teaches more
    than that the derivative is the learner's to work out."""
    try:
        evaluate(p, cases(q, 0)[0].trace, Binding(q.layer, q.node, q.source, q.eta))
    except EvalError as e:
        if e.code == "softmax-elementwise":
            return Verdict(False, e.message, "softmax-elementwise", e.span)
    return None


TRANSPOSED = Verdict(False, "Your matrix is the transpose of the answer: its row j must belong "
                            "to node j of layer l, its column k to node k of the layer before.",
                     "transposed-weight")


def _transposed_on(p: Parsed, cs: list[Case], want: list[Array]) -> bool:
    """Whether ``p`` is the transpose of the answer on every network (it can be evaluated on all)."""
    try:
        got = values(p, cs)
    except EvalError:
        return False
    return all(u.T.shape == v.shape and close(u.T, v) for u, v in zip(got, want, strict=True))


def _right_for_these_activations(ans_p: Parsed, key_p: Parsed, q: Question, count: int, seed: int,
                                 letters: dict[str, int]) -> bool:
    """Whether the answer equals the key on networks that keep the lesson's activations (it
    wrote σ′ out as a(1 − a) where the key says g′)."""
    cs = [replace(c, binding=replace(c.binding, letters=letters))
          for c in cases(q, count, seed, pinned=True)]
    try:
        return all(close(u, v) for u, v in zip(values(ans_p, cs), values(key_p, cs), strict=True))
    except EvalError:
        return False


def check_formula(answer: str, key: str, q: Question, count: int = RANDOM_NETWORKS, seed: int = 0) -> Verdict:
    """Whether ``answer`` equals ``key`` as formulas; the key must parse and evaluate (a lesson
    whose key doesn't raises :class:`FormulaError` or :class:`EvalError`)."""
    key_p = parse(key, q.scope)
    try:
        ans_p = parse(answer, q.scope)
    except FormulaError as e:
        return Verdict(False, str(e), span=e.span, readable=False)
    if not any(isinstance(n, Sym | Func | Partial) for n in walk(ans_p.expr)):
        return Verdict(False, "Type a formula in symbols (such as a_j, z_j, g'(z_j)), not only "
                              "numbers: it is checked on other networks too.", readable=False)
    circular = _asks_itself(ans_p, q)
    if circular is not None:
        return Verdict(False, "Your formula uses the quantity it is asked to equal: write it from "
                              "other quantities (a, z, y, w, b, g′, δ of another layer).",
                       "uses-unknown", span=ans_p.span(circular), readable=False)
    unknown = unknown_derivative(ans_p, key_p, q)
    if unknown is not None:
        return _softmax_slope(ans_p, q) or unknown
    letters = bind_letters(key_p.expr, q.node, q.source)  # the key's names for the node and source
    cs = [replace(c, binding=replace(c.binding, letters=letters))
          for c in cases(q, count, seed, pinned=pinned(key_p, ans_p))]
    want = values(key_p, cs)
    try:
        got = [evaluate(ans_p, cs[0].trace, cs[0].binding)]
    except EvalError as e:
        return unevaluable(q, e, ans_p, key_p, cs, want)
    if got[0].shape != want[0].shape:
        if got[0].ndim == 2 and got[0].T.shape == want[0].shape and _transposed_on(ans_p, cs, want):
            return TRANSPOSED
        return Verdict(False, f"Your formula gives {_shape(got[0])}; the answer is {_shape(want[0])}.")
    try:
        got += values(ans_p, cs[1:])
    except EvalError as e:
        if e.code == "value":
            return Verdict(False, VALUE_PROBLEM, span=e.span, readable=False)
        return Verdict(False, "Your formula only works on this lesson's network: on others it "
                              "can't even be evaluated.")
    if any(u.shape != v.shape for u, v in zip(got, want, strict=True)):  # a square lesson matrix
        if all(u.T.shape == v.shape and close(u.T, v) for u, v in zip(got, want, strict=True)):
            return TRANSPOSED
        return Verdict(False, "Your formula has the answer's shape only on this lesson's network: "
                              "on networks of other sizes its shape differs.")
    if all(close(u, v) for u, v in zip(got, want, strict=True)):
        return Verdict(True, f"Right: it agrees with the answer on this network and on {2 * count} others.")
    same = [i for i, c in enumerate(cs) if c.same_sizes]
    if all(close(got[i], want[i]) for i in same) and _names_nodes(ans_p):
        return Verdict(True, "Right for this network: your formula names its nodes one by one "
                             "(a sum written out), so it fits these layer widths only.")
    found = diagnose(q, ans_p, key_p, cs, got, want)
    if found is None:
        pick = [cs[i] for i in same]
        found = diagnose(q, ans_p, key_p, pick, [got[i] for i in same], [want[i] for i in same])
    if found is not None:
        return found
    if not pinned(key_p, ans_p) and _right_for_these_activations(ans_p, key_p, q, count, seed, letters):
        slope = render(Func("g", q.layer or 1, Sym("z"), derivative=True), q.notation, "unicode",
                       depth=q.network.depth).split("(")[0].split("⁽")[0]  # g′, σ′ or f′
        return Verdict(False, "Right for this lesson's activations only: the answer holds for any "
                              f"activation, so write the slope as {slope}(z) instead of the "
                              "formula of one activation's slope (such as a(1 − a)).",
                       "activation-specialised", readable=False)
    if close(got[0], want[0]):
        return Verdict(False, "Your formula gives the right value on this lesson's network, but "
                              "only by a coincidence of its numbers: on other networks it differs.")
    return Verdict(False, "Not the same as the answer.")


#: The most characters of a formula key a message quotes, so that the reason after it shows.
KEY_QUOTE_CHARS = 60


def key_disagreement(key: str, q: Question, expected: float | Array) -> str | None:
    """Why a lesson's formula key is wrong (does not parse, can't be evaluated, or differs from
    the core's value ``expected``), or None when it is right. A long key is quoted by its
    start only: the reason must survive a message cut to a few hundred characters."""
    quoted = key if len(key) <= KEY_QUOTE_CHARS else key[:KEY_QUOTE_CHARS] + "…"
    try:
        p = parse(key, q.scope)
        got = evaluate(p, cases(q, 0)[0].trace, Binding(q.layer, q.node, q.source, q.eta))
    except FormulaError as e:
        return f"the formula {quoted!r} does not parse: {e}"
    except EvalError as e:
        return f"the formula {quoted!r} can't be evaluated: {e.message}"
    want = np.asarray(expected, dtype=float)
    if want.ndim == 1:
        want = want.reshape(-1, 1)
    if not close(got, want):
        return f"the formula {quoted!r} does not equal the {q.quantity} it names"
    return None

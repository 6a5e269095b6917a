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
``softmax-elementwise``, ``sum-not-mean``. No message quotes a number of the lesson's network.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from backprop_tui.core.formulas.evaluate import Binding, EvalError, bind_letters, evaluate
from backprop_tui.core.formulas.expr import Expr, Func, Sum, Sym
from backprop_tui.core.formulas.notation import render
from backprop_tui.core.formulas.parse import FormulaError, parse
from backprop_tui.core.formulas.scope import Parsed, Scope
from backprop_tui.core.formulas.walk import walk
from backprop_tui.core.math.network import Network
from backprop_tui.core.math.trace import Trace

Array = np.ndarray
RTOL, ATOL = 1e-9, 1e-12
RANDOM_NETWORKS = 5


@dataclass(frozen=True)
class Question:
    """What the formula must equal: a quantity of the lesson's network at an absolute layer and
    0-based node and source, written in ``notation``; η for update formulas."""

    notation: str
    network: Network
    x: Array
    y: Array
    quantity: str = "delta"
    layer: int | None = None
    node: int | None = None
    source: int | None = None
    eta: float = 0.5

    @property
    def scope(self) -> Scope:
        return Scope(self.notation, self.network.depth, self.layer, self.quantity)


@dataclass(frozen=True)
class Verdict:
    correct: bool
    message: str
    misconception: str | None = None
    span: tuple[int, int] | None = None  # what to underline in the learner's text
    readable: bool = True  # False: the formula could not be read or evaluated (not an attempt)


@dataclass(frozen=True)
class Case:
    """One network the formulas are evaluated on."""

    trace: Trace
    binding: Binding
    same_sizes: bool = True  # as wide as the lesson's network, layer by layer


def close(u: Array, v: Array) -> bool:
    """Same shape and equal entry by entry to ``RTOL`` relative (``ATOL`` near zero)."""
    u, v = np.asarray(u, dtype=float), np.asarray(v, dtype=float)
    if u.shape != v.shape:
        return False
    return bool(np.all(np.abs(u - v) <= RTOL * np.maximum(np.abs(u), np.abs(v)) + ATOL))


# ------------------------------------------------------------------ the networks
def _pinned(*parsed: Parsed) -> bool:
    """A formula that names an activation (sigmoid, tanh, ...) keeps the lesson's activations."""
    return any(isinstance(n, Func) and n.name != "g" for p in parsed for n in walk(p.expr))


def cases(q: Question, count: int = RANDOM_NETWORKS, seed: int = 0, pinned: bool = False) -> list[Case]:
    """The lesson's network, then ``count`` seeded random networks of its widths and ``count``
    wider ones (a layer of each is wider), all of the same depth (so every layer the formulas
    name exists), with other activations (unless ``pinned``), weights, biases, input, target
    and η. The loss is the lesson's."""
    net = q.network
    binding = Binding(q.layer, q.node, q.source, q.eta)
    out = [Case(net.trace(q.x, q.y), binding)]
    rng = np.random.default_rng(seed + 7919)
    for i in range(2 * count):
        sizes = list(net.sizes)
        if i >= count:
            sizes = [n + int(rng.integers(0, 3)) for n in net.sizes]
            if sizes == list(net.sizes):
                sizes[int(rng.integers(len(sizes)))] += 1
        acts = list(net.activations)
        if not pinned:
            acts[:-1] = [str(rng.choice(["sigmoid", "tanh"])) for _ in acts[:-1]]
            if net.loss != "cross-entropy" and acts[-1] != "softmax":
                acts[-1] = str(rng.choice(["sigmoid", "tanh", "linear"]))
        other = Network.from_sizes(sizes, acts, net.loss, seed=int(rng.integers(1 << 30)))
        x = rng.normal(0.0, 1.0, size=sizes[0])
        if acts[-1] == "softmax":
            y = rng.dirichlet(np.ones(sizes[-1]))
        else:
            y = rng.uniform(0.0, 1.0, size=sizes[-1])
        eta = float(rng.uniform(0.05, 0.45))  # never ½ or 1: those would hide a factor
        out.append(Case(other.trace(x, y), replace(binding, eta=eta), i < count))
    return out


def values(p: Parsed, cs: list[Case], **binding: object) -> list[Array]:
    return [evaluate(p, c.trace, replace(c.binding, **binding)) for c in cs]  # type: ignore[arg-type]


# ------------------------------------------------------------------ diagnosis
@dataclass(frozen=True)
class Factor:
    """A factor the trace knows: how to name it, its value on a case, and the misconception a
    formula shows that lacks it (``missing``) or has it once too often (``extra``)."""

    label: str
    value: Callable[[Case], Array]
    missing: str | None
    extra: str | None
    kind: str = "factor"  # "number" (2, −1: said plainly), "layer" (a wrong-layer activation)


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
        out.append(Factor(_name(q, slope), on(slope), "missing-activation-slope", None))
    out.append(Factor("2", lambda c: np.array(2.0), "cost-factor", "cost-factor", "number"))
    out.append(Factor("−1", lambda c: np.array(-1.0), "sign-flipped", "sign-flipped", "number"))
    out.append(Factor(_name(q, Sym("eta")), lambda c: np.array(c.binding.eta), None, None))
    if q.network.loss == "mse":
        out.append(Factor("n, the number of outputs", lambda c: np.array(float(c.trace.network.sizes[-1])),
                          "sum-not-mean", "sum-not-mean"))
    if q.layer is not None and q.source is not None and q.layer >= 1:
        a_k = Sym("a", q.layer - 1, (q.source,))
        right = on(a_k)
        out.append(Factor(_name(q, a_k), right, None, None))
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
        right = _name(q, Sym("a", (q.layer or 1) - 1, (q.source,)))  # type: ignore[arg-type]
        return Verdict(False, f"You used {f.label} where {right} belongs: a weight's source node "
                              "is in the layer just before its target.", "wrong-layer-activation")
    if extra:
        return Verdict(False, f"Your formula has an extra factor {f.label}.", f.extra)
    return Verdict(False, f"Your formula is missing the factor {f.label}.", f.missing)


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
        return Verdict(False, f"Your formula leaves out the bias {_name(q, b)}.", "forgot-bias")
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


# ------------------------------------------------------------------ checking
def _shape(v: Array) -> str:
    if v.ndim == 0:
        return "one number"
    kind = "a column vector" if v.shape[1] == 1 else ("a row vector" if v.shape[0] == 1 else "a matrix")
    return f"{kind} ({v.shape[0]}×{v.shape[1]})"


def _unevaluable(q: Question, e: EvalError, learner: Parsed, key: Parsed, cs: list[Case],
                 want: list[Array]) -> Verdict:
    """A learner's formula that can't be evaluated on the lesson's network: a known mistake if it
    is one (g′ of softmax, a sum left out, swapped weight indices), else the reason."""
    if e.code == "softmax-elementwise":
        return Verdict(False, e.message, "softmax-elementwise", e.span)
    summed = {n.index for n in walk(key.expr) if isinstance(n, Sum)}
    if e.code.startswith("unbound:") and e.code[8:] in summed:
        letter = e.code[8:]
        return Verdict(False, f"{letter} is not bound: the answer sums over {letter}, every node "
                              f"{letter} of the layer contributes.", "one-term-of-sum", e.span)
    found = _transposed(q, learner, key, cs, [], want)
    if found is not None:
        return found
    return Verdict(False, e.message, span=e.span, readable=False)


def _names_nodes(p: Parsed) -> bool:
    return any(isinstance(n, Sym) and any(isinstance(i, int) for i in n.idx) for n in walk(p.expr))


def check_formula(answer: str, key: str, q: Question, count: int = RANDOM_NETWORKS, seed: int = 0) -> Verdict:
    """Whether ``answer`` equals ``key`` as formulas; the key must parse and evaluate (a lesson
    whose key doesn't raises :class:`FormulaError` or :class:`EvalError`)."""
    key_p = parse(key, q.scope)
    try:
        ans_p = parse(answer, q.scope)
    except FormulaError as e:
        return Verdict(False, str(e), span=e.span, readable=False)
    letters = bind_letters(key_p.expr, q.node, q.source)  # the key's names for the node and source
    cs = [replace(c, binding=replace(c.binding, letters=letters))
          for c in cases(q, count, seed, pinned=_pinned(key_p, ans_p))]
    want = values(key_p, cs)
    try:
        got = [evaluate(ans_p, cs[0].trace, cs[0].binding)]
    except EvalError as e:
        return _unevaluable(q, e, ans_p, key_p, cs, want)
    if got[0].shape != want[0].shape:
        return Verdict(False, f"Your formula gives {_shape(got[0])}; the answer is {_shape(want[0])}.")
    try:
        got += values(ans_p, cs[1:])
    except EvalError:
        return Verdict(False, "Your formula only works on this lesson's network: on others it "
                              "can't even be evaluated.")
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
    if close(got[0], want[0]):
        return Verdict(False, "Your formula gives the right value on this lesson's network, but "
                              "only by a coincidence of its numbers: on other networks it differs.")
    return Verdict(False, "Not the same as the answer.")


def key_disagreement(key: str, q: Question, expected: float | Array) -> str | None:
    """Why a lesson's formula key is wrong (does not parse, can't be evaluated, or differs from
    the core's value ``expected``), or None when it is right."""
    try:
        p = parse(key, q.scope)
        got = evaluate(p, cases(q, 0)[0].trace, Binding(q.layer, q.node, q.source, q.eta))
    except FormulaError as e:
        return f"the formula {key!r} does not parse: {e}"
    except EvalError as e:
        return f"the formula {key!r} can't be evaluated: {e.message}"
    want = np.asarray(expected, dtype=float)
    if want.ndim == 1:
        want = want.reshape(-1, 1)
    if not close(got, want):
        return f"the formula {key!r} does not equal the {q.quantity} it names"
    return None

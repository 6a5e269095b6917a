"""Builds the expression of each trace step, with every symbol carrying its number.

These are the seeds' equations, one function each; ``backprop_tui.core.formulas.notation`` decides how they look.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from backprop_tui.core.formulas.expr import (
    SAMPLE,
    Add,
    Call,
    Div,
    Eq,
    Expr,
    Func,
    Hadamard,
    Mul,
    Neg,
    Num,
    Partial,
    Pow,
    Sum,
    Sym,
    Transpose,
)
from backprop_tui.core.formulas.symbols import NEXT

if TYPE_CHECKING:
    from backprop_tui.core.math.trace import Step, Trace

C = Sym("C")


# ------------------------------------------------------------------ symbols with their values
def w(t: Trace, l: int, j: int, k: int) -> Sym:
    return Sym("w", l, (j, k), float(t.network.weights[l - 1][j, k]))


def b(t: Trace, l: int, j: int) -> Sym:
    return Sym("b", l, (j,), float(t.network.biases[l - 1][j]))


def z(t: Trace, l: int, j: int) -> Sym:
    return Sym("z", l, (j,), float(t.z(l)[j]))


def a(t: Trace, l: int, j: int) -> Sym:
    """a^(l)_j; for l = 0 the input x_j (conventions decide whether to call it x or a)."""
    return Sym("a", l, (j,), float(t.a(l)[j]))


def y(t: Trace, j: int) -> Sym:
    return Sym("y", None, (j,), float(t.y[j]))


def delta(t: Trace, l: int, j: int) -> Sym:
    return Sym("delta", l, (j,), float(t.delta(l)[j]))


def cost(t: Trace) -> Sym:
    return Sym("C", None, (), t.loss)


def g(t: Trace, l: int, j: int) -> Func:
    """g^(l)(z^(l)_j) = a^(l)_j."""
    return Func(t.network.activations[l - 1], l, z(t, l, j), False, float(t.a(l)[j]))


def g_prime(t: Trace, l: int, j: int) -> Func:
    """g'^(l)(z^(l)_j), for element-wise activations."""
    from backprop_tui.core.math.activations import get_activation

    value = get_activation(t.network.activations[l - 1]).prime(t.z(l)[j : j + 1])[0]
    return Func(t.network.activations[l - 1], l, z(t, l, j), True, float(value))


def stable_output(t: Trace) -> bool:
    """Cross-entropy on a sigmoid or softmax output: BP1 is written in its simplified, stable
    form (−y(1 − a), a − y), never as ∂C/∂a (−y/a, huge where a underflows) times ∂a/∂z."""
    return t.network.loss == "cross-entropy" and t.network.activations[-1] in ("sigmoid", "softmax")


def dC_da(t: Trace, j: int) -> Partial:
    L = t.depth
    return Partial(C, Sym("a", L, (j,)), float(t.dC_da[j]))


# ------------------------------------------------------------------ loss-specific pieces
def dC_da_formula(t: Trace, j: int) -> Expr:
    """∂C/∂a^(L)_j written out for the network's loss: 2(a − y), (a − y), (2/n)(a − y), −y/a."""
    L, n = t.depth, t.network.sizes[-1]
    aj, yj, v = a(t, L, j), y(t, j), float(t.dC_da[j])
    diff = Add((aj, Neg(yj)), value=aj.value - yj.value)
    two_over_n = Num(2) if n == 1 else Div(Num(2), Num(n))  # (2/1) is just 2
    return {
        "sse": Mul((Num(2), diff), value=v),
        "half-sse": diff,
        "mse": Mul((two_over_n, diff), value=v),
        "cross-entropy": Neg(Div(yj, aj), value=v),
    }[t.network.loss]


def dC_da_vector(t: Trace) -> Expr:
    """∂C/∂a⁽ᴸ⁾ for the whole output layer, written out: 2(a − y), a − y, (2/n)(a − y), −y/a."""
    L, n = t.depth, t.network.sizes[-1]
    diff = Add((Sym("a", L), Neg(Sym("y"))))
    return {
        "sse": Mul((Num(2), diff)),
        "half-sse": diff,
        "mse": Mul((Num(2) if n == 1 else Div(Num(2), Num(n)), diff)),
        "cross-entropy": Neg(Div(Sym("y"), Sym("a", L))),
    }[t.network.loss]


def _ln(t: Trace, j: int) -> Call:
    """ln a⁽ᴸ⁾ⱼ; where aⱼ underflowed to 0 the call carries the finite value the cost used (from
    z), so a worked line never reads ln(0) beside a finite cost."""
    L = t.depth
    aj = a(t, L, j)
    if aj.value != 0.0:
        return Call("ln", aj)
    from backprop_tui.core.math.losses import log_output

    log_a = log_output(t.z(L)[None], t.a(L)[None], t.network.activations[-1])[0][j]
    return Call("ln", aj, value=float(log_a))


def cost_formula(t: Trace) -> Expr:
    """C for one sample, as a sum over the output nodes j (and term by term for numbers)."""
    L, n, loss = t.depth, t.network.sizes[-1], t.network.loss
    if loss == "cross-entropy":
        body = Mul((Sym("y", None, ("j",)), Call("ln", Sym("a", L, ("j",)))))
        terms = tuple(Mul((y(t, j), _ln(t, j))) for j in range(n))
        return Neg(Sum("j", L, body, terms, value=-t.loss), value=t.loss)
    body = Pow(Add((Sym("a", L, ("j",)), Neg(Sym("y", None, ("j",))))), 2)
    terms = tuple(Pow(Add((a(t, L, j), Neg(y(t, j)))), 2) for j in range(n))
    scale = {"sse": 1.0, "half-sse": 0.5, "mse": 1.0 / n}[loss]
    total = Sum("j", L, body, terms, value=t.loss / scale)
    if loss == "sse" or (loss == "mse" and n == 1):  # (1/1) Σ is just Σ
        return total
    factor = Num(0.5) if loss == "half-sse" else Div(Num(1), Num(n))
    return Mul((factor, total), value=t.loss)


# ------------------------------------------------------------------ one expression per equation
def z_expression(t: Trace, l: int, j: int) -> Eq:
    """z^(l)_j = Σ_k w^(l)_jk a^(l-1)_k + b^(l)_j."""
    n_prev = t.network.sizes[l - 1]
    body = Mul((Sym("w", l, (j, "k")), Sym("a", l - 1, ("k",))))
    terms = tuple(Mul((w(t, l, j, k), a(t, l - 1, k))) for k in range(n_prev))
    dot = float(t.z(l)[j] - t.network.biases[l - 1][j])
    total = Sum("k", l - 1, body, terms, value=dot)
    if not t.network.has_bias[l - 1]:  # no bias: no "+ 0"
        return Eq(z(t, l, j), (total,))
    rhs = Add((total, b(t, l, j)), value=float(t.z(l)[j]))
    return Eq(z(t, l, j), (rhs,))


def a_expression(t: Trace, l: int, j: int) -> Eq:
    """a^(l)_j = g^(l)(z^(l)_j); softmax: e^(z_j) / Σ_i e^(z_i); a plain output (linear, no
    bias) is the weighted sum itself, a⁽ᴸ⁾ⱼ = Σₖ w⁽ᴸ⁾ⱼₖ a⁽ᴸ⁻¹⁾ₖ (Kostadinov's s = W⁽³⁾a⁽³⁾)."""
    if l == t.depth and t.network.plain_output:
        return Eq(a(t, l, j), z_expression(t, l, j).rhs)
    if t.network.activations[l - 1] == "softmax":
        n = t.network.sizes[l]
        terms = tuple(Call("exp", z(t, l, i)) for i in range(n))
        ratio = Div(Call("exp", z(t, l, j)), Sum("i", l, Call("exp", Sym("z", l, ("i",))), terms))
        return Eq(a(t, l, j), (Div(ratio.num, ratio.den, value=float(t.a(l)[j])),))
    return Eq(a(t, l, j), (g(t, l, j),))


def bp1_expression(t: Trace, j: int) -> Eq:
    """BP1: δ^(L)_j = ∂C/∂a^(L)_j g'(z^(L)_j); with softmax the sum over the Jacobian's column."""
    L = t.depth
    if t.network.plain_output:  # a linear output without a bias: δ is ∂C/∂a itself (∂C/∂s)
        return Eq(delta(t, L, j), (dC_da_formula(t, j),))
    if t.network.loss == "cross-entropy" and t.network.activations[-1] == "sigmoid":
        # (−y/a) a(1 − a) simplified: −y(1 − a), true even where a underflows to 0
        aj, yj = a(t, L, j), y(t, j)
        rest = Add((Num(1), Neg(aj)), value=1.0 - float(aj.value))
        return Eq(delta(t, L, j), (Neg(Mul((yj, rest)), value=float(t.delta(L)[j])),))
    if t.network.activations[-1] == "softmax":
        if t.network.loss == "cross-entropy" and abs(float(t.y.sum()) - 1.0) < 1e-9:
            diff = Add((a(t, L, j), Neg(y(t, j))), value=float(t.delta(L)[j]))
            return Eq(delta(t, L, j), (diff,))
        n = t.network.sizes[-1]
        body = Mul((Partial(C, Sym("a", L, ("i",))), Partial(Sym("a", L, ("i",)), Sym("z", L, (j,)))))
        terms = tuple(
            Mul((dC_da(t, i), Partial(Sym("a", L, (i,)), Sym("z", L, (j,)), _softmax_d(t, i, j))))
            for i in range(n)
        )
        return Eq(delta(t, L, j), (Sum("i", L, body, terms, value=float(t.delta(L)[j])),))
    product = Mul((dC_da(t, j), g_prime(t, L, j)), value=float(t.delta(L)[j]))
    return Eq(delta(t, L, j), (product,))


def _softmax_d(t: Trace, i: int, j: int) -> float:
    """∂a_i/∂z_j = a_i (δ_ij − a_j) for a softmax output layer."""
    a_out = t.a(t.depth)
    return float(a_out[i] * ((1.0 if i == j else 0.0) - a_out[j]))


def bp2_expression(t: Trace, l: int, j: int) -> Eq:
    """BP2: δ^(l)_j = (Σ_i w^(l+1)_ij δ^(l+1)_i) g'(z^(l)_j), i over the next layer
    (:data:`NEXT`: deeplizard writes it j)."""
    n_next = t.network.sizes[l + 1]
    body = Mul((Sym("w", l + 1, (NEXT, j)), Sym("delta", l + 1, (NEXT,))))
    terms = tuple(Mul((w(t, l + 1, i, j), delta(t, l + 1, i))) for i in range(n_next))
    back = float(t.network.weights[l][:, j] @ t.delta(l + 1))
    product = Mul((Sum(NEXT, l + 1, body, terms, value=back), g_prime(t, l, j)))
    return Eq(delta(t, l, j), (Mul(product.factors, value=float(t.delta(l)[j])),))


def bp3_expression(t: Trace, l: int, j: int) -> Eq:
    """BP3: ∂C/∂b^(l)_j = δ^(l)_j."""
    return Eq(Partial(C, Sym("b", l, (j,)), float(t.grad_b(l)[j])), (delta(t, l, j),))


def bp4_expression(t: Trace, l: int, j: int, k: int) -> Eq:
    """BP4: ∂C/∂w^(l)_jk = a^(l-1)_k δ^(l)_j."""
    lhs = Partial(C, Sym("w", l, (j, k)), float(t.grad_w(l)[j, k]))
    return Eq(lhs, (Mul((a(t, l - 1, k), delta(t, l, j)), value=lhs.value),))


def step_expression(step: Step, j: int = 0, k: int = 0) -> Eq:
    t, l = step.trace, step.layer
    match step.equation:
        case "z":
            return z_expression(t, l, j)
        case "a":
            return a_expression(t, l, j)
        case "cost":
            return Eq(cost(t), (cost_formula(t),))
        case "BP1":
            return bp1_expression(t, j)
        case "BP2":
            return bp2_expression(t, l, j)
        case "BP3":
            return bp3_expression(t, l, j)
        case _:
            return bp4_expression(t, l, j, k)


def step_vector_expression(step: Step) -> Eq:
    """The layer-wide form of a step's equation (no numbers: they are whole vectors)."""
    l, L = step.layer, step.trace.depth
    name = step.trace.network.activations[l - 1]
    net = step.trace.network
    vec = {s: Sym(s, l) for s in ("w", "b", "z", "a", "delta")}  # type: ignore[misc]
    weighted = Mul((vec["w"], Sym("a", l - 1)))
    plain = l == L and net.plain_output
    match step.equation:
        case "z":
            return Eq(vec["z"], (Add((weighted, vec["b"])) if net.has_bias[l - 1] else weighted,))
        case "a":
            return Eq(vec["a"], (weighted if plain else Func(name, l, vec["z"]),))
        case "cost":
            return Eq(C, (cost_formula(step.trace),))
        case "BP1":
            if plain:
                return Eq(vec["delta"], (dC_da_vector(step.trace),))
            if name == "sigmoid" and net.loss == "cross-entropy":
                return Eq(vec["delta"], (Neg(Hadamard(Sym("y"), Add((Num(1), Neg(vec["a"]))))),))
            if name == "softmax" and net.loss == "cross-entropy":
                return Eq(vec["delta"], (Add((vec["a"], Neg(Sym("y")))),))
            if name == "softmax":
                return Eq(vec["delta"], (Mul((Transpose(Partial(Sym("a", L), Sym("z", L))), Partial(C, Sym("a", L)))),))
            return Eq(vec["delta"], (Hadamard(Partial(C, Sym("a", L)), Func(name, l, vec["z"], True)),))
        case "BP2":
            back = Mul((Transpose(Sym("w", l + 1)), Sym("delta", l + 1)))
            return Eq(vec["delta"], (Hadamard(back, Func(name, l, vec["z"], True)),))
        case "BP3":
            return Eq(Partial(C, vec["b"]), (vec["delta"],))
        case _:
            return Eq(Partial(C, vec["w"]), (Mul((vec["delta"], Transpose(Sym("a", l - 1)))),))


# ------------------------------------------------------------------ the mean over the samples
def mean_cost(n: int, value: float | None = None) -> Eq:
    """C = (1/n) Σₓ Cₓ: the mean cost over ``n`` samples (seed 004's average; deeplizard sums
    over i). The sample index is the convention's."""
    per_sample = Sym("C", None, (SAMPLE,))
    mean = Mul((Div(Num(1.0), Num(float(n))), Sum(SAMPLE, 0, per_sample)))
    return Eq(Sym("C_mean", value=value), (mean,))


def mean_gradient(kind: str, layer: int, row: int | None = None) -> Partial:
    """∂C/∂W⁽ˡ⁾ of the mean cost C for ``kind`` "w" (with ``row`` j, the row ∂C/∂w⁽ˡ⁾ⱼₖ),
    or ∂C/∂b⁽ˡ⁾ for "b"."""
    idx = () if row is None else (row, "k")
    return Partial(Sym("C_mean"), Sym("w" if kind == "w" else "b", layer, idx))

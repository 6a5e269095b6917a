"""The chain rule for one weight or bias, written out factor by factor.

For an output-layer weight (seed 001/002) the gradient is three factors:

    ∂C/∂w^(L)_jk = ∂C/∂a^(L)_j · ∂a^(L)_j/∂z^(L)_j · ∂z^(L)_j/∂w^(L)_jk

One layer deeper, a^(l)_j reaches the cost through every node of layer l+1, so its first
factor is a sum over that layer (seed 002 writes it over j; the index is
:data:`backprop_tui.core.formulas.symbols.NEXT`). At any depth the same number is
δ^(l)_j a^(l-1)_k (BP4), and, for small networks, the sum over every path from the parameter
to the cost of the product of the local derivatives along it.

Where ∂C/∂a · ∂a/∂z would be wrong or untrue in floating point the output is reached through
∂C/∂z⁽ᴸ⁾, BP1's own formula: softmax (not element-wise: its Jacobian), and cross-entropy on a
sigmoid or softmax (−y(1 − a), a − y: a product −y/a · a(1 − a) is ∞ · 0 once a underflows).
A linear output without a bias has no z of its own: a⁽ᴸ⁾ = W⁽ᴸ⁾a⁽ᴸ⁻¹⁾ (Kostadinov's s).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from math import prod
from typing import TYPE_CHECKING, Literal

import numpy as np

from backprop_tui.core.formulas import equations as f
from backprop_tui.core.formulas.expr import Eq, Expr, Mul, Num, Partial, Sum, Sym
from backprop_tui.core.formulas.symbols import NEXT
from backprop_tui.core.math.activations import get_activation, softmax_jacobian

if TYPE_CHECKING:
    from backprop_tui.core.math.trace import Trace

Kind = Literal["w", "b"]


@dataclass(frozen=True)
class Factor:
    """One factor of a chain-rule product: the derivative it is, written out, and its value."""

    symbol: Expr  # e.g. ∂a_j/∂z_j
    formula: Expr  # e.g. g'(z_j), carrying its value
    value: float


@dataclass(frozen=True)
class Term:
    """One term of the sum over the next layer's node ``node``."""

    node: int
    factors: tuple[Factor, ...]
    value: float


@dataclass(frozen=True)
class Path:
    """One path from the parameter to the cost: the node it passes in each layer l..L (and, with a
    softmax output, the output node ``output`` whose activation it reaches last)."""

    nodes: tuple[tuple[int, int], ...]
    output: int
    factors: tuple[Factor, ...]
    value: float


@dataclass(frozen=True, eq=False)
class ChainExpansion:
    """∂C/∂(parameter) as a product of factors, a sum over the next layer, δ form, and paths.

    Compared and hashed by identity, as a Trace is: it is a result, and the panels key caches
    on it every step (hashing its whole tree each time cost ~0.5 ms a step on 784-30-10)."""

    kind: Kind
    layer: int
    j: int
    k: int
    lhs: Partial
    factors: tuple[Factor, ...]
    terms: tuple[Term, ...]
    paths: tuple[Path, ...] | None
    path_count: int
    trace: Trace

    @property
    def gradient(self) -> float:
        return float(self.lhs.value)

    @property
    def paths_total(self) -> float | None:
        """The sum of the listed paths' products (``None`` when they are not listed)."""
        return None if self.paths is None else float(sum(p.value for p in self.paths))

    def paths_agree(self) -> bool:
        """Whether the paths sum to the gradient (to rounding): with huge and tiny factors
        (saturation) float64 products can come out 0, ∞ or NaN where the gradient is finite."""
        total = self.paths_total
        if total is None:
            return True
        return bool(np.isfinite(total)) and abs(total - self.gradient) <= 1e-9 * max(
            1.0, abs(self.gradient))

    def equation(self) -> Eq:
        """∂C/∂w = ∂C/∂a · ∂a/∂z · ∂z/∂w = (written-out factors), each carrying its value."""
        symbols = Mul(tuple(fc.symbol for fc in self.factors))
        formulas = Mul(tuple(fc.formula for fc in self.factors), value=self.gradient)
        return Eq(self.lhs, (symbols, formulas))

    def sum_equation(self) -> Eq | None:
        """For a hidden layer, ∂C/∂a^(l)_j as the sum over the next layer's nodes, term by term."""
        if not self.terms:
            return None
        return Eq(self.factors[0].symbol, (self.factors[0].formula,))

    def delta_equation(self) -> Eq:
        """The same gradient through the δ recursion: δ^(l)_j a^(l-1)_k (BP4), or δ^(l)_j (BP3)."""
        t, l, j = self.trace, self.layer, self.j
        rhs: Expr = f.delta(t, l, j)
        if self.kind == "w":
            rhs = Mul((f.delta(t, l, j), f.a(t, l - 1, self.k)), value=self.gradient)
        return Eq(self.lhs, (rhs,))


# ------------------------------------------------------------------ local derivatives
def dC_da_layer(t: Trace, l: int) -> np.ndarray:
    """∂C/∂a^(l): from the loss at the output, (W^(l+1))ᵀ δ^(l+1) below it."""
    if l == t.depth:
        return t.dC_da
    return t.network.weights[l].T @ t.delta(l + 1)


def _elementwise(t: Trace, l: int) -> bool:
    return get_activation(t.network.activations[l - 1]).elementwise


def _via_dz(t: Trace, l: int) -> bool:
    """Whether layer ``l`` is an output reached through ∂C/∂z (BP1's formula): softmax, or
    cross-entropy on a sigmoid or softmax output."""
    return l == t.depth and (not _elementwise(t, l) or f.stable_output(t))


def _plain(t: Trace, l: int) -> bool:
    """Whether layer ``l`` is a linear output without a bias: no z of its own, a = W a."""
    return l == t.depth and t.network.plain_output


def _out(t: Trace, l: int) -> str:
    """The quantity a weight of layer ``l`` feeds: z, or a for a plain output."""
    return "a" if _plain(t, l) else "z"


def _da_dz(t: Trace, l: int, j: int) -> Factor:
    """∂a^(l)_j/∂z^(l)_j = g'(z^(l)_j)."""
    gp = f.g_prime(t, l, j)
    return Factor(Partial(Sym("a", l, (j,)), Sym("z", l, (j,))), gp, float(gp.value))


def _dz_dparam(t: Trace, kind: Kind, l: int, j: int, k: int) -> Factor:
    """∂z^(l)_j/∂w^(l)_jk = a^(l-1)_k, or ∂z^(l)_j/∂b^(l)_j = 1."""
    if kind == "w":
        ak = f.a(t, l - 1, k)
        return Factor(Partial(Sym(_out(t, l), l, (j,)), Sym("w", l, (j, k))), ak, float(ak.value))
    return Factor(Partial(Sym("z", l, (j,)), Sym("b", l, (j,))), Num(1.0), 1.0)


def _dz_da(t: Trace, l: int, i: int, j: int) -> Factor:
    """∂z^(l)_i/∂a^(l-1)_j = w^(l)_ij."""
    wij = f.w(t, l, i, j)
    return Factor(Partial(Sym(_out(t, l), l, (i,)), Sym("a", l - 1, (j,))), wij, float(wij.value))


def _dC_dz_output(t: Trace, j: int) -> Factor:
    """∂C/∂z^(L)_j = δ^(L)_j, as BP1 writes it (used for a softmax output)."""
    L = t.depth
    eq = f.bp1_expression(t, j)
    return Factor(Partial(Sym("C"), Sym("z", L, (j,))), eq.rhs[0], float(t.delta(L)[j]))


def _dC_da(t: Trace, l: int, j: int) -> Factor:
    """∂C/∂a^(l)_j: the loss's derivative at the output, the sum over layer l+1 below it."""
    symbol = Partial(Sym("C"), Sym("a", l, (j,)))
    value = float(dC_da_layer(t, l)[j])
    if l == t.depth:
        return Factor(symbol, f.dC_da_formula(t, j), value)
    terms = _terms(t, l, j)
    nxt, m = (NEXT,), l + 1
    if _via_dz(t, m):  # ∂C/∂z of the next layer, never ∂a/∂z alone
        body = Mul((Partial(Sym("C"), Sym("z", m, nxt)), Partial(Sym("z", m, nxt), Sym("a", l, (j,)))))
    elif _plain(t, m):
        body = Mul((Partial(Sym("C"), Sym("a", m, nxt)), Partial(Sym("a", m, nxt), Sym("a", l, (j,)))))
    else:
        body = Mul((Partial(Sym("C"), Sym("a", m, nxt)), Partial(Sym("a", m, nxt), Sym("z", m, nxt)),
                    Partial(Sym("z", m, nxt), Sym("a", l, (j,)))))
    expanded = tuple(Mul(tuple(fc.formula for fc in term.factors)) for term in terms)
    return Factor(symbol, Sum(NEXT, l + 1, body, expanded, value=value), value)


def _terms(t: Trace, l: int, j: int) -> tuple[Term, ...]:
    """The sum over the nodes of layer l+1 that carries a^(l)_j to the cost (seed 002)."""
    terms = []
    for i in range(t.network.sizes[l + 1]):
        if _via_dz(t, l + 1):
            factors = (_dC_dz_output(t, i), _dz_da(t, l + 1, i, j))
        elif _plain(t, l + 1):
            factors = (_dC_da_value(t, l + 1, i), _dz_da(t, l + 1, i, j))
        else:
            factors = (_dC_da_value(t, l + 1, i), _da_dz(t, l + 1, i), _dz_da(t, l + 1, i, j))
        terms.append(Term(i, factors, prod(fc.value for fc in factors)))
    return tuple(terms)


def _dC_da_value(t: Trace, l: int, i: int) -> Factor:
    """∂C/∂a^(l)_i shown by name and value only (its own expansion is one layer further on)."""
    value = float(dC_da_layer(t, l)[i])
    symbol = Partial(Sym("C"), Sym("a", l, (i,)))
    formula = f.dC_da_formula(t, i) if l == t.depth else Partial(Sym("C"), Sym("a", l, (i,)), value)
    return Factor(symbol, formula, value)


# ------------------------------------------------------------------ paths
def _path_count(t: Trace, l: int) -> int:
    count = prod(t.network.sizes[l + 1 :])
    return count * (t.network.sizes[-1] if _jacobian_paths(t) else 1)


def _jacobian_paths(t: Trace) -> bool:
    """Paths branch through the softmax Jacobian to every output (not with cross-entropy,
    whose ∂C/∂z = a − y is taken whole)."""
    return not _elementwise(t, t.depth) and not f.stable_output(t)


def _paths(t: Trace, kind: Kind, l: int, j: int, k: int) -> tuple[Path, ...]:
    L, sizes = t.depth, t.network.sizes
    softmax_out = _jacobian_paths(t)
    jac = softmax_jacobian(t.a(L)[None])[0] if softmax_out else None
    outputs = range(sizes[-1]) if softmax_out else [None]
    paths = []
    for rest in product(*(range(n) for n in sizes[l + 1 :])):
        nodes = (j, *rest)
        for out in outputs:
            factors = [_dz_dparam(t, kind, l, j, k)]
            for m, node in enumerate(nodes[:-1], start=l):
                factors += [_da_dz(t, m, node), _dz_da(t, m + 1, nodes[m - l + 1], node)]
            last = nodes[-1]
            if softmax_out:
                d = float(jac[out, last])
                sym = Partial(Sym("a", L, (out,)), Sym("z", L, (last,)))
                factors.append(Factor(sym, Partial(sym.num, sym.den, d), d))
            else:
                out = last
            if _via_dz(t, L) and not softmax_out:
                factors.append(_dC_dz_output(t, last))  # the stable ∂C/∂z, whole
            else:
                if not softmax_out and not _plain(t, L):
                    factors.append(_da_dz(t, L, last))
                factors.append(
                    Factor(Partial(Sym("C"), Sym("a", L, (out,))), f.dC_da_formula(t, out),
                           float(t.dC_da[out]))
                )
            layered = tuple(zip(range(l, L + 1), nodes, strict=True))
            paths.append(Path(layered, out, tuple(factors), prod(fc.value for fc in factors)))
    return tuple(paths)


# ------------------------------------------------------------------ entry point
def expand(
    trace: Trace, kind: Kind, layer: int, j: int, k: int = 0, max_paths: int = 64
) -> ChainExpansion:
    """The chain-rule expansion of ∂C/∂w^(layer)_jk (``kind="w"``) or ∂C/∂b^(layer)_j."""
    t, l, L = trace, layer, trace.depth
    if not 1 <= l <= L:
        raise ValueError(f"layer {l} is not between 1 and {L}")
    if not 0 <= j < t.network.sizes[l] or (kind == "w" and not 0 <= k < t.network.sizes[l - 1]):
        raise ValueError(f"no {kind} at node ({j}, {k}) of layer {l}")
    if kind == "w":
        grad = float(t.grad_w(l)[j, k])
        lhs = Partial(Sym("C"), Sym("w", l, (j, k)), grad)
    else:
        grad = float(t.grad_b(l)[j])
        lhs = Partial(Sym("C"), Sym("b", l, (j,)), grad)
    if kind == "b" and not t.network.has_bias[l - 1]:
        # no bias in this layer (bias = false): nothing to differentiate, no path, gradient 0
        return ChainExpansion(kind, l, j, k, lhs, (), (), (), 0, t)
    last = _dz_dparam(t, kind, l, j, k)
    if _via_dz(t, l):
        factors: tuple[Factor, ...] = (_dC_dz_output(t, j), last)
    elif _plain(t, l):
        factors = (_dC_da(t, l, j), last)
    else:
        factors = (_dC_da(t, l, j), _da_dz(t, l, j), last)
    terms = _terms(t, l, j) if l < L else ()
    count = _path_count(t, l)
    paths = _paths(t, kind, l, j, k) if count <= max_paths else None
    return ChainExpansion(kind, l, j, k, lhs, factors, terms, paths, count, t)

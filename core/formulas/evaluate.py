"""Evaluating a parsed formula (:mod:`.parse`) on a trace, symbol by symbol.

An indexed symbol (``w_12^(L)``) is a number, an index-free one a vector (``z^(l)``, a column)
or a matrix (``W^(l)``). Products of vectors and matrices are matrix products (``(W)ᵀ δ``,
``δ aᵀ``); ⊙ is element-wise; a number times anything scales it; a number plus a vector adds
to each entry (``1 − σ(z)``). Letters as indices are bound by a sum over them, or else by the
quantity asked for (:class:`Binding`). A symbol without scripts (``σ(z)``) is the quantity's own
node and layer. What can't be evaluated raises :class:`EvalError` with the span to underline
and a reason: ``w_32^(L) does not exist in this network``, ``z_j has no layer``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from backprop_tui.core.formulas.chain import dC_da_layer
from backprop_tui.core.formulas.expr import (
    Add,
    Call,
    Div,
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
from backprop_tui.core.formulas.scope import Parsed
from backprop_tui.core.formulas.walk import bind_letters, walk
from backprop_tui.core.math.activations import get_activation
from backprop_tui.core.math.trace import Trace

Array = np.ndarray
MAX_STEPS = 10_000  # nodes visited in one evaluation: z as a sum over 784 inputs is ~3,200


class EvalError(ValueError):
    """A formula that can't be evaluated on this network: the reason and the span to underline.
    ``code`` names the kind of problem: "value" when it depends on the network's numbers (a
    division by zero, ln of a negative number: a message that would hint at an unsolved value),
    "softmax-elementwise" for g′ of a softmax layer, "unbound:j" for a letter nothing binds."""

    def __init__(self, message: str, span: tuple[int, int], code: str = "") -> None:
        super().__init__(message)
        self.message, self.span, self.code = message, span, code


@dataclass(frozen=True)
class Binding:
    """The quantity asked for: its absolute layer, node j and source k (0-based), and η."""

    layer: int | None = None
    node: int | None = None
    source: int | None = None
    eta: float = 0.5
    letters: dict[str, int] = field(default_factory=dict)  # sum indices in scope
    #: For diagnosis: a sum over a letter named here keeps only that one term.
    single: dict[str, int] = field(default_factory=dict)


class _Evaluator:
    def __init__(self, parsed: Parsed, trace: Trace, binding: Binding) -> None:
        self.p, self.t, self.bind = parsed, trace, binding
        self.net = trace.network
        self.letters = {**bind_letters(parsed.expr, binding.node, binding.source), **binding.letters}
        self.budget = MAX_STEPS

    def err(self, node: Expr, message: str, code: str = "") -> EvalError:
        return EvalError(message, self.p.span(node), code)

    def label(self, node: Expr) -> str:
        return self.p.source(node) or type(node).__name__

    # ------------------------------------------------------------ dispatch
    def ev(self, n: Expr) -> Array:
        self.budget -= 1
        if self.budget < 0:  # nested sums over wide layers: width ** nesting terms
            raise EvalError(f"the formula needs more than {MAX_STEPS:,} steps to evaluate on this "
                            "network; sums nested that deep are not part of backprop", (0, len(self.p.text)))
        if isinstance(n, Num):
            return np.array(float(n.value))
        if isinstance(n, Sym):
            return self.sym(n)
        if isinstance(n, Add):
            out = self.ev(n.terms[0])
            for term in n.terms[1:]:
                out = self.combine(out, self.ev(term), term, np.add, "add")
            return out
        if isinstance(n, Neg):
            return -self.ev(n.arg)
        if isinstance(n, Mul):
            out = self.ev(n.factors[0])
            for f in n.factors[1:]:
                out = self.multiply(out, self.ev(f), f)
            return out
        if isinstance(n, Hadamard):
            return self.combine(self.ev(n.left), self.ev(n.right), n, np.multiply, "⊙")
        if isinstance(n, Div):
            num, den = self.ev(n.num), self.ev(n.den)
            if np.any(den == 0):
                raise self.err(n.den, f"{self.label(n.den)} is 0: division by zero", "value")
            return self.combine(num, den, n, np.divide, "divide")
        if isinstance(n, Pow):
            base = self.ev(n.base)
            if n.exponent < 0 and np.any(base == 0):
                raise self.err(n, "a negative power of 0", "value")
            with np.errstate(all="ignore"):
                return self.finite(n, np.power(base, float(n.exponent)))
        if isinstance(n, Transpose):
            v = self.ev(n.arg)
            return v.T if v.ndim == 2 else v
        if isinstance(n, Sum):
            return self.summation(n)
        if isinstance(n, Func):
            return self.func(n)
        if isinstance(n, Call):
            return self.call(n)
        if isinstance(n, Partial):
            return self.partial(n)
        raise self.err(n, f"{type(n).__name__} can't be evaluated")

    @staticmethod
    def shape(v: Array) -> str:
        if v.ndim == 0:
            return "a number"
        return f"a {v.shape[0]}×{v.shape[1]} {'vector' if v.shape[1] == 1 else 'matrix'}"

    def combine(self, u: Array, v: Array, node: Expr, op, what: str) -> Array:  # noqa: ANN001
        if u.ndim and v.ndim and u.shape != v.shape:
            raise self.err(node, f"can't {what} {self.shape(u)} and {self.shape(v)}")
        with np.errstate(all="ignore"):
            return self.finite(node, op(u, v))

    def multiply(self, u: Array, v: Array, node: Expr) -> Array:
        if u.ndim == 0 or v.ndim == 0:
            with np.errstate(all="ignore"):
                return self.finite(node, u * v)
        if u.shape[1] != v.shape[0]:
            hint = "; for an entry-by-entry product write ⊙ or (.)" if u.shape == v.shape else ""
            raise self.err(node, f"can't multiply {self.shape(u)} by {self.shape(v)}{hint}")
        out = u @ v
        return np.array(out[0, 0]) if out.shape == (1, 1) else out

    def finite(self, node: Expr, v: Array) -> Array:
        if not np.all(np.isfinite(v)):
            raise self.err(node, f"{self.label(node)} gives no finite number", "value")
        return np.asarray(v, dtype=float)

    # ------------------------------------------------------------ symbols
    def where(self, n: Sym) -> tuple[int, tuple[int, ...]]:
        """The symbol's absolute layer and integer indices, checked against the network."""
        label, L = self.label(n), self.net.depth
        layer, idx = n.layer, n.idx
        if n.name == "x":
            layer = 0
        elif n.name == "y":
            layer = L
        elif layer is None:
            if idx or self.bind.layer is None:
                raise self.err(n, f"{label} has no layer: add one, as in {label}{self.layer_example()}")
            layer = self.bind.layer
            if self.bind.node is not None:
                idx = (self.bind.node,) if n.name != "w" else (self.bind.node, self.bind.source or 0)
        low = 0 if n.name in ("a", "x") else 1
        if not low <= layer <= L:
            raise self.err(n, f"{label} does not exist in this network: {self.layers(n.name, low)}")
        want = 2 if n.name == "w" else 1
        if idx and len(idx) != want:
            raise self.err(n, f"{label} needs {'two indices, as in w_jk' if want == 2 else 'one index, as in a_j'}")
        values: list[int] = []
        for pos, i in enumerate(idx):
            if isinstance(i, str):
                if i not in self.letters:
                    raise self.err(n, f"{label}: the index {i} is not bound (no sum runs over it, "
                                      "and the quantity asked for does not fix it)", f"unbound:{i}")
                i = self.letters[i]
            in_layer = layer - 1 if (n.name == "w" and pos == 1) else layer
            size = self.net.sizes[in_layer]
            if not 0 <= i < size:
                base = self.p.scope.base
                raise self.err(n, f"{label} does not exist in this network: its layer has {size} "
                                  f"nodes, numbered {base} to {size - 1 + base}")
            values.append(i)
        return layer, tuple(values)

    def layer_example(self) -> str:
        """A layer superscript as the formula's convention writes one."""
        return "^L" if self.p.scope.notation == "nielsen" else "^(L)"

    def layers(self, name: str, low: int) -> str:
        """The layers a symbol ``name`` may take, as the formula's convention numbers them."""
        scope, L = self.p.scope, self.net.depth
        if scope.notation == "deeplizard":
            return f"it has layers {'0 (the input)' if low == 0 else '1'} to {L} after the input"
        first, last = low + scope.shift(name), L + scope.shift(name)
        if scope.shift(name) == 0:  # Kostadinov's W and b, named by the layer they leave
            return f"weights and biases are named by their source layer, {first} to {last}"
        return f"its layers are numbered {first}{' (the input)' if low == 0 else ''} to {last}"

    def sym(self, n: Sym) -> Array:
        t = self.t
        if n.name == "C":
            return np.array(t.loss)
        if n.name == "eta":
            return np.array(float(self.bind.eta))
        layer, idx = self.where(n)
        if n.name == "w":
            return self.pick(self.net.weights[layer - 1], idx)
        source = {"b": lambda: self.net.biases[layer - 1], "z": lambda: t.z(layer),
                  "a": lambda: t.a(layer), "x": lambda: t.x, "y": lambda: t.y,
                  "delta": lambda: t.delta(layer)}[n.name]()
        return self.pick(np.asarray(source), idx)

    @staticmethod
    def pick(values: Array, idx: tuple[int, ...]) -> Array:
        """One entry (indexed), else the column vector or the matrix."""
        if idx:
            return np.array(float(values[idx]))
        return np.array(values, dtype=float).reshape(-1, 1) if values.ndim == 1 else np.array(values, dtype=float)

    def summation(self, n: Sum) -> Array:
        layer = n.layer
        if layer is None:
            for s in walk(n.body):  # the symbol that names j but no layer explains it best
                if isinstance(s, Sym) and n.index in s.idx and s.layer is None:
                    raise self.err(s, f"{self.label(s)} has no layer: add one, as in "
                                      f"{self.label(s)}{self.layer_example()}")
            raise self.err(n, f"sum_{n.index}: over the nodes of which layer?")
        if not 0 <= layer <= self.net.depth:
            raise self.err(n, f"sum_{n.index} runs over a layer this network does not have")
        saved = self.letters.get(n.index)
        total: Array | None = None
        try:
            only = self.bind.single.get(n.index)
            for i in range(self.net.sizes[layer]) if only is None else (only,):
                self.letters[n.index] = i
                term = self.ev(n.body)
                total = term if total is None else self.combine(total, term, n, np.add, "add")
        finally:
            if saved is None:
                self.letters.pop(n.index, None)
            else:
                self.letters[n.index] = saved
        return total  # type: ignore[return-value]

    # ------------------------------------------------------------ functions and derivatives
    def activation_name(self, n: Func) -> str:
        if n.name != "g":
            return n.name
        layer = n.layer if n.layer is not None else self.bind.layer
        if layer is None:
            raise self.err(n, f"{self.label(n)}: which layer's activation? Write its argument as z^(l)")
        if not 1 <= layer <= self.net.depth:
            raise self.err(n, f"{self.label(n)}: this network has no layer there")
        return self.net.activations[layer - 1]

    def func(self, n: Func) -> Array:
        name = self.activation_name(n)
        act = get_activation(name)
        z = self.ev(n.arg)
        if name == "softmax":
            if n.derivative:
                raise self.err(n, "softmax is not element-wise: its slope is a Jacobian, "
                                  "∂a_i/∂z_j = a_i(δ_ij − a_j), not one g′(z_j) per node",
                               "softmax-elementwise")
            if z.ndim == 0 or z.shape[1] != 1:
                raise self.err(n, "softmax needs the whole vector z of its layer")
            return act.fn(z.reshape(1, -1)).reshape(-1, 1)
        fn = act.prime if n.derivative else act.fn
        with np.errstate(all="ignore"):
            return self.finite(n, np.asarray(fn(np.asarray(z, dtype=float)), dtype=float))

    def call(self, n: Call) -> Array:
        v = self.ev(n.arg)
        if n.fn == "ln":
            if np.any(v <= 0):
                raise self.err(n, f"{self.label(n)}: ln of a number that is not positive", "value")
            return np.log(v)
        with np.errstate(all="ignore"):
            return self.finite(n, np.exp(v))

    def partial(self, n: Partial) -> Array:
        num, den = n.num, n.den
        if not (isinstance(num, Sym) and isinstance(den, Sym)):
            raise self.err(n, "a derivative of a symbol by a symbol, as in dC/dz")
        pair = (num.name, den.name)
        if num.layer is None and not num.idx and num.name in ("a", "z"):  # da/dz_j^(l): a_j^(l)
            num = Sym(num.name, den.layer, den.idx[:1])  # type: ignore[arg-type]
        t = self.t
        if pair == ("C", "z"):
            return self.at(den, lambda l: t.delta(l))
        if pair == ("C", "a"):
            return self.at(den, lambda l: dC_da_layer(t, l))
        if pair == ("C", "w"):
            return self.at(den, lambda l: t.grad_w(l))
        if pair == ("C", "b"):
            return self.at(den, lambda l: t.grad_b(l))
        if pair == ("a", "z") and (num.layer, num.idx) == (den.layer, den.idx):
            z = Sym("z", den.layer, den.idx)
            self.p.spans[id(z)] = self.p.span(den)
            return self.func(_derivative_of(z, den.layer))
        if pair == ("z", "b") and num.layer == den.layer and num.idx == den.idx:
            self.where(den)
            return np.array(1.0)
        one_weight = len(num.idx) == 1 and len(den.idx) == 2 and num.idx[0] == den.idx[0]
        if pair == ("z", "w") and num.layer == den.layer and one_weight:
            self.where(den)
            a_prev = Sym("a", (den.layer or 1) - 1, (den.idx[1],))
            self.p.spans[id(a_prev)] = self.p.span(den)
            return self.sym(a_prev)
        raise self.err(n, f"{self.label(n)} is not a derivative this tutor evaluates: "
                          "write it as a product of known symbols")

    def at(self, s: Sym, values) -> Array:  # noqa: ANN001
        layer, idx = self.where(s)
        return self.pick(np.asarray(values(layer)), idx)


def _derivative_of(z: Sym, layer: int | None) -> Func:
    return Func("g", layer, z, derivative=True)  # type: ignore[arg-type]


def evaluate(parsed: Parsed, trace: Trace, binding: Binding | None = None) -> Array:
    """The value of ``parsed`` on ``trace``: a 0-d array (one number), a column vector or a matrix."""
    return _Evaluator(parsed, trace, binding or Binding()).ev(parsed.expr)

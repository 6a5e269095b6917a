"""The derivatives a learner's formula may use: those of the key, and what they are made of.

A formula exercise asks the learner to work a derivative out (σ′ from σ, ∂C/∂a from the cost,
∂z/∂w from z = Σ w a + b). A formula that names that derivative instead (``g'(z)`` for σ′,
``dC_0/da_1^(L) * g'(z_1^(L))`` for δ) evaluates to the right number without any working, so
it must be refused. The rule: every derivative symbol of the answer (∂X/∂Y, ∇ₐC, δ, g′, σ′,
f′, sigmoid′, ... in any notation, one kind per quantity whatever the alias) must be one the key
uses, or one that a derivative of the key is made of by the backprop equations:

- ∂C/∂w⁽ˡ⁾ and ∂C/∂b⁽ˡ⁾ are made of δ⁽ˡ⁾ (and ∂z/∂w, ∂z/∂b: BP3, BP4);
- δ⁽ˡ⁾ = ∂C/∂z⁽ˡ⁾ is made of ∂C/∂a⁽ˡ⁾ and g′ of layer l (BP1);
- ∂C/∂a⁽ˡ⁾ of a hidden layer is made of δ⁽ˡ⁺¹⁾ (and ∂z/∂a: BP2).

So a key that is given δ⁽ˡ⁺¹⁾ (BP2) lets the learner write it as ∂C/∂z⁽ˡ⁺¹⁾ or as
∂C/∂a⁽ˡ⁺¹⁾ g′(z⁽ˡ⁺¹⁾), but never ∂C/∂a⁽ˡ⁾, which is what BP2 works out. Layers are compared as
absolute layers, so ``delta^(l+1)`` and ``delta^(L)`` are one symbol when l + 1 is L.
"""

from __future__ import annotations

from backprop_tui.core.formulas.expr import Expr, Func, Partial, Sym
from backprop_tui.core.formulas.formula_cases import Question, Verdict
from backprop_tui.core.formulas.notation import render
from backprop_tui.core.formulas.scope import Parsed
from backprop_tui.core.formulas.walk import walk

#: A derivative: (what is differentiated, by what, at which absolute layer). δ is ("C", "z", l),
#: g′ and every named slope ("a", "z", l).
Kind = tuple[str, str, int | None]


def derivative_kind(n: Expr, layer: int | None) -> Kind | None:
    """The derivative ``n`` stands for, whatever its alias, or None when it is no derivative;
    a symbol without a layer is at ``layer`` (the asked quantity's, as the evaluator reads it)."""
    if isinstance(n, Sym) and n.name == "delta":
        return ("C", "z", layer if n.layer is None else n.layer)
    if isinstance(n, Func) and n.derivative:
        return ("a", "z", layer if n.layer is None else n.layer)
    if isinstance(n, Partial) and isinstance(n.num, Sym) and isinstance(n.den, Sym):
        num = "C" if n.num.name.startswith("C") else n.num.name
        at = n.den.layer if n.den.layer is not None else n.num.layer
        return (num, n.den.name, layer if at is None else at)
    return None


def _made_of(k: Kind, depth: int) -> list[Kind]:
    """The derivatives that ``k`` is a product of by the backprop equations."""
    num, den, layer = k
    if num == "C" and den in ("w", "b"):
        return [("C", "z", layer), ("z", den, layer)]
    if (num, den) == ("C", "z"):
        return [("C", "a", layer), ("a", "z", layer)]
    if (num, den) == ("C", "a") and layer is not None and layer < depth:
        return [("C", "z", layer + 1), ("z", "a", layer + 1)]
    return []


def allowed(key: Parsed, q: Question) -> set[Kind]:
    """Every derivative an answer to ``key`` may use: the key's own, and what they are made of."""
    todo = [k for n in walk(key.expr) if (k := derivative_kind(n, q.layer)) is not None]
    seen: set[Kind] = set()
    while todo:
        k = todo.pop()
        if k not in seen:
            seen.add(k)
            todo += _made_of(k, q.network.depth)
    return seen


def _letter(q: Question, expr: Expr) -> str:
    """A symbol's name as the lesson's notation writes it, without indices or layer."""
    shown = render(expr, q.notation, "unicode", depth=q.network.depth)
    return shown.split("(")[0].split("⁽")[0]


def ingredients(key: Parsed, q: Question) -> list[str]:
    """What the key is written in, by name only (a, y, g′, δ, sigmoid, ...): what a derivative
    the learner must work out is to be written in terms of. No index, layer or structure."""
    out: list[str] = []
    for n in walk(key.expr):
        name: str | None = None
        if isinstance(n, Sym) and n.name not in ("C", "C_mean"):
            name = _letter(q, Sym(n.name)) if n.name in ("delta", "eta") else n.name
        elif isinstance(n, Func):
            if n.named and not n.derivative:
                name = n.name
            else:
                name = _letter(q, Func("g", n.layer or 1, Sym("z"), derivative=n.derivative))
        elif isinstance(n, Partial) and isinstance(n.num, Sym) and isinstance(n.den, Sym):
            name = render(Partial(Sym(n.num.name), Sym(n.den.name)), q.notation, "unicode",
                          depth=q.network.depth)
        if name is not None and name not in out:
            out.append(name)
    return out


def _listed(names: list[str]) -> str:
    if not names:
        return "the symbols of the network (a, z, y, w, b)"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def unknown_derivative(answer: Parsed, key: Parsed, q: Question) -> Verdict | None:
    """The refusal of an answer that uses a derivative the key does not let it use (the one the
    exercise asks the learner to work out), naming it and what to write it in terms of; None
    when every derivative of the answer is allowed."""
    ok = allowed(key, q)
    own = {k for m in walk(key.expr) if (k := derivative_kind(m, q.layer)) is not None}
    for n in walk(answer.expr):
        k = derivative_kind(n, q.layer)
        if k is None or k in ok:
            continue
        shown = render(n, q.notation, "unicode", depth=q.network.depth)
        terms = _listed(ingredients(key, q))
        if any(k[:2] == o[:2] and k[2] != o[2] for o in own):  # the key's kind, another layer
            why = (f"Your formula uses {shown}, at a layer where the answer has no such "
                   f"derivative: check its layer, or write it out in terms of {terms}.")
        else:
            why = (f"Your formula uses {shown}, which is what this exercise asks you to work "
                   f"out: write it out in terms of {terms}.")
        return Verdict(False, why, "uses-unknown", span=answer.span(n), readable=False)
    return None

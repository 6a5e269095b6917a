"""Walking the expression tree: every node, a node's children, the layers a parsed formula
implies (a function's from its argument, a sum's from the symbols its index runs over), and the
index letters no sum binds (which the quantity asked for binds)."""

from __future__ import annotations

from collections.abc import Iterator

from backprop_tui.core.formulas.expr import (
    Add,
    Call,
    Div,
    Expr,
    Func,
    Hadamard,
    Mul,
    Neg,
    Partial,
    Pow,
    Sum,
    Sym,
    Transpose,
)


def walk(node: Expr) -> Iterator[Expr]:
    """Every node of a tree, parents before children."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        for child in children(n):
            stack.append(child)


def children(n: Expr) -> tuple[Expr, ...]:
    if isinstance(n, Add):
        return tuple(reversed(n.terms))
    if isinstance(n, Mul):
        return tuple(reversed(n.factors))
    if isinstance(n, Hadamard | Div | Partial):
        a, b = (n.left, n.right) if isinstance(n, Hadamard) else (n.num, n.den)
        return (b, a)
    if isinstance(n, Neg | Transpose | Func | Call):
        return (n.arg,)
    if isinstance(n, Pow):
        return (n.base,)
    if isinstance(n, Sum):
        return (n.body,)
    return ()


def layer_of(arg: Expr) -> int | None:
    """The layer of the first z (else any layered symbol) in a function's argument."""
    syms = [n for n in walk(arg) if isinstance(n, Sym) and n.layer is not None]
    for s in syms:
        if s.name == "z":
            return s.layer
    return syms[0].layer if syms else None


def summed_layer(body: Expr, letter: str, depth: int) -> int | None | bool:
    """The layer whose nodes ``letter`` runs over: the layer of the first symbol it indexes
    (w_jk: j in layer l, k in l − 1); None if that symbol has no layer; False if none uses it."""
    for n in walk(body):
        if isinstance(n, Sym) and letter in n.idx:
            pos = n.idx.index(letter)
            if n.name == "y":
                return depth
            if n.name == "x":
                return 0
            if n.layer is None:
                return None
            return n.layer - 1 if (n.name == "w" and pos == 1) else n.layer
    return False


def free_letters(expr: Expr) -> list[str]:
    """The index letters not bound by a sum, in order of first appearance (w's j before its k)."""
    seen: list[str] = []

    def visit(n: Expr, bound: frozenset[str]) -> None:
        if isinstance(n, Sym):
            for i in n.idx:
                if isinstance(i, str) and i not in bound and i not in seen:
                    seen.append(i)
            return
        if isinstance(n, Sum):
            visit(n.body, bound | {n.index})
            return
        for c in reversed(children(n)):
            visit(c, bound)

    visit(expr, frozenset())
    return seen


def bind_letters(expr: Expr, node: int | None, source: int | None) -> dict[str, int]:
    """Free letters get the quantity's node and source: j and k by name, else in order."""
    free = free_letters(expr)
    out: dict[str, int] = {}
    if "j" in free and node is not None:
        out["j"] = node
    if "k" in free and source is not None:
        out["k"] = source
    rest = [c for c in free if c not in out]
    for letter, value in zip(rest, [v for v in (node, source) if v is not None][len(out):], strict=False):
        out[letter] = value
    return out

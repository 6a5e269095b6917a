"""Quantities of a practice problem written in the learner's notation (``core.formulas.notation``).

:class:`Symbols` renders each quantity a problem or a diagnosis names: ``w(l, j, k)`` is w₁₂⁽ᴸ⁾
in deeplizard's convention and w³₂₃ in Nielsen's; ``label(key)`` names a whole key.
"""

from __future__ import annotations

from dataclasses import dataclass

from backprop_tui.core.formulas.expr import Expr, Func, Partial, Sym
from backprop_tui.core.formulas.notation import layer_label, node_number, render, symbol

C = Sym("C")


@dataclass(frozen=True)
class Symbols:
    """The symbols of one network (its depth and activations) in one convention."""

    notation: str
    depth: int
    activations: tuple[str, ...]

    def _r(self, expr: Expr) -> str:
        return render(expr, self.notation, depth=self.depth)

    def w(self, l: int, j: int | str, k: int | str) -> str:
        return self._r(Sym("w", l, (j, k)))

    def b(self, l: int, j: int | str) -> str:
        return self._r(Sym("b", l, (j,)))

    def z(self, l: int, j: int | str) -> str:
        return self._r(Sym("z", l, (j,)))

    def a(self, l: int, j: int | str) -> str:
        return self._r(Sym("a", l, (j,)))

    def y(self, j: int | str) -> str:
        return self._r(Sym("y", None, (j,)))

    def delta(self, l: int, j: int | str) -> str:
        return self._r(Sym("delta", l, (j,)))

    def cost(self) -> str:
        return self._r(C)

    def eta(self) -> str:
        return self._r(Sym("eta"))

    def g(self, l: int) -> str:
        return symbol("g", self.notation, depth=self.depth, layer=l)

    def g_prime(self, l: int, j: int | str, at: str = "z") -> str:
        arg = Sym(at, l, (j,))
        return self._r(Func(self.activations[l - 1], l, arg, derivative=True))

    def dC_da(self, l: int, j: int | str) -> str:
        return self._r(Partial(C, Sym("a", l, (j,))))

    def da_dz(self, l: int, j: int | str) -> str:
        return self._r(Partial(Sym("a", l, (j,)), Sym("z", l, (j,))))

    def dC_dw(self, l: int, j: int | str, k: int | str) -> str:
        return self._r(Partial(C, Sym("w", l, (j, k))))

    def dC_db(self, l: int, j: int | str) -> str:
        return self._r(Partial(C, Sym("b", l, (j,))))

    def layer(self, l: int) -> str:
        """The layer as the convention names it: "L−1", "3"."""
        return layer_label(l, self.notation, self.depth)

    def node(self, j: int) -> str:
        return node_number(self.notation, j)

    def label(self, key: tuple) -> str:
        """The symbol of a key ``(quantity, layer, node, source)``."""
        quantity, l, j, k = key
        match quantity:
            case "z":
                return self.z(l, j)
            case "a":
                return self.a(l, j)
            case "cost":
                return self.cost()
            case "dC/da":
                return self.dC_da(l, j)
            case "da/dz":
                return self.da_dz(l, j)
            case "delta":
                return self.delta(l, j)
            case "dC/db":
                return self.dC_db(l, j)
            case "dC/dw":
                return self.dC_dw(l, j, k)
            case "w" | "w-updated":
                return ("new " if quantity == "w-updated" else "") + self.w(l, j, k)
            case "b" | "b-updated":
                return ("new " if quantity == "b-updated" else "") + self.b(l, j)
            case "y":
                return self.y(j)
        return quantity

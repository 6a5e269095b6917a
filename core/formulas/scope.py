"""How a typed formula's layers and nodes become the tree's absolute numbers, and a parsed formula.

A convention numbers layers its own way (deeplizard from the output back, L, L−1, …; Nielsen
and Kostadinov from the input as layer 1, Kostadinov naming weights by their source layer) and
nodes from 0 or 1. A :class:`Scope` holds what turns a written layer (``L-1``, ``l+1``, ``2``)
into an absolute one (0 = input): the convention, the network's depth and the quantity asked
for, whose layer is ``l``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from backprop_tui.core.formulas.expr import Expr


@dataclass(frozen=True)
class Scope:
    """What the parser needs to give layers and nodes their absolute numbers: the convention, the
    network's depth, and the quantity asked for (its kind and absolute layer bind ``l``)."""

    notation: str = "deeplizard"
    depth: int = 2
    layer: int | None = None
    quantity: str = "delta"
    swap_weights: bool = False  # read w_jk as w_kj and W as Wᵀ (to diagnose a transposed weight)

    @property
    def base(self) -> int:
        return 0 if self.notation == "deeplizard" else 1

    def shift(self, name: str) -> int:
        """Shown layer number minus absolute layer for a quantity ``name``: Nielsen and Kostadinov
        count the input as layer 1; Kostadinov names weights and biases by their source layer."""
        if self.notation == "deeplizard":
            return 0
        if self.notation == "kostadinov" and name in ("w", "b"):
            return 0
        return 1

    @property
    def output_shown(self) -> int:
        """The number L stands for (the output layer as the convention counts)."""
        return self.depth + (0 if self.notation == "deeplizard" else 1)

    def absolute(self, text: str, name: str) -> int:
        """The absolute layer of quantity ``name`` written with the layer ``text`` (``L``,
        ``L-1``, ``l+1``, ``2``); ValueError(problem, expected) if it is no layer."""
        text = text.replace(" ", "").replace("−", "-")
        expected = "a layer such as L, L-1, l, l+1 or 2"
        head, rest = (text[0], text[1:]) if text[:1] in ("L", "l") else ("", text)
        offset = 0
        if rest:
            sign, digits = (rest[0], rest[1:]) if rest[0] in "+-" else ("", rest)
            numeric = digits.isascii() and digits.isdigit() and len(digits) <= 3
            if not numeric or bool(head) != bool(sign):
                raise ValueError(f"^{text} is not a layer", expected)
            offset = int(digits) * (-1 if sign == "-" else 1)
        elif not head:
            raise ValueError(f"^{text} is not a layer", expected)
        if head == "L":
            shown = self.output_shown + offset
        elif head == "l":
            if self.layer is None:
                raise ValueError("this exercise does not say which layer l is", "a layer such as L or L-1")
            shown = self.layer + self.shift(self.quantity_name()) + offset
        else:
            shown = offset
        return shown - self.shift(name)

    def quantity_name(self) -> str:
        return "w" if self.quantity.startswith(("w", "b", "dC/dw", "dC/db", "dz/d")) else "a"


@dataclass(frozen=True)
class Parsed:
    """A parsed formula: its tree and, for each node, the span of the text it came from."""

    text: str
    expr: Expr
    spans: dict[int, tuple[int, int]] = field(repr=False, compare=False)
    scope: Scope = field(default_factory=Scope, repr=False, compare=False)

    def span(self, node: Expr) -> tuple[int, int]:
        return self.spans.get(id(node), (0, len(self.text)))

    def source(self, node: Expr) -> str:
        start, end = self.span(node)
        return self.text[start:end].strip()

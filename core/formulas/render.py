"""The renderer behind :mod:`backprop_tui.core.formulas.notation`: each node of an expression
tree (:mod:`backprop_tui.core.formulas.expr`) becomes a :class:`Piece`, a box of text that knows
what kind of thing it is, so its parent can decide on parentheses and separators. Conventions
pick the symbols (:mod:`backprop_tui.core.formulas.symbols`), styles the typesetting
(:mod:`backprop_tui.core.formulas.style`), :mod:`backprop_tui.core.formulas.box` the 2-D layout.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import pairwise

from backprop_tui.core.formulas.box import Box, frac, hcat, paren, superscript
from backprop_tui.core.formulas.expr import (
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
from backprop_tui.core.formulas.shown import RELATIONS, printed, relation, shown_value
from backprop_tui.core.formulas.style import Style, function_name, number_text
from backprop_tui.core.formulas.symbols import (
    Convention,
    activation_text,
    sample_text,
    symbol_text,
)

HEAD, TAIL = 6, 2  # an expanded sum longer than HEAD + TAIL terms shows only these

# Piece kinds whose rendering needs parentheses as an operand of ...
MUL_PARENS = {"add", "neg", "had", "slash", "sci", "eq"}
HAD_PARENS = {"add", "neg", "mul", "had", "sum", "slash", "eq"}
NEG_PARENS = {"add", "neg", "had", "sci", "eq"}
SLASH_PARENS = {"add", "neg", "mul", "had", "slash", "sum", "sci", "partial", "eq"}
SUM_BODY_PARENS = {"add", "had", "eq"}
POW_BASES = {"atom", "num", "lit", "call"}  # ... and the kinds that never need them as a base
NUMERIC = {"num", "lit", "sci"}


@dataclass(frozen=True)
class Piece:
    """A rendered node: its box, what kind of thing it is (for parenthesising), its sign.

    kind: atom (a bare or bracketed symbol), script (a symbol with a superscript), num (a value),
    lit (a literal number of the formula), sci (a number in scientific form), call (g(z), ln(a)),
    frac (a stacked or LaTeX fraction), partial (inline ∂a/∂b), slash (inline a/b), pow, mul,
    had (⊙), neg, add, sum (Σ), eq."""

    box: Box
    kind: str
    negative: bool = False


@dataclass(frozen=True)
class Renderer:
    conv: Convention
    style: Style
    depth: int
    numbers: bool
    digits: int
    stacked: bool  # stack fractions over a rule (Unicode with enough width)
    plain_output: bool = False  # the output is linear without a bias (Kostadinov's s)

    # -------------------------------------------------------------- entry points and helpers
    def top(self, expr: Expr) -> Box:
        if isinstance(expr, Eq):
            return self.equation(expr)
        return self.piece(expr, outermost=True).box

    def equation(self, eq: Eq) -> Box:
        boxes, signs = self.worked(eq)
        return self.join(boxes, signs)

    def sides(self, eq: Eq) -> list[Box]:
        """The left side (symbolic), each right side, and with numbers the result unless it
        would repeat the last side: the pieces :meth:`equation` joins."""
        return self.worked(eq)[0]

    def worked(self, eq: Eq) -> tuple[list[Box], list[str]]:
        """:meth:`sides`, and the sign written before each side after the first: " = ", or
        with numbers " ≈ " where a side redone from its printed operands does not give the next
        side as printed (:mod:`backprop_tui.core.formulas.shown`)."""
        sides = [self.symbolic().piece(eq.lhs)]
        sides += [self.piece(side, outermost=True) for side in eq.rhs]
        shown: list[float | None] = [None, *(self.shown(side) for side in eq.rhs)]
        value = eq.lhs.value if eq.lhs.value is not None else eq.rhs[-1].value
        if self.numbers and value is not None:
            result = self.number(value)
            if result.box != sides[-1].box:
                sides.append(result)
                shown.append(printed(value, self.digits))
        equal = RELATIONS[self.style.name][0]
        signs = [equal] + [relation(left, right, self.style.name, self.digits)
                           for left, right in pairwise(shown[1:])]
        return [s.box for s in sides], signs[: len(sides) - 1]

    def shown(self, side: Expr) -> float | None:
        """The value of a right side as printed (None without numbers, or where it is symbolic)."""
        if not self.numbers:
            return None

        def leaf(node: Expr, outermost: bool) -> float | None:
            if self.collapses(node, outermost):
                return printed(node.value, self.digits)  # type: ignore[arg-type]
            if isinstance(node, Num):
                v = float(node.value)
                return v if v in self.style.halves else printed(v, self.digits)
            return None

        def elided(terms: tuple[Expr, ...]) -> tuple[tuple[Expr, ...], tuple[Expr, ...]]:
            if len(terms) <= HEAD + TAIL:
                return terms, ()
            return (*terms[:HEAD], *terms[-TAIL:]), terms[HEAD:-TAIL]

        return shown_value(side, leaf, elided)

    def symbolic(self) -> Renderer:
        return replace(self, numbers=False) if self.numbers else self

    def piece(self, node: Expr, outermost: bool = False) -> Piece:
        if self.numbers and self.collapses(node, outermost):
            return self.number(node.value)  # type: ignore[arg-type]
        try:
            handler = _HANDLERS[type(node)]
        except KeyError:
            raise TypeError(f"cannot render {type(node).__name__}") from None
        return handler(self, node)

    @staticmethod
    def collapses(node: Expr, outermost: bool) -> bool:
        """Whether, with numbers, ``node`` is shown as its value alone: yes if it carries one,
        unless it is an expanded sum, or the outermost operation of what is being rendered."""
        if node.value is None or isinstance(node, Num | Eq):
            return False
        if isinstance(node, Sum) and node.expanded:
            return False
        return not outermost or isinstance(node, Sym | Partial)

    def number(self, value: float) -> Piece:
        text, sci = number_text(value, self.style, self.digits)
        return Piece(Box.text(text), "sci" if sci else "num", text.startswith(self.style.minus))

    def wrap(self, p: Piece) -> Piece:
        return Piece(paren(p.box, *self.style.parens), "atom")

    def operand(self, node: Expr, needs_parens: set[str]) -> Piece:
        p = self.piece(node)
        return self.wrap(p) if p.kind in needs_parens or p.negative else p

    @staticmethod
    def join(boxes: list[Box], sep: str | list[str]) -> Box:
        """``boxes`` side by side, ``sep`` between each two (one string, or one per gap)."""
        seps = [sep] * len(boxes) if isinstance(sep, str) else sep
        parts: list[Box | str] = []
        for i, b in enumerate(boxes):
            parts += [seps[i - 1], b] if i else [b]
        return hcat(*parts)

    # -------------------------------------------------------------- leaves
    def sym(self, node: Sym) -> Piece:
        if node.name == "delta" and not self.conv.delta_named:  # deeplizard: δ is ∂C₀/∂z
            return self.partial(Partial(Sym("C"), Sym("z", node.layer, node.idx)))
        if node.name == "delta" and self.names_s(node.layer):  # Kostadinov's ∂C/∂s
            return self.partial(Partial(Sym("C"), Sym("a", node.layer, node.idx)))
        text, has_sup = symbol_text(self.conv, self.style, node.name, node.layer, node.idx,
                                    self.depth, self.plain_output)
        return Piece(Box.text(text), "script" if has_sup else "atom")

    def names_s(self, layer: int | None) -> bool:
        """Whether ``layer`` is an output the convention calls s (linear, without a bias)."""
        return self.conv.output_s and self.plain_output and layer == self.depth

    def num(self, node: Num) -> Piece:
        v = float(node.value)
        if v in self.style.halves:
            text = self.style.halves[v]
            return Piece(Box.text(text), "slash" if "/" in text else "lit")
        p = self.number(v)
        return p if p.kind == "sci" else replace(p, kind="lit")

    # -------------------------------------------------------------- functions and derivatives
    def func(self, node: Func) -> Piece:
        if node.named:  # tanh(z) as typed, not the layer's own g/σ/f
            head = function_name(node.name, self.style) + (self.style.prime if node.derivative else "")
        else:
            head = activation_text(self.conv, self.style, node.layer, self.depth, node.derivative,
                                   node.name)
        return Piece(hcat(head, self.wrap(self.piece(node.arg)).box), "call")

    def call(self, node: Call) -> Piece:
        return Piece(hcat(self.style.calls[node.fn], self.wrap(self.piece(node.arg)).box), "call")

    def partial(self, node: Partial) -> Piece:
        sym = self.symbolic()
        if self.conv.nabla and self.is_output_gradient(node):
            return Piece(hcat(self.style.nabla_a, sym.piece(node.num).box), "script")  # ∇ₐC
        return self.fraction(sym.piece(node.num), sym.piece(node.den), self.style.partial)

    def is_output_gradient(self, node: Partial) -> bool:
        """∂C/∂a⁽ᴸ⁾ for the whole output vector, which Nielsen writes ∇ₐC."""
        num, den = node.num, node.den
        is_cost = isinstance(num, Sym) and num.name == "C"
        is_output = isinstance(den, Sym) and den.name == "a" and not den.idx
        return is_cost and is_output and den.layer in (None, self.depth)  # type: ignore[union-attr]

    def div(self, node: Div) -> Piece:
        return self.fraction(self.piece(node.num), self.piece(node.den), "")

    def fraction(self, num: Piece, den: Piece, d: str) -> Piece:
        """num/den, or ∂num/∂den with ``d`` the style's ∂."""
        if self.style.name == "latex":
            return Piece(Box.text(f"\\frac{{{d}{num.box}}}{{{d}{den.box}}}"), "frac")
        if self.stacked:
            return Piece(frac(hcat(d, num.box), hcat(d, den.box)), "frac")
        if d:
            simple = {"atom", "script", "call"}
            num = num if num.kind in simple else self.wrap(num)
            den = den if den.kind in simple else self.wrap(den)
            return Piece(hcat(d, num.box, "/", d, den.box), "partial")
        num = self.wrap(num) if num.kind in SLASH_PARENS else num
        den = self.wrap(den) if den.kind in SLASH_PARENS or den.negative else den
        return Piece(hcat(num.box, "/", den.box), "slash", num.negative)

    # -------------------------------------------------------------- operators
    def add(self, node: Add) -> Piece:
        return self.terms(node.terms)

    def terms(self, terms: tuple[Expr, ...], elide: bool = False) -> Piece:
        if len(terms) == 1:
            return self.piece(terms[0])
        shown, hidden = list(terms), 0
        if elide and len(terms) > HEAD + TAIL:
            shown, hidden = [*terms[:HEAD], *terms[-TAIL:]], len(terms) - HEAD - TAIL
        minus = self.style.minus
        parts: list[Box | str] = []
        starts_negative = False
        for i, term in enumerate(shown):
            if i == HEAD and hidden:
                parts += [" + ", self.style.more(hidden)]
            if isinstance(term, Neg):  # shown subtracted: a − b
                parts += [f" {minus} " if i else minus, self.operand(term.arg, NEG_PARENS).box]
                starts_negative = starts_negative or i == 0
                continue
            p = self.piece(term)
            if i and (p.negative or p.kind == "eq"):  # a + (−0.2)
                p = self.wrap(p)
            parts += [" + ", p.box] if i else [p.box]
            starts_negative = starts_negative or (i == 0 and p.negative)
        return Piece(hcat(*parts), "add", starts_negative)

    def neg(self, node: Neg) -> Piece:
        arg = self.operand(node.arg, NEG_PARENS)
        return Piece(hcat(self.style.minus, arg.box), "neg", True)

    def mul(self, node: Mul) -> Piece:
        if len(node.factors) == 1:
            return self.piece(node.factors[0])
        pieces = []
        for i, factor in enumerate(node.factors):
            p = self.piece(factor)
            inner_sum = p.kind == "sum" and i < len(node.factors) - 1
            pieces.append(self.wrap(p) if p.kind in MUL_PARENS or p.negative or inner_sum else p)
        parts: list[Box | str] = [pieces[0].box]
        for (left, right), before in zip(pairwise(pieces), node.factors, strict=False):
            sep = "" if self.tight(before) else self.product_sep(left, right)
            parts += [sep, right.box]
        return Piece(hcat(*parts), "mul")

    def tight(self, left: Expr) -> bool:
        """Kostadinov writes a weight matrix against its vector: W⁽¹⁾x, W⁽³⁾a⁽³⁾."""
        return (self.conv.output_s and not self.numbers and isinstance(left, Sym)
                and left.name == "w" and not left.idx)

    def product_sep(self, left: Piece, right: Piece) -> str:
        """"2(a − y)", "0.5·(−0.2)", "w a": juxtaposition unless two numbers would touch."""
        if left.kind == "lit" and right.box.opens():
            return ""
        if self.numbers or (left.kind in NUMERIC and right.kind in NUMERIC):
            stacked = not (left.box.flat and right.box.flat)
            return f" {self.style.times.strip()} " if stacked else self.style.times
        return " "

    def hadamard(self, node: Hadamard) -> Piece:
        left = self.operand(node.left, HAD_PARENS)
        right = self.operand(node.right, HAD_PARENS)
        return Piece(hcat(left.box, self.style.hadamard, right.box), "had")

    def pow(self, node: Pow) -> Piece:
        base_node = node.base
        if self.conv.target_first and node.exponent % 2 == 0:
            base_node = _target_first(base_node)  # Nielsen's (y − a)²: the same square
        base = self.piece(base_node)
        if base.kind not in POW_BASES or base.negative:
            base = self.wrap(base)
        return Piece(superscript(base.box, self.style.sup(str(node.exponent))), "pow")

    def transpose(self, node: Transpose) -> Piece:
        arg = self.piece(node.arg)
        arg = arg if arg.kind == "atom" else self.wrap(arg)
        return Piece(superscript(arg.box, self.style.transpose), "script")

    def sum(self, node: Sum) -> Piece:
        if self.numbers and node.expanded:
            return self.terms(node.expanded, elide=True)
        index = sample_text(self.conv, node.index)
        head = self.style.sum + self.style.sub(index)
        if self.conv.sum_bounds:  # Jagtap's Σⱼ₌₀ⁿ⁻¹: nodes 0 … n−1
            head = self.style.sum + self.style.sub(f"{index}=0") + self.style.sup("n-1")
        return Piece(hcat(head, " ", self.operand(node.body, SUM_BODY_PARENS).box), "sum")

    def eq(self, node: Eq) -> Piece:
        return Piece(self.join([self.piece(s).box for s in (node.lhs, *node.rhs)], " = "), "eq")


def _target_first(base: Expr) -> Expr:
    """a − y written y − a (inside an even power only, where the sign does not matter)."""
    if isinstance(base, Add) and len(base.terms) == 2 and isinstance(base.terms[1], Neg):
        first, second = base.terms[0], base.terms[1].arg
        value = None if base.value is None else -base.value
        return Add((second, Neg(first)), value=value)
    return base


_HANDLERS = {
    Sym: Renderer.sym, Num: Renderer.num, Func: Renderer.func, Call: Renderer.call,
    Partial: Renderer.partial, Div: Renderer.div, Add: Renderer.add, Neg: Renderer.neg,
    Mul: Renderer.mul, Hadamard: Renderer.hadamard, Pow: Renderer.pow,
    Transpose: Renderer.transpose, Sum: Renderer.sum, Eq: Renderer.eq,
}

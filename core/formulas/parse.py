"""The parser of the formulas a learner types, into the tree of :mod:`.expr`. Nothing is evaluated.

    >>> parse("2*(a_1^(L) - y_1) * g'(z_1^(L))", Scope("deeplizard", depth=2)).expr
    Mul(factors=(Num(2.0), Add(...), Func('g', 2, Sym('z', 2, (1,)), derivative=True)))

Grammar (loosest first; juxtaposition is a product, as in ``w_jk a_k`` or ``2(a − y)``)::

    sum     := had (("+" | "-") had)*
    had     := product ("⊙" product)*
    product := unary (("*" | "/" | juxtaposition) unary)*
    unary   := "-" unary | "+" unary | postfix
    postfix := primary ("^T" | "^" integer)*
    primary := number | "(" sum ")" | "sum_j" product | function | derivative | symbol

A symbol is a letter or name with one subscript (its nodes: ``_12``, ``_jk``, ``_{10,2}``, ₁₂)
and one superscript (its layer: ``^(L-1)``, ``^l``, ``^2``, ⁽ᴸ⁾) in either order, so Nielsen's
``a^l_j`` and deeplizard's ``a_j^(L)`` both read. A superscript on anything that is not a layered
symbol is a power. Layers are turned into the tree's absolute layers (0 = input) by the
:class:`Scope`: the convention (how it numbers layers and nodes), the network's depth and the
layer ``l`` of the quantity asked for. Letters as indices (``j``, ``k``) stay symbolic; the
evaluator binds them. ``g``, ``σ``/``sigma`` and ``f`` are the layer's own activation (the tree's
``Func`` named "g"); ``sigmoid``, ``tanh``, ``relu``, ``linear``, ``softmax`` are those functions.
"""

from __future__ import annotations

from backprop_tui.core.formulas.expr import (
    Add,
    Call,
    Div,
    Expr,
    Func,
    Hadamard,
    Index,
    Mul,
    Neg,
    Num,
    Partial,
    Pow,
    Sum,
    Sym,
    Transpose,
)
from backprop_tui.core.formulas.scope import Parsed, Scope
from backprop_tui.core.formulas.tokens import FormulaError, Token, tokenize
from backprop_tui.core.formulas.walk import layer_of, summed_layer

__all__ = ["FormulaError", "Parsed", "Scope", "parse"]

SYMBOLS = {"a": "a", "z": "z", "w": "w", "W": "w", "b": "b", "y": "y", "x": "x", "C": "C",
           "delta": "delta", "eta": "eta", "epsilon": "eta", "s": "s"}
GENERIC = {"g", "sigma", "f"}  # the layer's own activation
ACTIVATION_NAMES = {"sigmoid", "tanh", "relu", "linear", "softmax"}
CALLS = {"ln": "ln", "log": "ln", "exp": "exp"}
LAYERED = {"a", "z", "w", "b", "delta"}
MAX_DEPTH = 60  # nested parentheses and operators: far beyond any formula of the course
EXPECTED_OPERAND = "a symbol (a, z, w, b, y, δ, C, η), a number, a function such as g'(z) or a '('"


class _Parser:
    def __init__(self, text: str, scope: Scope) -> None:
        self.text, self.scope = text, scope
        self.toks = tokenize(text)
        self.pos = 0
        self.spans: dict[int, tuple[int, int]] = {}
        self.keep: list[Expr] = []  # every node made, so that no id is reused while parsing
        self.depth = 0

    # ------------------------------------------------------------ helpers
    @property
    def tok(self) -> Token:
        return self.toks[self.pos]

    def next(self) -> Token:
        t = self.toks[self.pos]
        self.pos += 1
        return t

    def at(self, kind: str, text: str | None = None) -> bool:
        t = self.tok
        return t.kind == kind and (text is None or t.text == text)

    def expect(self, kind: str, text: str, expected: str) -> Token:
        if not self.at(kind, text):
            self.fail(self.tok, expected)
        return self.next()

    def fail(self, t: Token, expected: str) -> None:
        found = "the end of the formula" if t.kind == "end" else repr(self.text[t.start:t.end])
        raise FormulaError(t.start, t.end, f"found {found}", expected)

    def made(self, node: Expr, start: int, end: int | None = None) -> Expr:
        self.keep.append(node)
        self.spans[id(node)] = (start, self.toks[self.pos - 1].end if end is None else end)
        return node

    def nest(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise FormulaError(self.tok.start, self.tok.end, "the formula nests too deeply",
                               f"at most {MAX_DEPTH} levels of parentheses and operators")

    # ------------------------------------------------------------ grammar
    def formula(self) -> Expr:
        if self.at("end"):
            self.fail(self.tok, "a formula")
        node = self.sum()
        if not self.at("end"):
            self.fail(self.tok, "an operator (+ − * / ⊙) or the end of the formula")
        return node

    def sum(self) -> Expr:
        self.nest()
        start = self.tok.start
        terms = [self.had()]
        while self.at("op", "+") or self.at("op", "-"):
            op = self.next()
            term = self.had()
            terms.append(self.made(Neg(term), op.start) if op.text == "-" else term)
        self.depth -= 1
        return terms[0] if len(terms) == 1 else self.made(Add(tuple(terms)), start)

    def had(self) -> Expr:
        start = self.tok.start
        node = self.product()
        while self.at("had"):
            self.next()
            node = self.made(Hadamard(node, self.product()), start)
        return node

    def starts_operand(self) -> bool:
        t = self.tok
        return t.kind in ("num", "name", "d") or (t.kind == "op" and t.text == "(")

    def product(self) -> Expr:
        self.nest()
        start = self.tok.start
        factors = [self.unary()]
        while True:
            if self.at("op", "*"):
                self.next()
                factors.append(self.unary())
            elif self.at("op", "/"):
                self.next()
                num = factors[0] if len(factors) == 1 else self.made(Mul(tuple(factors)), start)
                factors = [self.made(Div(num, self.unary()), start)]
            elif self.starts_operand():
                factors.append(self.unary())
            else:
                break
        self.depth -= 1
        return factors[0] if len(factors) == 1 else self.made(Mul(tuple(factors)), start)

    def unary(self) -> Expr:
        if self.at("op", "-") or self.at("op", "+"):
            op = self.next()
            self.nest()
            arg = self.unary()
            self.depth -= 1
            return self.made(Neg(arg), op.start) if op.text == "-" else arg
        return self.postfix()

    def postfix(self) -> Expr:
        start = self.tok.start
        node = self.primary()
        while self.at("T") or self.at("sup"):
            t = self.next()
            if t.kind == "T":
                node = self.made(Transpose(node), start)
            else:
                node = self.made(Pow(node, self.exponent(t)), start)
        return node

    def exponent(self, t: Token) -> int:
        text = t.text.strip()
        digits = text[1:] if text[:1] == "-" else text
        if not (digits.isascii() and digits.isdigit()) or len(digits) > 3:
            raise FormulaError(t.start, t.end, f"^{t.text} is not a power",
                               "a whole-number power such as ^2, or ^T for a transpose")
        return int(text)

    def primary(self) -> Expr:
        t = self.tok
        if t.kind == "num":
            self.next()
            return self.made(Num(float(t.text)), t.start)
        if t.kind == "op" and t.text == "(":
            self.next()
            inner = self.sum()
            self.expect("op", ")", f"')' to close the '(' at position {t.start + 1}")
            self.spans.setdefault(id(inner), (t.start, self.toks[self.pos - 1].end))
            return inner
        if t.kind == "d":
            return self.derivative()
        if t.kind == "name":
            name = t.text
            if name == "sum":
                return self.summation()
            if name == "nabla":
                return self.nabla()
            if name.rstrip("'") in GENERIC | ACTIVATION_NAMES or name in CALLS:
                return self.function()
            if name in SYMBOLS:
                return self.symbol()
            hint = "exp(x) for e to the x" if name == "e" else EXPECTED_OPERAND
            raise FormulaError(t.start, t.end, f"unknown name {name!r}", hint)
        self.fail(t, EXPECTED_OPERAND)
        raise AssertionError  # unreachable: fail raises

    # ------------------------------------------------------------ symbols
    def scripts(self, allow_layer: bool) -> tuple[Token | None, Token | None]:
        """The subscript and (when ``allow_layer``) the layer superscript after a symbol."""
        sub = sup = None
        while True:
            if self.at("sub") and sub is None:
                sub = self.next()
            elif self.at("sup") and sup is None and allow_layer and not self.power_here():
                sup = self.next()
            else:
                return sub, sup

    def power_here(self) -> bool:
        """A bare number as superscript (``a^2``, ``a²``) is a power in the conventions that
        write layers in parentheses (deeplizard's a⁽²⁾, Kostadinov's); Nielsen's a² stays layer 2."""
        t = self.tok
        raw = self.text[t.start:t.end]
        return (self.scope.notation != "nielsen" and t.text.isascii() and t.text.isdigit()
                and "(" not in raw and "⁽" not in raw)

    def symbol(self) -> Expr:
        t = self.next()
        name = SYMBOLS[t.text]
        if name == "s" and self.scope.notation != "kostadinov":
            raise FormulaError(t.start, t.end, "unknown name 's'", EXPECTED_OPERAND)
        sub, sup = self.scripts(allow_layer=name in LAYERED)
        if name == "C" or name == "eta":
            if sub is not None and not (name == "C" and sub.text in ("0", "x")):
                raise FormulaError(sub.start, sub.end, f"{t.text} takes no index here",
                                   f"{t.text}" + (", C_0 or C_x" if name == "C" else ""))
            return self.made(Sym(name), t.start)  # type: ignore[arg-type]
        idx = self.indices(sub) if sub is not None else ()
        if name == "s":  # Kostadinov's network output
            return self.made(Sym("a", self.scope.depth, idx), t.start)
        if name in ("y", "x"):
            return self.made(Sym(name, None, idx), t.start)  # type: ignore[arg-type]
        layer = self.layer(sup, name) if sup is not None else None
        if name == "w" and self.scope.swap_weights:
            if not idx:
                inner = self.made(Sym(name, layer, idx), t.start)  # type: ignore[arg-type]
                return self.made(Transpose(inner), t.start)
            idx = idx[::-1]
        return self.made(Sym(name, layer, idx), t.start)  # type: ignore[arg-type]

    def indices(self, t: Token) -> tuple[Index, ...]:
        text = t.text.replace(" ", "")
        parts = text.split(",") if "," in text else list(text)
        out: list[Index] = []
        for part in parts:
            if part.isascii() and part.isdigit() and len(part) <= 4:
                out.append(int(part) - self.scope.base)
            elif len(part) == 1 and part.isascii() and part.islower():
                out.append(part)
            else:
                raise FormulaError(t.start, t.end, f"_{t.text} is not a list of node indices",
                                   "node numbers or letters, such as _j, _jk, _12 or _{10,2}")
        return tuple(out)

    def layer(self, t: Token, name: str) -> int:
        """The absolute layer of a superscript written ``L``, ``L-1``, ``l+1`` or ``2``."""
        try:
            return self.scope.absolute(t.text, name)
        except ValueError as e:
            problem, expected = e.args
            raise FormulaError(t.start, t.end, problem, expected) from None

    # ------------------------------------------------------------ functions and derivatives
    def function(self) -> Expr:
        t = self.next()
        name = t.text
        layer_tok = self.next() if self.at("sup") else None  # deeplizard's g⁽ᴸ⁾(z)
        if name in CALLS:
            arg = self.argument(t)
            return self.made(Call(CALLS[name], arg), t.start)  # type: ignore[arg-type]
        primes = len(name) - len(name.rstrip("'"))
        if primes > 1:
            raise FormulaError(t.start, t.end, f"{name} is a second derivative",
                               "a function or its first derivative, such as g or g'")
        base = name.rstrip("'")
        arg = self.argument(t)
        layer = self.layer(layer_tok, "g") if layer_tok is not None else layer_of(arg)
        func = "g" if base in GENERIC else base
        return self.made(Func(func, layer, arg, derivative=primes == 1, named=func != "g"),  # type: ignore[arg-type]
                         t.start)

    def argument(self, t: Token) -> Expr:
        open_ = self.expect("op", "(", f"'(' and the argument of {t.text}, as in {t.text}(z)")
        arg = self.sum()
        self.expect("op", ")", f"')' to close the '(' at position {open_.start + 1}")
        return arg

    def derivative(self) -> Expr:
        start = self.next().start
        num = self.differentiated("C, a or z after ∂ (as in ∂C/∂z)")
        self.expect("op", "/", "'/' and the variable, as in dC/dz")
        self.expect("d", "d", "d or ∂ and the variable, as in dC/dz")
        den = self.differentiated("z, a, w or b after ∂ (as in ∂C/∂w)")
        return self.made(Partial(num, den), start)

    def differentiated(self, expected: str) -> Expr:
        if not (self.at("name") and self.tok.text in SYMBOLS):
            self.fail(self.tok, expected)
        return self.symbol()

    def nabla(self) -> Expr:
        t = self.next()
        sub = self.tok
        if not (self.at("sub") and sub.text == "a"):
            self.fail(sub, "a subscript a, as in ∇_a C")
        self.next()
        cost = self.differentiated("C after ∇_a")
        output = self.made(Sym("a", self.scope.depth), sub.start)
        return self.made(Partial(cost, output), t.start)

    def summation(self) -> Expr:
        t = self.next()
        sub = self.tok
        if not (self.at("sub") and len(sub.text) == 1 and sub.text.islower()):
            self.fail(sub, "a subscript letter after sum, as in sum_j")
        self.next()
        body = self.product()
        layer = summed_layer(body, sub.text, self.scope.depth)
        if layer is False:
            raise FormulaError(sub.start, sub.end, f"{sub.text} indexes nothing inside this sum",
                               f"a term that uses {sub.text}, such as a_{sub.text}")
        return self.made(Sum(sub.text, layer, body), t.start)  # type: ignore[arg-type]


def parse(text: str, scope: Scope | None = None) -> Parsed:
    """Parse a learner's formula; :class:`FormulaError` names the position and what was expected."""
    p = _Parser(text, scope or Scope())
    expr = p.formula()
    return Parsed(text, expr, p.spans, p.scope)


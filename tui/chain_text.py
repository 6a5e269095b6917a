"""The chain panel's text, laid out for whatever width it is given.

:meth:`ChainText.lines` builds the lines for a width, so a 2-D formula (stacked ∂ fractions) is
used when it fits. Each line is a list of (text, style) runs; a line longer than the width is
wrapped by the panel. Every expression and number comes from core (the step, the chain-rule
expansion, the gradient check); backprop_tui.core.formulas.notation writes them in the learner's convention.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING

from rich.style import Style

from backprop_tui.core.formulas import notation, shown
from backprop_tui.core.formulas.equations import step_expression, step_vector_expression
from backprop_tui.core.formulas.expr import Eq, Mul, Num, Sum, with_value
from backprop_tui.tui import present
from backprop_tui.tui.focus import Focus

if TYPE_CHECKING:
    from backprop_tui.core.formulas.chain import ChainExpansion
    from backprop_tui.core.math.gradcheck import GradCheck
    from backprop_tui.core.math.trace import Step

INDENT = "  "
BOLD, DIM, LABEL = Style(bold=True), Style(dim=True), Style(dim=True, italic=True)
# the gradient check's verdict: the chain panel paints these two in the theme's colours
GOOD, BAD = Style(bold=True), Style(bold=True)
MAX_TERMS = 12
COST_DIGITS = 12  # the gradient check's costs: enough for their difference to mean something
Run = tuple[str, Style | None]
Line = list[Run]
_CACHE: OrderedDict[tuple, list[Line]] = OrderedDict()


class ChainText:
    def __init__(self, step: Step, focus: Focus, convention: str, mode: str,
                 expansion: ChainExpansion | None, check: GradCheck | None,
                 hidden: bool = False, backward_open: bool = True,
                 hidden_values: frozenset = frozenset(), held: bool = False,
                 order_hidden: bool = False) -> None:
        self.step, self.focus, self.convention, self.mode = step, focus, convention, mode
        self.expansion, self.check, self.hidden = expansion, check, hidden
        self.backward_open = backward_open  # False: a lesson keeps End from the backward pass
        self.hidden_values = hidden_values  # (quantity, layer, node) an unsolved exercise asks for
        self.held = held  # a lesson holds the step's result back: its operands only
        self.order_hidden = order_hidden  # an order exercise asks for the chain's factor order
        self.depth = step.trace.depth
        self.plain = step.trace.network.plain_output  # Kostadinov's s = W a: no z, no f

    # ------------------------------------------------------------------ helpers
    def sym(self, name: str, layer: int | None = None, idx: tuple = ()) -> str:
        return present.symbol(name, self.convention, depth=self.depth, layer=layer, idx=idx,
                              plain_output=self.plain)

    def num(self, value: float, digits: int = 4) -> str:
        return notation.format_number(float(value), digits=digits)

    def formula(self, expr, width: int, numbers: bool = False,
                held: bool = False) -> list[Line]:
        """Symbols stack their ∂ fractions when that fits; numbers stay on one (wrapped) line,
        the result at its end in bold (``held``: a "?" in its place)."""
        if numbers:
            sides, signs = self.worked(expr)
            *head, result = sides
            if held:  # the learner's to work out: no claim of = or ≈ about a shown result
                result, signs = "?", [*signs[:-1], " = "]
            text = "".join(side + sign for side, sign in zip(head, signs, strict=True))
            return [[(INDENT + text, None), (result, BOLD)]]
        text = notation.render(expr, self.convention, "unicode", depth=self.depth,
                               width=max(10, width - len(INDENT)), plain_output=self.plain)
        return [[(INDENT + line, None)] for line in text.splitlines()]

    def product(self, values) -> str:
        """Numbers multiplied, negative ones in parentheses: "0.05 · (−1.172)"."""
        parts = [self.num(v) for v in values]
        return " · ".join(f"({p})" if p.startswith("−") else p for p in parts)

    def sides(self, expr, numbers: bool = False) -> tuple[str, ...]:
        """An equation's sides on one line each (anything else: itself, as one side)."""
        if not isinstance(expr, Eq):
            return (self.line(expr, numbers),)
        return notation.render_sides(expr, self.convention, "unicode", depth=self.depth,
                                     numbers=numbers, plain_output=self.plain)

    def worked(self, expr) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """An equation's sides with the numbers, and the sign before each after the first
        (" ≈ " where the printed operands don't give the printed next side: core decides)."""
        if not isinstance(expr, Eq):
            return (self.line(expr, True),), ()
        return notation.render_worked(expr, self.convention, "unicode", depth=self.depth,
                                      numbers=True, plain_output=self.plain)

    def line(self, expr, numbers: bool = False) -> str:
        """``expr`` on one line."""
        return notation.render(expr, self.convention, "unicode", depth=self.depth,
                               numbers=numbers, plain_output=self.plain)

    def label(self, text: str) -> list[Line]:
        return [[(text, LABEL)]]

    def heading(self, text: str, width: int) -> list[Line]:
        rule = "─" * max(0, width - len(text) - 4)
        return [[("── ", DIM), (text, BOLD), (" " + rule, DIM)]]

    def node_j(self) -> tuple[int, int]:
        """The focused node and source, clamped into the step's layer."""
        return self.focus.indices_in(self.step.layer, self.step.trace.network.sizes)

    # ------------------------------------------------------------------ sections
    def title(self) -> str:
        s, (j, k) = self.step, self.node_j()
        where = notation.layer_label(s.layer, self.convention, self.depth)
        nj, nk = notation.node_number(self.convention, j), notation.node_number(self.convention, k)
        if self.plain and s.layer == self.depth and s.equation in ("z", "a"):
            out = self.sym("a", s.layer, (j,))  # Kostadinov's s₁: W a with no z, no f
            return f"Output {out} of layer {where}: a linear output without a bias is W a itself"
        return {
            "z": f"Weighted input of node {nj} in layer {where}",
            "a": f"Activation of node {nj} in layer {where}",
            "cost": "Cost of this sample",
            "BP1": f"BP1 · error of output node {nj}",
            "BP2": f"BP2 · error of node {nj} in layer {where}, from the layer after it",
            "BP3": f"BP3 · gradient of the bias of node {nj}, layer {where}",
            "BP4": f"BP4 · gradient of the weight from node {nk} into node {nj}, layer {where}",
        }[s.equation]

    def step_lines(self, width: int) -> list[Line]:
        j, k = self.node_j()
        eq = step_expression(self.step, j, k)
        worked = ("with the numbers (the result is yours to work out)"
                  if self.held else "with the numbers, then the result")
        return [
            *self.heading(self.title(), width),
            *self.label("in symbols"), *self.formula(eq, width),
            *self.label(worked),
            *self.formula(eq, width, numbers=True, held=self.held),
            *self.label("for the whole layer"),
            *self.formula(step_vector_expression(self.step), width),
            *self.softmax_note(),
        ]

    def softmax_note(self) -> list[Line]:
        """At BP1 of a softmax output, once, in words: why there is no ⊙ g′(z) here."""
        net = self.step.trace.network
        if self.step.equation != "BP1" or net.activations[-1] != "softmax":
            return []
        if net.loss == "cross-entropy":
            return self.label("softmax is not element-wise (each a depends on every z), so BP1 "
                              "takes its Jacobian; with cross-entropy that product is a − y")
        return self.label("softmax is not element-wise (each a depends on every z), so BP1 "
                          "takes its Jacobian, not a product with g′(z)")

    def param_name(self) -> str:
        f = self.focus
        if f.kind == "w":
            return self.sym("w", f.layer, (f.node, f.source))
        return self.sym("b", f.layer, (f.node,))

    def factor_line(self, fc, sum_follows: bool = False) -> Line:
        """One factor: its symbol = its formula = the numbers = its value, on one line; a sum
        the panel writes out below is only named here, and a constant (∂z/∂b = 1) is not
        repeated."""
        if isinstance(fc.formula, Num):
            return [(f"{INDENT}{self.line(fc.symbol)} = ", None), (self.num(fc.value), BOLD)]
        if isinstance(fc.formula, Sum) and sum_follows:
            lhs = self.line(fc.symbol)
            return [(f"{INDENT}{lhs} = ", None), (self.num(fc.value), BOLD),
                    ("   (the sum below)", DIM)]
        eq = Eq(fc.symbol, (fc.formula,))
        symbolic = " = ".join(self.sides(eq))
        sides, signs = self.worked(eq)
        *worked, value = sides[1:]  # the left side is symbolic
        if not worked and value == self.num(fc.value):
            return [(f"{INDENT}{symbolic} = ", None), (value, BOLD)]
        text = "".join(side + sign for side, sign in zip(worked, signs[1:], strict=True))
        return [(f"{INDENT}{symbolic} = {text}", None), (value, BOLD)]

    def chain_lines(self, width: int) -> list[Line]:
        ex = self.expansion
        if ex is None:
            return []
        if self.no_bias():
            return self.no_bias_lines(width, "Chain rule")
        eq = ex.equation()
        symbols, _formulas = eq.rhs
        out = self.heading(f"Chain rule for {self.param_name()}", width)
        if self.order_hidden:  # the line would write the factors in the order asked for
            return out + self.label(f"{INDENT}the order of its factors is what an exercise asks: "
                                    "the chain rule shows once you have solved it")
        out += self.formula(Eq(eq.lhs, (symbols,)), width)
        if self.hidden:
            out += self.label(f"{INDENT}the numbers appear once you have answered the exercise")
            return out
        if self.step.phase == "forward":
            jump = (" (End jumps there)" if self.backward_open
                    else ", which opens once the exercises it would answer are solved")
            out += self.label(f"{INDENT}the numbers come in the backward pass{jump}")
            return out
        sum_eq = ex.sum_equation()
        out += self.label("factor by factor")
        out += [self.factor_line(fc, sum_eq is not None) for fc in ex.factors]
        out += self.label("their product")
        valued = tuple(with_value(fc.symbol, fc.value) for fc in ex.factors)
        out += self.formula(Eq(eq.lhs, (Mul(valued, value=ex.gradient),)), width, numbers=True)
        if sum_eq is not None:
            nxt = notation.layer_label(ex.layer + 1, self.convention, self.depth)
            letter = notation.next_index(self.convention)
            out += self.label(f"one layer deeper: a sum over the nodes {letter} of layer {nxt}")
            out += self.formula(sum_eq, width)
            for term in ex.terms[:MAX_TERMS]:
                symbols_i = self.line(Mul(tuple(fc.symbol for fc in term.factors)))
                values = self.product(fc.value for fc in term.factors)
                sign = notation.product_relation((fc.value for fc in term.factors), term.value)
                i = notation.node_number(self.convention, term.node)
                head = f"{INDENT}{letter} = {i}: {symbols_i} = {values}{sign}"
                if len(head) + 10 > width:  # the symbols are the Σ body above, with j = …
                    head = f"{INDENT}{letter} = {i}: {values}{sign}"
                out.append([(head, None), (self.num(term.value), BOLD)])
            if len(ex.terms) > MAX_TERMS:
                out += self.label(f"{INDENT}… {len(ex.terms) - MAX_TERMS} more terms")
        out += self.label("the same through δ (BP3, BP4)")
        out += self.formula(ex.delta_equation(), width, numbers=True)
        return out

    def path_lines(self, width: int) -> list[Line]:
        ex = self.expansion
        if ex is None:
            return []
        if self.no_bias():
            return self.no_bias_lines(width, "Paths")
        n = ex.path_count
        out = self.heading(f"Paths from {self.param_name()} to the cost: {n}", width)
        if ex.paths is None:
            out += self.label(f"{INDENT}{n} paths are too many to list; the δ form sums them "
                              "one layer at a time")
            return out
        cost = self.sym("C")
        for number, path in enumerate(ex.paths, start=1):
            hops = [self.sym("a", layer, (node,)) for layer, node in path.nodes]
            if path.output != path.nodes[-1][1]:
                hops.append(self.sym("a", self.depth, (path.output,)))
            chain = " → ".join([self.param_name(), *hops, cost])
            out.append([(f"{INDENT}{number}. {chain}  ", None), (self.num(path.value), BOLD)])
            out.append([(INDENT * 2 + self.product(fc.value for fc in path.factors), DIM)])
        lhs = self.line(ex.lhs)
        paths = "the only path" if n == 1 else f"the sum of the {n} paths"
        if not ex.paths_agree():  # saturation: products of huge and tiny factors
            out.append([(f"{INDENT}{paths} comes to {self.num(ex.paths_total)}, not "
                         f"{lhs} = {self.num(ex.gradient)}: some factors are so large or so "
                         "small that their products overflow or underflow in float64; the δ "
                         "form, one layer at a time, keeps the true value", None)])
            return out
        sign = notation.sum_relation((p.value for p in ex.paths), ex.gradient)
        out.append([(f"{INDENT}{paths}: {lhs}{sign}", None), (self.num(ex.gradient), BOLD)])
        return out

    def no_bias(self) -> bool:
        """Whether the focus is the bias of a layer that has none (bias = false)."""
        f = self.focus
        return f.kind == "b" and not self.step.trace.network.has_bias[f.layer - 1]

    def no_bias_lines(self, width: int, what: str) -> list[Line]:
        where = notation.layer_label(self.focus.layer, self.convention, self.depth)
        return [*self.heading(f"{what} for {self.param_name()}", width),
                *self.label(f"{INDENT}layer {where} has no bias (bias = false): there is no "
                            f"{self.param_name()} to differentiate, nudge or update; press b "
                            "for its weights")]

    def check_lines(self, width: int) -> list[Line]:
        c = self.check
        if c is None:
            return []
        if self.no_bias():
            return self.no_bias_lines(width, "Gradient check")
        p, C = self.param_name(), self.sym("C")
        ok = c.rel_error < 1e-5
        # ΔC/2h with only the digits the printed costs give when redone (core decides)
        redone = shown.difference_quotient(c.cost_plus, c.cost_minus, c.eps, COST_DIGITS)
        slope_digits = shown.agreeing_digits(c.numeric, redone, 8)
        rows = [  # the nudge is h: ε is Kostadinov's learning rate
            ("h", self.num(c.eps)),
            (f"{C}({p})", self.num(c.cost, COST_DIGITS)),
            (f"{C}({p} + h)", self.num(c.cost_plus, COST_DIGITS)),
            (f"{C}({p} − h)", self.num(c.cost_minus, COST_DIGITS)),
            (f"Δ{C} / 2h", self.num(c.numeric, slope_digits)),
            ("backprop", self.num(c.backprop, 8)),
            ("relative error", self.num(c.rel_error)),
        ]
        pad = max(len(name) for name, _ in rows) + 2
        out = [*self.heading(f"Gradient check for {p}", width),
               *self.label(f"{INDENT}nudge {p} by ±h, see how the cost moves")]
        out += [[(f"{INDENT}{name:<{pad}}{value}", None)] for name, value in rows]
        verdict = "agree" if ok else "disagree"
        out.append([(f"{INDENT}{'✓' if ok else '✗'} backprop and the nudge {verdict}",
                     GOOD if ok else BAD)])
        if not ok and c.kink:
            out += self.label(f"{INDENT}a ReLU input is within h of 0, where ReLU bends: the "
                              "nudge straddles the corner and averages the slopes on both "
                              "sides, while backprop takes the one slope at this point "
                              "(ReLU′ = 0 or 1)")
        return out

    def node_lines(self, width: int) -> list[Line]:
        from backprop_tui.tui.node_text import node_lines

        return node_lines(self, width)

    # ------------------------------------------------------------------ the whole panel
    def lines(self, width: int) -> list[Line]:
        """The panel: the step, a blank line, then the focused parameter's chain rule, paths or
        gradient check. Each part is remembered on its own, so a step that keeps the focus
        only lays out the part that changed."""
        j, k = self.node_j()
        step = _cached(("step", self.step.trace, self.step.index, j, k, self.convention, width,
                        self.held),
                       lambda: self.step_lines(width))
        if self.focus.is_node:
            body = self.node_lines(width)
        elif self.mode == "check":
            body = self.check_lines(width)
        else:
            make = self.path_lines if self.mode == "paths" else self.chain_lines
            body = _cached((self.mode, self.expansion, self.convention, width,
                            self.step.phase, self.hidden, self.backward_open,
                            self.order_hidden),
                           lambda: make(width))
        return [*step, [], *body]


def _cached(key: tuple, make) -> list[Line]:
    hit = _CACHE.get(key)
    if hit is None:
        hit = _CACHE[key] = make()
        if len(_CACHE) > 256:
            _CACHE.popitem(last=False)
    else:
        _CACHE.move_to_end(key)
    return hit

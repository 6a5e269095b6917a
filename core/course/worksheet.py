"""Printable worksheets and answer keys of a lesson, as Markdown or a complete LaTeX document.

A worksheet holds what an exercise needs on paper: the network (its sizes, activations and
loss, a table of weights and biases per layer, a table of the samples, and in Markdown a
drawing), then each exercise's prompt with room to answer. With ``key=True`` every answer is
filled in from :func:`backprop_tui.core.course.exercise.resolve` (never typed by hand), with the
lesson's explanation. Symbols are written in the lesson's own notation; numbers as the tutor
shows them (4 significant digits; 6 in the key). The LaTeX needs only ``texlive-latex-base``
(amsmath, geometry) and compiles with ``pdflatex``: all Unicode is written as LaTeX.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from backprop_tui.core.course.exercise import resolve
from backprop_tui.core.course.lesson import Exercise, Lesson, Place
from backprop_tui.core.course.worksheet_latex import math
from backprop_tui.core.formulas.notation import node_number, render, symbol
from backprop_tui.core.formulas.style import format_number
from backprop_tui.core.formulas.symbols import layer_label

if TYPE_CHECKING:
    from backprop_tui.core.formulas.chain import Factor

FORMATS = ("markdown", "latex")
DIGITS = 4  # the network's numbers, as the tutor shows them
KEY_DIGITS = 6
LOSSES = {"sse": "the sum of squared errors, Σ (a − y)²", "half-sse": "half the sum of squared "
          "errors, ½ Σ (a − y)²", "mse": "the mean squared error, (1/n) Σ (a − y)²",
          "cross-entropy": "the cross-entropy, −Σ y ln a"}
SOURCES = {"000": "article 000 (deeplizard · notation)", "001": "article 001 (deeplizard · "
           "observations)", "002": "article 002 (Jagtap · the calculus)", "003": "article 003 "
           "(Kostadinov)", "004": "article 004 (Nielsen · chapter 2)", "none": "no one article"}


@dataclass(frozen=True)
class _Out:
    """What differs between Markdown and LaTeX: how symbols and numbers are written. The
    sheet's strings are Unicode prose with these in it; the layout converts each once."""

    style: str  # the notation style: unicode or latex
    math: Callable[[str], str]  # a symbol or number, already in ``style``


MARKDOWN = _Out("unicode", lambda s: s)
LATEX = _Out("latex", math)


def worksheet(lesson: Lesson, fmt: str = "markdown", key: bool = False) -> str:
    """The worksheet of ``lesson`` (its answer key with ``key``) as ``fmt`` text."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of: {', '.join(FORMATS)}")
    sheet = _Sheet(lesson, MARKDOWN if fmt == "markdown" else LATEX, key)
    return sheet.markdown() if fmt == "markdown" else sheet.latex()


class _Sheet:
    def __init__(self, lesson: Lesson, out: _Out, key: bool) -> None:
        self.lesson, self.out, self.key = lesson, out, key
        self.net, self.conv = lesson.network, lesson.notation
        self.depth = self.net.depth

    # ------------------------------------------------------------------ pieces
    def sym(self, name: str, layer: int | None = None, idx: tuple = ()) -> str:
        return self.out.math(symbol(name, self.conv, self.out.style, depth=self.depth,
                                    layer=layer, idx=idx))

    def num(self, value: float, digits: int = DIGITS) -> str:
        return self.out.math(format_number(value, self.out.style, digits))

    def node(self, j: int) -> str:
        return node_number(self.conv, j)

    def title(self) -> str:
        return ("Answer key" if self.key else "Worksheet") + f": {self.lesson.title}"

    def about(self) -> list[str]:
        le, net = self.lesson, self.net
        acts = ", ".join(net.activations)
        return [
            f"Lesson “{le.id}”, following {SOURCES.get(le.source, le.source)}, in "
            f"{le.notation}'s notation (nodes are counted from {self.node(0)}).",
            f"The network: {'-'.join(map(str, net.sizes))} (input first); activations {acts}; "
            f"the cost {self.sym('C')} is {LOSSES.get(net.loss, net.loss)}.",
        ]

    def weight_rows(self, l: int) -> tuple[list[str], list[list[str]]]:
        """The table of layer ``l``: a header, then one row per node j (its weights, its bias)."""
        w, b = self.net.weights[l - 1], self.net.biases[l - 1]
        head = ["into j ↓, from k →"] + [f"k = {self.node(k)}" for k in range(w.shape[1])]
        head.append(f"bias {self.sym('b', l, ('j',))}")
        rows = [[f"j = {self.node(j)}"] + [self.num(v) for v in w[j]] + [self.num(b[j])]
                for j in range(w.shape[0])]
        return head, rows

    def layer_title(self, l: int) -> str:
        return (f"Layer {layer_label(l, self.conv, self.depth)} ({self.net.activations[l - 1]}): "
                f"weights {self.sym('w', l, ('j', 'k'))}, the matrix {self.sym('w', l)}")

    def sample_rows(self) -> tuple[list[str], list[list[str]]]:
        n_in, n_out = self.net.sizes[0], self.net.sizes[-1]
        head = (["sample"] + [self.sym("a", 0, (k,)) for k in range(n_in)]
                + [self.sym("y", None, (j,)) for j in range(n_out)])
        rows = [[str(i + 1)] + [self.num(v) for v in x] + [self.num(v) for v in y]
                for i, (x, y) in enumerate(self.lesson.network_file.samples)]
        return head, rows

    def answer(self, ex: Exercise) -> str:
        """The key's answer to ``ex``, from the core."""
        resolved = resolve(self.lesson, ex)
        if ex.kind == "numeric":
            return self.num(resolved.value, KEY_DIGITS)
        if ex.kind == "choice":
            return f"{ex.correct + 1}. {ex.options[ex.correct]}"
        if ex.kind == "order":
            typed = [resolved.order.index(i) + 1 for i in range(len(resolved.factors))]
            product = " · ".join(self.factor(resolved.factors[i - 1]) for i in typed)
            return " ".join(map(str, typed)) + f", that is {product}"
        if ex.kind == "formula":
            return self.formula(ex)
        return self.place(ex.target)

    def formula(self, ex: Exercise) -> str:
        """A formula exercise's key (resolve has checked it against the core), rendered, as
        typed, and its value on this network from the core."""
        from backprop_tui.core.course.formula_exercise import core_value, question
        from backprop_tui.core.formulas.formula_preview import preview

        shown = preview(ex.formula, question(self.lesson, ex), key=ex.formula,
                        style=self.out.style).rendered
        values = core_value(self.lesson, ex).ravel()
        value = ", ".join(format_number(v, self.out.style, KEY_DIGITS) for v in values)
        value = self.out.math(value if len(values) == 1 else f"({value})")
        rendered = self.out.math(shown) + ", " if shown else ""
        return f"{rendered}typed `{ex.formula}`; on this network {value}"

    def factor(self, f: Factor) -> str:
        return self.out.math(render(f.symbol, self.conv, self.out.style, depth=self.depth))

    def place(self, t: Place) -> str:
        """Where a navigate exercise's target is, in the lesson's symbols."""
        parts = []
        if t.kind == "w" and t.layer is not None and t.node is not None and t.source is not None:
            parts.append(f"the weight {self.sym('w', t.layer, (t.node, t.source))}")
        elif t.kind == "b" and t.layer is not None and t.node is not None:
            parts.append(f"the bias {self.sym('b', t.layer, (t.node,))}")
        elif t.layer is not None and t.node is not None:
            parts.append(f"the node {self.sym('a', t.layer, (t.node,))}")
        elif t.layer is not None:
            parts.append(f"layer {layer_label(t.layer, self.conv, self.depth)}")
        if t.step is not None:
            parts.append(f"at the {t.step} step" if t.step not in ("start", "backward")
                         else "at the start" if t.step == "start" else "at the backward pass")
        return ", ".join(parts) or "anywhere"

    def items(self, ex: Exercise) -> list[str]:
        """The numbered things an exercise shows: its options, or the factors to order."""
        if ex.kind == "choice":
            return list(ex.options)
        if ex.kind == "order":
            return [self.factor(f) for f in resolve(self.lesson, ex).factors]
        return []

    def instruction(self, ex: Exercise) -> str:
        return {
            "numeric": "Write the number (4 significant digits are enough).",
            "choice": "Circle the number of the right option.",
            "order": "Write the numbers of these factors in the order of the product, first "
                     "factor first.",
            "navigate": "In the app you move the focus there; on paper, write its symbol and "
                        "mark it in the drawing of the network.",
            "formula": "Write the formula in the lesson's symbols (in the app you type it, e.g. "
                       "`a_k^(l-1) * delta_j^(l)`).",
        }[ex.kind]

    # ------------------------------------------------------------------ documents
    def markdown(self) -> str:
        from backprop_tui.core.course.worksheet_markdown import markdown_sheet

        return markdown_sheet(self)

    def latex(self) -> str:
        from backprop_tui.core.course.worksheet_latex import latex_sheet

        return latex_sheet(self)

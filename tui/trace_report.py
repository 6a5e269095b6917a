"""``backprop-tui trace``: a whole trace as text, Markdown or LaTeX (JSON is backprop_tui.core.files.tracejson's).

Every step of :meth:`backprop_tui.core.math.network.Network.trace` is printed for each node of its layer (for BP4
each weight j, k): the formula in symbols, then ``= `` the same formula with numbers, then
``= `` the result (``≈`` where redoing the numbers as printed does not give it as printed: the
sign is core's, :func:`backprop_tui.core.formulas.notation.render_worked`). Layers of more than :data:`MAX_NODES` nodes show the first :data:`HEAD` and
"… N more". All formulas come from :func:`backprop_tui.core.formulas.notation.render`; this module only lays them out.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np

from backprop_tui.core.formulas.equations import mean_cost, mean_gradient, step_expression
from backprop_tui.core.formulas.notation import (
    format_number,
    layer_label,
    render,
    render_sides,
    render_worked,
)

if TYPE_CHECKING:
    from backprop_tui.core.formulas.expr import Eq, Expr
    from backprop_tui.core.math.network import Network
    from backprop_tui.core.math.trace import Step, Trace

MAX_NODES = 8  # a layer with more nodes than this is cut short ...
HEAD = 3  # ... to its first HEAD nodes and a "… N more" line


def fmt(value: float, style: str = "unicode") -> str:
    """A number as the tutor shows it everywhere: 4 significant digits."""
    return format_number(value, style)


def vector_text(values: np.ndarray) -> str:
    shown = [fmt(v) for v in values[:MAX_NODES]]
    if len(values) > MAX_NODES:
        shown = shown[:HEAD] + [f"… {len(values) - HEAD} more"]
    return "[" + ", ".join(shown) + "]"


def _nodes(n: int) -> tuple[list[int], int]:
    """The nodes to show of a layer of ``n``, and how many are left out."""
    return (list(range(n)), 0) if n <= MAX_NODES else (list(range(HEAD)), n - HEAD)


def step_items(step: Step) -> Iterator[tuple[Eq, float] | int]:
    """Each node's (expression, result) of a step, or an int: that many nodes left out."""
    net = step.trace.network
    if step.equation == "cost":
        yield step_expression(step, 0), float(step.result[0])
        return
    rows, rows_left = _nodes(net.sizes[step.layer])
    for j in rows:
        if step.equation != "BP4":
            yield step_expression(step, j), float(step.result[j])
            continue
        cols, cols_left = _nodes(net.sizes[step.layer - 1])
        for k in cols:
            yield step_expression(step, j, k), float(step.result[j, k])
        if cols_left:
            yield cols_left
    if rows_left:
        yield rows_left


class Report:
    """Renders the steps of one trace in one convention and one output format."""

    def __init__(self, trace: Trace, convention: str, fmt_name: str, sample: str) -> None:
        self.trace, self.convention, self.format, self.sample = trace, convention, fmt_name, sample
        self.style = "latex" if fmt_name in ("markdown", "latex") else "unicode"

    def number(self, value: float) -> str:
        return format_number(value, self.style)

    def title(self, step: Step) -> str:
        label = layer_label(step.layer, self.convention, self.trace.depth)
        title = step.title
        if step.equation != "cost" and label != str(step.layer):
            title += f" ({self.convention}: layer {label})"
        return f"Step {step.index + 1} of {len(self.trace.steps)}: {title}"

    def sides(self, eq: Eq, numbers: bool = False) -> tuple[str, ...]:
        return render_sides(eq, self.convention, self.style, depth=self.trace.depth,
                            numbers=numbers, plain_output=self.trace.network.plain_output)

    def lines(self, eq: Eq, result: float) -> tuple[str, list[tuple[str, str]]]:
        """The left-hand side, and the right-hand sides, each after its sign ("=" or "≈"):
        symbols, numbers, result (no repeats); the right sides of the symbolic form share a
        line, as do those of the worked one."""
        lhs, *symbolic = self.sides(eq)
        worked, signs = render_worked(eq, self.convention, self.style, depth=self.trace.depth,
                                      numbers=True, plain_output=self.trace.network.plain_output)
        worked, signs = list(worked[1:]), [sign.strip() for sign in signs[1:]]
        result_text, result_sign = self.number(result), "="
        if len(worked) > 1 and worked[-1] == result_text:
            worked.pop()
            result_sign = signs.pop()
        worked_text = worked[0] + "".join(f" {sign} {side}" for sign, side in zip(signs, worked[1:],
                                                                                strict=True))
        sides = [("=", " = ".join(symbolic))]
        for sign, side in (("=", worked_text), (result_sign, result_text)):
            if side and side != sides[-1][1]:
                sides.append((sign, side))
        return lhs, sides

    # ------------------------------------------------------------------ the three layouts
    def header(self) -> list[str]:
        net, t = self.trace.network, self.trace
        shape = "-".join(map(str, net.sizes))
        no_bias = [str(l) for l, keep in enumerate(net.has_bias, start=1) if not keep]
        without = f", no bias in layer {', '.join(no_bias)}" if no_bias else ""
        facts = (f"network {shape}, activations {', '.join(net.activations)}{without}, "
                 f"loss {net.loss}, notation {self.convention}")
        data = f"{self.sample}: x = {vector_text(t.x)}, y = {vector_text(t.y)}"
        if self.format == "markdown":
            return ["# Backprop trace", "", facts + ".", "", data + ".", ""]
        if self.format == "latex":
            return [f"% backprop-tui trace: {facts}", f"% {data}",
                    "% needs \\usepackage{amsmath}", ""]
        return [facts, data, ""]

    def step(self, step: Step) -> list[str]:
        items = list(step_items(step))
        if self.format == "text":
            out = [f"── {self.title(step)} ──"]
            for item in items:
                if isinstance(item, int):
                    out.append(f"  … {item} more")
                    continue
                lhs, sides = self.lines(*item)
                pad = " " * (len(lhs) + 1)
                out.append(f"  {lhs} = {sides[0][1]}")
                out += [f"  {pad}{sign} {side}" for sign, side in sides[1:]]
            return out + [""]
        rows = []
        for item in items:
            if isinstance(item, int):
                rows.append(f"&\\text{{… {item} more}}" if self.format == "markdown"
                            else f"&\\text{{\\dots\\ {item} more}}")
                continue
            lhs, sides = self.lines(*item)
            rows.append(f"{lhs} &= {sides[0][1]}")
            rows += [f"&{sign} {side}" for sign, side in sides[1:]]
        body = " \\\\\n".join(rows)
        if self.format == "markdown":
            return [f"## {self.title(step)}", "", "$$", "\\begin{aligned}", body,
                    "\\end{aligned}", "$$", ""]
        return [f"% {self.title(step)}", "\\begin{align*}", body, "\\end{align*}", ""]

    def text(self) -> str:
        out = self.header()
        for step in self.trace.steps:
            out += self.step(step)
        return "\n".join(out).rstrip("\n") + "\n"


def trace_report(trace: Trace, convention: str, fmt_name: str, sample: str = "sample 0") -> str:
    """The whole trace of one sample as ``text``, ``markdown`` or ``latex``."""
    return Report(trace, convention, fmt_name, sample).text()


def average_report(net: Network, X: np.ndarray, Y: np.ndarray, fmt_name: str,
                   convention: str = "deeplizard") -> str:
    """``--average`` in a human format: the mean cost and, per layer, the gradients of it, in
    ``convention``'s symbols (the formulas are core's, like every step's)."""
    grad_w, grad_b = net.gradients(X, Y)
    n, cost, L = len(X), net.cost(X, Y), net.depth
    style = "unicode" if fmt_name == "text" else "latex"

    def sym(expr: Expr) -> str:
        return render(expr, convention, style, depth=L, plain_output=net.plain_output)

    lhs, mean = render_sides(mean_cost(n), convention, style, depth=L)
    shape = "-".join(map(str, net.sizes))
    heading = (f"Mean over {n} sample{'s' if n != 1 else ''}, network {shape}, loss {net.loss}, "
               f"notation {convention}")
    if fmt_name == "text":
        out = [heading, f"{lhs} = {mean} = {fmt(cost)}", ""]
        for l, (gw, gb) in enumerate(zip(grad_w, grad_b, strict=True), start=1):
            label = layer_label(l, convention, L)
            named = f", {convention}: layer {label}" if label != str(l) else ""
            out.append(f"layer {l} ({net.activations[l - 1]}{named})")
            out += [f"  {sym(mean_gradient('w', l, j))} = {vector_text(row)}"
                    for j, row in enumerate(gw[:MAX_NODES])]
            if len(gw) > MAX_NODES:
                out.append(f"  … {len(gw) - MAX_NODES} more rows")
            out += [f"  {sym(mean_gradient('b', l))} = {vector_text(gb)}", ""]
        return "\n".join(out).rstrip("\n") + "\n"
    rows = [f"{lhs} &= {mean} = {fmt(cost, 'latex')}"]
    for l, (gw, gb) in enumerate(zip(grad_w, grad_b, strict=True), start=1):
        rows.append(f"{sym(mean_gradient('w', l))} &= {_bmatrix(gw)}")
        rows.append(f"{sym(mean_gradient('b', l))} &= {_bmatrix(gb[:, None])}")
    body = " \\\\\n".join(rows)
    if fmt_name == "markdown":
        return "\n".join([f"# {heading}", "", "$$", "\\begin{aligned}", body, "\\end{aligned}",
                          "$$", ""])
    return "\n".join([f"% {heading}", "% needs \\usepackage{amsmath}", "\\begin{align*}", body,
                      "\\end{align*}", ""])


def _bmatrix(m: np.ndarray) -> str:
    rows, left = _nodes(m.shape[0])
    cols, cols_left = _nodes(m.shape[1])
    lines = [" & ".join(fmt(m[j, k], "latex") for k in cols) + (" & \\cdots" if cols_left else "")
             for j in rows]
    if left:
        lines.append(" & ".join(["\\vdots"] * (len(cols) + bool(cols_left))))
    return "\\begin{bmatrix} " + " \\\\ ".join(lines) + " \\end{bmatrix}"

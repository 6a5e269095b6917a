"""Issue 9 §2: every worked line is arithmetic a learner can redo. With the operands exactly as
printed, a side gives the next side to its last printed digit, or the line writes ≈ instead of =.

The operands are read back out of the rendered text (not out of the expression tree), turned
into Python arithmetic and evaluated here, so the test does not share the renderer's evaluator
(:mod:`backprop_tui.core.formulas.shown`). Lines checked: every step and node of the 4-2-2-1
example, every shipped lesson's network, seeded random networks (every activation and loss), in
every convention: the plain-text equations, ``trace`` text output and the chain panel's lines.
"""

from __future__ import annotations

import math
import re
from itertools import pairwise

import numpy as np
import pytest
from helpers import SUP, read_number, shipped_lessons

from backprop_tui.core.files.netfile import network_file_from_spec
from backprop_tui.core.formulas.chain import expand
from backprop_tui.core.formulas.equations import step_expression
from backprop_tui.core.formulas.notation import (
    CONVENTIONS,
    format_number,
    product_relation,
    render_worked,
    sum_relation,
)
from backprop_tui.core.math.activations import get_activation
from backprop_tui.core.math.network import Network
from backprop_tui.tui.chain_text import ChainText
from backprop_tui.tui.focus import Focus
from backprop_tui.tui.trace_report import trace_report

FUNC = re.compile(r"(?:g|σ|f|sigma|tanh|ReLU|relu|linear|sigmoid)[′']?(?:⁽[^⁾]*⁾|\^\([^)]*\)|\^\w+)?\(")


def python_arithmetic(text: str) -> str | None:
    """A printed side as Python arithmetic (_g, _d: the activation and its slope), or None when
    it is not made of printed numbers alone (a symbol, an elided sum)."""
    s = text.replace("−", "-").replace("·", "*").replace("½", "(1/2)").replace("¼", "(1/4)")
    s = s.replace("¾", "(3/4)")
    s = re.sub(r"×10([⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+)", lambda m: "e" + m.group(1).translate(SUP), s)
    s = re.sub(r"\)²|\)\^2", ")**2", s)
    s = FUNC.sub(lambda m: "_d(" if ("′" in m.group(0) or "'" in m.group(0)) else "_g(", s)
    s = s.replace("ln(", "_ln(").replace("exp(", "_exp(")
    s = re.sub(r"(\d|\))\(", r"\1*(", s)
    if re.sub(r"_(g|d|ln|exp)\(|\d+(\.\d+)?(e-?\d+)?", "", s).strip(" +-*/()") != "" or \
            re.search(r"[^0-9.e+\-*/() _gdlnxp]", s):
        return None
    return s


def evaluate(text: str, activation: str) -> float | None:
    s = python_arithmetic(text)
    if s is None:
        return None
    act = get_activation(activation)
    ns = {"_g": lambda v: float(act.fn(np.array([v]))[0]),
          "_d": lambda v: float(act.prime(np.array([v]))[0]),
          "_ln": math.log, "_exp": math.exp, "__builtins__": {}}
    try:
        return float(eval(s, ns))  # our own rendered numbers only
    except (OverflowError, ZeroDivisionError, ValueError):
        return None


def check_pairs(sides: list[str], signs: list[str], activation: str, counts: dict) -> None:
    """Each two sides after the left one: = exactly when the first, redone, prints as the second."""
    for (left, right), sign in zip(pairwise(sides[1:]), signs[1:], strict=True):
        lv, rv = evaluate(left, activation), evaluate(right, activation)
        if lv is None or rv is None or not (math.isfinite(lv) and math.isfinite(rv)):
            continue
        same = format_number(lv, "plain") == format_number(rv, "plain")
        written = {"~=": "≈"}.get(sign.strip(), sign.strip())  # plain text's ≈ is ~=
        assert written == ("=" if same else "≈"), (sides, signs, lv, rv)
        counts[written] = counts.get(written, 0) + 1


def uniform(net: Network) -> str | None:
    """The network's one activation, if every layer has the same (the function in a line is
    then known from its text alone)."""
    names = set(net.activations)
    return names.pop() if len(names) == 1 and "softmax" not in names else None


def networks():
    nf = network_file_from_spec("4-2-2-1")
    yield "4-2-2-1", nf.network, *nf.samples[0]
    for lesson in shipped_lessons():
        x, y = lesson.network_file.samples[0]
        yield lesson.id, lesson.network, x, y
    rng = np.random.default_rng(9)
    for seed, (acts, loss) in enumerate([("sigmoid", "sse"), ("tanh", "half-sse"), ("relu", "mse"),
                                         ("sigmoid", "cross-entropy"), ("linear", "sse"),
                                         (["tanh", "softmax"], "cross-entropy")]):
        sizes = [3, 4, 2] if isinstance(acts, list) else [3, 3, 2, 2]
        net = Network.from_sizes(sizes, acts, loss, seed=seed)
        x, y = rng.random(sizes[0]) * 2 - 1, rng.random(sizes[-1])
        if net.activations[-1] == "softmax" or loss == "cross-entropy":
            y = y / y.sum() if net.activations[-1] == "softmax" else np.round(y)
        yield f"random-{seed}", net, x, y


NETS = list(networks())


@pytest.mark.parametrize(("name", "net", "x", "y"), NETS, ids=[n[0] for n in NETS])
def test_every_step_line_is_redone_to_its_last_digit_or_says_approx(name, net, x, y):
    t, counts = net.trace(x, y), {}
    for step in t.steps:
        rows = range(net.sizes[step.layer]) if step.equation != "cost" else [0]
        for j in rows:
            cols = range(net.sizes[step.layer - 1]) if step.equation == "BP4" else [0]
            for k in cols:
                eq = step_expression(step, j, k)
                activation = net.activations[(step.layer or net.depth) - 1]
                if activation == "softmax":
                    activation = "linear"  # no g(z) is written for softmax; exp is
                for convention in CONVENTIONS:
                    sides, signs = render_worked(eq, convention, "plain", depth=t.depth,
                                                 numbers=True, plain_output=net.plain_output)
                    check_pairs(list(sides), list(signs), activation, counts)
    assert counts.get("=", 0) > 0, name  # the test reads worked lines at all


def test_the_example_and_the_lessons_have_both_signs():
    """Not vacuous: some lines really do not redo exactly (and say ≈), most do."""
    counts: dict = {}
    for _name, net, x, y in NETS[:3]:
        t = net.trace(x, y)
        for step in t.steps:
            eq = step_expression(step, 0, 0)
            sides, signs = render_worked(eq, "deeplizard", "plain", depth=t.depth, numbers=True,
                                         plain_output=net.plain_output)
            check_pairs(list(sides), list(signs), net.activations[(step.layer or net.depth) - 1],
                        counts)
    assert counts.get("≈", 0) > 0 and counts["="] > counts["≈"]


def test_the_cost_line_of_the_brief():
    """C₀ = (0.5673 − 0)² + (0.4993 − 1)² = 0.5725: 0.32183 + 0.25070 = 0.57253, so =."""
    assert evaluate("(0.5673 - 0)^2 + (0.4993 - 1)^2", "sigmoid") == pytest.approx(0.572534, 1e-5)


def test_products_and_sums_printed_one_by_one():
    assert product_relation([-1.172, 0.2426], -0.28437) == " ≈ "  # −1.172·0.2426 = −0.2843
    assert product_relation([-1.172, 0.2426], -0.28433) == " = "
    assert product_relation([0.1, 0.2], 0.02, "latex") == " = "
    assert sum_relation([0.33334, 0.33334, 0.33334], 1.0) == " ≈ "  # 0.3333 × 3 = 0.9999
    assert sum_relation([0.25, 0.75], 1.0, "plain") == " = "
    assert product_relation([1e308, 10.0], 1.0) == " = "  # overflow: no claim either way


def trace_pairs(text: str):
    """(worked side, sign, result) of each equation of ``trace`` text output."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"^\s+([=≈]) (.*)$", line)
        if not m or i + 1 >= len(lines):
            continue
        nxt = re.match(r"^\s+([=≈]) (.*)$", lines[i + 1])
        if nxt:
            yield m.group(2), nxt.group(1), nxt.group(2)


@pytest.mark.parametrize("convention", CONVENTIONS)
def test_trace_text_output_uses_the_same_rule(convention):
    counts: dict = {}
    for name, net, x, y in NETS:
        activation = uniform(net)
        if activation is None:
            continue
        text = trace_report(net.trace(x, y), convention, "text")
        for left, sign, right in trace_pairs(text):
            check_pairs(["lhs", left, right], ["=", sign], activation, counts)
        assert "≈" not in text.split("──")[0], name  # the header has no arithmetic
    assert counts.get("≈", 0) > 0 and counts.get("=", 0) > 0


def panel_lines(net, x, y, convention: str) -> list[str]:
    t = net.trace(x, y)
    step = t.steps[-1]  # the backward pass: the chain panel shows its numbers
    out = []
    for l in range(1, net.depth + 1):
        for j in range(net.sizes[l]):
            for kind, ks in (("w", range(net.sizes[l - 1])), ("b", [0])):
                for k in ks:
                    focus = Focus(l, j, k, kind)
                    for mode in ("chain", "paths"):
                        ex = expand(t, kind, l, j, k)
                        lines = ChainText(step, focus, convention, mode, ex, None).lines(200)
                        out += ["".join(text for text, _ in line) for line in lines]
    return out


@pytest.mark.parametrize("convention", CONVENTIONS)
def test_chain_panel_lines_use_the_same_rule(convention):
    """Factor lines, their product, the sum one layer deeper term by term, δ form, paths."""
    counts: dict = {}
    for _name, net, x, y in NETS[:1] + NETS[-6:-1]:
        activation = uniform(net)
        if activation is None:
            continue
        for line in panel_lines(net, x, y, convention):
            line = re.sub(r"^\s*(\S+ = \d+: )", "", line)  # "j = 0: " before a term
            line = re.sub(r"^.*paths: ", "", line).replace("(the sum below)", "")
            parts = re.split(r" ([=≈]) ", line.strip())
            sides, signs = parts[0::2], parts[1::2]
            check_pairs(["lhs", *sides[1:]], ["=", *signs[1:]], activation, counts)
    assert counts.get("≈", 0) > 0 and counts.get("=", 0) > 0


def test_the_gradient_checks_slope_is_redone_from_its_printed_costs():
    """ΔC/2h is printed with only the digits (C₊ − C₋)/2h gives from the costs as printed."""
    from backprop_tui.core.math.gradcheck import check_parameter

    checked = 0
    for _name, net, x, y in NETS:
        t = net.trace(x, y)
        for l in range(1, net.depth + 1):
            focus = Focus(l, 0, 0, "w")
            c = check_parameter(net, [x], [y], "w", l, 0, 0)
            lines = ChainText(t.steps[-1], focus, "nielsen", "check", None, c).lines(120)
            rows = {}
            for line in lines:
                text = "".join(run for run, _ in line).strip()
                if m := re.match(r"^(.*?)\s{2,}(\S+)$", text):
                    rows[m.group(1)] = m.group(2)
            plus = next(v for k, v in rows.items() if "+ h)" in k)
            minus = next(v for k, v in rows.items() if "− h)" in k)
            slope = next(v for k, v in rows.items() if "/ 2h" in k)
            h = read_number(rows["h"])
            if read_number(plus) == read_number(minus):
                continue  # nothing moved (a dead ReLU): 0 either way
            redone = (read_number(plus) - read_number(minus)) / (2 * h)
            digits = len(re.sub(r"[^0-9]", "", re.sub(r"^[−-]?0\.0*", "", slope.split("×")[0])))
            assert format_number(redone, digits=digits) == slope, (plus, minus, slope, redone)
            checked += 1
    assert checked > 20

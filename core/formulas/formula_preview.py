"""What a formula exercise shows beside the input while the learner types: the formula in the
lesson's notation (Unicode 2-D, plain or LaTeX), or why it can't be read or evaluated, with the
span of the text to underline (``w_32^(L) does not exist in this network``, ``z_j has no layer``).

Symbols are looked up on a seeded random network of the lesson's widths, never on the lesson's
own numbers, and the rendering is symbolic, so nothing shown hints at an unsolved value.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from backprop_tui.core.formulas.evaluate import EvalError, evaluate
from backprop_tui.core.formulas.formula_cases import Question, cases
from backprop_tui.core.formulas.notation import render
from backprop_tui.core.formulas.parse import FormulaError, parse
from backprop_tui.core.formulas.walk import bind_letters


@dataclass(frozen=True)
class Preview:
    rendered: str  # "" when the text can't be read
    problem: str = ""  # one line; "" when the formula reads and evaluates
    span: tuple[int, int] | None = None  # the part of the text the problem is about


def preview(text: str, q: Question, key: str | None = None, style: str = "unicode",
            width: int | None = None) -> Preview:
    """The preview of ``text`` for the question ``q``. With the exercise's ``key`` the letters
    the key uses for the node and source are bound as the checker binds them."""
    try:
        parsed = parse(text, q.scope)
    except FormulaError as e:
        return Preview("", str(e), e.span)
    rendered = render(parsed.expr, q.notation, style, depth=q.network.depth, width=width)
    stand_in = cases(q, count=1)[1]  # same widths as the lesson's network, other numbers
    binding = stand_in.binding
    if key is not None:
        try:
            letters = bind_letters(parse(key, q.scope).expr, q.node, q.source)
            binding = replace(binding, letters=letters)
        except FormulaError:
            pass
    try:
        evaluate(parsed, stand_in.trace, binding)
    except EvalError as e:
        if e.code != "value":  # a division by zero of random numbers says nothing of the formula
            return Preview(rendered, e.message, e.span)
    return Preview(rendered)

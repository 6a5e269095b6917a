"""What a learner gets redoing a worked line from the numbers it prints, and so whether the line
may write ``=`` before its result or must write ``≈``.

A worked line (``C₀ = (0.5673 − 0)² + (0.4993 − 1)² = 0.5725``) shows its operands rounded to a
few significant digits. Redone on a calculator with exactly those operands it usually gives the
printed result to its last digit, but not always: rounding each operand moves the result. The
renderer (:mod:`backprop_tui.core.formulas.render`) asks :func:`shown_value` for the value of
each side *as printed* (every number it collapses to a value replaced by that value rounded as
printed) and writes ``≈`` where that value, rounded the same way, is not the next side's.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from math import prod

import numpy as np

from backprop_tui.core.formulas.expr import (
    Add,
    Call,
    Div,
    Expr,
    Func,
    Mul,
    Neg,
    Num,
    Partial,
    Pow,
    Sum,
    Sym,
)
from backprop_tui.core.formulas.style import get_style, number_text
from backprop_tui.core.math.activations import get_activation

#: The signs between two sides of a worked line, per style: equal, and approximately equal.
RELATIONS: dict[str, tuple[str, str]] = {
    "unicode": (" = ", " ≈ "),
    "plain": (" = ", " ~= "),
    "latex": (" = ", " \\approx "),
}


def printed(value: float, digits: int = 4) -> float:
    """``value`` as the tutor prints it (``digits`` significant digits), read back as a float:
    the number a learner types into a calculator."""
    return float(number_text(value, get_style("plain"), digits)[0])


def same_printed(left: float, right: float, digits: int = 4) -> bool:
    """Whether ``left`` and ``right`` print as the same number (not finite: no claim is made)."""
    if not (math.isfinite(left) and math.isfinite(right)):
        return True
    plain = get_style("plain")
    return number_text(left, plain, digits)[0] == number_text(right, plain, digits)[0]


def relation(left: float | None, right: float | None, style: str = "unicode",
             digits: int = 4) -> str:
    """" = " when redoing ``left`` (a side's value from its printed operands) gives ``right``
    as printed, else " ≈ " (in ``style``); " = " when either is not a number (a symbolic side)."""
    equal, approx = RELATIONS[style]
    if left is None or right is None:
        return equal
    return equal if same_printed(left, right, digits) else approx


def product_relation(values: Iterable[float], result: float, style: str = "unicode",
                     digits: int = 4) -> str:
    """The sign between factors printed one by one and their product ``result``, printed."""
    return relation(prod(printed(v, digits) for v in values), result, style, digits)


def sum_relation(values: Iterable[float], result: float, style: str = "unicode",
                 digits: int = 4) -> str:
    """The sign between terms printed one by one and their sum ``result``, printed."""
    return relation(math.fsum(printed(v, digits) for v in values), result, style, digits)


def agreeing_digits(value: float, redone: float, most: int, least: int = 2) -> int:
    """The most significant digits (``most`` at best, ``least`` at worst) at which ``value``
    prints as ``redone`` does: how far a number a learner recomputes from printed operands
    (a gradient check's (C₊ − C₋)/2h from the printed costs) can honestly be printed."""
    for digits in range(most, least - 1, -1):
        if same_printed(value, redone, digits):
            return digits
    return least


def difference_quotient(plus: float, minus: float, h: float, digits: int) -> float:
    """(C₊ − C₋)/2h redone from the two costs as printed (``digits`` significant digits)."""
    return (printed(plus, digits) - printed(minus, digits)) / (2 * h)


def shown_value(node: Expr, leaf: Callable[[Expr, bool], float | None],
                elided: Callable[[tuple[Expr, ...]], tuple[tuple[Expr, ...], tuple[Expr, ...]]],
                outermost: bool = True) -> float | None:
    """The value of ``node`` computed the way it is printed. ``leaf(node, outermost)`` gives the
    printed value of a node the renderer shows as a number (``None``: it is written out);
    ``elided(terms)`` splits a written-out sum into the terms shown and those left out (a
    learner cannot redo those: they count at their exact values). ``None``: not a number
    (a symbol without a value, a vector)."""
    here = leaf(node, outermost)
    if here is not None:
        return here

    def ev(child: Expr) -> float | None:
        return shown_value(child, leaf, elided, outermost=False)

    try:
        with np.errstate(all="ignore"):
            value = _combine(node, ev, elided)
    except (OverflowError, ValueError, ZeroDivisionError):  # saturated numbers: no claim
        return None
    return value if value is None or math.isfinite(value) else None


def _combine(node: Expr, ev: Callable[[Expr], float | None],
             elided: Callable[[tuple[Expr, ...]], tuple[tuple[Expr, ...], tuple[Expr, ...]]]
             ) -> float | None:
    if isinstance(node, Num):
        return float(node.value)
    if isinstance(node, Add):
        return _total([ev(t) for t in node.terms])
    if isinstance(node, Neg):
        v = ev(node.arg)
        return None if v is None else -v
    if isinstance(node, Mul):
        values = [ev(f) for f in node.factors]
        return None if None in values else float(prod(values))  # type: ignore[arg-type]
    if isinstance(node, Div):
        num, den = ev(node.num), ev(node.den)
        return None if num is None or den is None or den == 0 else num / den
    if isinstance(node, Pow):
        base = ev(node.base)
        return None if base is None or (base == 0 and node.exponent < 0) else base ** node.exponent
    if isinstance(node, Func):
        arg = ev(node.arg)
        if arg is None:
            return None
        act = get_activation(node.name)
        fn = act.prime if node.derivative else act.fn
        return None if fn is None or not act.elementwise else float(fn(np.array([arg]))[0])
    if isinstance(node, Call):
        arg = ev(node.arg)
        if arg is None or (node.fn == "ln" and arg <= 0):
            return None
        return math.log(arg) if node.fn == "ln" else float(np.exp(arg))
    if isinstance(node, Sum) and node.expanded:
        shown, hidden = elided(node.expanded)
        exact = [_exact(t) for t in hidden]
        return _total([ev(t) for t in shown] + exact)
    if isinstance(node, Sym | Partial) and node.value is not None:
        return float(node.value)
    return None


def _total(values: list[float | None]) -> float | None:
    return None if None in values else math.fsum(values)  # type: ignore[arg-type]


def _exact(node: Expr) -> float | None:
    """A term's exact value (every leaf at its own value)."""
    def leaf(n: Expr, outermost: bool) -> float | None:
        return None

    return shown_value(node, leaf, lambda terms: (terms, ()))

"""How a number on the screen gives an answer away, for the leak scan (tests/leak_scan.py).

:func:`leaks` is the general rule (a number as the app prints the answer, or the answer rounded
to the number's own decimals when it has two significant digits or more). An answer equal to a
number the learner is given is *pinned*: it is looked for only where it can be nothing but the
answer (:func:`pinned_leaks`): the last side of an equation whose left side is the answer's
quantity, in any notation, and the network view's cells of the answer's own node.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import TYPE_CHECKING

from backprop_tui.core.formulas.expr import Expr, Partial, Sym
from backprop_tui.core.formulas.style import format_number
from backprop_tui.tui.widgets.network_view import NetworkView

if TYPE_CHECKING:
    from textual.app import App

NUMBER = re.compile(r"\d+(?:\.\d+)?(?:×10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+|e[-+]?\d+)?")
SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")


def printed_numbers(text: str) -> set[str]:
    """Every number in ``text`` as printed, without its sign."""
    return set(NUMBER.findall(text))


def _value(printed: str) -> tuple[Decimal, int]:
    """A printed number's value and its last decimal place (−2 for 0.01's, 5 for 3×10⁻⁵'s)."""
    if "×10" in printed:
        mantissa, exponent = printed.split("×10")
        printed = f"{mantissa}e{exponent.translate(SUPERSCRIPT)}"
    d = Decimal(printed)
    return d, d.as_tuple().exponent


def leaks(printed: str, answer: float, pinned: bool = False) -> bool:
    """Whether ``printed`` shows ``answer`` (its magnitude) as the app prints it, or rounded to
    the printed number's decimals when the printed number has two significant digits or more
    (``pinned``: printed where it can only be the answer, at any number of digits)."""
    magnitude = abs(answer)
    if printed == format_number(magnitude):
        return True
    value, place = _value(printed)
    if value == 0 or (not pinned and len(value.normalize().as_tuple().digits) < 2):
        return False
    return Decimal(repr(magnitude)).quantize(Decimal(1).scaleb(place), ROUND_HALF_EVEN) == value


#: Characters that continue a symbol (z²₁ is not z²₁₂, nor the z²₁ of ∂C/∂z²₁).
SCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾⁻ᴸ₀₁₂₃₄₅₆₇₈₉₍₎ⱼₖᵢₗ"
#: Where an equation on a line ends: a panel's border, or a gap before the next column.
EQUATION_END = re.compile(r"[│╮╯╰╭]| {3,}")
SIGNED = re.compile(r"[−-]?(" + NUMBER.pattern + ")")


def equation_results(line: str, symbol: str) -> list[str]:
    """The numbers printed on ``line`` as the last side of an equation whose left side is
    ``symbol`` (``z²₁ = 0.4·1 + (−0.2)·0.5 + 0.1 = 0.4`` gives 0.4; ``z²₁ = ?`` nothing)."""
    found, start = [], 0
    while (at := line.find(symbol, start)) >= 0:
        start, end = at + 1, at + len(symbol)
        before = line[at - 1] if at else " "
        if (end < len(line) and (line[end] in SCRIPTS or line[end].isalnum())) or (
                before in SCRIPTS or before.isalnum() or before in "∂/"):
            continue
        rest = line[end:]
        stop = EQUATION_END.search(rest)
        rest = rest[:stop.start()] if stop else rest
        sides = re.split(r"\s*[=≈]\s*", rest.strip())
        if len(sides) < 2 or sides[0]:  # the symbol must start the equation: "z = …"
            continue
        if (number := SIGNED.fullmatch(sides[-1].strip())) is not None:
            found.append(number.group(1))
    return found


def quantity_expr(ex) -> Expr | None:
    """The left side an equation for ``ex``'s quantity has on screen (None: a quantity with no
    such equation of its own)."""
    p = ex.place
    node, source = (p.node,), (p.node, p.source)
    return {
        "z": Sym("z", p.layer, node), "a": Sym("a", p.layer, node),
        "delta": Sym("delta", p.layer, node), "cost": Sym("C"),
        "dC/da": Partial(Sym("C"), Sym("a", p.layer, node)),
        "da/dz": Partial(Sym("a", p.layer, node), Sym("z", p.layer, node)),
        "dC/dw": Partial(Sym("C"), Sym("w", p.layer, source)),
        "dC/db": Partial(Sym("C"), Sym("b", p.layer, node)),
    }.get(ex.quantity)


@dataclass(frozen=True)
class Pinned:
    """An answer equal to a given number, and where it would show as the answer itself."""

    value: float
    symbols: frozenset[str]  # its quantity's symbol in every notation
    node: tuple[int, int] | None  # (layer, node) of a node's own value (z, a, δ)


def node_texts(app: App, layer: int, node: int) -> list[str]:
    """What the screen shows in the cells of node ``node`` of ``layer`` in the network view
    (nothing when the view is not on screen)."""
    views = app.screen.query(NetworkView)
    view = views.first() if views else None
    if view is None or not view.display or view.drawing is None or not view.region.area:
        return []
    region, strips = view.content_region, app.screen._compositor.render_strips()
    rows: dict[int, list[int]] = {}
    for (x, y), target in view.drawing.targets.items():
        if target == ("node", layer, node):
            rows.setdefault(y, []).append(x)
    out = []
    for y, xs in rows.items():
        if 0 <= region.y + y < len(strips):
            out.append(strips[region.y + y].crop(region.x + min(xs), region.x + max(xs) + 1).text)
    return out


def pinned_leaks(app: App, text: str, pinned: Pinned) -> set[str]:
    """The numbers on screen that show ``pinned``'s answer where it can only be the answer."""
    shown = {n for line in text.splitlines() for symbol in pinned.symbols
             for n in equation_results(line, symbol)}
    if pinned.node is not None:
        shown |= {n for cell in node_texts(app, *pinned.node) for n in NUMBER.findall(cell)}
    return {n for n in shown if leaks(n, pinned.value, pinned=True)}

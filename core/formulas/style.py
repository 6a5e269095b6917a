"""How each output style writes things: sub/superscripts, operators, Greek letters, numbers.

Three styles, one :class:`Style` each:

- ``unicode``: Unicode sub/superscripts (w₁₂⁽ᴸ⁾); a character with no sub/superscript form makes
  the whole script fall back to ``_(..)`` / ``^(..)`` text instead of being dropped.
- ``plain``: ASCII only: ``d`` for ∂, ``sum_k`` for Σ, ``(.)`` for the Hadamard product ⊙,
  ``*`` between numbers, ``grad_a C`` for ∇ₐC.
- ``latex``: LaTeX math (``\\frac{\\partial C}{\\partial w_{12}^{(L)}}``, ``\\odot``, ``\\sum_{k}``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

SUPERSCRIPT = dict(zip("0123456789+-−=()LTijklnx", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᴸᵀⁱʲᵏˡⁿˣ", strict=True))
SUBSCRIPT = dict(
    zip("0123456789+-−=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True)
)


def _wrapped(text: str) -> str:
    return text if text.startswith("(") and text.endswith(")") else f"({text})"


def _unicode_script(text: str, table: dict[str, str], marker: str) -> str:
    if all(c in table for c in text):
        return "".join(table[c] for c in text)
    return marker + _wrapped(text)


@dataclass(frozen=True)
class Style:
    """The tokens of one output style."""

    name: str
    minus: str  # a negative number, subtraction
    times: str  # between two numbers in a product
    hadamard: str
    partial: str  # written before the numerator and the denominator of ∂a/∂b
    nabla_a: str  # ∇ₐ, written before the cost
    sum: str
    ellipsis: str
    prime: str
    transpose: str
    parens: tuple[str, str]
    greek: dict[str, str]
    calls: dict[str, str]
    infinity: str
    halves: dict[float, str]  # literal numbers with a special form: ½

    def sub(self, text: str) -> str:
        if self.name == "unicode":
            return _unicode_script(text, SUBSCRIPT, "_")
        if self.name == "latex":
            return "_{" + text + "}"
        return "_" + (text if text.isalnum() else _wrapped(text))

    def sup(self, text: str) -> str:
        if self.name == "unicode":
            return _unicode_script(text, SUPERSCRIPT, "^")
        if self.name == "latex":
            return "^" + (text if len(text) == 1 else "{" + text + "}")
        plain_ok = len(text) == 1 or text.isdigit() or text.startswith("(")
        return "^" + (text if plain_ok else _wrapped(text))

    def scientific(self, mantissa: str, exponent: int) -> str:
        if self.name == "unicode":
            return f"{mantissa}×10{self.sup(str(exponent))}"
        if self.name == "latex":
            return f"{mantissa}\\times10^{{{exponent}}}"
        return f"{mantissa}e{exponent:+03d}"

    def more(self, count: int) -> str:
        """The marker standing for ``count`` elided terms of a long sum."""
        if self.name == "latex":
            return f"\\dots (+{count}\\text{{ more}})"
        return f"{self.ellipsis} (+{count} more)"


STYLE_TABLE: dict[str, Style] = {
    "unicode": Style(
        "unicode", "−", "·", " ⊙ ", "∂", "∇ₐ", "Σ", "…", "′", "ᵀ", ("(", ")"),
        {"delta": "δ", "sigma": "σ", "eta": "η", "epsilon": "ε"},
        {"ln": "ln", "exp": "exp"}, "∞", {0.5: "½", 0.25: "¼", 0.75: "¾"},
    ),
    "plain": Style(
        "plain", "-", "*", " (.) ", "d", "grad_a ", "sum", "...", "'", "^T", ("(", ")"),
        {"delta": "delta", "sigma": "sigma", "eta": "eta", "epsilon": "eps"},
        {"ln": "ln", "exp": "exp"}, "inf", {0.5: "1/2", 0.25: "1/4", 0.75: "3/4"},
    ),
    "latex": Style(
        "latex", "-", " \\cdot ", " \\odot ", "\\partial ", "\\nabla_{a} ", "\\sum", "\\dots",
        "'", "^{\\top}", ("\\left(", "\\right)"),
        {"delta": "\\delta", "sigma": "\\sigma", "eta": "\\eta", "epsilon": "\\epsilon"},
        {"ln": "\\ln", "exp": "\\exp"}, "\\infty",
        {0.5: "\\frac12", 0.25: "\\frac14", 0.75: "\\frac34"},
    ),
}
STYLES: tuple[str, ...] = tuple(STYLE_TABLE)


def get_style(name: str) -> Style:
    try:
        return STYLE_TABLE[name]
    except KeyError:
        raise ValueError(f"unknown style {name!r}; expected one of: {', '.join(STYLES)}") from None


def _trim(digits: str) -> str:
    """"0.2500" -> "0.25", "3.000" -> "3"."""
    return digits.rstrip("0").rstrip(".") if "." in digits else digits


#: How a formula that names an activation writes it (``sigmoid(z)`` is σ(z)), per style.
FUNCTION_NAMES: dict[str, dict[str, str]] = {
    "unicode": {"sigmoid": "σ", "relu": "ReLU"},
    "plain": {},
    "latex": {"sigmoid": "\\sigma", "tanh": "\\tanh", "relu": "\\operatorname{ReLU}",
              "linear": "\\operatorname{linear}", "softmax": "\\operatorname{softmax}"},
}


def function_name(name: str, style: Style) -> str:
    """An activation function written by its own name (σ, tanh, ReLU), not as the layer's g."""
    return FUNCTION_NAMES.get(style.name, {}).get(name, name)


def number_text(value: float, style: Style, digits: int = 4) -> tuple[str, bool]:
    """``value`` with about ``digits`` significant digits, and whether it came out scientific."""
    v = float(value)
    if math.isnan(v):
        return "nan", False
    sign = style.minus if v < 0 else ""
    if math.isinf(v):
        return sign + style.infinity, False
    m, digits = abs(v), max(1, int(digits))
    if m == 0:
        return "0", False
    if m < 1e-3 or m >= 1e5:
        mantissa, exponent = f"{m:.{digits - 1}e}".split("e")
        return sign + style.scientific(_trim(mantissa), int(exponent)), True
    decimals = max(digits - 1 - math.floor(math.log10(m)), 0)
    return sign + _trim(f"{m:.{decimals}f}"), False


def format_number(value: float, style: str = "unicode", digits: int = 4) -> str:
    """A number as the tutor shows it: ``digits`` significant digits, no trailing zeros, the
    style's minus sign, scientific below 1e-3 and from 1e5 on (1.23×10⁻⁵, 1.23e-05,
    1.23\\times10^{-5}); ``nan`` for NaN."""
    return number_text(value, get_style(style), digits)[0]

"""Parsing what a learner types: numbers, option numbers and orders. Nothing is ever evaluated.

Numbers may be decimals (``0.25``, ``.5``), scientific (``-1.5e-3``, ``2×10^-3``), use a Unicode
minus (``−0.2``) and be simple fractions (``1/3``, ``-2/5``).
"""

from __future__ import annotations

import math
import re

_NUMBER = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?"
_TIMES_TEN = re.compile(rf"^({_NUMBER})\s*[×x*]\s*10\s*\^\s*\(?([+-]?\d+)\)?$")
_FRACTION = re.compile(rf"^({_NUMBER})\s*/\s*({_NUMBER})$")
_PLAIN = re.compile(rf"^{_NUMBER}$")
_MINUSES = str.maketrans({"−": "-", "–": "-", "—": "-", "﹣": "-", "－": "-", "＋": "+"})


class AnswerError(ValueError):
    """An answer that can't be read, with a message that says what would be."""


def _normalise(text: str) -> str:
    return text.strip().translate(_MINUSES).replace(" ", "").lower()


def parse_number(text: str) -> float:
    """A finite float from a learner's answer, or :class:`AnswerError`."""
    s = _normalise(text)
    if not s:
        raise AnswerError("Type a number, e.g. 0.25, -1.5e-3 or 1/3.")
    value: float | None = None
    if _PLAIN.match(s):
        value = float(s)
    elif m := _TIMES_TEN.match(s):
        value = float(m.group(1)) * 10.0 ** int(m.group(2))
    elif m := _FRACTION.match(s):
        den = float(m.group(2))
        if den == 0:
            raise AnswerError("That fraction divides by zero.")
        value = float(m.group(1)) / den
    if value is None or not math.isfinite(value):
        raise AnswerError(f"“{text.strip()}” is not a number I can read: try 0.25, -1.5e-3 or 1/3.")
    return value


def parse_choice(text: str, n: int) -> int:
    """A 0-based option from "2" (1-based), or :class:`AnswerError`."""
    s = _normalise(text).rstrip(".)")
    if not s.isdigit() or not 1 <= int(s) <= n:
        raise AnswerError(f"Type the number of an option, 1 to {n}.")
    return int(s) - 1


def parse_order(text: str, n: int) -> tuple[int, ...]:
    """A permutation of 1..n written as "3 1 2" or "3,1,2", as 0-based positions."""
    parts = [p for p in re.split(r"[\s,;]+", text.strip()) if p]
    if len(parts) == 1 and parts[0].isdigit() and len(parts[0]) == n:
        parts = list(parts[0])  # "312" for three factors
    example = " ".join(map(str, range(n, 0, -1)))
    if not all(p.isdigit() for p in parts) or sorted(int(p) for p in parts) != list(range(1, n + 1)):
        raise AnswerError(f"Type each of the numbers 1 to {n} once, in order, e.g. {example}.")
    return tuple(int(p) - 1 for p in parts)

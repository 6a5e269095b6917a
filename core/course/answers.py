"""Parsing what a learner types: numbers, option numbers and orders. Nothing is ever evaluated.

Numbers may be decimals (``0.25``, ``.5``), scientific (``-1.5e-3``, ``2×10^-3``), use a Unicode
minus (``−0.2``) and be simple fractions (``1/3``, ``-2/5``).

The parsers are hand-written scanners, one pass over at most :data:`MAX_ANSWER_CHARS`
characters (no regular expression, so no backtracking), and accept ASCII digits only: ``²``,
``①`` or full-width digits, which ``str.isdigit`` takes and ``int`` refuses, are refused here.
Anything they can't read raises :class:`AnswerError` with the message the learner sees; nothing
else is ever raised.
"""

from __future__ import annotations

import math

#: Longer answers are refused unread: a pasted page is not a number.
MAX_ANSWER_CHARS = 200
#: Digits allowed in an exponent (``e-123``, ``10^(-3)``): enough for any float.
MAX_EXPONENT_DIGITS = 4
#: Digits allowed in an option or order number.
MAX_INDEX_DIGITS = 4

_MINUSES = str.maketrans({"−": "-", "–": "-", "—": "-", "﹣": "-", "－": "-", "＋": "+"})
_DIGITS = frozenset("0123456789")
_TIMES = ("×", "x", "*")


class AnswerError(ValueError):
    """An answer that can't be read, with a message that says what would be."""


def _normalise(text: str) -> str:
    if len(text) > MAX_ANSWER_CHARS:
        raise AnswerError(
            f"That answer is {len(text):,} characters long; type at most {MAX_ANSWER_CHARS}."
        )
    return "".join(text.translate(_MINUSES).split()).lower()


def _shown(text: str) -> str:
    """The learner's answer as quoted back: stripped, control characters escaped, cut short."""
    text = text.strip()
    shown = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text[:40])
    return shown + ("…" if len(text) > 40 else "")


def _digits(s: str, i: int) -> int:
    """The end of the run of ASCII digits starting at ``i``."""
    while i < len(s) and s[i] in _DIGITS:
        i += 1
    return i


def _scan_number(s: str, i: int) -> tuple[str, int, int] | None:
    """A decimal number starting at ``i``: (mantissa text, exponent, end), or None.

    The grammar is ``[+-]? (d+ (. d*)? | . d+) (e [+-]? d{1,4})?``.
    """
    start = i
    if i < len(s) and s[i] in "+-":
        i += 1
    int_end = _digits(s, i)
    frac_end = int_end
    if int_end < len(s) and s[int_end] == ".":
        frac_end = _digits(s, int_end + 1)
    if int_end == i and frac_end <= int_end + 1:  # no digit before or after the point
        return None
    mantissa, exponent, end = s[start:frac_end], 0, frac_end
    if end < len(s) and s[end] == "e":
        j = end + 1
        sign = 1
        if j < len(s) and s[j] in "+-":
            sign = -1 if s[j] == "-" else 1
            j += 1
        k = _digits(s, j)
        if k == j or k - j > MAX_EXPONENT_DIGITS:
            return None
        exponent, end = sign * int(s[j:k]), k
    return mantissa, exponent, end


def _scan_times_ten(s: str, i: int) -> tuple[int, int] | None:
    """``×10^-3`` or ``*10^(3)`` starting at ``i``: (exponent, end), or None."""
    for times in _TIMES:
        if s.startswith(times, i):
            i += len(times)
            break
    else:
        return None
    if not s.startswith("10^", i):
        return None
    i += 3
    bracket = i < len(s) and s[i] == "("
    i += bracket
    sign = 1
    if i < len(s) and s[i] in "+-":
        sign = -1 if s[i] == "-" else 1
        i += 1
    end = _digits(s, i)
    if end == i or end - i > MAX_EXPONENT_DIGITS:
        return None
    exponent = sign * int(s[i:end])
    if bracket:
        if end >= len(s) or s[end] != ")":
            return None
        end += 1
    return exponent, end


def _value(mantissa: str, exponent: int) -> float:
    """``mantissa × 10^exponent`` as a float (inf when it overflows: never an exception)."""
    return float(f"{mantissa}e{exponent}")


def parse_number(text: str) -> float:
    """A finite float from a learner's answer, or :class:`AnswerError`."""
    s = _normalise(text)
    if not s:
        raise AnswerError("Type a number, e.g. 0.25, -1.5e-3 or 1/3.")
    value: float | None = None
    first = _scan_number(s, 0)
    if first is not None:
        mantissa, exponent, end = first
        if end == len(s):
            value = _value(mantissa, exponent)
        elif (ten := _scan_times_ten(s, end)) is not None and ten[1] == len(s):
            value = _value(mantissa, exponent + ten[0])
        elif s[end] == "/" and (second := _scan_number(s, end + 1)) is not None \
                and second[2] == len(s):
            den = _value(second[0], second[1])
            if den == 0:
                raise AnswerError("That fraction divides by zero.")
            value = _value(mantissa, exponent) / den
    if value is None or not math.isfinite(value):
        raise AnswerError(f"“{_shown(text)}” is not a number I can read: try 0.25, -1.5e-3 or 1/3.")
    return value


def _index(part: str) -> int | None:
    """A whole number of at most :data:`MAX_INDEX_DIGITS` ASCII digits, or None."""
    if not part or len(part) > MAX_INDEX_DIGITS or not all(c in _DIGITS for c in part):
        return None
    return int(part)


def parse_choice(text: str, n: int) -> int:
    """A 0-based option from "2" (1-based), or :class:`AnswerError`."""
    pick = _index(text.strip().rstrip(".)").strip()) if len(text) <= MAX_ANSWER_CHARS else None
    if pick is None or not 1 <= pick <= n:
        raise AnswerError(f"Type the number of an option, 1 to {n}.")
    return pick - 1


def parse_order(text: str, n: int) -> tuple[int, ...]:
    """A permutation of 1..n written as "3 1 2" or "3,1,2", as 0-based positions."""
    example = " ".join(map(str, range(n, 0, -1)))
    error = AnswerError(f"Type each of the numbers 1 to {n} once, in order, e.g. {example}.")
    if len(text) > MAX_ANSWER_CHARS:
        raise error
    parts = text.replace(",", " ").replace(";", " ").split()
    if len(parts) == 1 and len(parts[0]) == n and n < 10 and _index(parts[0][:1]) is not None:
        parts = list(parts[0])  # "312" for three factors
    numbers = [_index(p) for p in parts]
    if None in numbers or sorted(numbers) != list(range(1, n + 1)):
        raise error
    return tuple(p - 1 for p in numbers)

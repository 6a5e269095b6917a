"""Checks of what a lesson says, beyond the shape of its file.

:func:`text_problem` refuses text the app could not show as written: a control character (an
ANSI escape pasted from a terminal, a bell, a NUL) or a character that reorders the text
around it (a bidi override). A lesson's text is Markdown; a line break is a real new line.

:func:`given_problem` refuses a numeric exercise whose answer is one of the lesson's given
numbers (a weight, a bias, a target, an input): it is on screen from the start, so the learner
has nothing to compute. The reveal policy says which quantities are given
(:data:`~backprop_tui.core.course.reveal.REVEAL`); an input is the activation of layer 0.
"""

from __future__ import annotations

import unicodedata

from backprop_tui.core.course.reveal import REVEAL

#: Characters that are not control characters but reorder or split what follows them.
_REORDERING = frozenset("\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_NAMES = {"\x1b": "ESC, the start of a terminal escape sequence", "\x00": "NUL",
          "\x07": "BEL", "\r": "a carriage return", "\x7f": "DEL"}
#: What a message asks for instead of text with a control character.
TEXT_EXPECTED = ("plain text or Markdown without control characters (a line break is a real "
                 "new line; emphasis is **bold** or *italic*, not a terminal escape)")


def text_problem(text: str) -> str | None:
    """Why ``text`` (a title, prompt, hint, option ...) can't be shown as written, or None.
    Tabs and line breaks (``\\n``, or ``\\r\\n`` as some editors save them) are fine."""
    for i, c in enumerate(text.replace("\r\n", "\n")):
        if c in "\n\t":
            continue
        if unicodedata.category(c) == "Cc" or c in _REORDERING:
            name = _NAMES.get(c) or unicodedata.name(c, "a control character")
            return f"U+{ord(c):04X} ({name}) at character {i + 1}"
    return None


def table_text_problem(table: dict) -> tuple[str, str, str] | None:
    """The first text of a table (its strings, and those of its lists) that
    :func:`text_problem` refuses, as (key, ``[n]`` for a list's item or "", problem); or None."""
    for key, value in table.items():
        for n, text in enumerate(value if isinstance(value, list) else [value]):
            if isinstance(text, str) and (problem := text_problem(text)):
                return key, f"[{n}]" if isinstance(value, list) else "", f"contains {problem}"
    return None


#: The quantities of a bias: a layer written with ``bias = false`` has none to ask about.
BIAS_QUANTITIES = frozenset({"b", "dC/db", "b-updated"})


def quantity_problem(quantity: str, layer: int | None, has_bias: bool) -> tuple[str, str] | None:
    """Why an exercise asking for ``quantity`` at absolute ``layer`` has nothing to ask, and
    what is expected instead; or None. A bias of a layer without one is not a parameter (its
    ∂C/∂b would be keyed 0 while BP3 gives δ, an order exercise would have no factors);
    a given number is on screen from the start (:func:`given_problem`)."""
    if quantity in BIAS_QUANTITIES and not has_bias:
        return (f"{quantity} of a layer without a bias (bias = false): it has no bias to ask about",
                "a layer with a bias, or the quantity of a weight (dC/dw, w-updated)")
    if problem := given_problem(quantity, layer):
        return problem, GIVEN_EXPECTED
    return None


def given_problem(quantity: str, layer: int | None) -> str | None:
    """Why an exercise asking for ``quantity`` at absolute ``layer`` has nothing to compute
    (its answer is a given number, on screen from the start), or None."""
    if REVEAL[quantity].given:
        what = {"w": "a weight", "b": "a bias", "y": "a target"}.get(quantity, quantity)
        return f"{quantity} is {what}, one of the lesson's given numbers, on screen from the start"
    if quantity == "a" and layer == 0:
        return "a of layer 0 is an input, one of the lesson's given numbers, on screen from the start"
    return None


GIVEN_EXPECTED = ("a quantity the learner computes (z, a after the input, delta, dC/dw, ...); "
                  "to have a given number found, use a navigate exercise")

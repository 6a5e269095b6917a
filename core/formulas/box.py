"""A tiny 2-D text layout for formulas: boxes of lines that share a baseline.

``backprop_tui.core.formulas.notation`` builds every formula out of :class:`Box` es. In one-line styles every box has a
single line and the layout is plain string concatenation; in the stacked Unicode form a fraction
is its numerator over a rule over its denominator, and :func:`hcat` lines the pieces of an
equation up on their baselines::

      ∂C₀
    ─────── = 2(a₁⁽ᴸ⁾ − y₁) g′⁽ᴸ⁾(z₁⁽ᴸ⁾) a₂⁽ᴸ⁻¹⁾
    ∂w₁₂⁽ᴸ⁾
"""

from __future__ import annotations

from dataclasses import dataclass

RULE = "─"
TALL_PARENS = ("⎛", "⎜", "⎝"), ("⎞", "⎟", "⎠")


@dataclass(frozen=True)
class Box:
    """Lines of text (not padded) and the index of the baseline row."""

    lines: tuple[str, ...]
    baseline: int = 0

    @classmethod
    def text(cls, s: str) -> Box:
        return cls((s,), 0)

    @property
    def width(self) -> int:
        return max((len(line) for line in self.lines), default=0)

    @property
    def height(self) -> int:
        return len(self.lines)

    @property
    def flat(self) -> bool:
        return len(self.lines) == 1

    def opens(self) -> bool:
        """Whether the box begins with an opening parenthesis (so "2(" needs no separator)."""
        return self.lines[0].startswith(TALL_PARENS[0][0]) or self.lines[self.baseline].startswith(
            ("(", "\\left(")
        )

    def __str__(self) -> str:
        return "\n".join(line.rstrip() for line in self.lines)


def hcat(*items: Box | str) -> Box:
    """Boxes (or strings) side by side, baselines aligned."""
    boxes = [Box.text(i) if isinstance(i, str) else i for i in items]
    if all(b.flat for b in boxes):
        return Box.text("".join(b.lines[0] for b in boxes))
    above = max(b.baseline for b in boxes)
    below = max(b.height - b.baseline - 1 for b in boxes)
    rows = [""] * (above + below + 1)
    for b in boxes:
        top, w = above - b.baseline, b.width
        for r in range(len(rows)):
            src = b.lines[r - top] if 0 <= r - top < b.height else ""
            rows[r] += src.ljust(w)
    return Box(tuple(rows), above)


def _centred(box: Box, width: int) -> list[str]:
    pad = " " * ((width - box.width) // 2)
    return [pad + line for line in box.lines]


def frac(num: Box, den: Box) -> Box:
    """``num`` over a rule over ``den``, both centred; the rule is the baseline."""
    w = max(num.width, den.width)
    lines = [*_centred(num, w), RULE * w, *_centred(den, w)]
    return Box(tuple(lines), num.height)


def paren(box: Box, left: str = "(", right: str = ")") -> Box:
    """``box`` in parentheses; a box taller than one line gets tall ⎛ ⎞ parentheses."""
    if box.flat:
        return Box.text(left + box.lines[0] + right)
    h = box.height
    (lt, lm, lb), (rt, rm, rb) = TALL_PARENS
    left_col = Box((lt, *[lm] * (h - 2), lb), box.baseline)
    right_col = Box((rt, *[rm] * (h - 2), rb), box.baseline)
    return hcat(left_col, box, right_col)


def superscript(box: Box, text: str) -> Box:
    """``text`` attached to the top right of ``box`` (an exponent, a transpose mark)."""
    if box.flat:
        return Box.text(box.lines[0] + text)
    w = box.width
    lines = (box.lines[0].ljust(w) + text, *box.lines[1:])
    return Box(lines, box.baseline)

"""Colours for signed values: the theme's primary for positive, its warning for negative,
brighter when larger.

Blue/orange (textual-dark's and textual-light's pair) stays readable for the common kinds of
colour blindness; magnitude is shown by blending from a neutral tone, relative to the largest
magnitude in the same layer. Every end colour comes from the theme through the network view's
component classes (app.tcss), so a light theme gets dark-on-light ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from textual.color import Color

LEVELS = 8  # magnitudes are drawn in this many steps, so a layer's colours are a few styles


@dataclass(frozen=True)
class Palette:
    """The end colours, as hex strings (what Rich styles take)."""

    positive: str
    negative: str
    neutral: str  # a zero value
    faint: str  # the background end of edges that stay in the background
    unknown: str  # "?", "… n more", the legend
    focus_edge: str  # the focused weight's edge

    def signed(self, value: float, scale: float) -> str:
        """The colour of ``value`` among values whose largest magnitude is ``scale``."""
        return _level(self, self.neutral, value >= 0, _magnitude(value, scale), 0.25, 0.75)

    def faint_signed(self, value: float, scale: float) -> str:
        """A dim :meth:`signed`, for context that should stay in the background."""
        return _level(self, self.faint, value >= 0, _magnitude(value, scale), 0.1, 0.3)


def _magnitude(value: float, scale: float) -> int:
    t = 0.0 if scale <= 0 else min(1.0, abs(value) / scale) ** 0.5
    return round(t * LEVELS)


@lru_cache(maxsize=512)
def _level(palette: Palette, start: str, positive: bool, level: int, low: float,
           span: float) -> str:
    a, b = Color.parse(start).rgb, Color.parse(palette.positive if positive else palette.negative).rgb
    t = low + span * level / LEVELS
    return Color(*(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))).hex

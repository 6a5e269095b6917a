"""Colours for signed values: blue for positive, orange for negative, brighter when larger.

Blue/orange stays readable for the common kinds of colour blindness; magnitude is shown by
blending from a neutral grey, relative to the largest magnitude in the same layer.
"""

from __future__ import annotations

from functools import lru_cache

from rich.style import Style

POSITIVE = (95, 175, 255)
NEGATIVE = (255, 140, 40)
NEUTRAL = (110, 110, 110)
FOCUS_EDGE = "#ffffff"
UNKNOWN = "#6c6c6c"


def _blend(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> str:
    r, g, bl = (round(x + (y - x) * t) for x, y in zip(a, b, strict=True))
    return f"#{r:02x}{g:02x}{bl:02x}"


@lru_cache(maxsize=256)
def _level_color(positive: bool, level: int) -> str:
    return _blend(NEUTRAL, POSITIVE if positive else NEGATIVE, 0.25 + 0.75 * level / 8)


def signed_color(value: float, scale: float) -> str:
    """A hex colour for ``value`` among values whose largest magnitude is ``scale``."""
    t = 0.0 if scale <= 0 else min(1.0, abs(value) / scale) ** 0.5
    return _level_color(value >= 0, round(t * 8))


FAINT = (58, 58, 58)


@lru_cache(maxsize=64)
def _faint_level(positive: bool, level: int) -> str:
    return _blend(FAINT, POSITIVE if positive else NEGATIVE, 0.1 + 0.3 * level / 8)


def faint_color(value: float, scale: float) -> str:
    """A dim version of :func:`signed_color`, for context that should stay in the background."""
    t = 0.0 if scale <= 0 else min(1.0, abs(value) / scale) ** 0.5
    return _faint_level(value >= 0, round(t * 8))


@lru_cache(maxsize=1024)
def styled(color: str, bold: bool = False, reverse: bool = False, underline: bool = False) -> Style:
    return Style(color=color, bold=bold, reverse=reverse, underline=underline)


def signed_style(value: float, scale: float, bold: bool = False) -> Style:
    return styled(signed_color(value, scale), bold)

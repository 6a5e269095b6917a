"""Which arrangement of the panels a terminal size gets (app.tcss styles each one)."""

from __future__ import annotations

MIN_W, MIN_H = 60, 20  # below this only a message shows
MEDIUM, WIDE = 110, 160
LABELS = {"chain": "Chain rule", "network": "Network", "notation": "Notation", "lesson": "Lesson"}  # from these widths: network over notation; three side by side


def layout_for(width: int, height: int) -> str:
    """tiny (a message only), narrow (one panel at a time), medium or wide."""
    if width < MIN_W or height < MIN_H:
        return "tiny"
    return "narrow" if width < MEDIUM else "medium" if width < WIDE else "wide"


def too_small_message(width: int, height: int) -> str:
    return (f"The terminal is {width}×{height}: backprop-tui needs at least {MIN_W}×{MIN_H}.\n"
            "Make the window larger, or press q to quit.")

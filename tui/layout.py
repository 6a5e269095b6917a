"""The terminal sizes the layouts change at (the tutor screen's breakpoints) and the panels'
names on the narrow layout's tabs."""

from __future__ import annotations

MIN_W, MIN_H = 60, 20  # below this only a message shows
MEDIUM, WIDE = 110, 160  # from these widths: network over notation; three side by side
LABELS = {"chain": "Chain rule", "network": "Network", "notation": "Notation", "lesson": "Lesson"}


def too_small_message(width: int, height: int) -> str:
    return (f"The terminal is {width}×{height}: backprop-tui needs at least {MIN_W}×{MIN_H}.\n"
            "Make the window larger, or press q to quit.")

"""What a terminal below 60×20 shows instead of the panels: its size and the size needed."""

from __future__ import annotations

from textual.widget import Widget

from backprop_tui.tui.layout import too_small_message


class TooSmall(Widget):
    """Shown by app.tcss only at the screen's ``-tiny-width`` / ``-tiny-height`` breakpoints;
    it reads the screen's size when it draws, so a resize redraws it."""

    def render(self) -> str:
        width, height = self.screen.size
        return too_small_message(width, height)

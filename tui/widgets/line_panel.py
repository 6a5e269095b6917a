"""A base for the panels: they draw with the line API, scroll themselves, and repaint only the
rows that change.

A change (a new step, focus, convention...) marks the panel; once the key that caused it has been
handled, the panel builds its rows once and refreshes just the rows that differ from before, so
a step repaints only what it changed and never needs a new layout. A new size or theme rebuilds
and repaints everything.
"""

from __future__ import annotations

from rich.style import Style
from textual import events
from textual.geometry import Region
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from backprop_tui.tui.strips import StripCache, runs_strip

MORE = Style(dim=True, italic=True)


def last_top(rows: int, height: int) -> int:
    """The furthest first row for ``rows`` of content in ``height``: 0 when they all fit (the
    last row then needs no "more" note), else one past the plain count, as that note takes a row."""
    return rows - height + 1 if rows > height else 0


class LinePanel(Widget):
    """Subclasses implement :meth:`content` and call :meth:`changed` from their watchers."""

    #: The first content row shown (not ``offset``: that is Widget's, where it is drawn).
    top_row = reactive(0, repaint=False)
    #: How the panel scrolls, as its last row says when there is more.
    MORE_TEXT = "more lines: pgdn or the mouse wheel"

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._rows: list[Strip] = []
        self._content: list[Strip] | None = None
        self._blank = Strip.blank(0)
        self._stale = True  # the rows are not built for the current size and theme
        self._pending = False
        self._rows_current = False  # the rows show every change made so far
        self._built_for: tuple = (-1, -1, None)  # (width, height, base style) of the rows
        self.strip_cache = StripCache()  # unchanged rows keep their strips

    def content(self, width: int, height: int, base: Style) -> list[Strip]:
        """Every row of the panel for a content area ``width`` wide (``height`` rows show)."""
        raise NotImplementedError

    # ------------------------------------------------------------------ building
    def _build(self) -> list[Strip]:
        width, height = self.size
        base = self.rich_style
        if (width, height, base) != self._built_for:
            self._stale = True
            self._built_for = (width, height, base)
        if self._stale:
            self.strip_cache = StripCache()
            self._content = None
            self._blank = Strip.blank(width, base)
            self._stale = False
        if self._content is None:
            self._content = self.content(width, height, base) if width and height else []
            self.strip_cache.done()
        content = self._content
        self._rows_current = True
        top = max(0, min(self.top_row, last_top(len(content), height)))
        self.set_reactive(LinePanel.top_row, top)
        rows = content[top : top + height]
        below = len(content) - (top + height)
        if below > 0:  # the last row says there is more
            text = f"── ↓ {below + 1} {self.MORE_TEXT} "
            runs = ((text + "─" * max(0, width - len(text)), MORE),)
            rows[-1] = self.strip_cache.get(runs, lambda: runs_strip(runs, width, base))
        return rows

    def changed(self) -> None:
        """Something shown has changed: rebuild once the current message is handled."""
        self._content = None
        self._schedule()

    def _schedule(self) -> None:
        self._rows_current = False
        if not self._pending:
            self._pending = True
            self.call_next(self._rebuild)

    def _rebuild(self) -> None:
        self._pending = False
        if not self.is_mounted or self._rows_current:
            return  # not shown yet, or already painted since the change
        if self._stale:
            self.refresh()  # render_line rebuilds everything
            return
        built_for = self._built_for
        old, new = self._rows, self._build()
        self._rows = new
        if self._built_for != built_for:  # a new theme: the blank rows below the content change too
            self.refresh()
            return
        width = self.size.width
        rows = [Region(0, y, width, 1) for y in range(max(len(old), len(new)))
                if y >= len(old) or y >= len(new) or old[y] is not new[y]]
        if rows:
            self.refresh(*rows)

    def on_resize(self) -> None:
        if tuple(self.size) != self._built_for[:2]:
            self._stale = True
            self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._schedule()  # _build rebuilds everything if the panel's style has changed

    def render_line(self, y: int) -> Strip:
        if self._stale:
            self._rows = self._build()
        return self._rows[y] if y < len(self._rows) else self._blank

    # ------------------------------------------------------------------ scrolling
    def watch_top_row(self) -> None:
        self._schedule()

    @property
    def max_top_row(self) -> int:
        return last_top(len(self._content or []), self.size.height)

    def scroll_lines(self, lines: int) -> None:
        self.top_row = max(0, min(self.max_top_row, self.top_row + lines))

    def scroll_pages(self, pages: int) -> None:
        self.scroll_lines(pages * max(1, self.size.height - 2))

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        if self.max_top_row:
            self.scroll_lines(3)
            event.stop()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        if self.top_row:
            self.scroll_lines(-3)
            event.stop()

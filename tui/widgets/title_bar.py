"""The title line at the top of every screen: Textual's ``Header`` drawn by one widget.

``Header`` is four widgets (itself, an icon, the title and the clock's space) with a tooltip and
four watchers; mounting them was a sixth of the tutor's warm start-up
(benchmarks/ui_bench.py). This one draws the same line, cell for cell and style for style (the
snapshot tests compare it with Header's): the icon in the first eight cells, the app's
:meth:`~textual.app.App.format_title` of the screen's title and sub-title centred between it and
the ten cells Header keeps for a clock. A click on the icon opens the command palette, as
Header's does."""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widget import Widget

ICON = "⭘"
ICON_WIDTH, CLOCK_WIDTH = 8, 10  # Header's HeaderIcon and HeaderClockSpace


class TitleBar(Widget):
    """The screen's title and sub-title (the app's where the screen sets none), centred."""

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    def on_mount(self) -> None:
        for node in (self.app, self.screen):
            for name in ("title", "sub_title"):
                self.watch(node, name, self._retitle, init=False)

    def _retitle(self) -> None:
        self.refresh()

    def title_content(self) -> Content:
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        return app.format_title(title, sub_title)

    def render(self) -> Content:
        width = self.size.width
        icon = Content(f" {ICON}".ljust(ICON_WIDTH)[:width])
        room = max(0, width - ICON_WIDTH - CLOCK_WIDTH)
        title = self.title_content()
        if title.cell_length > room:
            title = title.truncate(room, ellipsis=True)
        left = (room - title.cell_length) // 2
        centred = Content.assemble(" " * left, title, " " * (room - left - title.cell_length))
        return Content.assemble(icon, centred, " " * max(0, width - ICON_WIDTH - room))

    async def on_click(self, event: events.Click) -> None:
        if event.x < ICON_WIDTH and self.app.ENABLE_COMMAND_PALETTE:
            event.stop()
            await self.run_action("app.command_palette")

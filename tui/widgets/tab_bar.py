"""The tab bar of narrow terminals: which panel is shown; a click on a name shows that panel."""

from __future__ import annotations

from rich.style import Style
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from backprop_tui.tui.strips import fit_strip
from backprop_tui.tui.widgets.line_panel import LinePanel

ACTIVE, OTHER = Style(bold=True, reverse=True), Style(dim=True)


class TabBar(LinePanel):
    DEFAULT_CSS = """
    TabBar { height: 1; width: 1fr; }
    """

    active = reactive("chain", repaint=False)
    tabs: reactive[dict[str, str]] = reactive(dict, repaint=False)  # name -> label

    class Selected(Message):
        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: list[tuple[int, int, str]] = []

    def watch_active(self) -> None:
        self.changed()

    watch_tabs = watch_active

    def content(self, width: int, height: int, base: Style) -> list[Strip]:
        runs, x, self._spans = [], 0, []
        for name, label in self.tabs.items():
            text = f" {label} "
            runs += [(text, ACTIVE if name == self.active else OTHER), (" ", None)]
            self._spans.append((x, x + len(text), name))
            x += len(text) + 1
        runs.append(("  t: next panel", OTHER))
        return [fit_strip(runs, width, base)]

    def on_click(self, event: events.Click) -> None:
        for start, end, name in self._spans:
            if start <= event.x < end:
                self.post_message(self.Selected(name))

"""The footer: every key of the tutor, generated from the app's bindings, wrapped onto a second
line when the terminal is narrow (so no key is ever cut off). A click on a key runs it.

One widget draws the whole bar; Textual's own Footer makes a widget per key, which at 20 keys
costs more at start-up than the rest of the screen, and cuts keys off at 120 columns.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.style import Style
from textual import events
from textual.actions import parse
from textual.binding import Binding
from textual.geometry import Size
from textual.strip import Strip

from backprop_tui.tui.strips import runs_strip
from backprop_tui.tui.widgets.line_panel import LinePanel

Entry = list[tuple[str, str | None]]  # (text, action run by a click on it, or None)


class KeyBar(LinePanel):
    COMPONENT_CLASSES = {"key-bar--key"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: auto;
        background: $footer-background;
        color: $footer-description-foreground;
        padding: 0 1;
        & > .key-bar--key { color: $footer-key-foreground; text-style: bold; }
    }
    """

    def __init__(self, bindings: Sequence[Binding], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.bindings = list(bindings)
        self._targets: dict[tuple[int, int], str] = {}

    def entries(self) -> list[Entry]:
        """One entry per shown key, or per group: "←→ Step" (a click on ← runs ←'s action)."""
        app, out = self.app, []
        groups: dict[object, Entry] = {}
        for b in self.bindings:
            _, name, params = parse(b.action)
            if not b.show or app.check_action(name, params) is False:
                continue
            key = b.key_display or app.get_key_display(Binding(b.key.split(",")[0], b.action))
            if b.group is None:
                out.append([(key, b.action), (" " + b.description, b.action)])
            elif b.group in groups:
                groups[b.group].insert(-1, (key, b.action))
            else:
                groups[b.group] = [(key, b.action), (" " + b.group.description, b.action)]
                out.append(groups[b.group])
        return out

    def layout(self, width: int) -> tuple[int, list[list[Entry]]]:
        """The gap between entries (two spaces, one if that fits all on one line) and the
        entries line by line, wrapped at ``width``."""
        entries = self.entries()
        sizes = [sum(cell_len(text) for text, _ in entry) for entry in entries]
        gap = 2 if sum(sizes) + 2 * (len(sizes) - 1) <= width else 1
        lines: list[list[Entry]] = [[]]
        used = 0
        for entry, size in zip(entries, sizes, strict=True):
            if lines[-1] and used + gap + size > width:
                lines.append([])
                used = 0
            used += size + (gap if lines[-1] else 0)
            lines[-1].append(entry)
        return gap, lines

    def changed(self) -> None:
        super().changed()
        self.refresh(layout=True)  # the keys shown may now need one line more or less

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.layout(width)[1])

    def content(self, width: int, height: int, base: Style) -> list[Strip]:
        key_style = self.get_component_rich_style("key-bar--key")
        self._targets = {}
        strips = []
        gap, lines = self.layout(width)
        for y, line in enumerate(lines):
            runs, x = [], 0
            for n, entry in enumerate(line):
                if n:
                    runs.append((" " * gap, None))
                    x += gap
                for i, (text, action) in enumerate(entry):
                    runs.append((text, key_style if i < len(entry) - 1 else None))
                    for dx in range(cell_len(text)):
                        self._targets[(x + dx, y)] = action
                    x += cell_len(text)
            strips.append(runs_strip(runs, width, base))
        return strips

    async def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        action = self._targets.get((offset.x, offset.y)) if offset else None
        if action is not None:
            await self.app.run_action(action)

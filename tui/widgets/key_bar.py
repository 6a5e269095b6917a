"""The footer: every key the screen's bindings show, wrapped onto a second line when the
terminal is narrow (so no key is ever cut off). A click on a key runs it.

Like Textual's Footer it reads ``screen.active_bindings`` and follows the screen's
``bindings_updated_signal``, so a key that ``check_action`` hides leaves the bar as it does the
screen. One widget draws the whole bar; Footer makes a widget per key, which at 20 keys costs more
at start-up than the rest of the screen, and cuts keys off at 120 columns.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.dom import DOMNode
from textual.geometry import Size
from textual.screen import Screen
from textual.strip import Strip

from backprop_tui.tui.strips import runs_strip
from backprop_tui.tui.widgets.line_panel import LinePanel

Target = tuple[str, DOMNode]  # an action and the node it runs on
Entry = list[tuple[str, Target | None]]  # (text, what a click on it runs, or None)


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

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._targets: dict[tuple[int, int], Target] = {}
        self._entries: list[Entry] | None = None  # until the bindings change
        self._relayout_for = 0  # the line count a new layout was last asked for

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen) -> None:
        self._entries = None
        self.changed()
        self.refresh(layout=True)  # the keys shown may now need one line more or less

    def shown(self) -> list[tuple[Binding, DOMNode]]:
        """The first shown binding of each action, in the order the screen binds them."""
        first: dict[str, tuple[Binding, DOMNode]] = {}
        for active in self.screen.active_bindings.values():
            b = active.binding
            if b.show and b.action not in first:
                first[b.action] = (b, active.node)
        return list(first.values())

    def entries(self) -> list[Entry]:
        """One entry per shown key, or per group: "←→ Step", "home/end Phase" (a click on ←
        runs ←'s action; keys are drawn by their names, never as symbols of other keys)."""
        app, out = self.app, []
        groups: dict[object, Entry] = {}
        for b, node in self.shown():
            key, target = b.key_display or app.get_key_display(b), (b.action, node)
            if b.group is None:
                out.append([(key, target), (" " + b.description, target)])
            elif b.group in groups:
                entry = groups[b.group]
                if len(key) > 1 or len(entry[-2][0]) > 1:  # "home/end", as "←→" needs no "/"
                    entry.insert(-1, ("/", target))
                entry.insert(-1, (key, target))
            else:
                groups[b.group] = [(key, target), (" " + b.group.description, target)]
                out.append(groups[b.group])
        return out

    def layout(self, width: int) -> tuple[int, list[list[Entry]]]:
        """The gap between entries (two spaces, one if that fits all on one line) and the
        entries line by line, wrapped at ``width``."""
        if self._entries is None:
            self._entries = self.entries()
        entries = self._entries
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
                for i, (text, target) in enumerate(entry):
                    runs.append((text, key_style if i < len(entry) - 1 else None))
                    for dx in range(cell_len(text)):
                        self._targets[(x + dx, y)] = target
                    x += cell_len(text)
            strips.append(runs_strip(runs, width, base))
        if len(lines) != height and self._relayout_for != len(lines):
            # laid out for keys that have changed since (a lesson's keys arrive a message
            # later): ask once for the height these need, or a key line would be cut off
            self._relayout_for = len(lines)
            self.call_after_refresh(self.refresh, layout=True)
        return strips

    def position_of(self, action: str) -> tuple[int, int] | None:
        """Where on the bar (content x, y) a click runs ``action``; None if it is not shown."""
        return next((xy for xy, (name, _) in sorted(self._targets.items()) if name == action),
                    None)

    async def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        target = self._targets.get((offset.x, offset.y)) if offset else None
        if target is not None:
            await self.app.run_action(*target)

"""The title bar draws Textual's Header line cell for cell: the same characters in the same
colours and attributes, at any width and in the dark and the light theme (it replaced Header
on every screen because Header's four widgets were a sixth of the tutor's start-up)."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Header

from backprop_tui.tui.widgets.title_bar import TitleBar


class TitleApp(App):
    def __init__(self, widget: type, title: str, sub_title: str, theme: str) -> None:
        super().__init__()
        self.widget, self.title, self.sub_title, self.start_theme = widget, title, sub_title, theme

    def compose(self) -> ComposeResult:
        yield self.widget()

    def on_mount(self) -> None:
        self.theme = self.start_theme


def cells(strips) -> list[tuple]:
    """(character, colour, background, bold, dim, italic, underline, reverse) per cell; a
    space's colour is not drawn, so it is left out."""
    out = []
    for strip in strips:
        for seg in strip:
            s = seg.style
            for ch in seg.text:
                drawn = ch != " " or s.underline or s.reverse
                out.append((ch, s.color if drawn else None, s.bgcolor, bool(s.bold), bool(s.dim), bool(s.italic),
                            bool(s.underline), bool(s.reverse)))
    return out


async def first_line(widget: type, width: int, title: str, sub_title: str, theme: str,
                     screen_sub_title: str | None = None) -> list[tuple]:
    app = TitleApp(widget, title, sub_title, theme)
    async with app.run_test(size=(width, 5)) as pilot:
        if screen_sub_title is not None:
            app.screen.sub_title = screen_sub_title
        await pilot.pause()
        await pilot.pause()
        return cells(app.screen._compositor.render_update(full=True).strips[0])


CASES = [(120, "backprop-tui", "4-2-2-1 · sigmoid · sse"), (80, "backprop-tui", "lessons"),
         (61, "backprop-tui · examples/xor.toml", "2-2-1 · sigmoid · mse"),  # cut with …
         (30, "backprop-tui", "a sub-title far too long for thirty cells"), (18, "t", ""),
         (120, "backprop-tui", "")]


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
@pytest.mark.parametrize(("width", "title", "sub_title"), CASES)
async def test_the_title_bar_draws_headers_line_cell_for_cell(width, title, sub_title, theme):
    header = await first_line(Header, width, title, sub_title, theme)
    ours = await first_line(TitleBar, width, title, sub_title, theme)
    assert len(ours) == width
    assert ours == header


async def test_a_screens_sub_title_replaces_the_apps_as_headers_does():
    header = await first_line(Header, 100, "backprop-tui", "app's", "textual-dark", "lesson · 01")
    ours = await first_line(TitleBar, 100, "backprop-tui", "app's", "textual-dark", "lesson · 01")
    assert "lesson · 01" in "".join(c[0] for c in ours)
    assert ours == header

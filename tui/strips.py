"""Turning prepared lines into Textual strips, for the panels that draw with the line API.

The panels redraw on every step, so they skip Textual's general content pipeline: each line is
built once per change (and per width) and handed out by ``render_line``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip


def _strip(segments: list[Segment], used: int, width: int, base: Style) -> Strip:
    """One Strip of ``width`` cells: ``segments`` (``used`` cells, styles already over ``base``)
    then blank cells in ``base``. Building it in one go keeps Textual from copying it."""
    if used < width:
        segments.append(Segment(" " * (width - used), base))
    return Strip(segments, max(used, width))


def _over(base: Style, style: Style | None) -> Style:
    return base if style is None else base + style


def runs_strip(runs: Sequence[tuple[str, Style | None]], width: int, base: Style,
               exact: bool = False) -> Strip:
    """One line from (text, style) runs, padded or cropped to ``width``, over ``base``.
    ``exact``: the runs are known to fill ``width`` cells (no need to measure them)."""
    if exact:
        return Strip([Segment(text, _over(base, style)) for text, style in runs if text], width)
    return fit_strip(list(runs), width, base)


Runs = list[tuple[str, Style | None]]


class StripCache:
    """Strips of the last build, by content: a row that did not change is the same object."""

    def __init__(self) -> None:
        self.previous: dict[tuple, object] = {}
        self.current: dict[tuple, object] = {}

    def get(self, key: tuple, make):
        """The strip (or strips) built for ``key`` last time, else ``make()``."""
        strip = self.current.get(key) or self.previous.get(key)
        if strip is None:
            strip = make()
        self.current[key] = strip
        return strip

    def done(self) -> None:
        """End of a build: keep only what it used."""
        self.previous, self.current = self.current, {}


def fit_strip(runs: Runs, width: int, base: Style) -> Strip:
    """One line from (text, style) runs, cut with "…" where it would pass ``width``."""
    segments: list[Segment] = []
    used = 0
    for text, style in runs:
        size = cell_len(text)
        if used + size > width:
            room = width - used
            if room > 0:
                segments.append(Segment(set_cell_size(text, room - 1) + "…", _over(base, style)))
            used = width
            break
        if text:
            segments.append(Segment(text, _over(base, style)))
        used += size
    return _strip(segments, used, width, base)


def lines_strips(lines: Iterable[Runs], width: int, console: Console, base: Style,
                 cache: StripCache | None = None) -> list[Strip]:
    """Lines of runs, each wrapped to ``width`` (at spaces) when it is longer."""

    def make(runs: Runs) -> list[Strip]:
        size = sum(cell_len(text) for text, _ in runs)
        if size <= width:
            segments = [Segment(text, _over(base, style)) for text, style in runs if text]
            return [_strip(segments, size, width, base)]
        text = Text.assemble(*runs)
        indent = len(text.plain) - len(text.plain.lstrip(" "))
        return text_strips([text], width, console, base, hanging=min(indent, width // 4))

    strips: list[Strip] = []
    for runs in lines:
        strips += make(runs) if cache is None else cache.get(tuple(runs), lambda r=runs: make(r))
    return strips


def text_strips(texts: Iterable[Text], width: int, console: Console, base: Style,
                hanging: int = 0) -> list[Strip]:
    """Rich texts wrapped to ``width`` (a text's own newlines start new lines); lines a wrap
    continues are indented by ``hanging``."""
    strips: list[Strip] = []
    for text in texts:
        plain = text.plain
        if not text.spans and isinstance(text.style, Style) and "\n" not in plain:
            size = cell_len(plain)
            if size <= width:  # the common case: one plain line that fits
                strips.append(_strip([Segment(plain, _over(base, text.style))], size, width, base))
                continue
        if "\n" in plain or text.cell_len > width:
            lines = list(text.wrap(console, width - hanging))
            if hanging:
                pad = Text(" " * hanging)
                lines = [lines[0], *(Text.assemble(pad, line) for line in lines[1:])]
        else:  # one line that fits: no need to wrap
            lines = [text]
        for line in lines:
            segments = [Segment(t, _over(base, s)) for t, s, _ in line.render(console, end="")]
            strips.append(_strip(segments, line.cell_len, width, base))
    return strips

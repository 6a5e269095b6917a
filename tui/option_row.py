"""One row of the lesson list: a status and a number in fixed columns, then a text whose
wrapped lines stay under its first (a hanging indent).

It draws what a ``rich.table.Table.grid`` of those three columns drew, cell for cell, at a
fraction of the cost: the list's options were rendered as tables, and laying out eighteen of
them was two fifths of the lesson list's first frame (benchmarks/ui_bench.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text


@dataclass(frozen=True)
class OptionRow:
    """``mark`` right-aligned in ``mark_width`` cells, ``number`` right-aligned in
    ``number_width``, one space after each, then ``body`` wrapped in the rest."""

    mark: Text
    number: Text
    body: Text
    mark_width: int = 7
    number_width: int = 3

    @property
    def indent(self) -> int:
        return self.mark_width + 1 + self.number_width + 1

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        room = max(1, width - self.indent)
        head = [*_cell(console, self.mark, self.mark_width), Segment(" "),
                *_cell(console, self.number, self.number_width), Segment(" ")]
        blank = [Segment(" " * self.indent)]
        for n, line in enumerate(self.body.wrap(console, room)):
            line.pad_right(room - line.cell_len)
            yield from head if n == 0 else blank
            yield from _segments(console, line)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self.indent + 1, options.max_width)


def _segments(console: Console, text: Text) -> list[Segment]:
    """``text``'s segments in its spans' styles over its own (``Text.render`` leaves that
    one to its caller)."""
    base = console.get_style(text.style) if text.style else None
    return list(Segment.apply_style(text.render(console), base))


def _cell(console: Console, text: Text, width: int) -> list[Segment]:
    """``text`` right-aligned in ``width`` cells (cut to them if longer)."""
    cut = text.copy()
    cut.truncate(width)
    cut.pad_left(width - cut.cell_len)
    return _segments(console, cut)

"""What a practice problem (or an exam) gives, as text: each layer's activation, weights and
biases, the cost by name, the samples (x and y), and the values given beyond them. The text is
the core's printable sheet (``core.course.practice.sheet``), which never holds an answer."""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.strip import Strip

from backprop_tui.core.course.practice.problem import Problem
from backprop_tui.core.course.practice.sheet import given_text, network_text, samples_text
from backprop_tui.tui.strips import text_strips
from backprop_tui.tui.widgets.line_panel import LinePanel

HANGING = 4  # a wrapped line's continuation is indented this far
#: Where a given line may wrap: after the comma, semicolon or colon that ends an item, so a
#: symbol is never on one line and its value on the next ("y₀" | "= 0" was).
BREAK = re.compile(r"(?<=[,;:])( +)")


def wrap_at_items(line: str, width: int, hanging: int = HANGING) -> list[str]:
    """``line`` wrapped to ``width`` cells only between items; an item wider than a line is
    left whole (the panel then wraps it at its spaces)."""
    if cell_len(line) <= width:
        return [line]
    lead = line[: len(line) - len(line.lstrip(" "))]
    parts = BREAK.split(line.strip(" "))  # item, spaces, item, spaces, ..., item
    lines, current = [], lead + parts[0]
    for gap, item in zip(parts[1::2], parts[2::2], strict=True):
        if cell_len(current) + len(gap) + cell_len(item) <= width:
            current += gap + item
        else:
            lines.append(current)
            current = " " * hanging + item
    return [*lines, current]


def given_lines(p: Problem) -> list[str]:
    """The network's shape and cost, the samples and the given values first (they are what a
    short panel must not cut off), then each layer's weights and biases."""
    network = network_text(p)
    given = given_text(p)
    return network[:2] + samples_text(p) + given + [""] + network[2:]


class GivenPanel(LinePanel):
    """The numbers the learner works from."""

    BORDER_TITLE = "Given"
    MORE_TEXT = "more: pgdn or the wheel"  # short: at 80 columns the panel is 36 wide

    problem: reactive[Problem | None] = reactive(None, repaint=False)

    def watch_problem(self) -> None:
        self.top_row = 0
        self.changed()

    def content(self, width: int, height: int, base: Style) -> list[Strip]:
        if self.problem is None:
            return []
        texts = [Text(part) for line in given_lines(self.problem) for part in wrap_at_items(line, width)]
        return text_strips(texts, width, self.app.console, base, hanging=HANGING)

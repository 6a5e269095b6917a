"""The lesson list's rows (tui/option_row.py) draw what the three-column Rich grid they
replaced drew, cell for cell (character and style), at four widths, for every kind of row."""

from __future__ import annotations

import pytest
from rich.console import Console
from rich.style import Style
from rich.table import Table
from rich.text import Text

from backprop_tui.tui.option_row import OptionRow

ROWS = [
    (Text("new", "dim"), Text("1.", "bold"),
     Text.assemble(("Notation and indices", "bold"), ("  — deeplizard · notation", "dim"), "\n",
                   "Read w₁₂⁽ᴸ⁾ like an address: the layer, then where the weight arrives, then "
                   "where it leaves.")),
    (Text("✓ done", Style(color="green", bold=True)), Text("12.", "bold"),
     Text.assemble(("A title long enough to wrap at a narrow width", "bold"), "\n", "summary")),
    (Text("▶", "yellow"), Text(""), Text("Practice\nPractise each step of backprop on networks.")),
    (Text("broken", "red"), Text(""), Text.assemble(("Can't open this lesson", "bold"), "\n",
                                                    ("x.toml:3: expected a table", "dim"))),
]


def grid(mark: Text, number: Text, body: Text) -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(width=7, justify="right")
    table.add_column(width=3, justify="right")
    table.add_column(ratio=1)
    table.add_row(mark, number, body)
    return table


def cells(renderable, width: int) -> list[list[tuple[str, Style | None]]]:
    console = Console(width=width, color_system="truecolor", legacy_windows=False)
    lines = console.render_lines(renderable, console.options.update_width(width), pad=True)
    return [[(ch, (seg.style or None) if ch != " " else None) for seg in line if not seg.control
             for ch in seg.text] for line in lines]


@pytest.mark.parametrize("width", [40, 60, 80, 113])
@pytest.mark.parametrize("row", ROWS, ids=["lesson", "done", "practice", "broken"])
def test_a_row_draws_what_the_grid_drew(row, width):
    ours = cells(OptionRow(*row), width)
    assert ours == cells(grid(*row), width)
    assert all(len(line) == width for line in ours)

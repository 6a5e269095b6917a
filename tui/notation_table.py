"""How the notation panel lays out its symbol table in the room it has, as lines of runs.

Each row is a symbol: its generic form (wⱼₖ⁽ˡ⁾), its value for the focus (w₁₂⁽ᴸ⁾ = −0.4) and
its meaning in words. When the whole table fits with every meaning wrapped, it is shown so
(:func:`wrapped_lines`); otherwise each symbol takes one line (two in a narrow panel), its
meaning cut to fit (:func:`compact_lines`), and a detail under the table gives one row's
meaning whole (:func:`detail_lines`): a cut meaning can always be read.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style

from backprop_tui.tui.strips import Runs

#: (key, generic symbol, its value for the focus as runs, meaning)
Row = tuple[str, str, Runs, str]

BOLD, DIM = Style(bold=True), Style(dim=True)
WIDE = 44  # from this width a symbol takes one line (symbol, value, meaning), else two
MIN_MEANING = 16  # a meaning column narrower than this is not worth wrapping into
DETAIL_MARK = "▸ "


def wrap(text: str, width: int) -> list[str]:
    """``text`` broken at spaces into lines of at most ``width`` cells (a longer word is left
    whole, for the strip to cut)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        if not line:
            line = word
        elif cell_len(line) + 1 + cell_len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    return [*lines, line] if line else lines or [""]


def _columns(rows: list[Row]) -> tuple[int, int]:
    c1 = max(cell_len(generic) for _, generic, _, _ in rows) + 2
    c2 = max(sum(cell_len(t) for t, _ in value) for _, _, value, _ in rows) + 2
    return c1, c2


def _value_pad(value: Runs, c2: int) -> Runs:
    return [*value, (" " * (c2 - sum(cell_len(t) for t, _ in value)), None)]


def compact_lines(rows: list[Row], width: int) -> tuple[list[Runs], list[str]]:
    """One line per symbol (symbol, value, meaning to be cut to fit) from :data:`WIDE`
    columns, else two (the symbol with its meaning, then the value); and the row key each
    line shows."""
    lines: list[Runs] = []
    keys: list[str] = []
    if width >= WIDE:
        c1, c2 = _columns(rows)
        for key, generic, value, meaning in rows:
            lines.append([(generic + " " * (c1 - cell_len(generic)), BOLD),
                          *_value_pad(value, c2), (meaning, DIM)])
            keys.append(key)
    else:
        for key, generic, value, meaning in rows:
            lines += [[(generic, BOLD), ("  ", None), (meaning, DIM)], [("  ", None), *value]]
            keys += [key, key]
    return lines, keys


def wrapped_lines(rows: list[Row], width: int) -> tuple[list[Runs], list[str]]:
    """The table with every meaning whole, wrapped in its column, or (in a panel too narrow
    for a meaning column worth reading) under its symbol with the value on a line of its
    own; and the row key of each line."""
    lines: list[Runs] = []
    keys: list[str] = []
    c1, c2 = _columns(rows)
    room = width - c1 - c2
    if width >= WIDE and room >= MIN_MEANING:
        for key, generic, value, meaning in rows:
            parts = wrap(meaning, room)
            lines.append([(generic + " " * (c1 - cell_len(generic)), BOLD),
                          *_value_pad(value, c2), (parts[0], DIM)])
            lines += [[(" " * (c1 + c2), None), (part, DIM)] for part in parts[1:]]
            keys += [key] * len(parts)
        return lines, keys
    for key, generic, value, meaning in rows:
        parts = wrap(f"{generic}  {meaning}", width - 2)
        head = parts[0][len(generic):]  # (the wrap starts with the symbol's own text)
        lines.append([(generic, BOLD), (head, DIM)])
        lines += [[("  ", None), (part, DIM)] for part in parts[1:]]
        lines.append([("  ", None), *value])
        keys += [key] * (len(parts) + 1)
    return lines, keys


def detail_lines(row: Row, width: int) -> list[Runs]:
    """One row's meaning whole, wrapped under the table: "▸ wⱼₖ⁽ˡ⁾  the weight from ..."."""
    _key, generic, _value, meaning = row
    head = DETAIL_MARK + generic
    parts = wrap(f"{head}  {meaning}", width - 2)
    first = [(head, BOLD), (parts[0][len(head):], None)]
    return [first, *([("  ", None), (part, None)] for part in parts[1:])]


def detail_height(rows: list[Row], width: int) -> int:
    """The lines the detail takes for its longest meaning (the same for every row shown, so
    picking another row never moves the panel)."""
    return max(len(detail_lines(row, width)) for row in rows)

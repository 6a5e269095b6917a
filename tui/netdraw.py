"""Lays a network out on a character grid: layers as columns, nodes as rows, edges in braille.

Pure presentation: values come from the trace, colours from a :class:`~backprop_tui.tui.palette.Palette`
(the theme's, as the widget reads it). The result is a
:class:`Drawing`: per row, runs of (text, style) ready to become a Textual ``Strip``, and a map
from cell to what is drawn there ("node", l, i) or ("edge", l, j, k), so a click can tell what it
hit. Styles carry no per-cell data, so a row is a handful of runs and cheap to paint.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import numpy as np
from rich.style import Style

from backprop_tui.core.formulas.style import format_number
from backprop_tui.tui.focus import Focus
from backprop_tui.tui.palette import Palette

NODE_W = 6  # a node's cell: its value in six characters
MAX_VISIBLE = 8  # layers above this size are shown as a window with "… n more"
BRAILLE_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))  # [row][column]

Item = int | tuple[str, int]  # a node index, or ("more", count) for an elided run


def window(n: int, center: int, rows: int) -> list[Item]:
    """The items shown for a layer of ``n`` nodes in ``rows`` rows, keeping ``center`` in view."""
    rows = max(rows, 1)
    if n <= min(MAX_VISIBLE, rows):
        return list(range(n))
    shown = max(1, min(MAX_VISIBLE, rows - 1))
    start = max(0, min(center - shown // 2, n - shown))
    if start > 0 and start + shown < n and shown + 2 > rows:
        shown = max(1, rows - 2)
        start = max(0, min(center - shown // 2, n - shown))
    items: list[Item] = [("more", start)] if start else []
    items += range(start, start + shown)
    if start + shown < n:
        items.append(("more", n - start - shown))
    return items


def compact(value: float, width: int = 6) -> str:
    """A number in at most ``width`` cells, with a real minus sign; a small one that isn't 0
    stays readable (3×10⁻⁴, never 0.000: a vanishing δ is the point of a lesson), and below
    0.01 keeps two significant digits where they fit (0.0012, not 0.001)."""
    if value != 0 and abs(value) < 0.001 and np.isfinite(value):
        for digits in (2, 1):
            if len(text := format_number(float(value), digits=digits)) <= width:
                return text
        return f"{value:.0e}".replace("-", "−")
    if 0 < abs(value) < 0.01 and len(text := format_number(float(value), digits=2)) <= width:
        return text
    for text in (f"{value:.3f}", f"{value:.2f}", f"{value:.1f}", f"{value:.0f}", f"{value:.0e}"):
        if len(text) <= width:
            return text.replace("-", "−")
    return "±∞" if np.isinf(value) else text.replace("-", "−")[:width]


Target = tuple  # ("node", l, i) or ("edge", l, j, k)
Run = tuple[str, Style | None]


@lru_cache(maxsize=1024)
def _style(color: str | None, bold: bool = False, reverse: bool = False,
           underline: bool = False) -> Style:
    return Style(color=color, bold=bold, reverse=reverse, underline=underline)


@dataclass(frozen=True)
class Drawing:
    rows: list[list[Run]]
    targets: dict[tuple[int, int], Target]


@dataclass(frozen=True)
class Labels:
    """The notation-dependent strings the drawing needs, supplied by the widget."""

    layer: Sequence[str]  # per layer 0..L, e.g. "L−1"
    quantity: Sequence[str]  # per layer, the symbol of the value shown, e.g. "z⁽ᴸ⁻¹⁾"
    caption: str  # the focus, e.g. "w⁽ᴸ⁾₀₁ = 0.4123  a⁽ᴸ⁻¹⁾₁ → z⁽ᴸ⁾₀"


class Grid:
    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.chars = [[" "] * width for _ in range(height)]
        self.styles: list[list[Style | None]] = [[None] * width for _ in range(height)]
        self.targets: dict[tuple[int, int], Target] = {}
        self.touched = [False] * height

    def put(self, x: int, y: int, text: str, style: Style | None, clip: int | None = None,
            target: Target | None = None) -> None:
        if not 0 <= y < self.height:
            return
        self.touched[y] = True
        end = min(self.width, clip if clip is not None else self.width)
        for i, ch in enumerate(text):
            if 0 <= x + i < end:
                self.chars[y][x + i] = ch
                self.styles[y][x + i] = style
                if target is not None:
                    self.targets[(x + i, y)] = target
                else:
                    self.targets.pop((x + i, y), None)

    def drawing(self) -> Drawing:
        rows = []
        blank: list[Run] = [(" " * self.width, None)]
        for chars, styles, touched in zip(self.chars, self.styles, self.touched, strict=True):
            if not touched:
                rows.append(blank)
                continue
            cuts = [0, *(x for x in range(1, self.width) if styles[x] is not styles[x - 1]),
                    self.width]
            rows.append([("".join(chars[a:b]), styles[a]) for a, b in pairwise(cuts)])
        return Drawing(rows, self.targets)


def draw(
    sizes: Sequence[int],
    weights: Sequence[np.ndarray],
    known: Sequence[tuple[str, np.ndarray | None]],
    focus: Focus,
    step_layer: int,
    labels: Labels,
    width: int,
    height: int,
    palette: Palette,
    header_style: Callable[[bool], Style] | None = None,
) -> Drawing:
    """The whole picture for a ``width`` × ``height`` area."""
    grid = Grid(width, height)
    L = len(sizes) - 1
    top, caption_rows = 2, (2 if height >= 10 else 1)
    rows = max(1, height - top - caption_rows)
    xs = [round(l * (width - NODE_W) / L) for l in range(L + 1)]
    centers = [focus.source if l == focus.layer - 1 else focus.node if l == focus.layer else 0
               for l in range(L + 1)]
    items = [window(n, c, rows) for n, c in zip(sizes, centers, strict=True)]
    gap = (width - NODE_W * (L + 1)) // L  # columns between two layers
    cap = max(3, min(6, gap // 2))  # rows between nodes: more when edges have room to slope
    ys: list[dict[int, int]] = []
    markers: list[tuple[int, int, str, int]] = []
    for l, layer_items in enumerate(items):
        spacing = max(1, min(cap, rows // len(layer_items)))
        offset = top + (rows - spacing * len(layer_items)) // 2
        pos: dict[int, int] = {}
        for i, item in enumerate(layer_items):
            y = offset + i * spacing + spacing // 2
            clip = xs[l + 1] - 1 if l < L else width
            if isinstance(item, tuple):
                markers.append((xs[l], y, f"… {item[1]} more", clip))
            else:
                pos[item] = y
        ys.append(pos)
        # headers: the layer's name, then the quantity its nodes show at this step
        current = l == step_layer
        hs = header_style(current) if header_style else _style(None, current)
        for row, label in ((0, labels.layer[l]), (1, labels.quantity[l])):
            x = min(xs[l] + max(0, (NODE_W - len(label)) // 2), width - len(label))
            grid.put(max(0, x), row, label, hs)
    for l in range(1, L + 1):
        _edges(grid, l, sizes, weights[l - 1], xs, ys, focus, palette)
    for x, y, text, clip in markers:
        grid.put(max(0, min(x, width - len(text))), y, text, _style(palette.unknown), clip)
    for l in range(L + 1):
        _nodes(grid, l, known[l], xs[l], ys[l], focus, palette)
    grid.put(0, height - caption_rows, labels.caption, _style(None, True))
    if caption_rows == 2:
        grid.put(0, height - 1, "■", _style(palette.signed(1, 1)))
        grid.put(2, height - 1, "+", _style(palette.unknown))
        grid.put(4, height - 1, "■", _style(palette.signed(-1, 1)))
        grid.put(6, height - 1, "−   brighter = larger · click to focus", _style(palette.unknown))
    return grid.drawing()


def _nodes(grid: Grid, l: int, known: tuple[str, np.ndarray | None], x: int,
           ys: dict[int, int], focus: Focus, palette: Palette) -> None:
    quantity, values = known
    scale = float(np.max(np.abs(values))) if values is not None and len(values) else 0.0
    for i, y in ys.items():
        is_focus = l == focus.layer and i == focus.node
        is_source = l == focus.layer - 1 and i == focus.source and focus.kind == "w"
        if values is None:
            label, color = "?", palette.unknown
        else:
            label, color = compact(float(values[i])), palette.signed(float(values[i]), scale)
        if is_focus and focus.kind == "b" and x > 0:
            grid.put(x - 1, y, "b", _style(None, True, True))
        style = _style(color, is_focus or is_source, is_focus, is_source)
        text = f"{label:^{NODE_W}}" if values is None else f"{label:>{NODE_W}}"
        grid.put(x, y, text, style, target=("node", l, i))


_EDGE_CACHE: OrderedDict[tuple, tuple[np.ndarray, list[tuple]]] = OrderedDict()


def _edges(grid: Grid, l: int, sizes: Sequence[int], w: np.ndarray, xs: list[int],
           ys: list[dict[int, int]], focus: Focus, palette: Palette) -> None:
    x0, x1 = xs[l - 1] + NODE_W, xs[l] - 1
    cells = x1 - x0 + 1
    if cells < 2:
        return
    here = focus.layer == l
    key = (id(w), l, x0, cells, tuple(ys[l - 1].items()), tuple(ys[l].items()),
           (focus.node, focus.source if focus.kind == "w" else None) if here else None,
           sizes[l], sizes[l - 1], palette)
    hit = _EDGE_CACHE.get(key)
    if hit is None or hit[0] is not w:  # edges between layers the focus is not in repeat
        hit = (w, _edge_cells(l, sizes, w, x0, cells, ys, focus if here else None, palette))
        _EDGE_CACHE[key] = hit
        if len(_EDGE_CACHE) > 128:
            _EDGE_CACHE.popitem(last=False)
    chars, styles, targets, touched = grid.chars, grid.styles, grid.targets, grid.touched
    for x, y, char, style, target in hit[1]:  # each is one cell inside the grid
        if 0 <= y < grid.height:
            chars[y][x], styles[y][x], targets[(x, y)], touched[y] = char, style, target, True


def _edge_cells(l: int, sizes: Sequence[int], w: np.ndarray, x0: int, cells: int,
                ys: list[dict[int, int]], focus: Focus | None, palette: Palette) -> list[tuple]:
    """The braille cells of the edges from layer l−1 into layer l, as (x, y, char, style,
    target). Every edge between small layers (faint unless it reaches the focused node), else
    only the focused node's."""
    small = sizes[l] <= MAX_VISIBLE and sizes[l - 1] <= MAX_VISIBLE
    scale = float(np.max(np.abs(w))) if w.size else 0.0
    bits: dict[tuple[int, int], int] = {}
    owner: dict[tuple[int, int], tuple[float, tuple[int, int, int], str]] = {}
    for j, yj in ys[l].items():
        into_focus = focus is not None and j == focus.node
        if not small and not into_focus:
            continue
        for k, yk in ys[l - 1].items():
            weight = float(w[j, k])
            on_focus = into_focus and k == focus.source
            rank = float("inf") if on_focus else abs(weight) + (1e9 if into_focus else 0)
            color = (palette.focus_edge if on_focus else palette.signed(weight, scale)
                     if into_focus else palette.faint_signed(weight, scale))
            px0, py0, px1, py1 = 0, yk * 4 + 2, cells * 2 - 1, yj * 4 + 2
            steps = max(abs(px1 - px0), abs(py1 - py0), 1)
            for s in range(steps + 1):
                px = px0 + round((px1 - px0) * s / steps)
                py = py0 + round((py1 - py0) * s / steps)
                cell = (px // 2, py // 4)
                bits[cell] = bits.get(cell, 0) | BRAILLE_BITS[py % 4][px % 2]
                if cell not in owner or owner[cell][0] < rank:
                    owner[cell] = (rank, (l, j, k), color)
    out = []
    for (cx, cy), b in bits.items():
        rank, edge, color = owner[(cx, cy)]
        out.append((x0 + cx, cy, chr(0x2800 + b), _style(color, rank == float("inf")),
                    ("edge", *edge)))
    return out

"""Lays a network out on a character grid: layers as columns, nodes as rows, edges in braille.

Pure presentation: values come from the trace, colours from a :class:`~backprop_tui.tui.palette.Palette`
(the theme's, as the widget reads it). The result is a
:class:`Drawing`: per row, runs of (text, style) ready to become a Textual ``Strip``, and a map
from cell to what is drawn there ("node", l, i) or ("edge", l, j, k), so a click can tell what it
hit. Styles carry no per-cell data, so a row is a handful of runs and cheap to paint.

Every edge between two visible nodes is drawn (faint unless it touches the focus), however
large the layers; the braille cells of a layer's edges are computed with NumPy and remembered
while neither the layout nor that layer's part of the focus changes.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Collection, Sequence
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
_BITS = np.array(BRAILLE_BITS, dtype=np.int64)

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
    hidden: Collection[tuple[int, int]] = (),
) -> Drawing:
    """The whole picture for a ``width`` × ``height`` area; the nodes ``hidden`` ((layer,
    node)) show "?" whatever their value."""
    grid = Grid(width, height)
    L = len(sizes) - 1
    top, caption_rows = 2, (2 if height >= 10 else 1)
    rows = max(1, height - top - caption_rows)
    xs = [round(l * (width - NODE_W) / L) for l in range(L + 1)]
    centers = [focus.source if l == focus.layer - 1 and not focus.is_node
               else focus.node if l == focus.layer else 0 for l in range(L + 1)]
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
        _nodes(grid, l, known[l], xs[l], ys[l], focus, palette, hidden)
    grid.put(0, height - caption_rows, labels.caption, _style(None, True))
    if caption_rows == 2:
        grid.put(0, height - 1, "■", _style(palette.signed(1, 1)))
        grid.put(2, height - 1, "+", _style(palette.unknown))
        grid.put(4, height - 1, "■", _style(palette.signed(-1, 1)))
        grid.put(6, height - 1, "−   brighter = larger · click to focus", _style(palette.unknown))
    return grid.drawing()


def _nodes(grid: Grid, l: int, known: tuple[str, np.ndarray | None], x: int,
           ys: dict[int, int], focus: Focus, palette: Palette,
           hidden: Collection[tuple[int, int]] = ()) -> None:
    quantity, values = known
    scale = float(np.max(np.abs(values))) if values is not None and len(values) else 0.0
    for i, y in ys.items():
        is_focus = l == focus.layer and i == focus.node
        is_source = l == focus.layer - 1 and i == focus.source and focus.kind == "w"
        if values is None or (l, i) in hidden:
            label, color, unknown = "?", palette.unknown, True
        else:
            label, color = compact(float(values[i])), palette.signed(float(values[i]), scale)
            unknown = False
        if is_focus and focus.kind == "b" and x > 0:
            grid.put(x - 1, y, "b", _style(None, True, True))
        if is_focus and focus.is_node:  # the node itself: marked, so it reads as the focus
            grid.put(x - 1 if x > 0 else x + NODE_W, y, "▶" if x > 0 else "◀", _style(None, True))
        style = _style(color, is_focus or is_source, is_focus, is_source)
        text = f"{label:^{NODE_W}}" if unknown else f"{label:>{NODE_W}}"
        grid.put(x, y, text, style, target=("node", l, i))


_EDGE_CACHE: OrderedDict[tuple, tuple[np.ndarray, list[tuple]]] = OrderedDict()


def _highlight(focus: Focus, l: int) -> tuple[int | None, int | None, int | None]:
    """What of the focus the edges into layer ``l`` show: the node they arrive at, the node
    they leave (a focused node's outgoing edges) and the source of the focused weight."""
    into = focus.node if focus.layer == l and focus.layer > 0 else None
    leaving = focus.node if focus.is_node and focus.layer == l - 1 else None
    source = focus.source if focus.layer == l and focus.kind == "w" else None
    return into, leaving, source


def _edges(grid: Grid, l: int, sizes: Sequence[int], w: np.ndarray, xs: list[int],
           ys: list[dict[int, int]], focus: Focus, palette: Palette) -> None:
    x0, x1 = xs[l - 1] + NODE_W, xs[l] - 1
    cells = x1 - x0 + 1
    if cells < 2:
        return
    marks = _highlight(focus, l)
    key = (id(w), l, x0, cells, tuple(ys[l - 1].items()), tuple(ys[l].items()), marks,
           sizes[l], sizes[l - 1], palette)
    hit = _EDGE_CACHE.get(key)
    if hit is None or hit[0] is not w:  # edges between layers the focus is not in repeat
        hit = (w, _edge_cells(l, w, x0, cells, ys, marks, palette))
        _EDGE_CACHE[key] = hit
        if len(_EDGE_CACHE) > 128:
            _EDGE_CACHE.popitem(last=False)
    chars, styles, targets, touched = grid.chars, grid.styles, grid.targets, grid.touched
    for x, y, char, style, target in hit[1]:  # each is one cell inside the grid
        if 0 <= y < grid.height:
            chars[y][x], styles[y][x], targets[(x, y)], touched[y] = char, style, target, True


def _edge_cells(l: int, w: np.ndarray, x0: int, cells: int, ys: list[dict[int, int]],
                marks: tuple[int | None, int | None, int | None],
                palette: Palette) -> list[tuple]:
    """The braille cells of the edges from the visible nodes of layer l−1 into the visible
    nodes of layer l, as (x, y, char, style, target). Every such edge is drawn: faint unless it
    touches the focused node; a cell two edges cross belongs to the focused weight, then to an
    edge of the focused node, then to the larger weight (the first edge drawn on a tie)."""
    into, leaving, source = marks
    edges = [(j, k, yj, yk) for j, yj in ys[l].items() for k, yk in ys[l - 1].items()]
    if not edges:
        return []
    scale = float(np.max(np.abs(w))) if w.size else 0.0
    j, k, yj, yk = (np.array(column, dtype=np.int64) for column in zip(*edges, strict=True))
    weight = w[j, k].astype(float)
    near = (j == into) if into is not None else np.zeros(len(edges), bool)
    if leaving is not None:
        near |= k == leaving
    on_focus = near & (k == source) if source is not None else np.zeros(len(edges), bool)
    rank = np.where(on_focus, np.inf, np.abs(weight) + np.where(near, 1e9, 0.0))
    # every edge's points, Bresenham-like: as many as its longer side, rounded half to even
    px1, py0, py1 = cells * 2 - 1, yk * 4 + 2, yj * 4 + 2
    steps = np.maximum(np.maximum(px1, np.abs(py1 - py0)), 1)
    count = steps + 1
    edge = np.repeat(np.arange(len(edges)), count)
    s = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
    px = np.round(px1 * s / steps[edge]).astype(np.int64)
    py = py0[edge] + np.round((py1 - py0)[edge] * s / steps[edge]).astype(np.int64)
    cell = (py // 4) * cells + px // 2
    bits = np.zeros(int(cell.max()) + 1, dtype=np.int64)
    np.bitwise_or.at(bits, cell, _BITS[py % 4, px % 2])
    # the owner of each cell: the highest rank, the first edge among equals
    order = np.lexsort((edge, -rank[edge]))
    first = np.unique(cell[order], return_index=True)
    out = []
    for c, at in zip(first[0].tolist(), order[first[1]].tolist(), strict=True):
        e = int(edge[at])
        wt = float(weight[e])
        color = (palette.focus_edge if on_focus[e] else palette.signed(wt, scale) if near[e]
                 else palette.faint_signed(wt, scale))
        out.append((x0 + c % cells, c // cells, chr(0x2800 + int(bits[c])),
                    _style(color, bool(on_focus[e])), ("edge", l, int(j[e]), int(k[e]))))
    return out

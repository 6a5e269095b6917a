"""The notation panel: the active convention's symbol table, each symbol with its value for the
focused node and weight (a "?" until the trace has computed it) and its meaning.

Where the meanings don't fit whole (:mod:`backprop_tui.tui.notation_table`), a detail under the
table gives one row's meaning whole: the row the step is about (the one highlighted), or the row
the learner clicked (clicked again, the detail follows the step once more)."""

from __future__ import annotations

from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.reactive import reactive
from textual.strip import Strip

from backprop_tui.core.formulas import notation
from backprop_tui.tui import present
from backprop_tui.tui.focus import Focus
from backprop_tui.tui.notation_table import (
    Row,
    compact_lines,
    detail_height,
    detail_lines,
    wrapped_lines,
)
from backprop_tui.tui.present import known
from backprop_tui.tui.strips import Runs, fit_strip
from backprop_tui.tui.widgets.line_panel import LinePanel

BOLD, DIM, REVERSE, NORMAL = Style(bold=True), Style(dim=True), Style(reverse=True), Style()
HIGHLIGHT = {"z": {"z_j"}, "a": {"a_j"}, "cost": {"C"}, "BP1": {"δ"}, "BP2": {"δ"},
             "BP3": {"b_j", "δ"}, "BP4": {"w_jk", "δ"}}


class NotationPanel(LinePanel):
    BORDER_TITLE = "Notation · deeplizard"

    trace = reactive(None, repaint=False)
    step_index = reactive(0, repaint=False)
    focus: reactive[Focus] = reactive(Focus(), repaint=False)
    convention = reactive("deeplizard", repaint=False)
    eta = reactive(0.5, repaint=False)
    #: the row whose meaning the detail gives, as clicked (None: the step's highlighted row)
    selected: reactive[str | None] = reactive(None, repaint=False)

    _line_keys: tuple[str, ...] = ()  # the row key of each content line, for a click
    _row_cache: tuple[tuple, list] | None = None  # (what they were built for, the rows)
    held = reactive(False, repaint=False)  # a lesson holds the step's result back

    def watch_trace(self) -> None:
        self.changed()

    watch_step_index = watch_focus = watch_eta = watch_selected = watch_held = watch_trace

    def watch_convention(self, convention: str) -> None:
        self.border_title = f"Notation · {convention}"
        self.changed()

    def value(self, key: str) -> Runs:
        t, f, conv = self.trace, self.focus, self.convention
        s = self.step_index - self.held  # a held step's result is not known yet
        L = t.depth

        plain = t.network.plain_output

        def sym(name: str, layer: int | None = None, idx: tuple = ()) -> str:
            return present.symbol(name, conv, depth=L, layer=layer, idx=idx, plain_output=plain)

        def shown(name: str, value: float | None, idx: tuple, layer: int | None = None) -> Runs:
            head = (f"{sym(name, layer, idx)} = ", None)
            if value is None:
                return [head, ("?", DIM)]
            return [head, (notation.format_number(float(value)), BOLD)]

        def when(quantity: str, layer: int, value: float) -> float | None:
            return value if known(t, s, quantity, layer) else None

        j, k, l = f.node, f.source, f.layer
        n_out = t.network.sizes[-1]
        if l == 0 and key in ("w_jk", "b_j", "z_j", "g", "δ"):  # a focused input node
            return [("— (an input node)", DIM)]
        match key:
            case "L":
                return [(notation.layer_count(conv, L), BOLD)]
            case "l":
                return [(notation.layer_label(l, conv, L), BOLD)]
            case "j":
                return [(notation.node_number(conv, j), BOLD)]
            case "k":
                return [(notation.node_number(conv, k), BOLD)]
            case "w_jk":
                return shown("w", t.network.weights[l - 1][j, k], (j, k), l)
            case "b_j":
                return shown("b", t.network.biases[l - 1][j], (j,), l)
            case "z_j":
                return shown("z", when("z", l, t.z(l)[j]), (j,), l)
            case "a_j":
                return shown("a", when("a", l, t.a(l)[j]), (j,), l)
            case "g":
                name = t.network.activations[l - 1]
                shown = present.symbol("g", conv, depth=L, layer=l, activation=name)
                return [(f"{shown} = {name}" if shown != name else name, None)]
            case "y_j":
                if l == L:
                    return shown("y", t.y[j], (j,))
                parts = [f"{sym('y', None, (i,))} = {notation.format_number(float(t.y[i]))}"
                         for i in range(min(n_out, 2))]
                return [(", ".join(parts) + (" …" if n_out > 2 else ""), None)]
            case "C":
                return shown("C", when("cost", L, t.loss), ())
            case "δ":
                return shown("delta", when("delta", l, t.delta(l)[j]), (j,), l)
            case "learning rate":
                return [(f"{sym('eta')} = {notation.format_number(self.eta)}", None)]
        return []

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """The same for every step (so a step needs no new layout): the table with a symbol a
        line (two when narrow), and the detail's lines."""
        if self.trace is None:
            return 0
        rows = self.rows()
        return len(compact_lines(rows, width)[0]) + detail_height(rows, width)

    def rows(self) -> list[Row]:
        """The table's rows for what the panel is bound to, built once per change: a frame asks
        for them several times (the content height, then the table)."""
        key = (self.trace, self.step_index, self.focus, self.convention, self.eta, self.held)
        if self._row_cache is None or self._row_cache[0] != key:
            self._row_cache = (key, self._build_rows())
        return self._row_cache[1]

    def _build_rows(self) -> list[Row]:
        step = self.trace.steps[self.step_index]
        hot = HIGHLIGHT.get(step.equation, set())
        rows = []
        for key, generic, meaning in notation.symbol_table(self.convention, self.trace.depth):
            value = self.value(key)
            if key in hot:
                value = [(text, (style or NORMAL) + REVERSE) for text, style in value]
            rows.append((key, generic, value, meaning))
        return rows

    def detail_row(self, rows: list[Row]) -> Row:
        """The row the detail explains: the one clicked, else the first the step is about."""
        hot = HIGHLIGHT.get(self.trace.steps[self.step_index].equation, set())
        for key in (self.selected, *(key for key, *_ in rows if key in hot)):
            for row in rows:
                if row[0] == key:
                    return row
        return rows[0]

    def table(self, width: int, height: int) -> tuple[list[Runs], list[str]]:
        """The lines shown and the row key of each ("" for a line of the detail)."""
        rows = self.rows()
        whole = wrapped_lines(rows, width)
        if len(whole[0]) <= height:
            return whole
        lines, keys = compact_lines(rows, width)
        detail = detail_lines(self.detail_row(rows), width)
        detail += [[]] * (detail_height(rows, width) - len(detail))
        return lines + detail, keys + [""] * len(detail)

    def content(self, width: int, height: int, base: Style) -> list[Strip]:
        if self.trace is None:
            return []
        lines, keys = self.table(width, height)
        self._line_keys = tuple(keys)
        cache = self.strip_cache
        return [cache.get(tuple(line), lambda line=line: fit_strip(line, width, base))
                for line in lines]

    def on_click(self, event: events.Click) -> None:
        """A click on a row shows its meaning whole in the detail; on that row again, the
        detail follows the step."""
        offset = event.get_content_offset(self)
        if offset is None or self.trace is None:
            return
        line = self.top_row + offset.y
        key = self._line_keys[line] if 0 <= line < len(self._line_keys) else ""
        if key:
            self.selected = None if key == self.selected else key

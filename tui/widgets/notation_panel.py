"""The notation panel: the active convention's symbol table, each symbol with its value for the
focused node and weight (a "?" until the trace has computed it)."""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from textual.geometry import Size
from textual.reactive import reactive
from textual.strip import Strip

from backprop_tui.core.formulas import notation
from backprop_tui.tui import present
from backprop_tui.tui.focus import Focus
from backprop_tui.tui.present import known
from backprop_tui.tui.strips import Runs, fit_strip
from backprop_tui.tui.widgets.line_panel import LinePanel

BOLD, DIM, REVERSE, NORMAL = Style(bold=True), Style(dim=True), Style(reverse=True), Style()
WIDE = 44  # from this width a symbol takes one line, its meaning cut to fit
HIGHLIGHT = {"z": {"z_j"}, "a": {"a_j"}, "cost": {"C"}, "BP1": {"δ"}, "BP2": {"δ"},
             "BP3": {"b_j", "δ"}, "BP4": {"w_jk", "δ"}}


def table_lines(rows: list[tuple[str, str, Runs, str]], width: int) -> list[Runs]:
    """One line per symbol (symbol, its value for the focus, its meaning cut to fit) when the
    panel is wide enough, else two: the symbol with its meaning, then the value."""
    lines: list[Runs] = []
    if width >= WIDE:
        c1 = max(cell_len(generic) for _, generic, _, _ in rows) + 2
        widths = [sum(cell_len(t) for t, _ in value) for _, _, value, _ in rows]
        c2 = max(widths) + 2
        for (_key, generic, value, meaning), w in zip(rows, widths, strict=True):
            lines.append([(generic + " " * (c1 - cell_len(generic)), BOLD), *value,
                          (" " * (c2 - w), None), (meaning, DIM)])
    else:
        for _key, generic, value, meaning in rows:
            lines.append([(generic, BOLD), ("  ", None), (meaning, DIM)])
            lines.append([("  ", None), *value])
    return lines


class NotationPanel(LinePanel):
    BORDER_TITLE = "Notation · deeplizard"

    trace = reactive(None, repaint=False)
    step_index = reactive(0, repaint=False)
    focus: reactive[Focus] = reactive(Focus(), repaint=False)
    convention = reactive("deeplizard", repaint=False)
    eta = reactive(0.5, repaint=False)
    held = reactive(False, repaint=False)  # a lesson holds the step's result back

    def watch_trace(self) -> None:
        self.changed()

    watch_step_index = watch_focus = watch_eta = watch_held = watch_trace

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
        """The same for every step (so a step needs no new layout): one or two lines a symbol."""
        if self.trace is None:
            return 0
        rows = len(notation.symbol_table(self.convention, self.trace.depth))
        return rows if width >= WIDE else 2 * rows

    def rows(self) -> list[tuple[str, str, Runs, str]]:
        step = self.trace.steps[self.step_index]
        hot = HIGHLIGHT.get(step.equation, set())
        rows = []
        for key, generic, meaning in notation.symbol_table(self.convention, self.trace.depth):
            value = self.value(key)
            if key in hot:
                value = [(text, (style or NORMAL) + REVERSE) for text, style in value]
            rows.append((key, generic, value, meaning))
        return rows

    def content(self, width: int, height: int, base: Style) -> list[Strip]:
        if self.trace is None:
            return []
        cache = self.strip_cache
        return [cache.get(tuple(line), lambda line=line: fit_strip(line, width, base))
                for line in table_lines(self.rows(), width)]

"""One line saying where the learner is: phase, layer, equation, the step count and the cost."""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from textual.reactive import reactive
from textual.strip import Strip

from backprop_tui.core.formulas import notation
from backprop_tui.tui import present
from backprop_tui.tui.present import known
from backprop_tui.tui.strips import fit_strip
from backprop_tui.tui.widgets.line_panel import LinePanel

BOLD, DIM = Style(bold=True), Style(dim=True)


class StatusBar(LinePanel):
    DEFAULT_CSS = """
    StatusBar {
        height: 1;
        background: $panel;
        color: $text;
        padding: 0 1;
    }
    """

    trace = reactive(None, repaint=False)
    step_index = reactive(0, repaint=False)
    convention = reactive("deeplizard", repaint=False)
    last_update = reactive(None, repaint=False)

    def watch_trace(self) -> None:
        self.changed()

    watch_step_index = watch_convention = watch_last_update = watch_trace

    def where(self) -> str:
        """ "Backward · layer L−1 · BP2" """
        t = self.trace
        step = t.steps[self.step_index]
        if step.equation == "cost":
            return "Forward · cost"
        layer = notation.layer_label(step.layer, self.convention, t.depth)
        return f"{step.phase.capitalize()} · layer {layer} · {step.equation}"

    def content(self, width: int, height: int, base: Style) -> list[Strip]:
        t = self.trace
        if t is None:
            return []
        cost = present.symbol("C", self.convention, depth=t.depth)
        known_cost = known(t, self.step_index, "cost", t.depth)
        right = f"{cost} = {notation.format_number(t.loss) if known_cost else '?'}"
        change = self.last_update
        if change is not None:
            eta = present.symbol("eta", self.convention, depth=t.depth)
            fmt = notation.format_number
            right += f"   after an update ({eta} = {fmt(change.eta)}): was {fmt(change.shown_before)}"
        left = self.where()
        middle = f"step {self.step_index + 1}/{len(t.steps)} · {self.convention}"
        if cell_len(left) + cell_len(middle) + cell_len(right) + 4 > width:
            middle = ""  # the step count gives way to the cost
        sizes = cell_len(left) + cell_len(middle) + cell_len(right)
        gap = max(2, (width - cell_len(middle)) // 2 - cell_len(left))  # the middle centred
        gap = min(gap, max(2, width - sizes - 2)) if middle else 0  # unless the right needs it
        used = sizes + gap
        runs = [(left, BOLD), (" " * gap, None), (middle, DIM),
                (" " * max(2, width - used), None), (right, BOLD)]
        return [fit_strip(runs, width, base)]

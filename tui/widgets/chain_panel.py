"""The chain-rule panel: the step's equation in symbols, with numbers, the result; then the
focused parameter's chain rule (or every path, or the gradient check)."""

from __future__ import annotations

from rich.style import Style
from textual.reactive import reactive
from textual.strip import Strip

from backprop_tui.tui.chain_text import BAD, GOOD, ChainText
from backprop_tui.tui.focus import Focus
from backprop_tui.tui.strips import lines_strips
from backprop_tui.tui.widgets.line_panel import LinePanel

TITLES = {"chain": "Chain rule", "paths": "Chain rule · paths", "check": "Gradient check"}


class ChainPanel(LinePanel):
    """Shows what core computed for the current step and the focus; it computes nothing."""

    BORDER_TITLE = "Chain rule"
    #: The gradient check's verdict (backprop agrees or not), coloured from the theme (app.tcss).
    COMPONENT_CLASSES = {"chain-panel--good", "chain-panel--bad"}

    trace = reactive(None, repaint=False)
    step_index = reactive(0, repaint=False)
    focus: reactive[Focus] = reactive(Focus(), repaint=False)
    convention = reactive("deeplizard", repaint=False)
    mode = reactive("chain", repaint=False)
    expansion = reactive(None, repaint=False)
    check = reactive(None, repaint=False)
    hide_chain = reactive(False, repaint=False)
    limit: reactive[int | None] = reactive(None, repaint=False)  # a lesson's last step
    hidden: reactive[frozenset] = reactive(frozenset(), repaint=False)  # node values kept back
    held = reactive(False, repaint=False)  # ... and the step's result held back (limit −1)
    hide_order = reactive(False, repaint=False)  # ... and the chain rule's factor order

    def watch_trace(self) -> None:
        self.changed()

    watch_focus = watch_convention = watch_expansion = watch_check = watch_hide_chain = watch_trace
    watch_limit = watch_hidden = watch_held = watch_hide_order = watch_trace

    def watch_mode(self, mode: str) -> None:
        self.border_title = TITLES[mode]
        self.changed()

    def watch_step_index(self) -> None:
        self.top_row = 0  # a new step starts at its top
        self.changed()

    def content(self, width: int, height: int, base: Style) -> list[Strip]:
        if self.trace is None:
            return []
        step = self.trace.steps[self.step_index]
        backward_open = self.limit is None or self.limit >= self.trace.first_backward()
        lines = ChainText(step, self.focus, self.convention, self.mode, self.expansion,
                          self.check, self.hide_chain, backward_open, self.hidden,
                          self.held, self.hide_order).lines(width)
        if self.check is not None:
            verdict = {id(GOOD): self.get_component_rich_style("chain-panel--good", partial=True),
                       id(BAD): self.get_component_rich_style("chain-panel--bad", partial=True)}
            lines = [[(text, verdict.get(id(style), style)) for text, style in line]
                     for line in lines]
        return lines_strips(lines, width, self.app.console, base, self.strip_cache)

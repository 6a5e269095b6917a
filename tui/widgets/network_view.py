"""The network panel: layers as columns, each node with the value known at the current step.

Its focus line names what is focused: a weight or a bias with its value, or a node with its
output (and, once the backward pass has reached it, its δ), each number only when the trace has
computed it by this step and no unsolved exercise asks for it (``hidden``, from the reveal
policy of ``backprop_tui.core.course.reveal``)."""

from __future__ import annotations

from rich.style import Style
from textual import events
from textual.color import Color
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from backprop_tui.core.formulas import notation
from backprop_tui.tui import present
from backprop_tui.tui.focus import Focus
from backprop_tui.tui.netdraw import Drawing, Labels, draw
from backprop_tui.tui.palette import Palette
from backprop_tui.tui.strips import runs_strip
from backprop_tui.tui.widgets.line_panel import LinePanel

QUANTITY_SYMBOL = {"a": "a", "z": "z", "delta": "delta"}


class NetworkView(LinePanel):
    """Draws the trace's network; a click on a node or an edge posts :class:`FocusPicked`."""

    BORDER_TITLE = "Network"
    #: The palette's colours and the current layer's header, styled from the theme (app.tcss).
    COMPONENT_CLASSES = {f"network-view--{name}" for name in (
        "positive", "negative", "neutral", "faint", "unknown", "focus-edge", "current")}

    trace = reactive(None, repaint=False)
    step_index = reactive(0, repaint=False)
    focus: reactive[Focus] = reactive(Focus(), repaint=False)
    convention = reactive("deeplizard", repaint=False)
    #: Node values an unsolved exercise asks for, as (quantity, layer, node): drawn as "?".
    hidden: reactive[frozenset] = reactive(frozenset(), repaint=False)
    held = reactive(False, repaint=False)  # a lesson holds the step's result back: its nodes show ?

    class FocusPicked(Message):
        """The learner clicked a node (``source`` is None) or the edge w^(layer)_{node,source}."""

        def __init__(self, layer: int, node: int, source: int | None = None) -> None:
            super().__init__()
            self.layer, self.node, self.source = layer, node, source

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._drawing: Drawing | None = None

    def watch_trace(self) -> None:
        self.changed()

    watch_step_index = watch_focus = watch_convention = watch_hidden = watch_held = watch_trace

    def known(self) -> tuple:
        """What each layer's nodes show: the trace's values at the step, except that a step
        whose result the lesson holds back leaves its layer as it was before the step (its
        quantity named, its values "?")."""
        t, i = self.trace, self.step_index
        known = t.known_values(i)
        if not self.held:
            return known
        layer = t.steps[i].layer
        before = t.known_values(i - 1)[layer] if i > 0 else ("", None)
        shown = list(known)
        shown[layer] = before if before[1] is not None else (known[layer][0], None)
        return tuple(shown)

    def labels(self) -> Labels:
        t, conv = self.trace, self.convention
        L = t.depth
        known = self.known()
        layer = [notation.layer_label(l, conv, L) for l in range(L + 1)]
        quantity = [self.quantity_label(q, l) for l, (q, _) in enumerate(known)]
        return Labels(layer, quantity, self.caption())

    def sym(self, name: str, layer: int, idx: tuple = ()) -> str:
        """A symbol as the chain panel writes it (Kostadinov's s for a plain output)."""
        t = self.trace
        return present.symbol(name, self.convention, depth=t.depth, layer=layer, idx=idx,
                              plain_output=t.network.plain_output)

    def node_value(self, quantity: str, layer: int, node: int) -> str:
        """A node's ``quantity`` as the focus line prints it: its number once the trace has
        computed it by this step, unless an unsolved exercise asks for it; else "?"."""
        t = self.trace
        if (quantity, layer, node) in self.hidden or not t.known(self.step_index, quantity, layer):
            return "?"
        values = {"a": t.a, "z": t.z, "delta": t.delta}[quantity](layer)
        return notation.format_number(float(values[node]))

    def caption(self) -> str:
        """The focus line: the focused weight, bias or node, named in the convention."""
        t, f, sym = self.trace, self.focus, self.sym
        if f.is_node:
            out = f"{sym('a', f.layer, (f.node,))} = {self.node_value('a', f.layer, f.node)}"
            if f.layer > 0 and t.known(self.step_index, "delta", f.layer):
                delta = self.node_value("delta", f.layer, f.node)
                return f"{out}   {sym('delta', f.layer, (f.node,))} = {delta}"
            where = notation.layer_label(f.layer, self.convention, t.depth)
            return f"{out}   node {notation.node_number(self.convention, f.node)} of layer {where}"
        if f.kind == "w":
            name = sym("w", f.layer, (f.node, f.source))
            value = t.network.weights[f.layer - 1][f.node, f.source]
            where = f"{sym('a', f.layer - 1, (f.source,))} → {sym('z', f.layer, (f.node,))}"
        else:
            name = sym("b", f.layer, (f.node,))
            value = t.network.biases[f.layer - 1][f.node]
            where = "bias of " + sym("z", f.layer, (f.node,))
        return f"{name} = {notation.format_number(float(value))}   {where}"

    def hidden_cells(self) -> frozenset[tuple[int, int]]:
        """The (layer, node) cells whose shown value an unsolved exercise asks for."""
        if not self.hidden:
            return frozenset()
        known = self.trace.known_values(self.step_index)
        return frozenset((l, j) for q, l, j in self.hidden if known[l][0] == q)

    def quantity_label(self, quantity: str, layer: int) -> str:
        """The symbol of what a layer's nodes show, without the layer (the row above names it)
        unless the convention renames that layer's quantity (Kostadinov's x and s)."""
        if not quantity:
            return "?"
        name, L = QUANTITY_SYMBOL[quantity], self.trace.depth
        plain = self.trace.network.plain_output  # Kostadinov's s, as the chain panel writes it
        named = present.symbol(name, self.convention, depth=L, layer=layer, plain_output=plain)
        if len(named) <= 2 or (plain and layer == L and len(named) <= 6):  # s, ∂C/∂s
            return named
        return present.symbol(name, self.convention, depth=L)

    @property
    def drawing(self) -> Drawing | None:
        """What is drawn now, with what each cell shows (None before the first paint)."""
        return self._drawing

    def palette(self) -> Palette:
        """The theme's colours for signed values, read from the component classes."""

        def color(name: str) -> str:
            style = self.get_component_rich_style(f"network-view--{name}")
            return Color.from_rich_color(style.color).hex

        return Palette(*(color(name) for name in (
            "positive", "negative", "neutral", "faint", "unknown", "focus-edge")))

    def content(self, width: int, height: int, base: Style) -> list[Strip]:
        t = self.trace
        if t is None or width < 20 or height < 5:
            self._drawing = None
            return []
        current = self.get_component_rich_style("network-view--current", partial=True)
        dim = Style(dim=True)
        self._drawing = draw(t.network.sizes, t.network.weights, self.known(),
                             self.focus, t.steps[self.step_index].layer, self.labels(), width,
                             height, self.palette(), lambda now: current if now else dim,
                             self.hidden_cells())
        cache = self.strip_cache
        return [cache.get(tuple(row), lambda row=row: runs_strip(row, width, base, exact=True))
                for row in self._drawing.rows]

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or self._drawing is None:
            return
        target = self._drawing.targets.get((offset.x, offset.y))
        if target is None:
            return
        if target[0] == "node":
            self.post_message(self.FocusPicked(target[1], target[2]))
        else:
            self.post_message(self.FocusPicked(target[1], target[2], target[3]))

"""What the learner is looking at: one node, one of its incoming weights, its bias, or the node
itself.

The focused node is ``node`` (j) of ``layer``; ``source`` (k) is a node of ``layer - 1``, the
start of the focused weight w_jk. ``kind`` says which of them is focused: ``"w"`` the weight
w_jk, ``"b"`` the bias b_j, ``"node"`` node j itself (its z, a and δ). A weight or a bias lives
in layers 1..L; a node may also be an input node (layer 0). Every move returns a new, clamped
:class:`Focus`, so the focus is in range for every layer of the network it was clamped against.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

Kind = Literal["w", "b", "node"]
KINDS: tuple[str, ...] = ("w", "b", "node")


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


@dataclass(frozen=True)
class Focus:
    layer: int = 1
    node: int = 0
    source: int = 0
    kind: Kind = "w"

    @property
    def is_node(self) -> bool:
        return self.kind == "node"

    def clamped(self, sizes: Sequence[int]) -> Focus:
        """The nearest focus that exists in a network of ``sizes`` (input layer first)."""
        layer = _clamp(self.layer, 0 if self.is_node else 1, len(sizes) - 1)
        return Focus(
            layer,
            _clamp(self.node, 0, sizes[layer] - 1),
            _clamp(self.source, 0, sizes[max(layer - 1, 0)] - 1),
            self.kind,
        )

    def at_layer(self, layer: int, sizes: Sequence[int]) -> Focus:
        return replace(self, layer=layer).clamped(sizes)

    def move_node(self, delta: int, sizes: Sequence[int]) -> Focus:
        return replace(self, node=self.node + delta).clamped(sizes)

    def move_source(self, delta: int, sizes: Sequence[int]) -> Focus:
        """The weight from the next (previous) node of the layer before; from an input node
        (which has no incoming weight), the first weight that leaves it."""
        if self.layer == 0:
            return Focus(1, 0, self.node, "w").clamped(sizes)
        return replace(self, source=self.source + delta, kind="w").clamped(sizes)

    def move_layer(self, delta: int, sizes: Sequence[int]) -> Focus:
        return self.at_layer(self.layer + delta, sizes)

    def indices_in(self, layer: int, sizes: Sequence[int]) -> tuple[int, int]:
        """(j, k) of what a step of ``layer`` shows for this focus: the focused node (and
        source) in its own layer; a step one layer later shows a weight that leaves the
        focused node (k = the node); a step one layer earlier shows the focused weight's source
        node (j = the source). Anything else is clamped into ``layer``."""
        k_last = sizes[max(layer - 1, 0)] - 1
        if layer == self.layer + 1:
            return 0, _clamp(self.node, 0, k_last)
        if layer == self.layer - 1 and self.kind == "w":
            return _clamp(self.source, 0, sizes[layer] - 1), 0
        return (_clamp(self.node, 0, sizes[layer] - 1), _clamp(self.source, 0, k_last))

    def toggled(self) -> Focus:
        """Weight → bias → weight; the node itself → its bias (an input node has none)."""
        if self.kind == "node" and self.layer == 0:
            return self
        return replace(self, kind="w" if self.kind == "b" else "b")

    def as_node(self) -> Focus:
        """Node j itself; from a weight focused, the same node (``v``)."""
        return replace(self, kind="node")

    def pick_node(self, layer: int, node: int, sizes: Sequence[int]) -> Focus:
        """A click on node ``node`` of ``layer`` (0..L): that node itself becomes the focus
        (its weights are a click on an edge, or ``[`` ``]``, away)."""
        return replace(self, layer=layer, node=node, kind="node").clamped(sizes)

    def pick_edge(self, layer: int, node: int, source: int, sizes: Sequence[int]) -> Focus:
        """A click on the edge w^(layer)_{node,source}."""
        return Focus(layer, node, source, "w").clamped(sizes)

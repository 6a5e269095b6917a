"""What the learner is looking at: one node, one of its incoming weights (or its bias).

The focused node is ``node`` (j) of ``layer`` (1..L); ``source`` (k) is a node of ``layer - 1``,
the start of the focused weight w_jk. Every move returns a new, clamped :class:`Focus`, so the
focus is in range for every layer of the network it was clamped against.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

Kind = Literal["w", "b"]


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


@dataclass(frozen=True)
class Focus:
    layer: int = 1
    node: int = 0
    source: int = 0
    kind: Kind = "w"

    def clamped(self, sizes: Sequence[int]) -> Focus:
        """The nearest focus that exists in a network of ``sizes`` (input layer first)."""
        layer = _clamp(self.layer, 1, len(sizes) - 1)
        return Focus(
            layer,
            _clamp(self.node, 0, sizes[layer] - 1),
            _clamp(self.source, 0, sizes[layer - 1] - 1),
            self.kind,
        )

    def at_layer(self, layer: int, sizes: Sequence[int]) -> Focus:
        return replace(self, layer=layer).clamped(sizes)

    def move_node(self, delta: int, sizes: Sequence[int]) -> Focus:
        return replace(self, node=self.node + delta).clamped(sizes)

    def move_source(self, delta: int, sizes: Sequence[int]) -> Focus:
        return replace(self, source=self.source + delta, kind="w").clamped(sizes)

    def move_layer(self, delta: int, sizes: Sequence[int]) -> Focus:
        return self.at_layer(self.layer + delta, sizes)

    def indices_in(self, layer: int, sizes: Sequence[int]) -> tuple[int, int]:
        """(j, k) clamped into ``layer``: the node and source a step of that layer shows."""
        return (_clamp(self.node, 0, sizes[layer] - 1), _clamp(self.source, 0, sizes[layer - 1] - 1))

    def toggled(self) -> Focus:
        return replace(self, kind="b" if self.kind == "w" else "w")

    def pick_node(self, layer: int, node: int, sizes: Sequence[int]) -> Focus:
        """A click on node ``node`` of ``layer`` (0..L): a node of the layer feeding the focused
        node picks the incoming weight; any other node becomes the focused node."""
        if layer == self.layer - 1 or layer == 0:
            return Focus(max(layer + 1, 1), self.node, node, "w").clamped(sizes)
        return replace(self, layer=layer, node=node).clamped(sizes)

    def pick_edge(self, layer: int, node: int, source: int, sizes: Sequence[int]) -> Focus:
        """A click on the edge w^(layer)_{node,source}."""
        return Focus(layer, node, source, "w").clamped(sizes)

"""The rules a network's activations and loss obey, written once.

:class:`backprop_tui.core.math.network.Network` refuses a network that breaks them, and the file
and ``--net`` checks (``backprop_tui.core.files.netcheck``) report the same problem against the
key that caused it. A rule returns a :data:`Problem` or ``None``.
"""

from __future__ import annotations

from collections.abc import Sequence

from backprop_tui.core.math.activations import ACTIVATIONS, OUTPUT_ONLY
from backprop_tui.core.math.losses import LOSSES

#: Output activations whose values lie in (0, 1), as cross-entropy's logarithm needs.
CROSS_ENTROPY_OUTPUTS = ("sigmoid", "softmax")

#: A broken rule: (position in the list of activations or None, the problem, what was expected).
Problem = tuple[int | None, str, str]


def activations_problem(names: Sequence[str], depth: int) -> Problem | None:
    """One known activation per layer after the input; softmax on the output layer only."""
    if len(names) != depth:
        return None, f"{len(names)} activation{'s' if len(names) != 1 else ''}", (
            f"{depth}, one per layer after the input"
        )
    for i, name in enumerate(names):
        if name not in ACTIVATIONS:
            return i, f'unknown activation "{name}"', f"one of {', '.join(ACTIVATIONS)}"
        if name in OUTPUT_ONLY and i != depth - 1:
            return i, f"{name} on hidden layer {i + 1}", f"{name} only on the output layer"
    return None


def loss_problem(loss: str, output_activation: str) -> Problem | None:
    """A known loss; cross-entropy only with outputs in (0, 1)."""
    if loss not in LOSSES:
        return None, f'unknown loss "{loss}"', f"one of {', '.join(LOSSES)}"
    if loss == "cross-entropy" and output_activation not in CROSS_ENTROPY_OUTPUTS:
        return None, f"cross-entropy with a {output_activation} output layer", (
            "a sigmoid or softmax output layer (cross-entropy needs outputs in (0, 1))"
        )
    return None

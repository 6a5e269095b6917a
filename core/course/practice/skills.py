"""The practice skills: one step of backprop each, named as other programs name them.

A :class:`Skill` says which quantity a problem of it asks for, whether the answer depends on an
activation (and so counts towards mastery only on two different activations), and which
activations and losses it can be practised on (:meth:`Skill.cases`).
"""

from __future__ import annotations

from dataclasses import dataclass

ACTIVATIONS = ("sigmoid", "tanh", "relu", "linear", "softmax")
ELEMENTWISE = ("sigmoid", "tanh", "relu", "linear")
HIDDEN = ELEMENTWISE  # softmax is for the output layer only
LOSSES = ("sse", "half-sse", "mse", "cross-entropy")
CROSS_ENTROPY_OUTPUTS = ("sigmoid", "softmax")


@dataclass(frozen=True)
class Skill:
    """One skill: its name, what it asks, and where it applies.

    ``activations``: the activations of the layer the skill is about (None: it does not depend on
    one). ``output_only``: the layer is always the output layer; ``hidden_only``: always a hidden
    one. ``losses``: True when the network's loss matters to the answer."""

    name: str
    title: str
    quantity: str
    activations: tuple[str, ...] | None
    losses: bool
    output_only: bool = False
    hidden_only: bool = False
    numeric: bool = True

    @property
    def depends_on_activation(self) -> bool:
        return self.activations is not None

    def cases(self) -> list[tuple[str | None, str | None]]:
        """Every (activation, loss) this skill can be practised on; None where it doesn't matter."""
        acts: tuple[str | None, ...] = self.activations or (None,)
        out: list[tuple[str | None, str | None]] = []
        for act in acts:
            if not self.losses:
                out.append((act, None))
                continue
            for loss in LOSSES:
                needs_output = self.output_only and act not in (None, *CROSS_ENTROPY_OUTPUTS)
                if loss == "cross-entropy" and needs_output:
                    continue  # cross-entropy needs a sigmoid or softmax output layer
                out.append((act, loss))
        return out


_ALL_GRADIENT = ACTIVATIONS  # gradients of the output layer may be softmax; hidden ones not

SKILLS: dict[str, Skill] = {s.name: s for s in (
    Skill("forward-z", "weighted input z = Σ w a + b", "z", None, False),
    # (not linear or ReLU: a practice ReLU is always on, so on either a = z, which is given)
    Skill("forward-a", "activation a = g(z)", "a", ("sigmoid", "tanh", "softmax"), False),
    Skill("cost", "the cost of one sample", "cost", None, True, output_only=True),
    Skill("output-dC/da", "∂C/∂a at the output", "dC/da", None, True, output_only=True),
    Skill("activation-slope", "g′(z), from z or from a", "da/dz", ELEMENTWISE, False),
    Skill("output-delta", "BP1: the output layer's δ", "delta", ACTIVATIONS, True, output_only=True),
    Skill("hidden-delta", "BP2: a hidden layer's δ", "delta", HIDDEN, False, hidden_only=True),
    Skill("bias-gradient", "BP3: ∂C/∂b", "dC/db", _ALL_GRADIENT, True),
    Skill("weight-gradient", "BP4: ∂C/∂w", "dC/dw", _ALL_GRADIENT, True),
    Skill("update", "one step of gradient descent on w or b", "w-updated", _ALL_GRADIENT, True),
    Skill("mean-gradient", "∂C/∂w averaged over 2-3 samples", "dC/dw", _ALL_GRADIENT, True),
    Skill("notation", "the same symbol in another convention", "notation", None, False,
          numeric=False),
)}


def get_skill(name: str) -> Skill:
    try:
        return SKILLS[name]
    except KeyError:
        known = ", ".join(SKILLS)
        raise ValueError(f"unknown skill {name!r}; expected one of: {known}") from None

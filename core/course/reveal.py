"""What each exercise quantity gives away, declared once, beside the quantities.

While an exercise is unsolved its answer appears nowhere on screen. For every quantity of
:data:`backprop_tui.core.course.exercise.QUANTITIES` the table :data:`REVEAL` says what the
learner computes it from (those stay on screen), which trace steps would show its number (the
cursor stops before the first of them), which panels would show it, and which keys would: the
update ``u``, the gradient check ``g``, every path ``p``. The app asks :func:`lesson_limit`,
:func:`lesson_hides_chain`, :func:`lesson_hides_order` and :func:`lesson_blocked` about every
exercise the learner has not solved (the one in hand, later ones, skipped ones: none may show),
which combine :func:`step_limit`, :func:`hides_chain`, :func:`hides_order` and
:func:`blocked_actions`; it keeps no table of its own.

Panels: ``network`` (the network view's per-node values, and its caption's parameter),
``notation`` (the symbol table's values), ``status`` (the status bar's cost), ``chain`` (the
chain panel's factors and their product), ``chain-order`` (the chain panel's chain-rule line,
which writes a parameter's factors in their order, numbers or not). The network, notation and
status panels show only what the trace has computed by the cursor's step, so the step limit
keeps them honest; the chain panel shows its factors from the first backward step on, whatever
the step limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from backprop_tui.core.course.lesson import Exercise
    from backprop_tui.core.math.trace import Trace

PANELS = frozenset({"network", "notation", "status", "chain", "chain-order"})
ACTIONS = frozenset({"update", "check", "paths"})
#: A dependency: a quantity and its layer relative to the asked one (None: every layer).
Dependency = tuple[str, int | None]


@dataclass(frozen=True)
class Reveal:
    """Where one quantity's number would appear, and what it is computed from."""

    depends: tuple[Dependency, ...]  # what the learner computes it from; ones past L don't exist
    steps: tuple[str, ...]  # trace equations whose step at its layer shows its number
    panels: frozenset[str]
    actions: frozenset[str]  # keys that would show it
    given: bool = False  # on screen from the start (a parameter, a target): nothing to hide
    same_as: Dependency | None = None  # its number is this dependency's, on screen by design

    def __post_init__(self) -> None:
        if not self.panels <= PANELS or not self.actions <= ACTIONS:
            raise ValueError(f"unknown panel or action in {self}")


_BACKWARD_PANELS = frozenset({"chain"})
# An update shows every parameter before and after it, with the learning rate: each change is
# −η times its gradient, so it gives away every ∂C/∂w and ∂C/∂b, hence every δ (BP3) and every
# factor of their chain rules; and a weight's change over its bias's is a⁽ˡ⁻¹⁾ₖ (BP4 / BP3), so
# every activation below the output (and the z it comes from) too.
_UPDATE = frozenset({"update"})
# every path's product, the nudge's slope, and the update's changes
_BACKWARD_KEYS = frozenset({"paths", "check"}) | _UPDATE

REVEAL: dict[str, Reveal] = {
    "z": Reveal((("a", -1), ("w", 0), ("b", 0)), ("z",),
                frozenset({"network", "notation"}), _UPDATE),
    # a⁽ˡ⁾ₖ is the factor ∂z/∂w of every weight leaving node k, listed by the paths view
    "a": Reveal((("z", 0),), ("a",), frozenset({"network", "notation"}),
                frozenset({"paths"}) | _UPDATE),
    "y": Reveal((), (), frozenset({"notation"}), frozenset(), given=True),
    # the gradient check lists C(w); the update's notice and the status bar the cost before it
    "cost": Reveal((("a", 0), ("y", 0)), ("cost",), frozenset({"notation", "status"}),
                   frozenset({"update", "check"})),
    "delta": Reveal((("a", 0), ("y", 0), ("z", 0), ("delta", 1), ("w", 1)), ("BP1", "BP2"),
                    frozenset({"network", "notation", "chain"}), _BACKWARD_KEYS),
    "dC/da": Reveal((("a", 0), ("y", 0), ("delta", 1), ("w", 1)), ("BP1", "BP2"),
                    _BACKWARD_PANELS, _BACKWARD_KEYS),
    "da/dz": Reveal((("z", 0),), ("BP1", "BP2"), _BACKWARD_PANELS, _BACKWARD_KEYS),
    # ∂z/∂w is a⁽ˡ⁻¹⁾ₖ, on screen: the exercise is to see that; the chain panel says it outright
    "dz/dw": Reveal((("a", -1),), (), _BACKWARD_PANELS, _BACKWARD_KEYS, same_as=("a", -1)),
    "dC/dw": Reveal((("delta", 0), ("a", -1)), ("BP4",), _BACKWARD_PANELS, _BACKWARD_KEYS),
    # ∂C/∂b is δ (BP3): BP1 or BP2 would show it first, so the cursor stops before those
    "dC/db": Reveal((("a", 0), ("y", 0), ("z", 0), ("delta", 1), ("w", 1)), ("BP1", "BP2", "BP3"),
                    _BACKWARD_PANELS, _BACKWARD_KEYS),
    "w": Reveal((), (), frozenset({"network", "notation"}), frozenset(), given=True),
    "b": Reveal((), (), frozenset({"network", "notation"}), frozenset(), given=True),
    # after u the network view's caption shows the new parameter, the status bar the new cost
    "w-updated": Reveal((("w", 0), ("dC/dw", 0)), (), frozenset({"network"}), frozenset({"update"})),
    "b-updated": Reveal((("b", 0), ("dC/db", 0)), (), frozenset({"network"}), frozenset({"update"})),
    "cost-updated": Reveal((("w", None), ("b", None), ("dC/dw", None), ("dC/db", None)), (),
                           frozenset({"status"}), frozenset({"update"})),
    # the slope the nudge measures is BP4's gradient, the chain rule's product, to many digits
    "nudge": Reveal((("w", None), ("b", None), ("a", 0)), ("BP4",), _BACKWARD_PANELS,
                    _BACKWARD_KEYS),
}

#: An order exercise: the chain panel lists the factors in the order asked for, and so does
#: every path (w → a → … → C); the update's numbers say nothing of an order.
ORDER = Reveal((), (), _BACKWARD_PANELS | {"chain-order"}, frozenset({"paths", "check"}))


def policy(ex: Exercise) -> Reveal | None:
    """What ``ex`` must keep hidden while unsolved (None: nothing, e.g. a choice)."""
    if ex.kind in ("numeric", "formula"):  # a formula's steps spell it out, with its numbers
        return REVEAL[ex.quantity]
    if ex.kind == "order":
        return ORDER
    return None


def shown_by(trace: Trace, quantity: str, layer: int) -> tuple[str, ...]:
    """The trace equations whose step at ``layer`` shows ``quantity``'s number: the table's,
    and for a linear layer's ``a`` its ``z`` step too (a linear node's a is its z)."""
    steps = REVEAL[quantity].steps
    if quantity == "a" and layer > 0 and trace.network.activations[layer - 1] == "linear":
        return ("z", *steps)
    return steps


def first_shown(trace: Trace, quantity: str, layer: int) -> int | None:
    """The first step of ``trace`` whose numbers show ``quantity`` at ``layer`` (the cost's
    layer is the output layer); ``None`` if no step does. The input a⁽⁰⁾ is never computed."""
    if quantity == "cost":
        layer = trace.depth
    found = [i for eq in shown_by(trace, quantity, layer)
             if (i := trace.first_step(eq, layer)) is not None]
    return min(found, default=None)


#: The quantities whose formula is an equation that reads the same at every layer it is
#: written for: asked for at a hidden layer, the step writing that equation for the output
#: layer (which the backward pass reaches first) answers it once the layer's name is swapped.
#: BP1 is the output layer's alone, and a slope g′ depends on each layer's activation.
SAME_FORM_AT_EVERY_LAYER = {"delta": "BP2", "dC/db": "BP3", "dC/dw": "BP4"}


def first_form_shown(trace: Trace, quantity: str, layer: int) -> int | None:
    """The first step of ``trace`` that writes the form a formula exercise on ``quantity`` at
    ``layer`` asks for: its own step there, or, for an equation of
    :data:`SAME_FORM_AT_EVERY_LAYER` at its layer, that equation's step at any layer."""
    found = [first_shown(trace, quantity, layer)]
    eq = SAME_FORM_AT_EVERY_LAYER.get(quantity)
    if eq is not None and trace.first_step(eq, layer) is not None:
        found += [trace.first_step(eq, other) for other in range(1, trace.depth + 1)]
    return min((i for i in found if i is not None), default=None)


def step_limit(trace: Trace, ex: Exercise) -> int | None:
    """The last step the learner may see while ``ex`` is unsolved: the one before the first
    step whose numbers would show the answer, or, for a formula, its form (``None``: no step
    shows it; ``-1``: even the first step does, as z⁽¹⁾'s, so that step's numbers must be held
    back too). An averaged exercise asks for the mean over the samples, which the one-sample
    trace does not show."""
    reveal = policy(ex)
    if reveal is None or ex.average or ex.kind not in ("numeric", "formula"):
        return None
    layer = ex.place.layer or 0
    index = (first_form_shown(trace, ex.quantity, layer) if ex.kind == "formula"
             else first_shown(trace, ex.quantity, layer))
    return None if index is None else index - 1


def lesson_limit(trace: Trace, unsolved: Iterable[Exercise]) -> int | None:
    """The last step the learner may see while the exercises ``unsolved`` (the one in hand,
    later ones, skipped ones) stay unsolved: the earliest of their step limits."""
    limits = [limit for ex in unsolved if (limit := step_limit(trace, ex)) is not None]
    return min(limits, default=None)


def lesson_hides_chain(unsolved: Iterable[Exercise]) -> bool:
    """Whether the chain panel keeps its numbers back for any of the ``unsolved`` exercises."""
    return any(hides_chain(ex) for ex in unsolved)


def lesson_hides_order(unsolved: Iterable[Exercise]) -> bool:
    """Whether the chain panel keeps the chain rule's factor order back for any of the
    ``unsolved`` exercises (an ``order`` exercise asks for it)."""
    return any(hides_order(ex) for ex in unsolved)


def lesson_blocked(unsolved: Iterable[Exercise]) -> frozenset[str]:
    """The keys that would give any of the ``unsolved`` exercises' answers away."""
    return frozenset().union(*(blocked_actions(ex) for ex in unsolved))


#: The node values an exercise's quantity is, as the network view shows them: ∂C/∂b is δ (BP3).
NODE_VALUES: dict[str, str] = {"z": "z", "a": "a", "delta": "delta", "dC/db": "delta"}


def hidden_values(trace: Trace, unsolved: Iterable[Exercise]) -> frozenset[tuple[str, int, int]]:
    """The node values, as (``"z"``, ``"a"`` or ``"delta"``, layer, node), that the ``unsolved``
    exercises ask for: the network view and its focus line never print them, whatever the step
    (the step limit already keeps most of them uncomputed; this is the same rule, per node). A
    linear layer's a is its z, so each hides the other there."""
    found: set[tuple[str, int, int]] = set()
    for ex in unsolved:
        if policy(ex) is None or ex.quantity not in NODE_VALUES or ex.place.layer is None:
            continue
        layer, node = ex.place.layer, ex.place.node
        nodes = range(trace.network.sizes[layer]) if node is None else (node,)
        names = {NODE_VALUES[ex.quantity]}
        if names & {"z", "a"} and layer > 0 and trace.network.activations[layer - 1] == "linear":
            names = {"z", "a"}
        found.update((name, layer, j) for name in names for j in nodes)
    return frozenset(found)


def hides_chain(ex: Exercise) -> bool:
    """Whether the chain panel must keep its numbers back while ``ex`` is unsolved."""
    reveal = policy(ex)
    return reveal is not None and "chain" in reveal.panels


def hides_order(ex: Exercise) -> bool:
    """Whether the chain panel must not write the chain rule's factors in order while ``ex``
    is unsolved."""
    reveal = policy(ex)
    return reveal is not None and "chain-order" in reveal.panels


def blocked_actions(ex: Exercise) -> frozenset[str]:
    """Keys (``update``, ``check``, ``paths``) that would give ``ex``'s answer away."""
    reveal = policy(ex)
    return frozenset() if reveal is None else reveal.actions

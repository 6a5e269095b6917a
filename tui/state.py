"""The tutor's state and every transition the keys make, as plain Python (no Textual).

A :class:`TutorState` is immutable: each key builds the next state, the app pushes it to the
widgets. All arithmetic is core's: the trace, the chain-rule expansion, the gradient check and
the gradient-descent update are asked of ``core``; this module only selects which one is shown.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

import numpy as np

from backprop_tui.core.formulas.notation import CONVENTIONS
from backprop_tui.core.math.network import Network
from backprop_tui.tui.focus import Focus

if TYPE_CHECKING:
    from backprop_tui.core.formulas.chain import ChainExpansion
    from backprop_tui.core.math.gradcheck import GradCheck
    from backprop_tui.core.math.trace import Step, Trace

Mode = Literal["chain", "paths", "check"]
Sample = tuple[np.ndarray, np.ndarray]


#: The built-in example's weights and biases: what ``Network.from_sizes([4, 2, 2, 1], seed=0)``
#: draws (tests/test_tui_state.py checks that they agree), written out so that starting the
#: tutor does not import ``numpy.random`` (~6 ms of every start-up).
EXAMPLE_WEIGHTS = (
    ((0.06286511054669665, -0.06605243164565094, 0.32021132522164103, 0.052450058576519853),
     (-0.2678346865805555, 0.18079752745474237, 0.6520000225650686, 0.4735404815646211)),
    ((-0.4976159573990385, -0.8947881032357201), (-0.44072159900056246, 0.02922188023561116)),
    ((-1.6440450272145313, -0.15470906923379124),),
)
EXAMPLE_BIASES = ((-0.6229554736265326, -0.3661336773517258),
                  (-0.27212949142865495, -0.15815007818457727), (0.2058152681870664,))


def example() -> tuple[Network, list[Sample]]:
    """The built-in example: a 4-2-2-1 sigmoid network with SSE cost and one sample."""
    net = Network((4, 2, 2, 1), ["sigmoid"] * 3, "sse", [np.array(w) for w in EXAMPLE_WEIGHTS],
                  [np.array(b) for b in EXAMPLE_BIASES])
    return net, [(np.array([0.05, 0.10, 0.15, 0.20]), np.array([1.0]))]


@lru_cache(maxsize=256)
def _expansion(trace: Trace, focus: Focus) -> ChainExpansion:
    from backprop_tui.core.formulas.chain import expand

    return expand(trace, focus.kind, focus.layer, focus.node, focus.source)


_CHECKS: OrderedDict[tuple[int, Focus], tuple[Network, GradCheck]] = OrderedDict()


def _gradcheck(network: Network, sample: Sample, focus: Focus) -> GradCheck:
    from backprop_tui.core.math.gradcheck import check_parameter

    key = (id(network), focus)
    hit = _CHECKS.get(key)
    if hit is not None and hit[0] is network:
        return hit[1]
    x, y = sample
    f = focus
    check = check_parameter(network, x, y, f.kind, f.layer, f.node, f.source)
    _CHECKS[key] = (network, check)
    if len(_CHECKS) > 256:
        _CHECKS.popitem(last=False)
    return check


@dataclass(frozen=True)
class CostChange:
    """What the last gradient-descent update did: to the mean cost over the ``samples`` (the
    update's own measure) and to sample 0's cost (the C₀ the trace and the status bar show)."""

    before: float
    after: float
    eta: float
    samples: int
    shown_before: float


@dataclass(frozen=True, eq=False)
class TutorState:
    network: Network
    samples: tuple[Sample, ...]
    trace: Trace
    step_index: int = 0
    focus: Focus = field(default_factory=Focus)
    convention: str = "deeplizard"
    mode: Mode = "chain"
    eta: float = 0.5
    last_update: CostChange | None = None
    limit: int | None = None  # a lesson exercise keeps the cursor at or before this step
    hide_chain: bool = False  # ... and the chain rule's numbers back, until it is solved
    # ... and the node values (quantity, layer, node) unsolved exercises ask for, whatever the step
    hidden: frozenset[tuple[str, int, int]] = frozenset()
    hide_order: bool = False  # ... and its factors' order (an order exercise asks for it)

    @classmethod
    def start(
        cls,
        network: Network,
        samples: list[Sample],
        convention: str = "deeplizard",
        eta: float = 0.5,
    ) -> TutorState:
        if not samples:
            raise ValueError("the tutor needs at least one sample (x, y)")
        if convention not in CONVENTIONS:
            raise ValueError(f"unknown convention {convention!r}; expected one of {CONVENTIONS}")
        x, y = samples[0]
        trace = network.trace(x, y)
        focus = Focus(trace.steps[0].layer).clamped(network.sizes)
        return cls(network, tuple(samples), trace, 0, focus, convention, "chain", eta)

    # ------------------------------------------------------------------ derived, read-only
    @property
    def sizes(self) -> tuple[int, ...]:
        return self.network.sizes

    @property
    def step(self) -> Step:
        return self.trace.steps[self.step_index]

    @property
    def held(self) -> bool:
        """Whether the current step's result is held back: the lesson's limit is before it
        (−1, "hold back even step 0": the cursor stays on step 0, which shows its equation and
        its operands, but not its result, nor its nodes' values)."""
        return self.limit is not None and self.step_index > self.limit

    def focus_in_step(self) -> tuple[int, int]:
        """(j, k) of the focus, clamped into the current step's layer."""
        return self.focus.indices_in(self.step.layer, self.sizes)

    @property
    def X(self) -> np.ndarray:
        return np.stack([x for x, _ in self.samples])

    @property
    def Y(self) -> np.ndarray:
        return np.stack([y for _, y in self.samples])

    @property
    def expansion(self) -> ChainExpansion | None:
        """The chain rule for the focused weight or bias (computed by
        backprop_tui.core.formulas.chain, memoised); None for a focused node, which is no
        parameter."""
        return None if self.focus.is_node else _expansion(self.trace, self.focus)

    @property
    def gradcheck(self) -> GradCheck | None:
        """The focused parameter nudged by ±ε, for this sample (computed by
        backprop_tui.core.math.gradcheck); None for a focused node."""
        return None if self.focus.is_node else _gradcheck(self.network, self.samples[0], self.focus)

    def shown(self) -> dict[str, object]:
        """What the panels show, by the name of the app's reactive each is bound to."""
        return dict(trace=self.trace, step_index=self.step_index, focus=self.focus,
                    convention=self.convention, mode=self.mode, eta=self.eta,
                    last_update=self.last_update, hide_chain=self.hide_chain, limit=self.limit,
                    hidden=self.hidden, held=self.held, hide_order=self.hide_order,
                    expansion=self.expansion if self.mode != "check" else None,
                    check=self.gradcheck if self.mode == "check" else None)

    # ------------------------------------------------------------------ transitions
    def _with(self, **changes) -> TutorState:
        return replace(self, **changes)

    def go_to(self, index: int) -> TutorState:
        """Step ``index`` (clamped to the trace and the lesson's limit; a limit of −1 keeps the
        cursor on step 0 with its result :attr:`held`); the focus moves to that step's layer."""
        last = len(self.trace.steps) - 1 if self.limit is None else self.limit
        index = max(0, min(last, index))
        layer = self.trace.steps[index].layer
        return self._with(step_index=index, focus=self.focus.at_layer(layer, self.sizes))

    def guarded(self, limit: int | None, hide_chain: bool,
                hidden: frozenset[tuple[str, int, int]] = frozenset(),
                hide_order: bool = False) -> TutorState:
        """Keep the cursor at or before step ``limit`` (None: anywhere), with ``hide_chain``
        the chain rule's numbers back, with ``hide_order`` its factors' order, and the node
        values ``hidden`` ((quantity, layer, node)) off the network view: a lesson's answer
        stays hidden."""
        state = self._with(limit=limit, hide_chain=hide_chain, hidden=hidden, hide_order=hide_order,
                           mode="chain" if hide_chain else self.mode)
        if limit is not None and state.step_index > limit:
            return state.go_to(limit)
        return state  # the cursor and the focus stay where the learner put them

    def step_by(self, delta: int) -> TutorState:
        return self.go_to(self.step_index + delta)

    def forward_start(self) -> TutorState:
        return self.go_to(0)

    def backward_start(self) -> TutorState:
        return self.go_to(self.trace.first_backward())

    def with_focus(self, focus: Focus) -> TutorState:
        return self._with(focus=focus.clamped(self.sizes))

    def move_node(self, delta: int) -> TutorState:
        return self.with_focus(self.focus.move_node(delta, self.sizes))

    def move_source(self, delta: int) -> TutorState:
        return self.with_focus(self.focus.move_source(delta, self.sizes))

    def move_layer(self, delta: int) -> TutorState:
        return self.with_focus(self.focus.move_layer(delta, self.sizes))

    def pick(self, layer: int, node: int, source: int | None = None) -> TutorState:
        """A click on node ``node`` of ``layer`` (``source`` None) or on the edge w_{node,source}
        into ``layer``."""
        if source is None:
            return self.with_focus(self.focus.pick_node(layer, node, self.sizes))
        return self.with_focus(self.focus.pick_edge(layer, node, source, self.sizes))

    def toggle_kind(self) -> TutorState:
        return self.with_focus(self.focus.toggled())

    def focus_node(self) -> TutorState:
        """Node j itself becomes the focus (``v``): its z, a and δ instead of a weight."""
        return self.with_focus(self.focus.as_node())

    def next_convention(self) -> TutorState:
        i = CONVENTIONS.index(self.convention) if self.convention in CONVENTIONS else -1
        return self._with(convention=CONVENTIONS[(i + 1) % len(CONVENTIONS)])

    def toggle_mode(self, mode: Mode) -> TutorState:
        return self._with(mode="chain" if self.mode == mode else mode)

    def updated(self) -> TutorState:
        """One gradient-descent step on all samples; the same step of the new network's trace."""
        X, Y = self.X, self.Y
        network = self.network.update(X, Y, self.eta)
        change = CostChange(self.network.cost(X, Y), network.cost(X, Y), self.eta,
                            len(self.samples), self.trace.loss)
        x, y = self.samples[0]
        return self._with(network=network, trace=network.trace(x, y), last_update=change)

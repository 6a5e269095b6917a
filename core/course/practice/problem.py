"""A generated practice problem, and the checking of a learner's answer to it.

:meth:`Problem.check` reads the answer with the lessons' parser (nothing is evaluated) and
returns a :class:`Verdict`: right; or right given the learner's own earlier answers (error carried
forward, :mod:`.carry`); or wrong, with the one common mistake that gives this number named
(:mod:`.misconceptions`), or the mistakes that tie, or "too high" / "too low" and a hint.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from backprop_tui.core.course.answers import AnswerError, parse_choice, parse_number
from backprop_tui.core.course.practice import carry, misconceptions
from backprop_tui.core.course.practice.labels import Symbols
from backprop_tui.core.course.practice.values import Key, Sample, traces
from backprop_tui.core.course.practice.verdict import Verdict, as_shown, close
from backprop_tui.core.math.network import Network
from backprop_tui.core.math.trace import Trace


@dataclass(frozen=True)
class Shown:
    """A value the problem gives the learner (a δ of the next layer, a forward value, ...)."""

    key: Key
    sample: int
    value: float


@dataclass(frozen=True)
class WorkedStep:
    """One step of the worked solution, in order; the last is the answer."""

    key: Key
    sample: int | None  # None: over all samples (a mean)
    label: str
    value: float


@dataclass(frozen=True, eq=False)
class Problem:
    """One practice problem on a fresh network; see the issue's API and ``docs/practice.md``."""

    skill: str
    seed: int
    notation: str
    network: Network
    samples: tuple[Sample, ...]
    quantity: str
    layer: int | None
    node: int | None
    source: int | None
    eta: float | None
    average: bool
    prompt: str
    answer: float
    activation: str | None  # the activation the answer depends on (None: none)
    shown: tuple[Shown, ...] = ()
    steps: tuple[WorkedStep, ...] = ()
    hints: tuple[str, ...] = ()
    options: tuple[str, ...] = ()  # the notation skill: a choice; ``answer`` is its number (1..n)
    variant: str = ""  # activation-slope: "z" or "a", the value g′ is computed from
    extra: dict = field(default_factory=dict, repr=False)

    @property
    def key(self) -> Key:
        return (self.quantity, self.layer, self.node, self.source)

    @property
    def scale(self) -> float:
        """What 1% of is close enough: the answer, or for an update the step ``η ∂C/∂w`` (the new
        weight itself is mostly the old one, which is given)."""
        if self.quantity in ("w-updated", "b-updated"):
            old = self.network.parameter(self.quantity[0], self.layer, self.node, self.source or 0)
            return abs(self.answer - old)
        return abs(self.answer)

    def close(self, got: float, want: float) -> bool:
        return close(got, want, self.scale)

    @cached_property
    def from_shown(self) -> tuple[float, ...]:
        """The answer worked out from the given values as shown (rounded to 4 digits): where
        they cancel, this can differ from the exact answer by more than 1%, and is right too."""
        own = {g.key: as_shown(g.value) for g in self.shown if g.sample == 0}
        return tuple(v for v, _ in carry.expected_values(self, own)) if own else ()

    def right(self, got: float) -> bool:
        """Whether ``got`` is the answer, exactly or from the numbers as shown."""
        return self.close(got, self.answer) or any(self.close(got, v) for v in self.from_shown)

    @property
    def loss(self) -> str:
        return self.network.loss

    @cached_property
    def traces(self) -> tuple[Trace, ...]:
        return traces(self.network, self.samples)

    @property
    def trace(self) -> Trace:
        return self.traces[0]

    @cached_property
    def symbols(self) -> Symbols:
        return Symbols(self.notation, self.network.depth, self.network.activations)

    @cached_property
    def mistakes(self) -> dict[str, tuple[float, ...]]:
        """What each applicable misconception gives on this problem (values the right answer
        also has are left out: they can't be told apart)."""
        return misconceptions.produce_all(self)

    def check(self, answer: str, given: Mapping[Key, float | str] | None = None) -> Verdict:
        """Check a typed answer; ``given`` holds the learner's earlier answers by key."""
        if self.options:
            return self._check_choice(answer)
        try:
            got = parse_number(answer)
        except AnswerError as e:
            return Verdict(False, False, None, str(e), readable=False)
        if self.right(got):
            return Verdict(True, True, None, "Right.")
        own = {k: v for k, v in carry.read_given(given).items() if k != self.key}
        for expected, used in carry.expected_values(self, own) if own else []:
            if used and self.close(got, expected):
                slips = carry.roots(self, own, used)
                given_names = carry.names(self, sorted(used, key=str))
                message = f"Right, given your {given_names}."
                if slips and set(slips) <= used:  # a value it used was itself the slip
                    message = (f"Right, given your {carry.names(self, slips)}: this step is done "
                               f"right from it, but {carry.names(self, slips)} was off; look at it again.")
                elif slips:  # carried forward from an earlier slip: name that one
                    message = (f"Right, given your {given_names}: this step is done right from "
                               f"it. The slip was earlier, in your {carry.names(self, slips)}; "
                               "look at that again.")
                return Verdict(False, True, None, message)
        return misconceptions.diagnose(self, got)

    def _check_choice(self, answer: str) -> Verdict:
        try:
            pick = parse_choice(answer, len(self.options)) + 1
        except AnswerError as e:
            return Verdict(False, False, None, str(e), readable=False)
        if pick == int(self.answer):
            return Verdict(True, True, None, "Right.")
        return Verdict(False, False, None, f"Not that one: option {pick} is {self.options[pick - 1]}.")

    def sample_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        return (np.array([x for x, _ in self.samples]), np.array([y for _, y in self.samples]))

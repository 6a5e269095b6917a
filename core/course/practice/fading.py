"""Faded worked examples: how much of a problem's worked solution is shown, and its steps as
problems of their own.

Per skill, the first problem is fully worked (every step with its value, as the chain panel
shows it); the next leaves the last step blank; then the last two; until the learner does it
all. A right answer fades one more step; a wrong one moves the fading one step back. Only a
problem the learner did entirely (nothing worked) counts towards mastery.

The blank steps are what the learner fills in, in order; :func:`step_problem` makes each a
:class:`Problem` on the same network, so it is checked (and its mistakes named) like any other,
with the learner's earlier blanks carried forward through ``given``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from backprop_tui.core.course.practice.hints import equation
from backprop_tui.core.course.practice.problem import Problem, WorkedStep
from backprop_tui.core.course.practice.verdict import close

SKILL_OF_STEP = {"da/dz": "activation-slope", "dC/db": "bias-gradient", "dC/dw": "weight-gradient",
                 "w-updated": "update", "b-updated": "update"}


@dataclass(frozen=True)
class Fading:
    """How many of the last steps the learner fills in (0: fully worked)."""

    blanks: int = 0

    def split(self, p: Problem) -> tuple[tuple[WorkedStep, ...], tuple[WorkedStep, ...]]:
        """(the steps shown worked, with their values; the steps left blank). Nothing of the
        blank steps may be shown until the learner has solved them, nor a worked value that is
        a blank's answer: ∂C/∂b is δ (BP3), and on a linear or ReLU layer δ is ∂C/∂a, so a
        worked δ would be copied into ∂C/∂b. Such a worked step is left blank too."""
        n = len(p.steps)
        cut = max(0, n - self.blanks)
        if cut < n:
            while cut > 0 and any(close(w.value, b.value)
                                  for w in p.steps[:cut] for b in p.steps[cut:]):
                cut -= 1
        return p.steps[:cut], p.steps[cut:]

    def complete(self, p: Problem) -> bool:
        """Whether the learner does all of ``p`` (so the answer counts towards mastery)."""
        return not self.split(p)[0]

    def after(self, correct: bool, p: Problem) -> Fading:
        """The fading of the skill's next problem."""
        if not correct:
            return Fading(max(0, self.blanks - 1))
        return Fading(min(len(p.steps), self.blanks + 1) if not self.complete(p) else self.blanks)


def step_problem(p: Problem, index: int) -> Problem:
    """Step ``index`` of ``p``'s worked solution as a problem on the same network."""
    step = p.steps[index]
    if index == len(p.steps) - 1:
        return p
    quantity, l, j, k = step.key
    L = p.network.depth
    skill = SKILL_OF_STEP.get(quantity)
    if quantity == "dC/da":
        skill = "output-dC/da" if l == L else "hidden-delta"
    elif quantity == "delta":
        skill = "output-delta" if l == L else "hidden-delta"
    sample = step.sample or 0
    s = p.symbols
    return replace(
        p, skill=skill or p.skill, quantity=quantity, layer=l, node=j, source=k,
        samples=(p.samples[sample],), average=False, answer=step.value,
        prompt=f"Step {index + 1}: compute {step.label}" + (
            f" for sample {sample}" if len(p.samples) > 1 else "") + ".",
        steps=(step,), hints=(equation(s, step.key, p.network.activations, p.network.loss),),
        activation=p.network.activations[l - 1] if p.activation else None,
    )

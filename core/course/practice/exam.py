"""The exam: one unseen network, the whole of one training step by hand, in order.

``exam(seed)`` gives the steps: every z and a of the forward pass, the cost, every δ from the
output back, then ∂C/∂b and ∂C/∂w of one layer. Each step is a :class:`Problem` on the same
network and sample. :func:`grade` checks a list of answers with error carried forward: each step
is checked given the learner's own earlier answers, so one slip is not penalised twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from backprop_tui.core.course.practice import hints as h
from backprop_tui.core.course.practice.draw import Draft, relu_safe, target, two_decimals
from backprop_tui.core.course.practice.generate import rng_for
from backprop_tui.core.course.practice.labels import Symbols
from backprop_tui.core.course.practice.problem import Problem, WorkedStep
from backprop_tui.core.course.practice.skills import CROSS_ENTROPY_OUTPUTS, HIDDEN, LOSSES
from backprop_tui.core.course.practice.values import Key, traces, value
from backprop_tui.core.course.practice.verdict import Verdict
from backprop_tui.core.math.network import Network

SKILL_OF = {"z": "forward-z", "a": "forward-a", "cost": "cost", "dC/db": "bias-gradient",
            "dC/dw": "weight-gradient"}


def _network(rng: np.random.Generator) -> Draft:
    for _ in range(40):
        loss = str(rng.choice(LOSSES))
        outputs = CROSS_ENTROPY_OUTPUTS if loss == "cross-entropy" else (*HIDDEN, "softmax")
        acts = [str(rng.choice(HIDDEN)), str(rng.choice(outputs))]
        sizes = [int(rng.integers(2, 4)), int(rng.integers(2, 4)), int(rng.integers(1, 3))]
        if acts[-1] == "softmax":
            sizes[-1] = 2
        weights = [two_decimals(rng, (n, m)) for m, n in zip(sizes, sizes[1:], strict=False)]
        biases = [two_decimals(rng, n) for n in sizes[1:]]
        net = Network(sizes, acts, loss, weights, biases)
        d = Draft(net, ((two_decimals(rng, sizes[0]), target(rng, acts[-1], loss, sizes[-1])),), 2)
        t = net.trace(*d.samples[0])
        if relu_safe(d) and all(abs(float(v)) > 2e-3 for v in t.delta(1)):
            return d
    return d


def exam_keys(net: Network, layer: int) -> list[Key]:
    """The exam's steps in order: forward, cost, every δ, then one layer's gradients."""
    L, sizes = net.depth, net.sizes
    keys: list[Key] = []
    for l in range(1, L + 1):
        keys += [(q, l, j, None) for j in range(sizes[l]) for q in ("z", "a")]
    keys.append(("cost", None, None, None))
    for l in range(L, 0, -1):
        keys += [("delta", l, j, None) for j in range(sizes[l])]
    keys += [("dC/db", layer, j, None) for j in range(sizes[layer])]
    keys += [("dC/dw", layer, j, k) for j in range(sizes[layer]) for k in range(sizes[layer - 1])]
    return keys


def exam(seed: int, notation: str = "deeplizard") -> tuple[Problem, ...]:
    """The ordered steps of one exam, each a Problem on the same unseen network."""
    rng = rng_for("exam", seed)
    d = _network(rng)
    net = d.network
    layer = int(rng.integers(1, net.depth + 1))
    ts = traces(net, d.samples)
    s = Symbols(notation, net.depth, net.activations)
    steps = []
    for key in exam_keys(net, layer):
        quantity, l, j, _ = key
        skill = SKILL_OF.get(quantity) or ("output-delta" if l == net.depth else "hidden-delta")
        answer = value(net, d.samples, key, trace_list=ts)
        act = net.activations[(l or net.depth) - 1]
        steps.append(Problem(
            skill=skill, seed=seed, notation=notation, network=net, samples=d.samples,
            quantity=quantity, layer=l if quantity != "cost" else None, node=j, source=key[3],
            eta=None, average=False, prompt=h.prompt(s, key, eta=None, average=0), answer=answer,
            activation=act if skill not in ("forward-z", "cost") else None,
            steps=(WorkedStep(key, 0, s.label(key), answer),),
            hints=(h.equation(s, _as_layer(net, key), net.activations, net.loss),),
            extra={"exam_layer": layer},
        ))
        steps[-1].__dict__["traces"] = ts  # one trace for the whole exam
    return tuple(steps)


def _as_layer(net: Network, key: Key) -> Key:
    return (key[0], net.depth, key[2], key[3]) if key[0] == "cost" else key


@dataclass(frozen=True)
class ExamResult:
    seed: int
    verdicts: tuple[Verdict, ...]
    scores: tuple[float, ...]  # 1 for a step right, or right given the learner's earlier answers

    @property
    def score(self) -> float:
        return sum(self.scores) / len(self.scores) if self.scores else 0.0


def grade(steps: Sequence[Problem], answers: Sequence[str]) -> ExamResult:
    """Check each answer given the ones before it (error carried forward)."""
    given: dict[Key, str] = {}
    verdicts = []
    for p, answer in zip(steps, answers, strict=False):
        v = p.check(answer, given)
        verdicts.append(v)
        given[p.key] = answer
    scores = tuple(1.0 if v.correct or v.consistent else 0.0 for v in verdicts)
    return ExamResult(steps[0].seed if steps else 0, tuple(verdicts), scores)

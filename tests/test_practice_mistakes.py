"""Diagnosed mistakes: each misconception's number, worked out here from the core's trace (not
by the diagnosis code), is named as that mistake whenever no other mistake gives it too; ties say
so; a right answer is never called a mistake.

``expected_mistakes`` below is this test's own reading of each mistake in the issue.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest
from practice_cases import PROBLEMS_PER_MISTAKE

from backprop_tui.core.course.practice import MISCONCEPTIONS, SKILLS, generate

ON_DELTA = ("delta", "dC/db", "dC/dw", "w-updated", "b-updated")
FACTOR = {"sse": 0.5, "half-sse": 2.0, "mse": 0.5}
MAX_SEEDS = 4000
# Every misconception of a skill walks the same seeds: each problem is generated once per process
# (a Problem is immutable; what it caches is its own, deterministic arithmetic).
problem = cache(generate)


def slope(name: str, v: float) -> float:
    return {"sigmoid": lambda: (s := 1 / (1 + np.exp(-v))) * (1 - s), "tanh": lambda: 1 - np.tanh(v) ** 2,
            "relu": lambda: float(v > 0), "linear": lambda: 1.0}[name]()


def form_with_z(name: str, z: float) -> float:
    """σ′ = a(1 − a) and tanh′ = 1 − a², with z put in for a."""
    return {"sigmoid": lambda: z * (1 - z), "tanh": lambda: 1 - z * z}[name]()


def out_grad(p, t, j: int) -> float:
    a, y, n, loss = t.a(p.network.depth)[j], t.y[j], p.network.sizes[-1], p.network.loss
    if loss == "cross-entropy":
        return -y / a if y else 0.0
    return {"sse": 2 * (a - y), "half-sse": a - y, "mse": 2 * (a - y) / n}[loss]


def dC_da(p, t, l: int, j: int) -> float:
    if l == p.network.depth:
        return out_grad(p, t, j)
    return float(p.network.weights[l][:, j] @ t.delta(l + 1))


def used(p):
    return p.traces if p.average else p.traces[:1]


def final(p, deltas, acts=None) -> float:
    l, j, k = p.layer, p.node, p.source
    if p.quantity in ("delta", "dC/db", "b-updated"):
        grad = np.mean(deltas)
    else:
        acts = acts if acts is not None else [t.a(l - 1)[k] for t in used(p)]
        grad = np.mean([d * a for d, a in zip(deltas, acts, strict=True)])
    if p.quantity == "w-updated":
        return p.network.weights[l - 1][j, k] - p.eta * grad
    if p.quantity == "b-updated":
        return p.network.biases[l - 1][j] - p.eta * grad
    return float(grad)


def expected_mistakes(p) -> dict[str, list[float]]:
    """What each mistake of the issue gives on ``p``, by this test's own arithmetic."""
    net, q, l, j, k = p.network, p.quantity, p.layer, p.node, p.source
    L, sizes = net.depth, net.sizes
    act = net.activations[l - 1] if l else None
    elementwise = act in ("sigmoid", "tanh", "relu", "linear")
    out = l == L
    ts = used(p)
    got: dict[str, list[float]] = {}

    def per(fn):
        return final(p, [fn(t) for t in ts])

    if q in ON_DELTA and elementwise:
        got["missing-activation-slope"] = [per(lambda t: dC_da(p, t, l, j))]
        got["slope-at-activation"] = [per(lambda t: dC_da(p, t, l, j) * slope(act, t.a(l)[j]))]
    if q == "da/dz":
        got["slope-at-activation"] = [slope(act, p.trace.a(l)[j])]
    if q in (*ON_DELTA, "da/dz") and act in ("sigmoid", "tanh"):
        got["slope-form-with-z"] = ([form_with_z(act, p.trace.z(l)[j])] if q == "da/dz" else
                                    [per(lambda t: dC_da(p, t, l, j) * form_with_z(act, t.z(l)[j]))])
    c = FACTOR.get(net.loss)
    if c and q == "cost" and net.loss != "mse":
        got["cost-factor"] = [c * p.trace.loss]
    if c and q == "dC/da":
        got["cost-factor"] = [c * out_grad(p, p.trace, j)]
    if c and q in ON_DELTA and out:
        got["cost-factor"] = [per(lambda t: c * t.delta(l)[j])]
    if q == "dC/da":
        got["sign-flipped"] = [-out_grad(p, p.trace, j)]
    if q in ON_DELTA and out:
        got["sign-flipped"] = [per(lambda t: -t.delta(l)[j])]
    if q in ON_DELTA and not out and sizes[l + 1] >= 2:
        W = net.weights[l]
        got["one-term-of-sum"] = [per(lambda t, i=i: W[i, j] * t.delta(l + 1)[i] * slope(act, t.z(l)[j]))
                                  for i in range(sizes[l + 1])]
    if q == "z" and sizes[l - 1] <= sizes[l] and j < sizes[l - 1]:
        W = net.weights[l - 1]
        got["transposed-weight"] = [sum(W[kk, j] * p.trace.a(l - 1)[kk] for kk in range(sizes[l - 1]))
                                    + net.biases[l - 1][j]]
    elif q in ("dC/dw", "w-updated"):
        if j < sizes[l - 1] and k < sizes[l]:
            got["transposed-weight"] = [final(p, [t.delta(l)[k] for t in ts], [t.a(l - 1)[j] for t in ts])]
    elif q in ON_DELTA and not out and sizes[l + 1] <= sizes[l] and j < sizes[l + 1]:
        W = net.weights[l]
        got["transposed-weight"] = [per(lambda t: sum(W[j, i] * t.delta(l + 1)[i] for i in range(sizes[l + 1]))
                                        * slope(act, t.z(l)[j]))]
    if q in ("dC/dw", "w-updated"):
        deltas = [t.delta(l)[j] for t in ts]
        options = [final(p, deltas, [t.a(l)[j] for t in ts])]
        if k < sizes[l] and k != j:
            options.append(final(p, deltas, [t.a(l)[k] for t in ts]))
        got["wrong-layer-activation"] = options
    if q == "z":
        got["forgot-bias"] = [p.trace.z(l)[j] - net.biases[l - 1][j]]
    if q in ("w-updated", "b-updated"):
        old = net.weights[l - 1][j, k] if q == "w-updated" else net.biases[l - 1][j]
        grad = (old - p.answer) / p.eta
        got["update-wrong-direction"] = [old + p.eta * grad]
        got["forgot-learning-rate"] = [old - grad]
    if q in ON_DELTA and act == "softmax":
        got["softmax-elementwise"] = [per(lambda t: t.dC_da[j] * t.a(l)[j] * (1 - t.a(l)[j]))]
    if p.average and len(p.samples) >= 2 and q in ("dC/dw", "dC/db"):
        got["sum-not-mean"] = [len(p.samples) * p.answer]
    # a mistake counts on a skill it is listed for, and only where it differs from the answer
    return {name: kept for name, values in got.items() if p.skill in MISCONCEPTIONS[name].skills
            and (kept := [float(v) for v in values if not p.right(float(v))])}


PAIRS = [(m, s) for m, c in MISCONCEPTIONS.items() for s in c.skills]
# On an update, (y − a) for (a − y) flips δ and so the step: w + η ∂C/∂w, always the same number
# as stepping the wrong way. The feedback names both; it can't tell them apart, so it never guesses.
ALWAYS_TIED = {("sign-flipped", "update"): "update-wrong-direction"}
WANTS = {"softmax-elementwise": {"activation": "softmax"}}


def test_every_misconception_applies_to_some_skill():
    assert all(c.skills for c in MISCONCEPTIONS.values() if not c.formula_only)
    assert {s for _, s in PAIRS} <= set(SKILLS)


@pytest.mark.parametrize(("name", "skill"), PAIRS, ids=[f"{m}@{s}" for m, s in PAIRS])
def test_a_mistakes_number_is_named_as_that_mistake_unless_another_gives_it_too(name, skill):
    problems = named = tied = 0
    for seed in range(MAX_SEEDS):
        p = problem(skill, seed, **WANTS.get(name, {}))
        right = p.check(repr(p.answer))
        assert right.correct and right.misconception is None and not right.candidates
        expected = expected_mistakes(p)
        if name not in expected:
            continue
        problems += 1
        for v in expected[name]:
            verdict = p.check(repr(v))
            matching = {m for m, values in expected.items() if any(p.close(v, x) for x in values)}
            assert not verdict.correct
            assert set(verdict.candidates) == matching, (seed, p.key, v)
            if (name, skill) in ALWAYS_TIED:
                assert ALWAYS_TIED[name, skill] in matching
            if matching == {name}:
                named += 1
                assert verdict.misconception == name and verdict.message.startswith("That ")
            else:
                tied += 1
                assert verdict.misconception is None and "different mistakes" in verdict.message
        if problems >= PROBLEMS_PER_MISTAKE:
            break
    assert problems >= PROBLEMS_PER_MISTAKE, f"only {problems} problems where {name} applies"
    if (name, skill) in ALWAYS_TIED:
        assert named == 0 and tied > 0
    else:
        assert named > 0, f"{name} on {skill} was never unambiguous"


@pytest.mark.parametrize("skill", [s for s in SKILLS if SKILLS[s].numeric])
def test_a_number_no_mistake_gives_is_too_high_or_too_low_with_a_hint(skill):
    for seed in range(10):
        p = generate(skill, seed)
        values = [x for vs in expected_mistakes(p).values() for x in vs]
        for factor in (3.7, -2.9):
            wrong = p.answer * factor + 0.37
            if any(p.close(wrong, x) for x in values) or p.right(wrong):
                continue
            v = p.check(repr(wrong))
            assert v.misconception is None and not v.candidates
            assert v.direction == ("high" if wrong > p.answer else "low")
            assert f"too {v.direction}" in v.message and "Hint:" in v.message


def test_a_named_mistake_is_written_in_the_notations_symbols():
    for notation, symbol in (("deeplizard", "g′⁽ᴸ⁾"), ("nielsen", "σ′"), ("kostadinov", "f′")):
        seed = next(s for s in range(500) if "missing-activation-slope" in expected_mistakes(
            p := generate("output-delta", s, notation, activation="sigmoid", loss="sse")))
        v = p.check(repr(expected_mistakes(p)["missing-activation-slope"][0]))
        assert v.misconception == "missing-activation-slope", seed
        assert symbol in v.message and "missing" in v.message

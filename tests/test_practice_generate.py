"""Generated problems: the answer is the core's, the numbers are hand-friendly, a seed is a problem.

Every skill x activation x loss it applies to, over many seeds (see ``practice_cases``).
"""

from __future__ import annotations

import numpy as np
import pytest
from practice_cases import CASES, SEEDS_PER_CASE, case_id

from backprop_tui.core.course.practice import MISCONCEPTIONS, SKILLS, generate
from backprop_tui.core.formulas.style import format_number

ISSUE_SKILLS = ["forward-z", "forward-a", "cost", "output-dC/da", "activation-slope",
                "output-delta", "hidden-delta", "bias-gradient", "weight-gradient", "update",
                "mean-gradient", "notation"]
ISSUE_MISCONCEPTIONS = ["missing-activation-slope", "slope-at-activation", "cost-factor",
                        "sign-flipped", "one-term-of-sum", "transposed-weight",
                        "wrong-layer-activation", "forgot-bias", "update-wrong-direction",
                        "forgot-learning-rate", "softmax-elementwise", "sum-not-mean",
                        "activation-specialised", "uses-unknown"]  # named by the formula check
ADDED_MISCONCEPTIONS = ["slope-form-with-z"]  # after the issue's, which keep their names and order


def test_the_names_are_the_issues():
    assert list(SKILLS) == ISSUE_SKILLS
    assert list(MISCONCEPTIONS) == ISSUE_MISCONCEPTIONS + ADDED_MISCONCEPTIONS


def core_answer(p) -> float:
    """The answer read off the core's traces here, not through the practice code."""
    quantity, l, j, k = p.key
    ts = p.traces if p.average else p.traces[:1]
    t = ts[0]
    if quantity in ("dC/dw", "dC/db", "w-updated", "b-updated"):
        if quantity in ("dC/dw", "w-updated"):
            grad = np.mean([t_.delta(l)[j] * t_.a(l - 1)[k] for t_ in ts])
        else:
            grad = np.mean([t_.delta(l)[j] for t_ in ts])
        if quantity == "w-updated":
            return p.network.weights[l - 1][j, k] - p.eta * grad
        if quantity == "b-updated":
            return p.network.biases[l - 1][j] - p.eta * grad
        return grad
    if quantity == "da/dz":  # g'(z) as every seed writes it
        z, a = t.z(l)[j], t.a(l)[j]
        name = p.network.activations[l - 1]
        return {"sigmoid": a * (1 - a), "tanh": 1 - a * a, "relu": float(z > 0),
                "linear": 1.0}[name]
    if quantity == "dC/da" and l < p.network.depth:
        return p.network.weights[l][:, j] @ t.delta(l + 1)
    return {"z": lambda: t.z(l)[j], "a": lambda: t.a(l)[j], "cost": lambda: t.loss,
            "dC/da": lambda: t.dC_da[j], "delta": lambda: t.delta(l)[j]}[quantity]()


def hand_friendly(p) -> None:
    for w, b in zip(p.network.weights, p.network.biases, strict=True):
        for arr in (w, b):
            assert np.all(np.abs(arr) <= 1) and np.allclose(arr * 100, np.round(arr * 100))
    assert 1 <= p.network.depth <= 3 and all(1 <= n <= 4 for n in p.network.sizes)
    for x, y in p.samples:
        assert np.all(np.abs(x) <= 1) and np.allclose(x * 100, np.round(x * 100))
        assert np.allclose(y * 10, np.round(y * 10))
        if p.network.loss == "cross-entropy":
            assert set(np.unique(y)) <= {0.0, 1.0}
        if p.network.activations[-1] == "softmax" and p.network.loss == "cross-entropy":
            assert y.sum() == 1.0


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_every_answer_is_the_cores_and_every_number_hand_friendly(case):
    skill, act, loss = case
    for seed in range(SEEDS_PER_CASE):
        p = generate(skill, seed, activation=act, loss=loss)
        assert p.skill == skill
        if act is not None:
            assert p.network.activations[p.layer - 1] == act
        if loss is not None:
            assert p.network.loss == loss
        assert p.answer == pytest.approx(core_answer(p), rel=1e-12, abs=1e-15)
        assert p.steps[-1].value == pytest.approx(p.answer, rel=1e-12, abs=1e-15)
        hand_friendly(p)
        shown_keys = {s.key for s in p.shown}
        assert shown_keys.isdisjoint({s.key for s in p.steps})  # honest: no step is given
        shown = format_number(p.answer)
        assert "." not in shown or shown not in p.prompt
        verdict = p.check(repr(p.answer))
        assert verdict.correct and verdict.consistent and verdict.misconception is None


@pytest.mark.parametrize("skill", ISSUE_SKILLS)
def test_the_same_skill_and_seed_give_the_same_problem(skill):
    for seed in (0, 7, 4411):
        a, b = generate(skill, seed), generate(skill, seed)
        assert a.prompt == b.prompt and a.key == b.key and a.answer == b.answer
        assert a.network.sizes == b.network.sizes and a.network.activations == b.network.activations
        for wa, wb in zip(a.network.weights, b.network.weights, strict=True):
            assert np.array_equal(wa, wb)
        assert all(np.array_equal(xa, xb) and np.array_equal(ya, yb)
                   for (xa, ya), (xb, yb) in zip(a.samples, b.samples, strict=True))
    assert len({generate(skill, s).prompt + repr(generate(skill, s).answer) for s in range(6)}) > 1


def test_a_problem_is_written_in_the_learners_notation():
    prompts = {n: generate("weight-gradient", 3, n).prompt for n in ("deeplizard", "nielsen", "kostadinov")}
    assert "∂C₀/∂w" in prompts["deeplizard"] and "∂C/∂w" in prompts["nielsen"]
    assert len(set(prompts.values())) == 3
    answers = {generate("weight-gradient", 3, n).answer for n in ("deeplizard", "nielsen", "kostadinov")}
    assert len(answers) == 1  # notation changes symbols, never numbers


def test_the_notation_skill_is_a_choice_with_one_right_option():
    for seed in range(SEEDS_PER_CASE * 3):
        p = generate("notation", seed, "nielsen")
        assert len(p.options) == 4 and len(set(p.options)) == 4
        right = int(p.answer)
        assert p.check(str(right)).correct
        assert not any(p.check(str(i)).correct for i in range(1, 5) if i != right)
        assert not p.check("9").readable


def test_unknown_names_are_refused_with_the_known_ones():
    with pytest.raises(ValueError, match="forward-z"):
        generate("backprop", 1)
    with pytest.raises(ValueError, match="nielsen"):
        generate("cost", 1, "feynman")
    with pytest.raises(ValueError):
        generate("hidden-delta", 1, activation="softmax")


def test_an_unreadable_answer_is_not_an_attempt():
    v = generate("cost", 2).check("about a half")
    assert not v.readable and not v.correct and "number" in v.message


def rounded(p) -> dict:
    """The given values as the learner sees them (4 significant digits)."""
    return {g.key: float(format_number(g.value, "plain")) for g in p.shown if g.sample == 0}


@pytest.mark.parametrize("seed", range(SEEDS_PER_CASE * 4))
def test_a_hand_answer_from_the_numbers_as_shown_is_accepted(seed):
    p = generate("forward-z", seed)
    shown, net, (x, _) = rounded(p), p.network, p.samples[0]
    l, j = p.layer, p.node
    a_prev = x if l == 1 else [shown[("a", l - 1, k, None)] for k in range(net.sizes[l - 1])]
    assert p.check(repr(float(net.weights[l - 1][j] @ a_prev + net.biases[l - 1][j]))).correct

    p = generate("output-delta", seed, activation="sigmoid", loss="sse")
    shown, (_, y), L, j = rounded(p), p.samples[0], p.network.depth, p.node
    a = shown[("a", L, j, None)]
    assert p.check(repr(float(2 * (a - y[j]) * a * (1 - a)))).correct

    p = generate("hidden-delta", seed, activation="tanh")
    shown, l, j = rounded(p), p.layer, p.node
    back = sum(p.network.weights[l][i, j] * shown[("delta", l + 1, i, None)]
               for i in range(p.network.sizes[l + 1]))
    a = shown[("a", l, j, None)]
    assert p.check(repr(float(back * (1 - a * a)))).correct


def test_no_forward_a_problem_is_passed_by_copying_its_given_z():
    """On a linear or ReLU layer (a practice ReLU is always on) a = z, and tanh of a small z is
    z within 1%: the given z would pass, so neither is drawn."""
    from backprop_tui.core.course.practice.skills import get_skill

    assert not {"linear", "relu"} & set(get_skill("forward-a").activations)
    for seed in range(60):
        p = generate("forward-a", seed)
        (z,) = [g.value for g in p.shown if g.key[:3] == ("z", p.layer, p.node)]
        assert not p.right(z), (seed, p.network.activations, z, p.answer)

"""Faded worked examples: fully worked first, then one more blank step per right answer, one back
after a wrong one; the blank steps are problems of their own, checked with error carried forward."""

from __future__ import annotations

from backprop_tui.core.course.practice import generate
from backprop_tui.core.course.practice.fading import Fading, step_problem
from backprop_tui.core.course.practice.mastery import SkillMastery, load, save
from backprop_tui.core.course.progress import ProgressStore


def chain_problem(seed: int = 11):
    return generate("weight-gradient", seed, activation="sigmoid", loss="sse")


def test_the_first_problem_is_fully_worked_and_each_right_answer_fades_one_more_step():
    p = chain_problem()
    n = len(p.steps)
    assert n == 4  # ∂C/∂a, ∂a/∂z, δ, ∂C/∂w
    fading = Fading()
    worked, blank = fading.split(p)
    assert worked == p.steps and blank == ()
    for blanks in range(1, n + 1):
        fading = fading.after(True, p)
        worked, blank = fading.split(p)
        assert fading.blanks == blanks and len(blank) == blanks
        assert worked + blank == p.steps
        assert {s.key for s in worked}.isdisjoint({s.key for s in blank})
    assert fading.complete(p) and fading.after(True, p) == fading
    assert fading.after(False, p).blanks == n - 1
    assert Fading().after(False, p).blanks == 0


def test_each_blank_step_is_checked_as_a_problem_and_carries_the_learners_value_forward():
    p = chain_problem()
    steps = [step_problem(p, i) for i in range(len(p.steps))]
    assert steps[-1] is p
    for q, s in zip(steps, p.steps, strict=True):
        assert q.answer == s.value and q.check(repr(s.value)).correct
        assert q.network is p.network
    delta = steps[2]
    assert delta.quantity == "delta" and delta.skill == "output-delta"
    slip = delta.answer * 2
    given = {s.key: repr(s.value) for s in p.steps[:2]} | {delta.key: repr(slip)}
    k = p.source
    carried = p.check(repr(float(slip * p.trace.a(p.layer - 1)[k])), given)
    assert carried.consistent and not carried.correct
    missing = delta.check(repr(p.steps[0].value))  # δ = ∂C/∂a: the slope left out
    assert missing.misconception == "missing-activation-slope"


def test_only_problems_done_entirely_count_towards_mastery():
    m = SkillMastery("output-delta")
    seed, count = 0, 0
    while not m.mastered:
        act = ("sigmoid", "tanh")[count % 2]
        p = generate("output-delta", seed, activation=act, loss="sse")
        if m.fading.complete(p):
            count += 1
        m = m.answered(p, correct=True)
        seed += 1
        assert seed < 50
    assert count == 3  # three done entirely, after the faded ones
    p = generate("output-delta", 99, activation="sigmoid", loss="sse")
    worse = m.answered(p, correct=False)
    assert worse.run == 0 and worse.blanks == m.blanks - 1 and worse.mastered


def test_the_fading_is_saved_with_the_mastery(tmp_path):
    store = ProgressStore(tmp_path)
    save(store, SkillMastery("update", run=1, activations=("relu",), attempts=4, blanks=3))
    again = load(ProgressStore(tmp_path), "update")
    assert (again.run, again.activations, again.attempts, again.blanks) == (1, ("relu",), 4, 3)

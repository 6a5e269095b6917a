"""The practice and exam sessions the screens drive (``core.course.practice.session``): fading,
retries, keeping a wrong answer, error carried forward, hints, mastery and exam saving, and that
nothing a session hands the screen holds an unsolved value."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_tui.core.course.practice import SKILLS, generate
from backprop_tui.core.course.practice.mastery import SkillMastery, exams, load
from backprop_tui.core.course.practice.session import (
    CONSISTENT,
    KEPT,
    RIGHT,
    WORKED,
    ExamSession,
    PracticeSession,
    next_exam_seed,
    next_seed,
)
from backprop_tui.core.course.progress import ProgressStore
from backprop_tui.core.formulas.notation import format_number
from backprop_tui.core.math.activations import ACTIVATIONS
from backprop_tui.tui.widgets.steps_panel import exam_rows, practice_rows

NUMERIC = [name for name, s in SKILLS.items() if s.numeric]


def text(v: float) -> str:
    return format_number(v)


def faded(skill: str, seed: int, blanks: int) -> PracticeSession:
    return PracticeSession(generate(skill, seed), SkillMastery(skill, blanks=blanks))


def test_a_new_skill_starts_fully_worked_and_each_problem_fades_one_more_step(tmp_path):
    store = ProgressStore(tmp_path)
    m = load(store, "output-delta")
    s = PracticeSession(generate("output-delta", next_seed(m)), m)
    assert s.done and s.blanks == 0 and all(st.status == WORKED for st in s.states)
    assert [s.shown_value(i) for i in range(s.steps)] == [st.value for st in s.problem.steps]
    m = s.finish(store)
    assert m.blanks == 1 and load(store, "output-delta").blanks == 1  # saved
    # (on a sigmoid: on a linear or ReLU output, δ = ∂C/∂a and both are blank, see below)
    s = PracticeSession(generate("output-delta", next_seed(m), activation="sigmoid"), m)
    assert s.blanks == 1 and s.index == s.steps - 1 and not s.done
    assert s.submit(text(s.problem.answer)).correct and s.done
    assert s.finish(store).blanks == 2


def test_no_worked_step_shows_the_answer_of_a_blank_one():
    """BP3's ∂C/∂b is δ, and on a linear or ReLU output δ is ∂C/∂a (g′ = 1): a step worked
    above a blank one with the same value would be copied, so it is left blank too."""
    from backprop_tui.core.course.practice.verdict import close

    for skill, activation, equal in (("output-delta", "linear", ("dC/da", "delta")),
                                     ("output-delta", "relu", ("dC/da", "delta")),
                                     ("bias-gradient", "sigmoid", ("delta", "dC/db"))):
        for seed in range(5):
            p = generate(skill, seed, activation=activation)
            values = {st.key[0]: st.value for st in p.steps}
            assert close(*(values[q] for q in equal)), (skill, activation, seed)
            s = PracticeSession(p, SkillMastery(skill, blanks=1))
            worked = [st for st, state in zip(p.steps, s.states, strict=True)
                      if state.status == WORKED]
            blank = p.steps[len(worked):]
            assert blank and all(st.key[0] not in equal for st in worked), (skill, seed)
            assert not any(close(w.value, b.value) for w in worked for b in blank)
    sigmoid = PracticeSession(generate("output-delta", 1, activation="sigmoid"),
                              SkillMastery("output-delta", blanks=1))
    assert sigmoid.blanks == 1  # where nothing would be given away, one more step fades


def test_a_wrong_answer_can_be_tried_again_or_kept_and_moves_the_fading_back():
    s = faded("output-delta", 4411, 1)
    wrong = s.submit("5")
    assert not wrong.correct and wrong.direction == "high" and s.index == s.steps - 1
    assert s.shown_value(s.index) is None
    assert s.keep() and s.states[-1].status == KEPT and s.done
    assert s.shown_value(s.steps - 1) is None  # a kept wrong answer never shows the key
    m = s.finish()
    assert m.blanks == 0 and m.run == 0  # one step back


def test_a_named_mistake_reaches_the_learner_in_words_and_symbols():
    s = faded("output-delta", 4411, 3)
    p = s.problem
    s.submit(text(p.steps[0].value))
    s.submit(text(p.steps[1].value))
    (value,) = p.mistakes["missing-activation-slope"]
    v = s.submit(text(value))
    assert v.misconception == "missing-activation-slope" and "missing" in v.message
    assert "g′" in v.message or "σ′" in v.message


def test_error_carried_forward_a_later_step_is_right_given_a_kept_slip():
    s = faded("output-delta", 4411, 3)
    p = s.problem
    slip = p.steps[0].value * 2  # ∂C/∂a off by the cost's factor
    assert not s.submit(text(slip)).correct
    assert s.keep()
    assert s.submit(text(p.steps[1].value)).correct
    v = s.submit(text(slip * p.steps[1].value))
    assert v.consistent and not v.correct and "given your" in v.message
    assert s.states[-1].status == CONSISTENT and s.done
    assert s.finish().run == 0  # a slip was made: it does not count towards mastery


def test_three_unhelped_in_a_row_on_two_activations_master_a_skill():
    m = SkillMastery("output-delta", blanks=3)
    seed, acts = 0, set()
    while not m.mastered:
        seed += 1
        s = PracticeSession(generate("output-delta", seed), m)
        for step in s.problem.steps:
            assert s.submit(text(step.value)).correct
        acts.add(s.problem.activation)
        m = s.finish()
        assert seed < 20
    assert m.run >= 3 and len(set(m.activations)) >= 2


def test_a_hint_shows_the_next_equation_and_the_problem_then_counts_as_helped():
    s = faded("hidden-delta", 3, 3)
    first = s.hint()
    assert first and s.hints == (first,) and s.helped
    for step in s.problem.steps:
        s.submit(text(step.value))
    assert s.done and not s.missed
    assert s.finish().run == 0


@pytest.mark.parametrize("skill", NUMERIC)
def test_the_rows_hold_no_unsolved_value_whatever_the_learner_does(skill):
    """Honest exercise: every blank, before it is solved, after a wrong answer and after a hint,
    shows no value of its own (as the tutor would format it) unless that value is given anyway."""
    for seed in range(4):
        s = faded(skill, seed, 99)
        p = s.problem
        given = {text(v) for v in _given_values(p)}
        for i, step in enumerate(p.steps):
            s.hint()
            s.submit("12345")
            rows = " ".join(r.label + " " + r.result for r in practice_rows(s))
            solved = {text(st.value) for st in p.steps[:i]}  # (a linear slope: δ = ∂C/∂a)
            later = {text(st.value) for st in p.steps[i:]} - given - solved
            assert not [t for t in later if len(t.strip("−0.")) >= 2 and t in rows], (skill, seed, i)
            s.submit(text(step.value))
        assert s.done


def _given_values(p) -> list[float]:
    values = [g.value for g in p.shown]
    for w, b in zip(p.network.weights, p.network.biases, strict=True):
        values += list(w.ravel()) + list(b)
    for x, y in p.samples:
        values += list(x) + list(y)
    return values


def test_an_exam_marks_each_step_given_the_answers_before_it_and_is_saved(tmp_path):
    store = ProgressStore(tmp_path)
    assert next_exam_seed(store) == 0
    e = ExamSession(5)
    keys = [p.answer for p in e.problems]
    assert not e.submit("nonsense").readable and e.index == 0  # not taken
    slip = keys[0] + 0.5  # the first z wrong; the a computed from it is right given it
    e.submit(text(slip))
    act = e.problems[1]
    assert act.quantity == "a"
    carried = float(ACTIVATIONS[act.network.activations[0]].fn(np.array([slip]))[0])
    v = e.submit(text(carried))
    assert v.consistent and not v.correct
    for p in e.problems[2:]:
        e.submit(text(p.answer))
    assert e.done
    result = e.finish(store)
    assert result.scores[0] == 0 and result.scores[1] == 1
    assert sum(result.scores) >= len(e.problems) - 3  # the slip's later steps: right given it
    rows = exam_rows(e)
    assert rows[0].kind == "wrong" and rows[1].kind == "right"
    (seed, date, scored, steps), = exams(store)
    assert seed == 5 and steps == len(e.problems) and scored == sum(result.scores) and date
    assert next_exam_seed(store) == 6


def test_an_exam_left_half_done_is_saved_with_the_rest_unscored(tmp_path):
    store = ProgressStore(tmp_path)
    e = ExamSession(2)
    e.submit(text(e.problems[0].answer))
    e.finish(store)
    (_, _, scored, steps), = exams(store)
    assert scored == 1 and steps == len(e.problems)
    assert RIGHT  # (the statuses are the screen's vocabulary)


def test_one_term_of_the_sum_is_named_in_a_hidden_dC_da_step_too():
    """The first step of a faded hidden-δ problem, ∂C/∂a⁽ˡ⁾ⱼ = Σᵢ wᵢⱼ δᵢ⁽ˡ⁺¹⁾: one term alone is
    the mistake one-term-of-sum (found playing it; it used to say only "too high")."""
    named = 0
    for seed in range(12):
        s = faded("hidden-delta", seed, 3)
        p = s.problem
        net, t, l, j = p.network, p.trace, p.layer, p.node
        if net.sizes[l + 1] < 2:
            continue
        terms = [float(net.weights[l][i, j] * t.delta(l + 1)[i]) for i in range(net.sizes[l + 1])]
        unique = [v for v in terms if not p.close(v, p.steps[0].value)
                  and sum(abs(v - u) <= max(0.01 * abs(v), 2e-4) for u in terms) == 1]
        if not unique:
            continue
        v = s.submit(text(unique[0]))
        assert v.misconception == "one-term-of-sum", (seed, v.message)
        named += 1
    assert named >= 3


def test_the_notation_choice_is_a_step_of_its_own_and_only_a_choice_made_counts(tmp_path):
    """Playing the notation skill: its problem had no step, so it opened 'fully worked', showed
    no options and took no answer, and each one merely opened counted as right (three opened and
    left, mastered). Now the choice is its one step: worked first, then the learner's."""
    store = ProgressStore(tmp_path)
    worked = PracticeSession(generate("notation", 2), load(store, "notation"))
    assert worked.done and worked.blanks == 0
    rows = practice_rows(worked)
    p = worked.problem
    assert rows[0].result == f"= {int(p.answer)}: {p.options[int(p.answer) - 1]}"
    m = worked.finish(store)
    assert m.run == 0 and m.blanks == 1  # read, not done: it does not count
    mine = PracticeSession(generate("notation", 3), m)
    assert not mine.done and practice_rows(mine)[0].result == "▶ your turn"
    wrong = next(i for i in range(1, 5) if i != int(mine.problem.answer))
    assert not mine.submit(str(wrong)).correct
    assert mine.submit(str(int(mine.problem.answer))).correct and mine.done
    assert mine.finish(store).blanks == 0  # a miss: the next one is shown worked again
    PracticeSession(generate("notation", 4), load(store, "notation")).finish(store)
    again = PracticeSession(generate("notation", 5), load(store, "notation"))
    assert again.submit(str(int(again.problem.answer))).correct
    assert again.finish(store).run == 1  # a choice made, right and unhelped, counts


def test_a_notation_hint_says_how_the_other_convention_numbers_without_a_panel():
    """The hint pointed at 'the notation panel', which the practice screen does not have."""
    for seed in range(6):
        p = generate("notation", seed, "deeplizard")
        other = p.extra["other"]
        assert "panel" not in p.hints[0] and other in p.hints[0]
        assert ("numbered 1 … n" if other != "deeplizard" else "numbered 0 … n−1") in p.hints[0]


def test_a_transposed_weight_is_named_in_a_hidden_dC_da_step_too():
    """The first step of a faded hidden-δ problem with wⱼᵢ for wᵢⱼ in the sum (the row of the
    next layer's weights for its column): found playing seed 8, where it said only "too high"."""
    named = 0
    for seed in range(16):
        s = faded("hidden-delta", seed, 3)
        p = s.problem
        net, t, l, j = p.network, p.trace, p.layer, p.node
        n_next = net.sizes[l + 1]
        if n_next > net.sizes[l] or j >= n_next:
            continue  # no row j of the next layer's weights to use by mistake
        transposed = float(net.weights[l][j, :n_next] @ t.delta(l + 1))
        v = s.submit(text(transposed))
        if v.correct:
            continue  # a symmetric case: the two sums agree
        if v.candidates and len(v.candidates) > 1:
            assert "transposed-weight" in v.candidates
            continue
        assert v.misconception == "transposed-weight", (seed, v.message)
        named += 1
    assert named >= 3


def test_the_slope_form_worked_out_with_z_is_named_in_a_faded_step():
    """Played: σ′ as z(1 − z) (hidden-delta seed 9) and tanh′ as 1 − z² (output-delta seed 6),
    the form in a with z put in, said only "too low"."""
    s = faded("hidden-delta", 9, 2)
    z = s.problem.trace.z(s.problem.layer)[s.problem.node]
    v = s.submit(text(float(z * (1 - z))))
    assert v.misconception == "slope-form-with-z" and "a(1 − a)" in v.message
    s = faded("output-delta", 6, 3)
    p = s.problem
    assert s.submit(text(p.steps[0].value)).correct
    z = p.trace.z(p.layer)[p.node]
    v = s.submit(text(float(1 - z * z)))
    assert v.misconception == "slope-form-with-z" and "1 − a²" in v.message

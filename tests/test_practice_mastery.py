"""Mastery: 3 right in a row unhelped, on 2 activations where that matters; kept with the lesson
progress, surviving a restart; exams saved with their seed and date."""

from __future__ import annotations

from datetime import UTC, datetime

from backprop_tui.core.course.practice import exam, grade
from backprop_tui.core.course.practice.mastery import (
    BACKWARD_SKILLS,
    UNIT_SLOPE,
    SkillMastery,
    exam_unlocked,
    exams,
    load,
    load_all,
    record,
    save_exam,
)
from backprop_tui.core.course.practice.skills import SKILLS
from backprop_tui.core.course.progress import FILE_NAME, ProgressStore


def run(skill: str, answers) -> SkillMastery:
    m = SkillMastery(skill)
    for a in answers:
        m = m.record(*a)
    return m


def test_three_right_in_a_row_masters_a_skill_that_does_not_depend_on_the_activation():
    assert SkillMastery("forward-z").state == "new"
    m = run("forward-z", [(True,), (True,)])
    assert m.state == "practising" and m.run == 2
    assert run("forward-z", [(True,)] * 3).state == "mastered"


def test_a_skill_that_depends_on_the_activation_needs_two_of_them():
    same = run("output-delta", [(True, "sigmoid")] * 5)
    assert same.state == "practising" and same.run == 5
    two = run("output-delta", [(True, "sigmoid"), (True, "sigmoid"), (True, "tanh")])
    assert two.state == "mastered"


def test_a_wrong_answer_a_hint_or_a_reveal_starts_the_run_again():
    m = run("hidden-delta", [(True, "relu"), (True, "tanh"), (False, "tanh")])
    assert m.run == 0 and m.activations == () and m.state == "practising"
    m = run("hidden-delta", [(True, "relu"), (True, "tanh"), (True, "tanh", True)])
    assert m.run == 0 and m.state == "practising"
    m = run("hidden-delta", [(True, "relu"), (True, "tanh"), (True, "tanh"), (False, "relu")])
    assert m.state == "mastered" and m.run == 0  # mastered stays; the run restarts


def test_mastery_is_kept_with_the_lesson_progress_and_survives_a_restart(tmp_path):
    store = ProgressStore(tmp_path)
    store.lesson("output-weight").exercise("e1").solved = True
    store.save()
    for act in ("sigmoid", "tanh", "sigmoid"):
        record(store, "output-delta", True, act)
    again = ProgressStore(tmp_path)
    assert again.notice is None
    assert load(again, "output-delta").state == "mastered"
    assert again.lesson("output-weight").exercise("e1").solved  # lesson progress untouched
    states = load_all(again)
    assert list(states)[0] == "forward-z" and states["forward-z"].state == "new"


def test_a_corrupt_progress_file_is_kept_aside_and_mastery_starts_afresh(tmp_path):
    (tmp_path / FILE_NAME).write_text("{not json")
    store = ProgressStore(tmp_path)
    assert store.notice and (tmp_path / f"{FILE_NAME}.corrupt").exists()
    assert load(store, "cost").state == "new"
    record(store, "cost", True)
    assert load(ProgressStore(tmp_path), "cost").run == 1


def test_an_exam_is_saved_with_its_seed_date_and_score(tmp_path):
    steps = exam(12)
    answers = [repr(p.answer) for p in steps]
    answers[0] = "7"
    result = grade(steps, answers)
    store = ProgressStore(tmp_path)
    ids = [f"{p.quantity} {p.layer} {p.node} {p.source}" for p in steps]
    save_exam(store, 12, ids, result.scores, datetime(2026, 12, 2, 5, 0, tzinfo=UTC))
    saved = exams(ProgressStore(tmp_path))
    assert saved == [(12, "2026-12-02T05:00Z", int(sum(result.scores)), len(steps))]
    assert saved[0][2] < len(steps)


def test_the_exam_opens_once_the_backward_pass_skills_are_mastered():
    done = SkillMastery("x", mastered=True)
    some = {s: done for s in BACKWARD_SKILLS[:-1]}
    assert not exam_unlocked(some)
    assert exam_unlocked({**some, BACKWARD_SKILLS[-1]: done})


def test_linear_and_relu_alone_do_not_master_a_skill_whose_answer_has_a_slope():
    """Played: output-delta mastered on linear, relu, linear, three problems where g′(z) = 1 and
    δ = ∂C/∂a, so leaving the slope out is never caught. One activation with a slope of its own
    is needed, and the learner is told so."""
    unit = run("output-delta", [(True, "linear"), (True, "relu"), (True, "linear")])
    assert unit.state == "practising" and unit.run == 3
    assert "sigmoid, tanh or softmax" in unit.still_needed
    assert run("output-delta", [(True, "linear"), (True, "relu"), (True, "linear"),
                                (True, "tanh")]).state == "mastered"
    assert run("hidden-delta", [(True, "relu"), (True, "sigmoid"), (True, "relu")]).state == "mastered"
    assert "another activation" in run("output-delta", [(True, "sigmoid")] * 3).still_needed
    assert run("forward-z", [(True,)] * 3).still_needed == ""


def test_what_mastery_still_needs_names_only_activations_the_skill_is_practised_on():
    """A hidden layer is never softmax: hidden-delta and activation-slope said "a sigmoid, tanh
    or softmax layer", a layer the learner could wait for forever. Every skill that depends on
    the activation has one with a slope of its own, so every one can be mastered."""
    hidden = run("hidden-delta", [(True, "relu"), (True, "linear"), (True, "relu")])
    assert hidden.state == "practising"
    assert hidden.still_needed == "a problem on a sigmoid or tanh layer (linear and ReLU have slope 1)"
    slope = run("activation-slope", [(True, "linear"), (True, "relu"), (True, "linear")])
    assert "softmax" not in slope.still_needed and "sigmoid or tanh" in slope.still_needed
    assert "sigmoid, tanh or softmax" in run("output-delta", [(True, "linear"), (True, "relu"),
                                                              (True, "linear")]).still_needed
    for skill in SKILLS.values():
        if skill.depends_on_activation:
            assert set(skill.activations) - set(UNIT_SLOPE), skill.name

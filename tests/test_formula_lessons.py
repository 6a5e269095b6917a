"""The ``formula`` exercise kind in lesson files: ``check`` refuses a key that is not the quantity
it names (naming file and line), and a learner's formula is checked through the exercise."""

from __future__ import annotations

from pathlib import Path

import pytest

from backprop_tui.core.course.exercise import check, resolve
from backprop_tui.core.course.lesson import LessonError, load_lesson, parse_lesson

DRAFT = Path(__file__).parent.parent / "lessons" / "06b-derive-bp1.toml"  # was the draft

LESSON = '''\
id = "tiny-formula"
title = "A formula"
summary = "One formula exercise."
source = "004"
notation = "nielsen"

[network]
sizes = [2, 3, 2]
activations = ["sigmoid", "sigmoid"]
loss = "half-sse"
seed = 2

[[samples]]
x = [0.5, 0.1]
y = [1.0, 0.0]

[[exercises]]
id = "bp1"
kind = "formula"
prompt = "Write δᴸⱼ."
formula = "{formula}"
quantity = "delta"
layer = "L"
node = 1
hints = ["Two factors."]
explanation = "BP1."
'''


def test_the_draft_lesson_checks_and_its_keys_resolve():
    lesson = load_lesson(DRAFT)
    assert [ex.kind for ex in lesson.exercises] == ["formula"] * 4
    for ex in lesson.exercises:
        resolve(lesson, ex)  # the key equals the core's value, or this raises


def test_a_formula_key_that_disagrees_with_the_core_is_refused_with_file_and_line():
    text = LESSON.format(formula="2*(a^L_j - y_j) * sigma'(z^L_j)")  # the 2 is wrong for ½Σ
    with pytest.raises(LessonError) as e:
        parse_lesson(text, "tiny.toml")
    message = str(e.value)
    line = text.splitlines().index('formula = "2*(a^L_j - y_j) * sigma\'(z^L_j)"') + 1
    assert message.startswith(f"tiny.toml:{line}:")
    assert "formula" in message and "does not equal the delta" in message


def test_a_formula_key_that_does_not_parse_is_refused():
    with pytest.raises(LessonError, match="does not parse: at position"):
        parse_lesson(LESSON.format(formula="(a^L_j - y_j"), "tiny.toml")


def test_a_formula_exercise_without_a_formula_is_refused():
    text = LESSON.format(formula="x").replace('formula = "x"\n', "")
    with pytest.raises(LessonError, match='missing key "formula"'):
        parse_lesson(text, "tiny.toml")


def test_a_learners_formula_is_checked_through_the_exercise():
    lesson = parse_lesson(LESSON.format(formula="(a^L_j - y_j) * sigma'(z^L_j)"), "tiny.toml")
    ex = lesson.exercises[0]
    assert check(lesson, ex, "σ′(zᴸ₁)(aᴸ₁ − y₁)").correct
    wrong = check(lesson, ex, "(a^L_j - y_j)")
    assert not wrong.correct and wrong.misconception == "missing-activation-slope"
    unreadable = check(lesson, ex, "(a^L_j - ")
    assert not unreadable.readable and unreadable.span is not None


@pytest.mark.parametrize("exercise, answer", [
    ("slope", "a_0^(L) * (1 - a_0^(L))"),
    ("slope", "sigma(z)*(1-sigma(z))"),
    ("one-node", "2(a₁⁽ᴸ⁾ − y₁) g′(z₁⁽ᴸ⁾)"),
    ("any-node", "g'(z_j^(L)) * 2 * (a_j^(L) - y_j)"),
    ("vector", "2*(a^(L) - y) ⊙ g'(z^(L))"),
    ("vector", "2*(a^(L) - y) (.) da/dz^(L)"),
])
def test_the_draft_lessons_answers_are_accepted(exercise, answer):
    lesson = load_lesson(DRAFT)
    ex = next(e for e in lesson.exercises if e.id == exercise)
    feedback = check(lesson, ex, answer)
    assert feedback.correct, feedback.message


def test_the_draft_lessons_gradient_of_the_cost_is_not_given():
    """∇ₐC ⊙ g′ is BP1 for any cost: the exercise gives the cost and asks for its derivative."""
    lesson = load_lesson(DRAFT)
    ex = next(e for e in lesson.exercises if e.id == "vector")
    feedback = check(lesson, ex, "nabla_a C (.) g'(z^(L))")
    assert not feedback.correct and not feedback.readable
    assert feedback.misconception == "uses-unknown" and "∂C₀/∂a⁽ᴸ⁾" in feedback.message

"""Issue 9's small notation gaps: each lesson's text writes the symbols the screen shows, no
practice row states the blank it asks for, and every mistake the learner is told has a name
and a description in MISCONCEPTIONS."""

from __future__ import annotations

import re

from backprop_tui.core.course.lesson import load_lesson, shipped_lessons_dir
from backprop_tui.core.course.practice import MISCONCEPTIONS, generate
from backprop_tui.core.formulas import formula_check
from backprop_tui.core.formulas.notation import CONVENTIONS, symbol

LESSONS = shipped_lessons_dir()


def lesson(name: str):
    return load_lesson(next(LESSONS.glob(f"{name}-*.toml")))


def texts(ex) -> str:
    return " ".join([ex.prompt, *ex.hints])


def test_the_update_prompt_writes_the_lessons_learning_rate_symbol():
    le = lesson("08")
    eta = symbol("eta", le.notation, depth=le.network.depth)
    others = {symbol("eta", c, depth=2) for c in CONVENTIONS} - {eta, "learning rate"}
    step = next(ex for ex in le.exercises if ex.id == "step-w")
    assert f"− {eta} ∂C/∂wᴸ₁₂" in step.prompt and f"{eta} = 0.5" in step.prompt
    for ex in le.exercises:
        if ex.eta is not None:
            assert not any(o in texts(ex) for o in others), ex.id


def test_the_gradient_check_lesson_nudges_by_h_as_the_check_view_does():
    """Nielsen's ε is no learning rate, but the app's gradient check writes its nudge h (ε is
    Kostadinov's learning rate): the lesson's prompts and hints say h too."""
    le = lesson("09")
    assert all("ε" not in texts(ex) for ex in le.exercises)
    nudge = next(ex for ex in le.exercises if ex.id == "nudge-out")
    assert "h = 0.01" in nudge.prompt and "/ 2h" in nudge.prompt
    assert any("±h" in hint for ex in le.exercises for hint in ex.hints)


def test_kostadinovs_output_has_no_bias_as_in_his_article():
    """Seed 003: s = W⁽³⁾a⁽³⁾, no bias and no z: the lesson's network says so (bias = false),
    so the app writes s and ∂C/∂s, as the lesson's prompts do."""
    le = lesson("06")
    assert le.network.has_bias == (True, True, False) and le.network.plain_output
    assert "bias = false" in (LESSONS / "06-biases-and-delta.toml").read_text()
    assert any("∂C/∂s" in ex.prompt for ex in le.exercises)


def numbers_in(text: str) -> set[str]:
    """The plain numbers written in a text (not sub- or superscripts)."""
    return set(re.findall(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])", text))


def test_a_linear_slope_row_does_not_state_the_slope_it_asks_for():
    """The practice screen writes each step's equation (hints[0]) on its row, the asked one
    too: for a linear layer that row must not say the slope is 1."""
    seen = 0
    for notation in CONVENTIONS:
        for seed in range(60):
            p = generate("activation-slope", seed, notation)
            if p.activation != "linear":
                continue
            seen += 1
            assert p.answer == 1.0
            assert "1" not in numbers_in(p.hints[0]) and "one" not in p.hints[0], p.hints[0]
            assert "linear(z) = z" in p.hints[0]
    assert seen >= 3


def test_activation_specialised_is_a_named_misconception():
    c = MISCONCEPTIONS["activation-specialised"]
    assert c.formula_only and not c.skills and "g′(z)" in c.words and "a(1 − a)" in c.words
    p = generate("hidden-delta", 0)
    assert "g′" in c.explain(p) or "σ′" in c.explain(p) or "f′" in c.explain(p)
    assert c.produce(p) == ()  # no number tells it apart: never a numeric diagnosis


def test_every_misconception_the_formula_check_names_is_in_the_table():
    named = set(re.findall(r"``([a-z]+(?:-[a-z]+)+)``", formula_check.__doc__ or ""))
    assert "activation-specialised" in named and len(named) >= 10
    assert named <= set(MISCONCEPTIONS)

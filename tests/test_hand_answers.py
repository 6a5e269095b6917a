"""Issue 9 §2: a hand answer computed from the numbers shown on screen, rounded as shown, is
accepted. Every numeric exercise of every shipped lesson is worked out here the way a learner
with a calculator does it (tests/hand_answers.py): the weights, inputs and targets as the panels
print them (core's ``format_number``: 4 significant digits), each intermediate z, a, g′, δ and
cost written down at that precision and used again, slopes from z or from a. The exercise's own
check must take the result; a wrong-step answer must still be refused."""

from __future__ import annotations

import pytest
from hand_answers import chain_panel, hand_answer
from helpers import shipped_lessons

from backprop_tui.core.course.exercise import check, resolve
from backprop_tui.core.formulas.chain import dC_da_layer
from backprop_tui.core.formulas.shown import printed

CASES = [(le, ex) for le in shipped_lessons() for ex in le.exercises if ex.kind == "numeric"]
IDS = [f"{le.id}/{ex.id}" for le, ex in CASES]


def three_digits(v: float) -> float:
    """A learner who rounds harder than the screen: 3 significant digits along the way."""
    return printed(v, 3)


@pytest.mark.parametrize(("lesson", "ex"), CASES, ids=IDS)
def test_a_hand_answer_from_the_numbers_as_shown_is_accepted(lesson, ex):
    want = resolve(lesson, ex).value
    for read in (chain_panel, three_digits):
        for from_a in (False, True):
            got = float(hand_answer(lesson, ex, read, from_a))
            verdict = check(lesson, ex, repr(got))
            assert verdict.correct, (read.__name__, from_a, got, want, verdict.message)
            if read is chain_panel:  # as shown: well inside the tolerance, not at its edge
                assert abs(got - want) <= 0.5 * ex.tolerance * abs(want) + 1e-12, (got, want)


def test_the_hand_answers_are_not_the_keys_themselves():
    """Not vacuous: rounding along the way does move the answers."""
    moved = [abs(float(hand_answer(le, ex, chain_panel)) - resolve(le, ex).value) > 1e-9
             for le, ex in CASES]
    assert sum(moved) > len(CASES) // 2


def wrong_steps(lesson, ex) -> list[float]:
    """Numbers common slips give on this exercise (each differs from the key by more than
    rounding could): the sign flipped, a factor 2 or ½, the slope g′ or the activation left out."""
    want = resolve(lesson, ex).value
    out = [-want, 2 * want, want / 2]
    p, trace = ex.place, lesson.network.trace(*lesson.network_file.samples[0])
    if ex.quantity == "delta" and lesson.network.activations[p.layer - 1] != "softmax":
        out.append(float(dC_da_layer(trace, p.layer)[p.node]))  # g′(z) left out
    if ex.quantity == "dC/dw" and not ex.average:
        out.append(float(trace.delta(p.layer)[p.node]))  # a⁽ˡ⁻¹⁾ₖ left out
    return [v for v in out if abs(v - want) > 0.05 * abs(want)]


@pytest.mark.parametrize(("lesson", "ex"), CASES, ids=IDS)
def test_a_wrong_step_is_still_refused(lesson, ex):
    for v in wrong_steps(lesson, ex):
        assert not check(lesson, ex, repr(v)).correct, (v, resolve(lesson, ex).value)

""""Show me": the answer of an exercise, given on purpose after enough wrong attempts.

A learner stuck on a compute, choose or derive exercise may ask for its answer once they have
made :data:`SHOW_ME_AFTER` wrong attempts at it (typos, which are not attempts, don't count).
The exercise is then *revealed*, not solved (:class:`~backprop_tui.core.course.progress.
ExerciseProgress`); :func:`shown_answer` is the text the app shows, computed here from the
lesson's network like every answer key, never written in a lesson.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from backprop_tui.core.course.exercise import Resolved, resolve
from backprop_tui.core.formulas.style import format_number

if TYPE_CHECKING:
    from backprop_tui.core.course.lesson import Exercise, Lesson

#: Wrong attempts at an exercise before its answer may be shown.
SHOW_ME_AFTER = 3
#: The kinds of exercise whose answer can be shown (a "find" exercise is shown by its hints;
#: an order's factors are on screen already).
SHOWABLE = frozenset({"numeric", "choice", "formula"})
#: Significant digits of a shown number: more than the screen's four, so the learner can see
#: how far their own working was off.
DIGITS = 6


def may_show(ex: Exercise, wrong_attempts: int) -> bool:
    """Whether ``ex``'s answer may be shown after ``wrong_attempts`` wrong answers."""
    return ex.kind in SHOWABLE and wrong_attempts >= SHOW_ME_AFTER


def shown_answer(lesson: Lesson, ex: Exercise, resolved: Resolved | None = None) -> str:
    """The answer of ``ex`` as the app shows it: a number to :data:`DIGITS` digits, the right
    option with its text, or the key formula in the lesson's notation and as typed."""
    if ex.kind == "numeric":
        value = (resolved or resolve(lesson, ex)).value
        return format_number(value, digits=DIGITS)
    if ex.kind == "choice":
        return f"option {ex.correct + 1}, “{ex.options[ex.correct]}”"
    if ex.kind == "formula":
        from backprop_tui.core.course.formula_exercise import question
        from backprop_tui.core.formulas.formula_preview import preview

        rendered = preview(ex.formula, question(lesson, ex), key=ex.formula).rendered
        one_line = " ".join(rendered.split()) if "\n" not in rendered else ""
        typed = f"typed {ex.formula}"
        return f"{one_line}, {typed}" if one_line else typed
    raise ValueError(f"a {ex.kind} exercise's answer is not shown")

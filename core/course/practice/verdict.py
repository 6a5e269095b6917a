"""What checking an answer says (:class:`Verdict`), and when two numbers count as the same."""

from __future__ import annotations

from dataclasses import dataclass

from backprop_tui.core.formulas.notation import format_number

REL_TOL = 0.01  # a hand answer from the numbers as shown, rounded along the way, is accepted
ABS_TOL = 2e-4


def close(got: float, want: float, scale: float | None = None) -> bool:
    """Whether a typed number is the same as ``want`` for a learner working by hand: within 1%
    of ``scale`` (by default ``want`` itself; for an update, the size of the step taken)."""
    return abs(got - want) <= max(REL_TOL * abs(want if scale is None else scale), ABS_TOL)


SHOWN_DIGITS = 4  # a given value is shown with 4 significant digits (format_number's default)


def as_shown(value: float) -> float:
    """``value`` as the learner reads it on screen or on a printed sheet."""
    return float(format_number(value, "plain", SHOWN_DIGITS))


@dataclass(frozen=True)
class Verdict:
    correct: bool
    consistent: bool  # right given the learner's earlier answers (equals ``correct`` without any)
    misconception: str | None
    message: str
    candidates: tuple[str, ...] = ()  # every mistake that gives this number (two or more: a tie)
    direction: str | None = None  # "high" / "low" for a wrong number no mistake explains
    readable: bool = True  # False: the answer could not be read (not an attempt)

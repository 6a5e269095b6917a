"""What the formula-exercise app tests share: the lesson and a store opened at its exercise on
one output node (06b's "one-node"), and the learner's texts for each state the panel shows."""

from __future__ import annotations

from pathlib import Path

from backprop_tui.core.course.lesson import load_lesson
from backprop_tui.core.course.progress import ProgressStore

LESSON_FILE = Path(__file__).parent.parent / "lessons" / "06b-derive-bp1.toml"
EXERCISE = "one-node"
PREVIEW = "dC/da_1^(L) * g'(z_1^(L))"  # reads and evaluates: a stacked fraction
UNKNOWN = "2*(a_3^(L) - y_1)"  # output layer L has nodes 0 and 1 only
WRONG = "2*(a_1^(L) - y_1)"  # the slope left out
RIGHT = "2*(a_1^(L) - y_1) * g'(z_1^(L))"


def lesson():
    return load_lesson(LESSON_FILE)


def store_at_exercise(folder: Path, exercise: str = EXERCISE) -> ProgressStore:
    """A fresh progress store whose learner left off at ``exercise`` (so no key skips there)."""
    le = lesson()
    store = ProgressStore(folder)
    store.lesson(le.id).current = [e.id for e in le.exercises].index(exercise)
    store.save()
    return ProgressStore(folder)

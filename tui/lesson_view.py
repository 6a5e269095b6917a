"""What the lesson panel shows, as one immutable snapshot built from a LessonSession.

The widget only displays a :class:`LessonView`; building it renders the order exercise's
factors in the lesson's notation (``backprop_tui.core.formulas.notation``) and, for a formula
exercise, hands the panel the function that previews what the learner types
(``backprop_tui.core.formulas.formula_preview``, on the exercise's question and key).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial

from backprop_tui.core.course.lesson_sources import progress_key
from backprop_tui.core.formulas import notation
from backprop_tui.core.formulas.formula_preview import Preview
from backprop_tui.tui.keys import DEFAULT_KEYS
from backprop_tui.tui.lesson_session import LessonSession

KIND_LABEL = {"numeric": "compute", "choice": "choose", "navigate": "find", "order": "order",
              "formula": "derive"}
PLACEHOLDER = {
    "numeric": "a number (0.25, -1.5e-3, 1/3) · Enter checks · Esc leaves",
    "choice": "the number of an option · Enter checks · Esc leaves",
    "order": "the factors in order, e.g. 3 1 2 · Enter checks · Esc leaves",
    "navigate": "",
    "formula": "a formula · Enter checks · Esc leaves",
}


@dataclass(frozen=True)
class LessonView:
    title: str
    position: int  # 0-based index of the exercise in hand
    marks: tuple[bool, ...]  # solved, per exercise
    kind: str
    prompt: str
    items: tuple[str, ...]  # choice options or order factors, numbered from 1 on screen
    hints: tuple[str, ...]  # revealed so far
    hints_left: int
    feedback: str | None
    correct: bool | None
    explanation: str | None  # once solved
    placeholder: str  # the answer field's text while it has the focus
    finished: bool
    #: formula: the preview of a text, ``preview(text, width=None)``; None for the other kinds
    preview: Callable[..., Preview] | None = None
    span: tuple[int, int] | None = None  # formula: the part of the last answer the verdict means
    revealed: bool = False  # its answer was shown on request ("show me"): not solved
    show_me: bool = False  # "show me" (m) is on offer: enough wrong attempts
    shown_marks: tuple[bool, ...] = ()  # revealed (and not solved), per exercise
    #: the field's text while the tutor has the keys (None: ``placeholder``). A digit typed on
    #: the tutor starts a number, but a letter is a tutor key: a formula field says so
    idle_placeholder: str | None = None
    #: the key of each lesson action the panel names ("exercise(1)": "e", ...): the keymap's
    keys: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_KEYS))

    @property
    def total(self) -> int:
        return len(self.marks)


def lesson_view(session: LessonSession, convention: str,
                keys: Mapping[str, str] | None = None) -> LessonView:
    """What the lesson panel shows of ``session``; ``keys`` names the key of each lesson action
    the panel tells the learner to press (:data:`DEFAULT_KEYS`), as the learner's keymap has it."""
    keys = {**DEFAULT_KEYS, **(keys or {})}
    placeholder, idle_placeholder = (formula_placeholders(session, keys["answer"])
                                     if session.exercise.kind == "formula"
                                     else (PLACEHOLDER[session.exercise.kind], None))
    ex, lesson = session.exercise, session.lesson
    items: tuple[str, ...] = ex.options
    if ex.kind == "order":
        depth = lesson.network.depth
        items = tuple(notation.render(f.symbol, convention, depth=depth)
                      for f in session.resolved.factors)
    progress = session.store.lesson(progress_key(lesson))
    marks = tuple(progress.exercise(e.id).solved for e in lesson.exercises)
    feedback = session.feedback
    return LessonView(
        title=lesson.title,
        position=session.index,
        marks=marks,
        kind=ex.kind,
        prompt=ex.prompt,
        items=items,
        hints=session.hints_shown,
        hints_left=len(ex.hints) - len(session.hints_shown),
        feedback=feedback.message if feedback else None,
        correct=feedback.correct if feedback else None,
        explanation=ex.explanation if session.solved or session.revealed else None,
        placeholder=placeholder,
        finished=session.finished,
        preview=formula_preview(session) if ex.kind == "formula" else None,
        span=feedback.span if feedback else None,
        revealed=session.revealed,
        show_me=session.can_show_me,
        shown_marks=tuple(progress.exercise(e.id).revealed and not solved
                          for e, solved in zip(lesson.exercises, marks, strict=True)),
        idle_placeholder=idle_placeholder,
        keys=keys,
    )


def formula_placeholders(session: LessonSession, key: str = "a") -> tuple[str, str]:
    """The answer field's texts for a formula exercise, (while it has the focus, while the
    tutor has the keys): a syntax example the core picked so that it is not an answer of this
    exercise (``g'(z_j)`` was, for the slopes it asks to derive), picked once for both; while the
    tutor has the keys a letter would be a key, so the field names ``key``, the one that puts the
    cursor in it (the user's keymap may move it)."""
    from backprop_tui.core.course.formula_exercise import example

    shown = example(session.lesson, session.exercise)  # (checks candidates by evaluation)
    if not shown:
        return PLACEHOLDER["formula"], f"press {key} to type the formula"
    return f"e.g. {shown} · Enter checks · Esc leaves", f"press {key} to type · e.g. {shown}"


def formula_preview(session: LessonSession) -> Callable[..., Preview]:
    """The preview of a formula exercise: its question (the lesson's notation and network) and
    key, so a letter is bound as the checker binds it."""
    from backprop_tui.core.course.formula_exercise import question
    from backprop_tui.core.formulas.formula_preview import preview

    ex = session.exercise
    return partial(preview, q=question(session.lesson, ex), key=ex.formula)

"""The worked solution of a practice problem, or the steps of an exam, one row per step.

A row is a step's symbol and equation with what may be shown of it: a worked step's value, the
learner's own answer and its mark, "your turn" for the step being answered, or nothing. The rows
come from :func:`practice_rows` / :func:`exam_rows`, which read only what a session says may be
shown (``shown_value`` is None until a step is solved), so an unsolved value can't reach here.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from backprop_tui.core.course.practice.fading import step_problem
from backprop_tui.core.course.practice.problem import Problem
from backprop_tui.core.course.practice.session import (
    CONSISTENT,
    KEPT,
    OPEN,
    RIGHT,
    WORKED,
    ExamSession,
    PracticeSession,
)
from backprop_tui.core.formulas.notation import format_number
from backprop_tui.tui.strips import text_strips
from backprop_tui.tui.theme_style import component_style
from backprop_tui.tui.widgets.line_panel import LinePanel

MARKS = {WORKED: "  ", RIGHT: "✓ ", CONSISTENT: "✓ ", KEPT: "✗ ", OPEN: "  "}


@dataclass(frozen=True)
class Row:
    label: str  # "3. ∂C₀/∂z₀⁽ᴸ⁾ = ∂C₀/∂a₀⁽ᴸ⁾ · g′⁽ᴸ⁾(z₀⁽ᴸ⁾)"
    result: str  # "= 0.1234", "your answer 0.5", "your turn", ""
    kind: str  # the component class: worked, right, wrong, current, later


def prompt_text(p: Problem) -> str:
    """The problem's question, and for a choice (the notation skill) its numbered options."""
    return p.prompt + "".join(f"\n  {i}. {option}" for i, option in enumerate(p.options, start=1))


def _shown(p: Problem, value: float | None) -> str:
    """A step's value as shown: a number, or for a choice its number and the option itself."""
    if p.options and value is not None:
        return f"{int(value)}: {p.options[int(value) - 1]}"
    return format_number(value)


def practice_rows(session: PracticeSession) -> list[Row]:
    p = session.problem
    rows = []
    for i, (step, state) in enumerate(zip(p.steps, session.states, strict=True)):
        if p.options:
            equation = step.label  # a choice has no equation; its hint is the convention's rules
        else:
            equation = step_problem(p, i).hints[0] if i < len(p.steps) - 1 else p.hints[0]
        where = f" (sample {step.sample})" if len(p.samples) > 1 and step.sample is not None else ""
        label = f"{i + 1}. {equation}{where}"
        value = session.shown_value(i)
        if state.status == WORKED:
            rows.append(Row(label, f"= {_shown(p, value)}", "worked"))
        elif state.status == RIGHT:
            rows.append(Row(label, f"✓ = {_shown(p, value)}  (yours: {state.answer})", "right"))
        elif state.status == CONSISTENT:
            rows.append(Row(label, f"✓ your {state.answer}: {state.verdict.message}", "right"))
        elif state.status == KEPT:
            rows.append(Row(label, f"✗ your {state.answer}, kept", "wrong"))
        elif i == session.index:
            rows.append(Row(label, "▶ your turn", "current"))
        else:
            rows.append(Row(label, "…", "later"))
    return rows


def exam_rows(session: ExamSession) -> list[Row]:
    rows = []
    for i, p in enumerate(session.problems):
        label = f"{i + 1:>2}. {p.prompt.removeprefix('Compute ')}"
        if i < len(session.verdicts):
            v, answer = session.verdicts[i], session.answers[i]
            if v.correct:
                rows.append(Row(label, f"✓ {answer}", "right"))
            elif v.consistent:
                rows.append(Row(label, f"✓ {answer}: {v.message}", "right"))
            else:
                rows.append(Row(label, f"✗ {answer}: {v.message}", "wrong"))
        elif i == session.index:
            rows.append(Row(label, "▶ your turn", "current"))
        else:
            rows.append(Row(label, "", "later"))
    return rows


class StepsPanel(LinePanel):
    """Rows (see :class:`Row`) over a few lines of feedback; :meth:`show` replaces both."""

    BORDER_TITLE = "Steps"
    MORE_TEXT = "more lines: ctrl+↓ or the wheel"  # pgdn is the given panel's, beside it
    COMPONENT_CLASSES = {f"steps-panel--{k}" for k in (
        "worked", "right", "wrong", "current", "later", "prompt", "feedback-right",
        "feedback-wrong", "hint")}

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.rows: list[Row] = []
        self.header: str = ""
        self.notes: list[tuple[str, str]] = []  # (text, kind: feedback-right/-wrong, hint)
        self.current_row: int | None = None
        self.notes_at_current = False

    def show(self, header: str, rows: list[Row], notes: list[tuple[str, str]],
             notes_at_current: bool = False) -> None:
        """``notes_at_current``: the notes go under the current step, not after every row (the
        exam's 20-odd steps put them out of sight)."""
        self.header, self.rows, self.notes = header, rows, notes
        self.notes_at_current = notes_at_current
        self.current_row = next((i for i, r in enumerate(rows) if r.kind == "current"), None)
        self.changed()

    def style(self, kind: str) -> Style:
        return component_style(self, f"steps-panel--{kind}")

    def content(self, width: int, height: int, base: Style) -> list[Strip]:
        console = self.app.console
        header = [Text.assemble((self.header, self.style("prompt"))), Text("")] if self.header else []
        strips = text_strips(header, width, console, base)
        notes = [Text.assemble((text, self.style(kind))) for text, kind in self.notes]
        note_strips = text_strips([Text(""), *notes] if notes else [], width, console, base)
        at_current = self.notes_at_current and self.current_row is not None
        current_top = current_end = None
        for i, row in enumerate(self.rows):
            style = self.style(row.kind)
            if i == self.current_row:
                current_top = len(strips)
            text = Text.assemble((row.label, style), "\n", ("     " + row.result, style))
            strips += text_strips([text], width, console, base, hanging=5)
            if i == self.current_row:
                if at_current:
                    strips += note_strips
                current_end = len(strips)
        if not at_current:
            strips += note_strips
            if notes and current_end is not None:
                current_end = len(strips)  # the verdict and hints belong with the current step
        if current_top is not None and current_end is not None and len(strips) > height:
            # keep the current step (and its notes) in view, scrolled no further than that needs,
            # so the question above stays when it fits
            least = max(0, current_end - (height - 1))
            top = min(least, max(0, current_top - 2))
            self.set_reactive(LinePanel.top_row, min(top, len(strips) - height + 1))
        elif self.current_row is None and len(strips) > height:  # done: the score / the verdict
            self.set_reactive(LinePanel.top_row, len(strips) - height + 1)
        return strips

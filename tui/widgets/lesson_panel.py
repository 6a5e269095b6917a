"""The lesson panel: the exercise in hand, an answer field, feedback, hints and the explanation."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input, Static

from backprop_tui.tui.inline_markdown import inline_markdown
from backprop_tui.tui.lesson_view import KIND_LABEL, LessonView
from backprop_tui.tui.widgets.formula_input import FormulaPreview

REVEAL_REFRESHES = 3


class LessonPanel(VerticalScroll):
    """Shows a :class:`LessonView` (bound to ``view``); posts :class:`LessonPanel.Answered`
    when an answer is typed."""

    BORDER_TITLE = "Lesson"
    #: The marks, the verdicts and the hints, coloured from the theme (DEFAULT_CSS).
    COMPONENT_CLASSES = {"lesson-panel--current", "lesson-panel--solved", "lesson-panel--right",
                         "lesson-panel--wrong", "lesson-panel--hint"}

    DEFAULT_CSS = """
    LessonPanel {
        height: 1fr;
        & > #lesson-body { height: auto; }
        & > #lesson-answer { margin: 1 0 0 0; }
        & > #lesson-after { height: auto; margin: 1 0 0 0; }
        & > #lesson-answer.-hidden { display: none; }
        & > #formula-preview.-hidden { display: none; }
        & > .lesson-panel--current { color: $text-accent; text-style: bold; }
        & > .lesson-panel--solved { color: $text-success; }
        & > .lesson-panel--right { color: $text-success; text-style: bold; }
        & > .lesson-panel--wrong { color: $text-error; text-style: bold; }
        & > .lesson-panel--hint { color: $text-accent; text-style: bold; }
    }
    """

    # Never focused itself: the arrows keep moving the tutor; the wheel still scrolls it.
    can_focus = False

    # always_update: a second wrong answer, the same as the first, selects the text again
    view: reactive[LessonView | None] = reactive(None, init=False, always_update=True)

    class Answered(Message):
        """The learner pressed Enter in the answer field."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    submitted = ""  # the last answer sent: a formula verdict's span points into it
    _reveal_answer = 0  # a new exercise: refreshes left to keep its answer field in view

    def compose(self) -> ComposeResult:
        yield Static(id="lesson-body")
        yield Input(id="lesson-answer", placeholder="", select_on_focus=False)
        yield FormulaPreview(id="formula-preview", classes="-hidden")
        yield Static(id="lesson-after")

    def on_mount(self) -> None:
        self.query_one(Input).cursor_blink = False
        if self.view is not None:  # set before the panel was mounted
            self.show(None, self.view)

    def watch_view(self, old: LessonView | None, view: LessonView | None) -> None:
        if view is not None and self.is_mounted:
            self.show(old, view)

    def focus_answer(self) -> None:
        """Put the cursor in the answer field (Enter checks, Esc leaves)."""
        self.query_one(Input).focus()

    def type_answer(self, character: str) -> None:
        """``character``, typed on the tutor, starts the answer: it replaces a wrong answer
        still in the field, as typing does while the field has the focus, and goes on from the
        cursor in a draft not yet checked."""
        answer = self.query_one(Input)
        view = self.view
        if view is not None and view.correct is False and answer.value == self.submitted:
            answer.value = ""
        answer.insert_text_at_cursor(character)

    def on_descendant_focus(self) -> None:
        self.show_placeholder()

    def on_descendant_blur(self) -> None:
        self.show_placeholder()

    def show_placeholder(self, view: LessonView | None = None) -> None:
        """The field's text: how to type the answer, and while the tutor has the keys how to
        start (a formula's letters would be the tutor's keys)."""
        answer, view = self.query_one(Input), view or self.view
        if view is not None:
            idle = view.idle_placeholder
            answer.placeholder = view.placeholder if answer.has_focus or idle is None else idle

    def show(self, old: LessonView | None, view: LessonView) -> None:
        answer = self.query_one(Input)
        self.show_placeholder(view)
        answer.set_class(view.kind == "navigate", "-hidden")
        formula = self.query_one(FormulaPreview)
        formula.set_class(view.preview is None, "-hidden")
        new = old is None or old.position != view.position or old.title != view.title
        if new:
            answer.value = ""
            formula.set_formula(view.preview)
            self.scroll_home(animate=False)  # a new exercise opens on its prompt ...
        elif view.preview is not None and view.feedback is not None:
            formula.mark(self.submitted, view.span, answer.value)  # the verdict's part of it
        elif view.correct is False and answer.has_focus:
            answer.select_all()  # typing replaces the wrong answer
        self.query_one("#lesson-body", Static).update(self.body(view))
        self.query_one("#lesson-after", Static).update(self.after(view))
        # ... with its answer field in view under it, once the new exercise is laid out: for
        # the next few refreshes (its layout may come one or two later), or until it answers
        self._reveal_answer = REVEAL_REFRESHES if new and view.kind != "navigate" else 0
        if self._reveal_answer:
            self.call_after_refresh(self.reveal_answer)

    def reveal_answer(self) -> None:
        if self._reveal_answer > 0:
            self._reveal_answer -= 1
            self.scroll_to_widget(self.query_one(Input), animate=False)
            self.call_after_refresh(self.reveal_answer)

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"lesson-panel--{name}", partial=True)

    def body(self, view: LessonView) -> RenderableType:
        """The exercise: where it is in the lesson, its prompt and its options."""
        marks = Text()
        for i, solved in enumerate(view.marks):
            style = (self._style("current") if i == view.position
                     else self._style("solved") if solved else "dim")
            shown = i < len(view.shown_marks) and view.shown_marks[i]  # revealed, not solved
            marks.append("●" if solved else ("◉" if i == view.position else "◐" if shown
                                             else "○"), style=style)
            marks.append(" ")
        head = Text.assemble(
            (f"Exercise {view.position + 1} of {view.total}", "bold"),
            f" · {KIND_LABEL[view.kind]}   ", marks)
        parts: list[RenderableType] = [head, Text(""), Markdown(view.prompt)]
        if view.items:
            listing = Text()
            for i, item in enumerate(view.items, start=1):
                listing.append(f"\n {i}. ", style="bold")
                listing.append(item)
            parts.append(listing)
        if view.kind == "navigate":
            parts.append(Text("\nMove the focus there (arrows, [ ], < >, b, v for the node itself, "
                              "or a click), then press Enter.", style="italic"))
        return Group(*parts)

    def after(self, view: LessonView) -> RenderableType:
        """Under the answer field: the verdict, the hints so far, the explanation once solved."""
        parts: list[RenderableType] = []
        if view.feedback and view.feedback != self.query_one(FormulaPreview).problem:
            mark, style = (("✓ ", self._style("right")) if view.correct
                           else ("◐ ", self._style("hint")) if view.revealed
                           else ("✗ ", self._style("wrong")))
            parts.append(Text.assemble((mark, style), (view.feedback, style)))
        for n, hint in enumerate(view.hints, start=1):
            # a hint is Markdown, as the prompt is (``*into*`` is italic, not starred)
            parts.append(Text.assemble((f"Hint {n}: ", self._style("hint")),
                                       inline_markdown(hint)))
        if view.explanation:
            parts.append(Text(""))
            parts.append(Text("Why it works", style="bold"))
            parts.append(Markdown(view.explanation))
            nxt = ("This lesson is complete." if view.finished
                   else f"{view.keys['exercise(1)']}: next exercise")
            parts.append(Text(nxt, style="italic"))
        elif view.hints_left:
            parts.append(Text(f"{view.keys['hint']}: a hint ({view.hints_left} left; Esc first "
                              "if you are typing)", style="dim italic"))
        if view.show_me:  # offered only after enough wrong attempts
            parts.append(Text(f"{view.keys['show_me']}: show me the answer (it counts as "
                              "revealed, not solved; Esc first if you are typing)",
                              style="dim italic"))
        return Group(*parts)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        formula = self.query_one(FormulaPreview)
        if formula.preview_fn is not None and event.value != formula.text:
            formula.show(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submitted = event.value
        self.post_message(self.Answered(event.value))

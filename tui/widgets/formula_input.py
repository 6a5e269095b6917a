"""The live preview under a formula exercise's answer field.

As the learner types, :class:`FormulaPreview` shows the formula in the lesson's notation (the
Unicode 2-D form of :mod:`backprop_tui.core.formulas.formula_preview`, stacked fractions when
they fit), or the text as typed with the part that can't be read or evaluated underlined and a
one-line reason (``w_32^(L) does not exist in this network``). After a wrong answer whose verdict
points at a part of the text (the slope taken at a), that part is underlined too, until the text
changes. The preview is symbolic: it never shows a number of the lesson's network.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Group, RenderableType
from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from backprop_tui.core.formulas.formula_preview import Preview
from backprop_tui.tui.theme_style import component_style

#: What the lesson view hands the preview: the formula's preview for a text and a width.
PreviewFn = Callable[..., Preview]


class FormulaPreview(Static):
    """The rendered formula, or what is wrong with the text, below the answer field."""

    COMPONENT_CLASSES = {"formula-preview--label", "formula-preview--problem",
                         "formula-preview--mark"}
    DEFAULT_CSS = """
    FormulaPreview {
        height: auto;
        padding: 0 1;
        & > .formula-preview--label { color: $text-muted; }
        & > .formula-preview--problem { color: $text-error; }
        & > .formula-preview--mark { color: $text-error; text-style: bold underline; }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.preview_fn: PreviewFn | None = None
        self.text = ""
        self.marked: tuple[str, tuple[int, int]] | None = None  # (answer, span) of the verdict
        self.problem = ""  # the reason shown now, if any: the verdict need not repeat it

    def set_formula(self, preview_fn: PreviewFn | None) -> None:
        """A new exercise (None: not a formula exercise): start from an empty preview."""
        self.preview_fn, self.text, self.marked = preview_fn, "", None
        self.show("")

    def mark(self, answer: str, span: tuple[int, int] | None, text: str) -> None:
        """Underline ``span`` of ``answer`` (the verdict's part of it) while the field holds
        ``answer``; ``text`` is what it holds now."""
        self.marked = (answer, span) if span is not None else None
        self.show(text)

    def show(self, text: str) -> None:
        self.text = text
        self.update(self.content(text))

    def _style(self, name: str) -> Style:
        # (not partial=True: $text-muted has an alpha, which that returns as plain white)
        return component_style(self, f"formula-preview--{name}")

    def content(self, text: str) -> RenderableType:
        """What the preview shows for ``text``."""
        label = self._style("label")
        self.problem = ""
        if self.preview_fn is None:
            return Text("")
        if not text.strip():
            return Text("As you type, your formula appears here in the lesson's notation.",
                        style=label + Style(italic=True))
        width = max(self.content_size.width - 2, 20) if self.content_size.width else None
        p = self.preview_fn(text, width=width)
        self.problem = p.problem
        parts: list[RenderableType] = []
        if p.rendered and "\n" in p.rendered:  # a stacked fraction: under its label
            parts += [Text("Reads as:", style=label), Text(p.rendered)]
        elif p.rendered:
            parts.append(Text.assemble(("Reads as: ", label), p.rendered))
        span = p.span if p.problem else None
        if span is None and self.marked is not None and self.marked[0] == text:
            span = self.marked[1]
        if p.problem or span is not None:
            parts.append(self.underlined(text, span))
        if p.problem:
            parts.append(Text(p.problem, style=self._style("problem")))
        return Group(*parts)

    def underlined(self, text: str, span: tuple[int, int] | None) -> Text:
        """``text`` as typed, with ``span`` underlined (a span at the end marks one blank)."""
        shown = Text(text)
        if span is not None:
            start, end = max(0, min(span[0], len(text))), max(0, min(span[1], len(text)))
            if end <= start:  # the end of the text, or an empty span: mark the place
                shown.append(" ")
                start, end = start, start + 1
            shown.stylize(self._style("mark"), start, end)
        return shown

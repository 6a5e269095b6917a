"""A lesson's one-line Markdown (a hint) as Rich :class:`~rich.text.Text`, so it can follow a
label on the same line ("Hint 1: ...") and wrap with it.

Prompts and explanations are rendered whole by Rich's ``Markdown``; a hint is inline Markdown
parsed by the same parser (markdown-it, CommonMark), so ``*into*`` is italic in both and
``\\*`` is a literal star in both. Only inline markup exists here: emphasis, strong emphasis and
code spans; a link shows its text, raw HTML shows as typed, and nothing in the source is ever
read as Rich markup (the text is added as plain text, span by span).
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from rich.style import Style
from rich.text import Text

#: Styles of the inline tokens; ``markdown.code`` is the console theme's, as Rich's Markdown
#: paints a prompt's code span.
STYLES: dict[str, Style | str] = {"em": Style(italic=True), "strong": Style(bold=True),
                                  "s": Style(strike=True)}
CODE = "markdown.code"


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark")


def inline_markdown(source: str, style: Style | str = "") -> Text:
    """``source`` (inline Markdown) as Text in ``style``: line breaks become spaces, as
    Markdown's soft breaks do."""
    text = Text(style=style)
    tokens = _parser().parseInline(source.strip())
    open_styles: list[Style | str] = []

    def add(content: str, *extra: Style | str) -> None:
        start = len(text)
        text.append(content)
        for s in (*extra, *open_styles):
            text.stylize(s, start)

    for token in (tokens[0].children or []) if tokens else []:
        kind, _, edge = token.type.rpartition("_")
        if edge == "open" and kind in STYLES:
            open_styles.append(STYLES[kind])
        elif edge == "close" and kind in STYLES and open_styles:
            open_styles.pop()
        elif token.type == "code_inline":
            add(token.content, CODE)
        elif token.type in ("softbreak", "hardbreak"):
            add(" ")
        elif token.type in ("text", "html_inline"):
            add(token.content)
    return text

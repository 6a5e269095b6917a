"""No literal colours in tui/*.py: every colour comes from the theme, through app.tcss and the
widgets' component classes, so a light theme reads as well as the dark one."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest
from rich.color import ANSI_COLOR_NAMES

TUI = Path(__file__).resolve().parent.parent / "tui"
HEX = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?\b")
ATTRIBUTES = {"bold", "dim", "italic", "underline", "reverse", "strike", "blink", "not", "on",
              "none", "b", "i", "u", "r", "s", "d", "overline", "conceal", "frame", "encircle"}
COLOUR = re.compile(r"(?:color|colour)\(\d+\)|rgb\(\s*\d+\s*,\s*\d+\s*,\s*\d+\s*\)")


def _is_colour(word: str) -> bool:
    return word in ANSI_COLOR_NAMES or bool(HEX.fullmatch(word)) or bool(COLOUR.fullmatch(word))


def literal_colours(source: str) -> list[tuple[int, str]]:
    """(line, string) of every string literal in ``source`` that holds a hex colour or an rgb()
    one, or that is a Rich style naming a colour ("bold yellow", "green", "white on red")."""
    found = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type != tokenize.STRING:
            continue
        text = token.string.lstrip("rbfuRBFU")[1:-1].strip("\"'")
        words = text.lower().split()
        styles = words and all(w in ATTRIBUTES or _is_colour(w) for w in words)
        if HEX.search(text) or COLOUR.search(text) or (styles and any(map(_is_colour, words))):
            found.append((token.start[0], token.string))
    return found


@pytest.mark.parametrize("source", [
    'STYLE = "bold yellow"', 'Style(color="green")', 'EDGE = "#ffffff"', 'x = "white on red"',
    'CSS = """Foo { color: #abc; }"""', 'c = "rgb(95, 175, 255)"', "s = 'bright_cyan'",
])
def test_the_check_finds_a_literal_colour(source):
    assert literal_colours(source), source


@pytest.mark.parametrize("source", [
    'STYLE = "bold"', 'x = "dim italic"', '"""Blue for positive, orange for negative."""',
    'CSS = "Foo { color: $text-primary; }"', 'name = "network-view--positive"',
])
def test_the_check_leaves_styles_without_colour_alone(source):
    assert not literal_colours(source), source


def test_no_module_of_the_tui_names_a_colour():
    offenders = [f"{path.relative_to(TUI.parent)}:{line}: {text}"
                 for path in sorted(TUI.rglob("*.py"))
                 for line, text in literal_colours(path.read_text(encoding="utf-8"))]
    assert not offenders, "colours belong in app.tcss as theme variables:\n" + "\n".join(offenders)

"""``backprop-tui export``: a lesson's worksheet or answer key, as Markdown or LaTeX.

The text comes from :mod:`backprop_tui.core.course.worksheet`; this module only finds the lesson
(a shipped lesson's id, or a lesson file anywhere) and writes the result to stdout or ``-o``.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

PROG = "backprop-tui"

EXPORT_EPILOG = """\
The worksheet holds the network (a table of weights and biases per layer, the samples, and in
Markdown a drawing) and every exercise's prompt with room to answer. --key fills in each
answer, computed from the lesson's network by the same code the app checks answers with, and
the lesson's explanation. The LaTeX is a complete document for pdflatex (texlive-latex-base).

examples:
  backprop-tui export output-weight                          Markdown on stdout
  backprop-tui export output-weight --key -o key.md
  backprop-tui export my-lesson.toml --format latex -o sheet.tex && pdflatex sheet.tex
"""


def build_export_parser() -> argparse.ArgumentParser:
    from backprop_tui.core.course.worksheet import FORMATS

    parser = argparse.ArgumentParser(
        prog=f"{PROG} export",
        usage=f"{PROG} export LESSON_OR_PATH [--format markdown|latex] [--key] [-o FILE]",
        description="Write a printable worksheet (or its answer key) of a lesson.",
        epilog=EXPORT_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("lesson", metavar="LESSON_OR_PATH",
                        help="a lesson id (see `backprop-tui lessons`) or a lesson file")
    parser.add_argument("--format", choices=FORMATS, default="markdown",
                        help="markdown or latex (default markdown)")
    parser.add_argument("--key", action="store_true", help="the answer key: answers filled in")
    parser.add_argument("-o", "--output", metavar="FILE", type=Path,
                        help="write to FILE instead of stdout")
    return parser


def find_lesson(name: str):
    """The lesson ``name`` names: a file if one is there, else a shipped lesson's id.
    Raises LessonError or ValueError with a message for the user."""
    from backprop_tui.core.course.lesson import load_lesson, load_lessons

    path = Path(name)
    if path.suffix == ".toml" or path.exists():
        return load_lesson(path)
    lessons = load_lessons()
    for lesson in lessons:
        if lesson.id == name:
            return lesson
    ids = [lesson.id for lesson in lessons]
    close = difflib.get_close_matches(name, ids, n=1)
    hint = f'did you mean "{close[0]}"? ' if close else ""
    raise ValueError(f'no lesson "{name}" and no such file; {hint}expected one of {", ".join(ids)}'
                     " or a lesson file (.toml)")


def run_export(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from backprop_tui.core.course.lesson import LessonError
    from backprop_tui.core.course.worksheet import worksheet

    try:
        lesson = find_lesson(args.lesson)
    except (LessonError, ValueError) as e:
        print(f"{PROG}: error: {e}", file=sys.stderr)
        return 2
    text = worksheet(lesson, args.format, key=args.key)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as e:
        print(f"{PROG}: error: cannot write {args.output}: {e.strerror or e}", file=sys.stderr)
        return 2
    what = "answer key" if args.key else "worksheet"
    print(f"wrote the {what} of {lesson.id} to {args.output}", file=sys.stderr)
    return 0

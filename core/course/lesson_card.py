"""What the lesson list shows of a lesson, read without building it.

A :class:`LessonCard` is a lesson file's id, title, summary, source, notation and number of
exercises, from the top of its TOML and the checks of its top-level keys only
(:func:`read_card`): no network is built and no exercise resolved against it, which is what
made listing the shipped lessons cost ~100 ms before the list's first frame. :func:`full_lesson` turns a card into the
:class:`~backprop_tui.core.course.lesson.Lesson` (validated completely, as ``check`` does), once
per file; the list does that for every card after its first frame, and marks those that fail.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

from backprop_tui.core.course.lesson import (
    REQUIRED_TOP,
    Lesson,
    LessonError,
    parse_lesson,
    parse_top,
    read_lesson_text,
)

_HEADER = re.compile(r"^[ \t]*\[", re.MULTILINE)
_EXERCISES = re.compile(r"^[ \t]*\[\[[ \t]*exercises[ \t]*\]\][ \t]*(#.*)?$", re.MULTILINE)


@dataclass(frozen=True)
class LessonCard:
    """A lesson file as the lesson list needs it (the same names as :class:`Lesson`'s)."""

    id: str
    title: str
    summary: str
    source: str
    notation: str
    exercise_count: int
    path: str


def read_card(path: str | Path) -> LessonCard:
    """The card of the lesson file ``path``; raises :class:`LessonError` for a file that is not
    a lesson at all (unreadable, not TOML, a bad or missing id, title, summary, source,
    notation or exercise list). A bad network or exercise shows only in :func:`full_lesson`.

    Only the top of the file is parsed, the lines before its first table (``[network]``), and
    the ``[[exercises]]`` headers are counted; a file laid out otherwise (a top key after a
    table, a header inside a multi-line string) is parsed whole."""
    text = read_lesson_text(path)
    head, count = _head(text)
    if head is not None and count:
        try:
            doc, _ = parse_top(head, str(path), exercises=False)
        except LessonError:
            pass  # the whole file says it best (and names the same line)
        else:
            if all(key in doc for key in REQUIRED_TOP):
                return _card(doc, count, path)
    doc, _ = parse_top(text, str(path))
    return _card(doc, len(doc["exercises"]), path)


def _head(text: str) -> tuple[str | None, int]:
    """The text before the first table header, and the number of ``[[exercises]]`` headers
    (``None`` if a multi-line string makes the cut unsafe)."""
    first = _HEADER.search(text)
    head = text[:first.start()] if first else text
    if '"""' in head or "'''" in head:
        return None, 0
    return head, len(_EXERCISES.findall(text))


def _card(doc: dict, count: int, path: str | Path) -> LessonCard:
    return LessonCard(doc["id"], doc["title"].strip(), doc["summary"].strip(), doc["source"],
                      doc["notation"], count, str(path))


_loaded: dict[str, Lesson] = {}
_lock = threading.Lock()  # the list's checking thread and an Enter may load the same file


def full_lesson(entry: Lesson | LessonCard) -> Lesson:
    """The lesson ``entry`` stands for, validated completely; loaded once per file (raises
    :class:`LessonError`, and loads again next time, if it is broken)."""
    if isinstance(entry, Lesson):
        return entry
    with _lock:
        lesson = _loaded.get(entry.path)
        if lesson is None:
            lesson = _loaded[entry.path] = parse_lesson(read_lesson_text(entry.path), entry.path)
    return lesson

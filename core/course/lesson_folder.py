"""A folder of lessons loaded the way the lesson list needs it: the good ones, and the broken
ones each with its one-line error. A broken file or a duplicate id never stops the others."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from backprop_tui.core.course.lesson import (
    Lesson,
    LessonError,
    lesson_paths,
    load_lesson,
    shipped_lessons_dir,
)


@dataclass(frozen=True)
class BrokenLesson:
    """A lesson file that could not be used, and the one-line message that says why."""

    path: str
    message: str


def load_lesson_folder(
    paths: str | Path | list[str | Path] | None = None,
    reader: Callable[[Path], Any] = load_lesson,
) -> tuple[list[Lesson], list[BrokenLesson]]:
    """The lessons of the files and folders ``paths`` (the shipped folder by default), and the
    broken ones with their errors: a broken file, or a second lesson with an id already used,
    never stops the others from loading. ``reader`` reads one file: :func:`load_lesson`, or
    :func:`~backprop_tui.core.course.lesson_card.read_card` for the list's quick cards."""
    if paths is None:
        paths = [shipped_lessons_dir()]
    elif isinstance(paths, str | Path):
        paths = [paths]
    lessons: list[Lesson] = []
    broken: list[BrokenLesson] = []
    seen: dict[str, str] = {}
    for path in lesson_paths(paths):
        try:
            lesson = reader(path)
        except LessonError as e:
            broken.append(BrokenLesson(str(path), str(e)))
            continue
        except Exception as e:  # a bug of ours: the list still opens, and says so
            broken.append(BrokenLesson(str(path), str(LessonError(
                str(path), f"could not be loaded ({type(e).__name__}: {e})"))))
            continue
        if lesson.id in seen:
            broken.append(BrokenLesson(str(path), str(LessonError(
                str(path), f'"{lesson.id}" is also the id of {seen[lesson.id]}', line=1, key="id",
                expected="an id no other lesson uses"))))
            continue
        seen[lesson.id] = str(path)
        lessons.append(lesson)
    return lessons, broken

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
    lessons: list[Any] = []
    broken: list[BrokenLesson] = []
    seen: dict[str, Any] = {}  # id -> the entry of ``lessons`` that holds it
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
        holder = seen.get(lesson.id)
        if holder is not None and (failure := _full_failure(holder)) is not None:
            lessons = [entry for entry in lessons if entry is not holder]  # holds no id, as in check
            broken.append(failure)
            holder = None
        if holder is not None:
            broken.append(BrokenLesson(str(path), str(LessonError(
                str(path), f'"{lesson.id}" is also the id of {holder.path}', line=1, key="id",
                expected="an id no other lesson uses"))))
            continue
        seen[lesson.id] = lesson
        lessons.append(lesson)
    return lessons, broken


def _full_failure(entry: Any) -> BrokenLesson | None:
    """Why a quick card's lesson fails the full check (its network, its exercises), or None.
    Asked only when a later file has the same id: the list's cards then claim an id the way
    ``check``'s full lessons do, so a broken file never makes a good one a duplicate."""
    from backprop_tui.core.course.lesson_card import full_lesson  # cached for the list's check

    try:
        full_lesson(entry)
    except LessonError as e:
        return BrokenLesson(entry.path, str(e))
    except Exception as e:  # a bug of ours: this one says so, the others still open
        return BrokenLesson(entry.path, str(LessonError(
            entry.path, f"could not be loaded ({type(e).__name__}: {e})")))
    return None

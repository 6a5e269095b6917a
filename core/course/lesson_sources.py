"""Where lessons come from: the shipped folder, a teacher's folders, single lesson files.

:func:`load_sources` loads the shipped lessons (unless ``shipped=False``) and then each folder
given, in order, through :func:`~backprop_tui.core.course.lesson_folder.load_lesson_folder`: a
broken file is listed with its one-line error (``file:line: what was expected``) and never stops
the others. Each folder is loaded on its own, so two folders may both hold a lesson ``intro``.

Progress is kept per :func:`progress_key`: a shipped lesson keeps its bare id (the progress files
written before there were other folders stay readable), a lesson from anywhere else is
``id@<hash of its resolved folder>``, so two folders with the same lesson id never share or
overwrite each other's progress.

Folders come from ``--lessons DIR`` (repeatable), the config file's ``lessons`` list and the
``BACKPROP_TUI_LESSONS`` variable (``os.pathsep``-separated), in that order, each once.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from backprop_tui.core.course.lesson import Lesson, LessonError, load_lesson, shipped_lessons_dir
from backprop_tui.core.course.lesson_folder import BrokenLesson, load_lesson_folder
from backprop_tui.core.files.safefile import escape

ENV_VAR = "BACKPROP_TUI_LESSONS"
HASH_CHARS = 8


@lru_cache(maxsize=1)
def _shipped() -> Path:
    return shipped_lessons_dir().resolve()


@lru_cache(maxsize=512)
def _key(lesson_id: str, path: str) -> str:
    file = Path(path)
    if not file.is_file():  # a lesson parsed from a string: it has no folder
        return lesson_id
    folder = file.resolve().parent
    if folder == _shipped():
        return lesson_id
    digest = hashlib.sha256(str(folder).encode("utf-8", "surrogateescape")).hexdigest()
    return f"{lesson_id}@{digest[:HASH_CHARS]}"


def progress_key(lesson: Lesson) -> str:
    """The name ``lesson``'s progress is kept under: its id for a shipped lesson (or one that
    has no file), else ``id@<8 hex digits of the sha256 of its resolved folder>``."""
    return _key(lesson.id, lesson.path)


def lesson_id_of(key: str) -> str:
    """The lesson id a progress key stands for (``intro@1a2b3c4d`` -> ``intro``)."""
    return key.split("@", 1)[0]


def folders_from_env(environ: dict[str, str] | None = None) -> list[Path]:
    """The folders ``$BACKPROP_TUI_LESSONS`` names, ``os.pathsep``-separated (empty parts skipped)."""
    value = (os.environ if environ is None else environ).get(ENV_VAR, "")
    return [Path(part).expanduser() for part in value.split(os.pathsep) if part.strip()]


def lesson_folders(given: Iterable[str | Path] = (), config: Iterable[str | Path] = (),
                   environ: dict[str, str] | None = None) -> list[Path]:
    """The lesson folders to list, in order: ``--lessons``, then the config file's, then
    ``$BACKPROP_TUI_LESSONS``; a folder named twice (after resolving) is listed once."""
    out: list[Path] = []
    seen: set[Path] = set()
    for folder in [*map(Path, given), *map(Path, config), *folders_from_env(environ)]:
        folder = folder.expanduser()
        resolved = folder.resolve()
        if resolved not in seen:
            seen.add(resolved)
            out.append(folder)
    return out


def load_sources(folders: Sequence[str | Path] = (), shipped: bool = True,
                 reader: Callable[[Path], Any] = load_lesson,
                 ) -> tuple[list[Lesson], list[BrokenLesson]]:
    """The shipped lessons (unless ``shipped`` is False) then each folder's, and every broken
    file with its error. A folder that is missing or not a folder is one broken entry.
    ``reader`` reads each file (the lesson list passes ``read_card``: see lesson_card.py)."""
    lessons: list[Lesson] = []
    broken: list[BrokenLesson] = []
    sources: list[Path | None] = ([None] if shipped else []) + [Path(f) for f in folders]
    for source in sources:  # None: load_lesson_folder's default, the shipped folder
        if source is not None and not source.exists():
            broken.append(BrokenLesson(str(source), str(LessonError(
                str(source), "no such folder", expected="a folder of lesson files (*.toml)"))))
            continue
        good, bad = load_lesson_folder(source, reader)
        lessons.extend(good)
        broken.extend(bad)
    return lessons, broken


def load_lesson_file(path: str | Path) -> Lesson:
    """One lesson file from anywhere (``--lesson PATH.toml``); raises :class:`LessonError`."""
    return load_lesson(Path(path).expanduser())


def looks_like_path(name: str) -> bool:
    """Whether ``--lesson NAME`` plainly names a file rather than a lesson id (an id has no
    ``.toml`` and no ``/``: ``output-weight``; a file is ``my-lesson.toml`` or ``class/intro``)."""
    return name.endswith(".toml") or "/" in name or os.sep in name


def folder_label(lesson: Lesson) -> str | None:
    """The name of the folder a non-shipped lesson came from, for the lesson list; None for a
    shipped one."""
    if progress_key(lesson) == lesson.id:
        return None
    folder = Path(lesson.path).resolve().parent
    return escape(folder.name or str(folder), 80)

"""The app the command line opens: which lessons it lists, which lesson it opens, and the
user's settings it starts with (``backprop-tui [--lesson ID|PATH] [--lessons DIR]...``)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from backprop_tui.core.files.safefile import escape

if TYPE_CHECKING:
    from backprop_tui.core.course.lesson import Lesson
    from backprop_tui.core.course.lesson_card import LessonCard
    from backprop_tui.core.course.lesson_folder import BrokenLesson
    from backprop_tui.core.files.netfile import NetworkFile
    from backprop_tui.tui.app import BackpropApp
    from backprop_tui.tui.settings import Settings

PROG = "backprop-tui"


def build_app(args: argparse.Namespace, network_file: NetworkFile | None,
              settings: Settings) -> BackpropApp | str:
    """The app for these options (FILE, --net, --example, --lesson, or the lesson list), or the
    one-line error that stops it (a --lesson that is neither a listed id nor a good file)."""
    lessons: list[Lesson] | None = None
    broken: list[BrokenLesson] = []
    if network_file is None and not args.example:  # the lessons load only when they're used
        from backprop_tui.core.course.lesson_card import read_card
        from backprop_tui.core.course.lesson_sources import lesson_folders, load_sources

        folders = lesson_folders(args.lessons, settings.lesson_folders)
        shipped = settings.shipped_lessons and not args.no_shipped
        # cards (title, summary, ...) only: the list checks each lesson fully after its first
        # frame; broken: listed, never fatal
        lessons, broken = load_sources(folders, shipped=shipped, reader=read_card)
    from backprop_tui.tui.app import BackpropApp

    options = dict(convention=settings.notation, eta=settings.eta, theme=settings.theme,
                   keymap=settings.keymap, notices=settings.notices,
                   theme_file=settings.config_path)
    if args.lesson:
        from backprop_tui.core.course.lesson import LessonError
        from backprop_tui.core.course.lesson_card import full_lesson

        entry = find_lesson(args.lesson, lessons or [], broken)
        if isinstance(entry, str):
            return entry
        try:
            lesson = full_lesson(entry)
        except LessonError as e:
            return str(e)
        if entry not in lessons:
            lessons.append(entry)  # back to the list (o) shows it with the others
        app = BackpropApp(lesson=lesson, lessons=lessons, **options)
    elif network_file is not None or args.example:
        app = BackpropApp(network_file=network_file, **options)
    else:
        app = BackpropApp(lessons=lessons, **options)
    app.broken_lessons = broken  # the lesson list shows them with their errors
    return app


def find_lesson(name: str, lessons: list[Lesson | LessonCard], broken: list[BrokenLesson],
                ) -> Lesson | LessonCard | str:
    """The lesson (or the listed card) ``--lesson NAME`` means, or the error: a file when NAME
    looks like one (``x.toml``, ``class/intro``), else a listed lesson's id, else a file of that
    name."""
    from backprop_tui.core.course.lesson import LessonError
    from backprop_tui.core.course.lesson_sources import load_lesson_file, looks_like_path

    by_id = next((le for le in lessons if le.id == name), None)
    if looks_like_path(name) or (by_id is None and Path(name).is_file()):
        try:
            found = load_lesson_file(name)
        except LessonError as e:
            return str(e)
        where = Path(found.path).resolve()
        return next((le for le in lessons if Path(le.path).resolve() == where), found)
    if by_id is not None:
        return by_id
    known = ", ".join(le.id for le in lessons)
    also = f" ({len(broken)} lesson file{'s' if len(broken) != 1 else ''} could not be " \
           f"loaded: see `{PROG} lessons`)" if broken else ""
    return f'no lesson "{escape(name)}"; expected one of {known}{also}, or a lesson file (.toml)'

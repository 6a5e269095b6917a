"""One student's app under ``backprop-tui serve``: the per-visitor command the server runs.

``python -m backprop_tui.tui.serve_student --student-root DIR [--lessons DIR]`` opens the tutor
with the name screen on top. Once the student gives a name, ``$BACKPROP_TUI_STATE_DIR`` is set
to ``DIR/<name>`` for the rest of this process (everything that keeps state honours it) and
the lesson list opens on that student's progress; a returning name resumes it. Before a name,
no key (nor the command palette) reaches the tutor, so nothing can be saved anywhere else.

This is a thin subclass of :class:`~backprop_tui.tui.app.BackpropApp`, kept apart from it so
the app itself knows nothing of classrooms.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from backprop_tui.core.course.progress import ENV_VAR, ProgressStore
from backprop_tui.tui.app import BackpropApp
from backprop_tui.tui.screens.student_name import StudentName

if TYPE_CHECKING:
    from backprop_tui.core.course.lesson import Lesson
    from backprop_tui.core.course.lesson_folder import BrokenLesson


def student_dir(root: str | Path, folder: str) -> Path:
    """The state folder of the student whose (valid, folded) name is ``folder``."""
    from backprop_tui.tui.screens.student_name import folder_name

    if folder_name(folder) != folder:
        raise ValueError(f"{folder!r} is not a folded student name")
    return Path(root) / folder


class StudentApp(BackpropApp):
    """The tutor for one student: asks the name, then lists the lessons on their progress."""

    def __init__(self, student_root: str | Path, lessons: list[Lesson],
                 broken: Sequence[BrokenLesson] = ()) -> None:
        super().__init__()  # the example network under the name screen; no lessons yet
        self.student_root = Path(student_root)
        self.class_lessons = lessons
        self.broken_lessons = list(broken)  # the lesson list shows them with their errors
        self.student: str | None = None

    @property
    def store(self) -> ProgressStore | None:
        """The student's progress store (None until a name is given)."""
        return self.tutor.lesson_mode.store if self.student is not None else None

    def on_mount(self) -> None:
        # BackpropApp.on_mount runs too (after this one): the name screen goes on top of
        # whatever it shows, once both are done
        self.call_later(self.push_screen, StudentName(), self.named)

    def named(self, folder: str | None) -> None:
        if folder is None:
            return
        directory = student_dir(self.student_root, folder)
        try:
            directory.mkdir(parents=True, exist_ok=True)  # the teacher sees who came
        except OSError as e:
            self.notify(f"Your progress can't be kept in {directory} ({e.strerror}); tell your "
                        "teacher.", severity="error", timeout=20)
            self.push_screen(StudentName(), self.named)
            return
        os.environ[ENV_VAR] = str(directory)
        self.student = folder
        mode = self.tutor.lesson_mode
        mode.store = ProgressStore(directory)
        mode.lessons = self.class_lessons
        self.title = f"{self.TITLE} · {folder}"
        self.tutor.show_lesson_list()

    def action_command_palette(self) -> None:
        if self.student is not None:  # before a name the palette could open a lesson
            super().action_command_palette()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m backprop_tui.tui.serve_student",
        description="One student's app, as `backprop-tui serve` runs it for each visitor.")
    parser.add_argument("--student-root", required=True, metavar="DIR",
                        help="the server's state folder; each student gets DIR/<name>")
    parser.add_argument("--lessons", action="append", default=[], metavar="DIR",
                        help="a lesson folder listed after the shipped lessons (repeatable)")
    parser.add_argument("--no-shipped", action="store_true",
                        help="list only the --lessons folders' lessons")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from backprop_tui.core.course.lesson_sources import load_sources

    args = build_parser().parse_args(argv)
    lessons, broken = load_sources(args.lessons, shipped=not args.no_shipped)  # never fatal
    StudentApp(args.student_root, lessons, broken).run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

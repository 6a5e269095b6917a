"""``backprop-tui check``, ``lessons`` and ``progress``: the lesson commands of the CLI.

A broken lesson is listed with its error, never fatal to the others. Progress that can't be
read or saved (a read-only or full state folder, a corrupt file, a folder that is a file) is
one line on stderr and exit status 1, never a traceback.
"""

from __future__ import annotations

import argparse
import sys

from backprop_tui.tui.cli_export import build_export_parser, run_export
from backprop_tui.tui.cli_practice import PRACTICE_COMMANDS, practice_summary
from backprop_tui.tui.cli_serve import build_serve_parser, run_serve

PROG = "backprop-tui"

CHECK_EPILOG = """\
Each lesson is checked the way the app will use it: TOML syntax, unknown or missing keys, every
exercise resolvable against the lesson's own network, unique ids (in a lesson and across the
files checked), at least one hint per exercise. Errors name the file, the line and what was
expected. Exit status: 0 when every lesson is fine, 1 otherwise.

examples:
  backprop-tui check lessons/
  backprop-tui check lessons/04-output-weight.toml my-lesson.toml
"""


def build_check_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} check", description="Validate lesson files.", epilog=CHECK_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+", metavar="PATH", help="lesson files or folders of them")
    return parser


def build_lessons_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} lessons",
        description="List the shipped lessons with your progress (open one with --lesson ID).")
    return parser


def build_progress_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} progress",
        description="Show where your progress is kept, or forget it.",
        epilog="examples:\n  backprop-tui progress\n  backprop-tui progress --reset output-weight\n"
               "  backprop-tui progress --reset          (every lesson)\n\n"
               "Set BACKPROP_TUI_STATE_DIR to keep progress in another folder.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reset", nargs="?", const="", metavar="ID",
                        help="forget the progress of lesson ID, or of every lesson")
    return parser


def run_check(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from backprop_tui.core.course.lesson import LessonError, lesson_paths, load_lesson

    paths = lesson_paths(args.paths)
    if not paths:
        print(f"{PROG} check: no lesson files (*.toml) in {', '.join(args.paths)}", file=sys.stderr)
        return 1
    errors, seen = 0, {}
    for path in paths:
        try:
            lesson = load_lesson(path)
        except LessonError as e:
            errors += 1
            print(f"error  {e}")
            continue
        if lesson.id in seen:
            errors += 1
            print(f'error  {path}:1: id: "{lesson.id}" is also the id of {seen[lesson.id]}; '
                  "expected an id no other lesson uses")
            continue
        seen[lesson.id] = path
        print(f"ok     {path}  ({lesson.id}: {len(lesson.exercises)} exercises)")
    total = len(paths)
    if errors:
        print(f"{errors} of {total} lesson{'s' if total != 1 else ''} "
              f"{'has' if errors == 1 else 'have'} errors", file=sys.stderr)
        return 1
    print(f"all {total} lesson{'s' if total != 1 else ''} fine")
    return 0


def run_lessons(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from backprop_tui.core.course.lesson_folder import load_lesson_folder
    from backprop_tui.core.course.progress import ProgressStore
    from backprop_tui.core.files.safefile import escape

    lessons, broken = load_lesson_folder()
    store = ProgressStore()
    if store.notice:
        print(f"{PROG}: {store.notice}", file=sys.stderr)
    width = max([len(lesson.id) for lesson in lessons] + [2])
    print(f"{'status':<7} {'id':<{width}}  source  title — summary")
    for lesson in lessons:
        status = store.status(lesson.id, len(lesson.exercises))
        print(f"{status:<7} {lesson.id:<{width}}  {lesson.source:<6}  "
              f"{escape(lesson.title)} — {escape(lesson.summary, 400)}")
    for b in broken:
        print(f"{'broken':<7} {b.message}")
    print(f"\n{practice_summary(store)}")
    print(f"open one with: {PROG} --lesson ID")
    return 1 if store.notice else 0


def run_progress(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from backprop_tui.core.course.progress import ProgressStore
    from backprop_tui.core.files.safefile import escape

    store = ProgressStore()
    if store.notice:
        print(f"{PROG}: {store.notice}", file=sys.stderr)
    if args.reset is None:
        print(f"progress file: {escape(str(store.path), 1000)}")
        for lesson_id, progress in sorted(store.lessons.items()):
            print(f"  {escape(lesson_id)}: {progress.solved_count()} solved, "
                  f"at exercise {progress.current + 1}")
        return 1 if store.notice else 0
    if args.reset and args.reset not in store.lessons:
        known = escape(", ".join(sorted(store.lessons)), 400) or "none yet"
        print(f"{PROG}: error: no progress saved for lesson \"{escape(args.reset)}\"; lessons with "
              f"progress: {known}", file=sys.stderr)
        return 2
    error = store.reset(args.reset or None)
    if error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 1
    print(f"progress reset for {args.reset or 'every lesson'} ({store.path})")
    return 1 if store.notice else 0


COMMANDS = {
    "check": (build_check_parser, run_check),
    "lessons": (build_lessons_parser, run_lessons),
    "progress": (build_progress_parser, run_progress),
    **PRACTICE_COMMANDS,  # practice, exam: tui/cli_practice.py
    "serve": (build_serve_parser, run_serve),
    "export": (build_export_parser, run_export),
}

"""``backprop-tui check``, ``lessons``, ``progress`` and ``config``: the lesson commands of the CLI.

A broken lesson is listed with its error, never fatal to the others. Progress that can't be
read or saved (a read-only or full state folder, a corrupt file, a folder that is a file) is
one line on stderr and exit status 1, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from backprop_tui.tui.cli_export import build_export_parser, run_export
from backprop_tui.tui.cli_options import add_lesson_source_options
from backprop_tui.tui.cli_practice import PRACTICE_COMMANDS, practice_summary
from backprop_tui.tui.cli_serve import build_serve_parser, run_serve

PROG = "backprop-tui"

CHECK_EPILOG = """\
Each lesson is checked the way the app will use it: TOML syntax, unknown or missing keys, every
exercise resolvable against the lesson's own network, unique ids (in a lesson, and among the
lessons of one folder: two folders may each have one, as the app lists them), at least one hint
per exercise, no control characters (terminal escapes) in its text, no numeric exercise whose
answer is a given number (a weight, bias, target or input) or is passed by copying one (an
update smaller than its tolerance), no bias asked of a layer with bias = false. Errors name the
file, the line and what was expected. Exit status: 0 when every lesson is fine, 1 otherwise.
The format is in the project's lessons/README.md; a lesson's answers: backprop-tui export FILE
--key.

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
        description="List the lessons with your progress (open one with --lesson ID): the "
                    "shipped ones, then those of the --lessons folders, the config file's and "
                    "$BACKPROP_TUI_LESSONS.")
    add_lesson_source_options(parser)
    return parser


PROGRESS_EPILOG = """\
With --export, each row is one student and one lesson, practice skill or exam: solved,
exercises, attempts, hints, revealed (exercises shown with "show me", or whose every hint was
shown), mastered (skills),
exam_score and exam_seed (exams), last_activity (UTC), and error (a progress file that could
not be read; the other students still export). A lesson's exercise count and reveals need the
lesson itself: give the class's --lessons folders as for the app. Nothing under --state is
written or moved.

examples:
  backprop-tui progress
  backprop-tui progress --reset output-weight
  backprop-tui progress --reset                    (every lesson)
  backprop-tui progress --export csv --state ~/class-progress --lessons class/ > class.csv
  backprop-tui progress --export json --state /path/to/one/student

Set BACKPROP_TUI_STATE_DIR to keep progress in another folder.
"""


def build_config_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} config", description="Your settings file: where it is, what it holds.",
        epilog=CONFIG_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--path", action="store_true", help="print the config file's path")
    what.add_argument("--edit", action="store_true",
                      help="open it in $EDITOR (VISUAL, then EDITOR, else vi), then check it")
    what.add_argument("--keys", action="store_true",
                      help="list the key binding ids the [keys] table can remap")
    return parser


CONFIG_EPILOG = """\
The file is TOML; every setting is optional:

  notation = "nielsen"            deeplizard | nielsen | kostadinov
  theme = "nord"                  a Textual theme (remembered from the command palette)
  learning_rate = 0.1             η of the update key u (default 0.5)
  lessons = ["~/class/lessons"]   lesson folders, listed after the shipped lessons
  shipped_lessons = false         list only those folders' lessons
  [keys]                          binding id = "keys" (see --keys)
  step = "right,l,n"

Without an option: the path and what is wrong in the file, if anything (exit status 1 then).
A bad file never stops the app: it starts with the defaults for what it can't use.
Set BACKPROP_TUI_CONFIG to use another file.
"""


def build_progress_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} progress",
        description="Show where your progress is kept, forget it, or export a class's.",
        epilog=PROGRESS_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--reset", nargs="?", const="", metavar="ID",
                      help="forget the progress of lesson ID, or of every lesson")
    what.add_argument("--export", choices=("csv", "json"),
                      help="write one row per student x lesson, skill or exam to stdout")
    parser.add_argument("--state", type=Path, metavar="DIR",
                        help="with --export: a `serve` state folder (one folder per student) or "
                             "one student's state folder (default: your own)")
    add_lesson_source_options(parser)
    return parser


def run_check(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """The same loading as the app's lesson list (``load_lesson_folder``, one folder at a
    time), so ``check`` prints exactly the message the list shows beside a broken lesson, and
    an id is refused only when its folder already has it (two folders may both have one)."""
    from backprop_tui.core.course.lesson import lesson_paths
    from backprop_tui.core.course.lesson_folder import load_lesson_folder

    paths = lesson_paths(args.paths)
    if not paths:
        print(f"{PROG} check: no lesson files (*.toml) in {', '.join(args.paths)}", file=sys.stderr)
        return 1
    folders: dict[Path, list[Path]] = {}
    for path in paths:
        folders.setdefault(path.resolve().parent, []).append(path)
    lessons, broken = [], []
    for files in folders.values():
        good_here, broken_here = load_lesson_folder(list(files))
        lessons += good_here
        broken += broken_here
    good = {lesson.path: lesson for lesson in lessons}
    bad = {b.path: b for b in broken}
    for path in map(str, paths):
        if path in bad:
            print(f"error  {bad[path].message}")
        elif path in good:
            print(f"ok     {path}  ({good[path].id}: {len(good[path].exercises)} exercises)")
    errors, total = len(broken), len(paths)
    if errors:
        print(f"{errors} of {total} lesson{'s' if total != 1 else ''} "
              f"{'has' if errors == 1 else 'have'} errors", file=sys.stderr)
        return 1
    print(f"all {total} lesson{'s' if total != 1 else ''} fine")
    return 0


def load_listed(args: argparse.Namespace):  # noqa: ANN201 - (lessons, broken)
    """The lessons the app would list for these --lessons/--no-shipped options."""
    from backprop_tui.core.course.config import load_config
    from backprop_tui.core.course.lesson_sources import lesson_folders, load_sources

    config = load_config()
    for error in config.errors:
        print(f"{PROG}: warning: {error}", file=sys.stderr)
    folders = lesson_folders(args.lessons, config.lessons)
    return load_sources(folders, shipped=config.shipped_lessons and not args.no_shipped)


def run_lessons(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from backprop_tui.core.course.lesson_sources import folder_label, progress_key
    from backprop_tui.core.course.progress import ProgressStore
    from backprop_tui.core.files.safefile import escape

    lessons, broken = load_listed(args)
    store = ProgressStore()
    if store.notice:
        print(f"{PROG}: {store.notice}", file=sys.stderr)
    width = max([len(lesson.id) for lesson in lessons] + [2])
    print(f"{'status':<7} {'id':<{width}}  source  title — summary")
    for lesson in lessons:
        status = store.status(progress_key(lesson), len(lesson.exercises))
        folder = folder_label(lesson)
        where = f"  [{folder}/]" if folder else ""
        print(f"{status:<7} {lesson.id:<{width}}  {lesson.source:<6}  "
              f"{escape(lesson.title)} — {escape(lesson.summary, 400)}{where}")
    for b in broken:
        print(f"{'broken':<7} {b.message}")
    print(f"\n{practice_summary(store)}")
    print(f"open one with: {PROG} --lesson ID (or --lesson FILE.toml)")
    return 1 if store.notice else 0


def run_progress(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from backprop_tui.core.course.progress import ProgressStore
    from backprop_tui.core.files.safefile import escape

    if args.export:
        return run_progress_export(args)
    if args.state is not None:
        parser.error("--state goes with --export (your own progress is in BACKPROP_TUI_STATE_DIR)")
    store = ProgressStore()
    if store.notice:
        print(f"{PROG}: {store.notice}", file=sys.stderr)
    if args.reset is None:
        print(f"progress file: {escape(str(store.path), 1000)}")
        for lesson_id, progress in sorted(store.lessons.items()):
            revealed = progress.revealed_count()  # shown on request ("show me"), not solved
            shown = f", {revealed} revealed" if revealed else ""
            print(f"  {escape(lesson_id)}: {progress.solved_count()} solved{shown}, "
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


def run_progress_export(args: argparse.Namespace) -> int:
    from backprop_tui.core.course.class_progress import class_rows, find_students, to_csv, to_json
    from backprop_tui.core.course.progress import state_dir
    from backprop_tui.core.files.safefile import escape

    state = (args.state or state_dir()).expanduser()
    if not state.is_dir():
        print(f"{PROG}: error: --state {escape(str(state), 300)}: no such folder; expected a "
              "`serve` state folder or a student's state folder", file=sys.stderr)
        return 2
    if not find_students(state):
        print(f"{PROG}: error: no progress in {escape(str(state), 300)}: expected progress.json "
              "there, or in its sub-folders (one per student)", file=sys.stderr)
        return 1
    lessons, _ = load_listed(args)
    rows = class_rows(state, lessons)
    sys.stdout.write(to_csv(rows) if args.export == "csv" else to_json(rows))
    unreadable = [r for r in rows if r.error]
    for r in unreadable:
        print(f"{PROG}: warning: {r.student}: {r.error}", file=sys.stderr)
    return 1 if unreadable else 0


def run_config(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from backprop_tui.core.course.config import config_path
    from backprop_tui.tui.settings import resolve

    path = config_path()
    if args.path:
        print(path)
        return 0
    if args.keys:
        from backprop_tui.tui.keys import BINDINGS, TITLES

        for b in BINDINGS:
            print(f"{b.id:<15} {b.key:<28} {TITLES.get(b.action, b.description)}")
        return 0
    if args.edit:
        import os
        import shlex
        import subprocess

        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            code = subprocess.call([*shlex.split(editor), str(path)])
        except OSError as e:
            print(f"{PROG}: error: cannot run the editor {editor!r}: {e.strerror or e}; set "
                  "$EDITOR", file=sys.stderr)
            return 2
        if code:
            print(f"{PROG}: the editor exited with status {code}", file=sys.stderr)
    notices = resolve().notices
    print(f"config file: {path}{'' if path.exists() else ' (none yet: every setting is the default)'}")
    for notice in notices:
        print(f"error  {notice}")
    return 1 if notices else 0


COMMANDS = {
    "check": (build_check_parser, run_check),
    "lessons": (build_lessons_parser, run_lessons),
    "progress": (build_progress_parser, run_progress),
    **PRACTICE_COMMANDS,  # practice, exam: tui/cli_practice.py
    "serve": (build_serve_parser, run_serve),
    "export": (build_export_parser, run_export),
    "config": (build_config_parser, run_config),
}

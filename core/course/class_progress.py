"""A class's progress as rows for a teacher: one per student x lesson, skill or exam.

:func:`find_students` reads either a ``serve`` state directory (one folder per student, each with
its ``progress.json``) or a single student's state folder (a ``progress.json`` in the folder
itself; the student is named after the folder). :func:`class_rows` turns each student's progress
store into :class:`Row` s, and :func:`to_csv` / :func:`to_json` write them.

What a row holds comes from the progress store as it is kept (:mod:`progress`,
:mod:`practice.mastery`):

- a lesson: ``solved`` exercises, of ``exercises`` (the lesson's count when the lesson is known,
  else those with progress), ``attempts`` and ``hints`` summed over its exercises;
- a skill (``practice:<skill>``): ``attempts``, ``mastered``, and ``solved`` the current run;
- an exam (``exam:<seed>``): ``exam_seed``, ``exam_score`` (steps scored of steps) and the date
  it was taken as ``last_activity``;
- ``revealed``: the exercises whose answer the student asked to be shown ("show me", after
  three wrong attempts; never counted as solved) and, of a known lesson, those for which every
  hint was shown (asked for, or given after wrong answers), so a teacher sees who was led
  through one rather than worked it out;
- ``last_activity``: the exam's date, else the time the student's progress file was last
  written (UTC, ISO 8601), the only clock the store keeps.

A student folder whose progress can't be read gives one row with its ``error`` and never
stops the others.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from pathlib import Path

from backprop_tui.core.course import progress_file
from backprop_tui.core.course.practice.mastery import EXAM, PRACTICE
from backprop_tui.core.course.progress import (  # the store's own reader, without its repairs
    FILE_NAME,
    CorruptProgress,
    LessonProgress,
    _parse_bytes,
)
from backprop_tui.core.files.safefile import escape

FORMATS = ("csv", "json")


@dataclass(frozen=True)
class Row:
    student: str
    kind: str  # lesson | skill | exam
    item: str  # the lesson's progress key, the skill's name, or the exam's seed
    solved: int = 0
    exercises: int = 0
    attempts: int = 0
    hints: int = 0
    revealed: int = 0
    mastered: bool | None = None  # skills only
    exam_score: str = ""  # "5/7" for an exam
    exam_seed: int | None = None
    last_activity: str = ""
    error: str = ""


COLUMNS = tuple(f.name for f in fields(Row))


def find_students(state: str | Path) -> list[tuple[str, Path]]:
    """(name, folder) of every student under ``state``: the folder itself when it holds a
    progress file, else each sub-folder that holds one (sorted by name)."""
    root = Path(state)
    if (root / FILE_NAME).exists():
        return [(root.resolve().name, root)]
    try:
        subs = sorted(p for p in root.iterdir() if p.is_dir() and (p / FILE_NAME).exists())
    except OSError:
        return []
    return [(p.name, p) for p in subs]


def _modified(path: Path) -> str:
    try:
        stamp = path.stat().st_mtime
    except OSError:
        return ""
    return datetime.fromtimestamp(stamp, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _lesson_row(student: str, key: str, p: LessonProgress,
                hints: Mapping[str, Mapping[str, int]], when: str) -> Row:
    counts = hints.get(key)  # each exercise's number of hints, from the lesson itself
    exercises = p.exercises
    led = set() if counts is None else {
        ex_id for ex_id, n in counts.items()
        if n and ex_id in exercises and exercises[ex_id].hints >= n}
    shown = {ex_id for ex_id, e in exercises.items() if e.revealed and not e.solved}
    revealed = len(led | shown)
    total = len(counts) if counts is not None else len(exercises)
    return Row(student, "lesson", key, solved=p.solved_count(), exercises=total,
               attempts=sum(e.attempts for e in exercises.values()),
               hints=sum(e.hints for e in exercises.values()), revealed=revealed,
               last_activity=when)


def lesson_hints(lessons: Iterable[object]) -> dict[str, dict[str, int]]:
    """Per progress key of ``lessons`` (:class:`~backprop_tui.core.course.lesson.Lesson`), the
    number of hints of each exercise, so rows can count exercises and reveals."""
    from backprop_tui.core.course.lesson_sources import progress_key

    return {progress_key(lesson): {e.id: len(e.hints) for e in lesson.exercises}
            for lesson in lessons}


def student_rows(student: str, folder: Path, hints: Mapping[str, Mapping[str, int]] | None = None,
                 ) -> list[Row]:
    """The rows of one student's progress folder, read only: unlike opening a
    :class:`~backprop_tui.core.course.progress.ProgressStore`, a corrupt file is reported, not
    moved aside, and nothing in the folder is written or deleted."""
    path = folder / FILE_NAME
    try:
        lessons = _parse_bytes(progress_file.read(path))
    except (OSError, CorruptProgress) as e:
        return [Row(student, "error", "", error=f"{escape(str(path), 300)}: {escape(str(e), 200)}")]
    hints = hints if hints is not None else {}
    when = _modified(path)
    rows = []
    for key, p in sorted(lessons.items()):
        if key.startswith(PRACTICE):
            attempts = p.exercises.get("attempts")
            rows.append(Row(student, "skill", key.removeprefix(PRACTICE), solved=p.current,
                            attempts=attempts.attempts if attempts else 0,
                            mastered=bool(attempts and attempts.solved), last_activity=when))
        elif key.startswith(EXAM):
            steps = {k: v for k, v in p.exercises.items() if not k.startswith("taken:")}
            taken = next((k.removeprefix("taken:") for k in p.exercises if k.startswith("taken:")),
                         "")
            scored = sum(v.solved for v in steps.values())
            seed = key.removeprefix(EXAM)
            rows.append(Row(student, "exam", seed, solved=scored, exercises=len(steps),
                            attempts=sum(v.attempts for v in steps.values()),
                            exam_score=f"{scored}/{len(steps)}",
                            exam_seed=int(seed) if seed.lstrip("-").isdigit() else None,
                            last_activity=taken or when))
        else:
            rows.append(_lesson_row(student, key, p, hints, when))
    return rows


def class_rows(state: str | Path, lessons: Iterable[object] = ()) -> list[Row]:
    """Every student's rows under ``state`` (see :func:`find_students`), students in order."""
    hints = lesson_hints(lessons)
    rows: list[Row] = []
    for name, folder in find_students(state):
        rows.extend(student_rows(name, folder, hints))
    return rows


def to_csv(rows: Iterable[Row]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        data = asdict(row)
        data["mastered"] = "" if row.mastered is None else str(row.mastered).lower()
        data["exam_seed"] = "" if row.exam_seed is None else row.exam_seed
        writer.writerow(data)
    return out.getvalue()


def to_json(rows: Iterable[Row]) -> str:
    return json.dumps([asdict(r) for r in rows], indent=1) + "\n"

"""Saved progress: per lesson, which exercises are solved, attempts, hints used, where to resume.

One JSON file, ``progress.json``, in the platform's user state directory (``platformdirs``), or
in ``$BACKPROP_TUI_STATE_DIR`` when set (tests use it). Writes are atomic (a temporary file in
the same folder, then ``os.replace``). A file that can't be read as progress is never
overwritten: it is moved aside to ``progress.json.corrupt`` (``.corrupt-2``, ...) and the
store starts empty, with :attr:`ProgressStore.notice` saying where the old file went.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

ENV_VAR = "BACKPROP_TUI_STATE_DIR"
FILE_NAME = "progress.json"
VERSION = 1


def state_dir() -> Path:
    """Where progress lives: ``$BACKPROP_TUI_STATE_DIR`` or the user state directory."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_state_dir("backprop-tui", appauthor=False))


@dataclass
class ExerciseProgress:
    solved: bool = False
    attempts: int = 0
    hints: int = 0


@dataclass
class LessonProgress:
    current: int = 0
    exercises: dict[str, ExerciseProgress] = field(default_factory=dict)

    def exercise(self, exercise_id: str) -> ExerciseProgress:
        return self.exercises.setdefault(exercise_id, ExerciseProgress())

    def solved_count(self) -> int:
        return sum(e.solved for e in self.exercises.values())


class ProgressStore:
    """Progress for every lesson, loaded once and saved after each change."""

    def __init__(self, directory: str | Path | None = None) -> None:
        self.path = Path(directory or state_dir()) / FILE_NAME
        self.notice: str | None = None
        self.lessons: dict[str, LessonProgress] = self._load()

    def lesson(self, lesson_id: str) -> LessonProgress:
        return self.lessons.setdefault(lesson_id, LessonProgress())

    def status(self, lesson_id: str, total: int) -> str:
        """"new", "3/5" or "done" for the lesson list."""
        progress = self.lessons.get(lesson_id)
        if progress is None or not progress.exercises:
            return "new"
        solved = progress.solved_count()
        return "done" if solved >= total else f"{solved}/{total}"

    def reset(self, lesson_id: str | None = None) -> None:
        if lesson_id is None:
            self.lessons.clear()
        else:
            self.lessons.pop(lesson_id, None)
        self.save()

    def save(self) -> None:
        """Write atomically: a crash mid-write leaves the old file whole."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"version": VERSION, "lessons": {k: asdict(v) for k, v in self.lessons.items()}}
        fd, tmp = tempfile.mkstemp(prefix=".progress-", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, indent=2, sort_keys=True)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    # ------------------------------------------------------------------ loading
    def _load(self) -> dict[str, LessonProgress]:
        if not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return _parse(data)
        except (OSError, UnicodeDecodeError, ValueError, TypeError, KeyError, AttributeError) as e:
            aside = self._move_aside()
            self.notice = (
                f"Your progress file {self.path} could not be read ({_reason(e)}); "
                f"it was kept as {aside} and progress starts afresh."
            )
            return {}

    def _move_aside(self) -> Path:
        n, aside = 1, self.path.with_name(FILE_NAME + ".corrupt")
        while aside.exists():
            n += 1
            aside = self.path.with_name(f"{FILE_NAME}.corrupt-{n}")
        os.replace(self.path, aside)
        return aside


def _reason(e: Exception) -> str:
    return "not valid JSON" if isinstance(e, json.JSONDecodeError) else str(e) or type(e).__name__


def _parse(data: object) -> dict[str, LessonProgress]:
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise ValueError(f"not a version {VERSION} progress file")
    lessons = {}
    for lesson_id, raw in data["lessons"].items():
        exercises = {}
        for ex_id, ex in raw["exercises"].items():
            solved, attempts, hints = ex["solved"], ex["attempts"], ex["hints"]
            if not (isinstance(solved, bool) and isinstance(attempts, int) and isinstance(hints, int)):
                raise ValueError(f"bad entry for exercise {ex_id} of lesson {lesson_id}")
            exercises[ex_id] = ExerciseProgress(solved, attempts, hints)
        current = raw["current"]
        if not isinstance(current, int) or current < 0:
            raise ValueError(f"bad current exercise for lesson {lesson_id}")
        lessons[lesson_id] = LessonProgress(current, exercises)
    return lessons

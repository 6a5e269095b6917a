"""Saved progress: per lesson, which exercises are solved or revealed, attempts, hints used,
where to resume.

One JSON file, ``progress.json``, in the platform's user state directory (``platformdirs``), or
in ``$BACKPROP_TUI_STATE_DIR`` when set (tests use it). Reading and writing are in
:mod:`backprop_tui.core.course.progress_file` (atomic writes under a lock, at most 2 MB).

Nothing here raises into the app:

- A file that can't be read as progress is never overwritten: it is moved aside to
  ``progress.json.corrupt`` (``.corrupt-2``, ...) and the store starts empty, with
  :attr:`ProgressStore.notice` saying where the old file went. A file that can't even be moved
  aside (a read-only folder) is left alone, and saving over it is refused.
- :meth:`ProgressStore.save` returns an error message (also kept in
  :attr:`ProgressStore.save_error`) when the folder is read-only, not a folder, full, or locked
  by another instance for too long; progress stays in memory and the next save tries again.
  :meth:`ProgressStore.unreported_save_error` gives that message once per run of failures.

An exercise is **revealed** when the learner asked to be shown its answer ("show me", after
three wrong attempts): it is then not solved, and stays revealed. A lesson is done when every
exercise is *solved*; reveals are counted beside the solved ones ("4/5 · 1 revealed"), never
as solved, so a lesson shown rather than worked reads as such. A file written before reveals
existed (no ``revealed`` field) loads with nothing revealed.

Two instances merge instead of the last writer winning: each save takes the lock, re-reads the
file and merges per exercise. **solved** stays solved once either instance solved it, and
**revealed** revealed;
**attempts** add (what this instance added since it last read the file goes on top of the
file's count); **hints** take the larger count (hints are shown in order, so the larger count
includes the other); **current** (where to resume) is this instance's if it moved, else the
file's. A lesson reset here is dropped from the file, whatever another instance saved for it.
"""

from __future__ import annotations

import copy
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from backprop_tui.core.course import progress_file
from backprop_tui.core.files.safefile import UnreadableFile, escape

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
    revealed: bool = False  # its answer was shown on the learner's request, not found

    @property
    def settled(self) -> bool:
        """Solved or revealed: its answer is known, so nothing need hide it any more."""
        return self.solved or self.revealed


@dataclass
class LessonProgress:
    current: int = 0
    exercises: dict[str, ExerciseProgress] = field(default_factory=dict)

    def exercise(self, exercise_id: str) -> ExerciseProgress:
        return self.exercises.setdefault(exercise_id, ExerciseProgress())

    def solved_count(self) -> int:
        return sum(e.solved for e in self.exercises.values())

    def revealed_count(self) -> int:
        """Exercises revealed and not solved (one solved in another instance counts solved)."""
        return sum(e.revealed and not e.solved for e in self.exercises.values())


class CorruptProgress(ValueError):
    """A progress file that is there but is not progress."""


class ProgressStore:
    """Progress for every lesson, loaded once and saved (merged) after each change."""

    def __init__(self, directory: str | Path | None = None) -> None:
        self.directory = Path(directory or state_dir())
        self.path = self.directory / FILE_NAME
        self.notice: str | None = None
        self.save_error: str | None = None
        self._reported = False
        self._resets: set[str] | None = set()  # None: every lesson was reset
        progress_file.remove_stale(self.directory)
        self.lessons: dict[str, LessonProgress] = self._load()
        self._base = copy.deepcopy(self.lessons)  # the file as last read or written

    def lesson(self, lesson_id: str) -> LessonProgress:
        return self.lessons.setdefault(lesson_id, LessonProgress())

    def status(self, lesson_id: str, total: int) -> str:
        """"new", "3/5" or "done" for the lesson list: solved exercises only (a revealed one
        is not solved, see :meth:`revealed`)."""
        progress = self.lessons.get(lesson_id)
        if progress is None or not progress.exercises:
            return "new"
        solved = progress.solved_count()
        return "done" if solved >= total else f"{solved}/{total}"

    def revealed(self, lesson_id: str) -> int:
        """How many of the lesson's exercises were revealed rather than solved."""
        progress = self.lessons.get(lesson_id)
        return 0 if progress is None else progress.revealed_count()

    def reset(self, lesson_id: str | None = None) -> str | None:
        """Forget one lesson (or every one), in memory and in the file; an error or None."""
        if lesson_id is None:
            self.lessons.clear()
            self._resets = None
        else:
            self.lessons.pop(lesson_id, None)
            if self._resets is not None:
                self._resets.add(lesson_id)
        return self.save()

    # ------------------------------------------------------------------ saving
    def save(self) -> str | None:
        """Merge with the file and write it atomically; the error message, or None. Never raises."""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            with progress_file.locked(self.directory):
                disk = self._read_for_merge()
                merged = self._merge(disk)
                data = {"version": VERSION,
                        "lessons": {k: _lesson_data(v) for k, v in sorted(merged.items())}}
                text = json.dumps(data, indent=1, sort_keys=True).encode("utf-8")
                progress_file.write_atomic(self.path, text)
        except (FileExistsError, NotADirectoryError):
            self.save_error = (f"Progress can't be saved: {escape(str(self.directory), 300)} is "
                               "a file, not a folder; it is kept until the app closes.")
            return self.save_error
        except (OSError, CorruptProgress) as e:
            self.save_error = (f"Progress can't be saved in {escape(str(self.directory), 300)} "
                               f"({_reason(e)}); it is kept until the app closes and saved "
                               "again after your next move.")
            return self.save_error
        self._adopt(merged)
        self.save_error, self._reported, self._resets = None, False, set()
        return None

    def unreported_save_error(self) -> str | None:
        """The save error, the first time it is asked for since saves started failing."""
        if self.save_error is None or self._reported:
            return None
        self._reported = True
        return self.save_error

    def _read_for_merge(self) -> dict[str, LessonProgress]:
        try:
            return self._read()
        except CorruptProgress as e:  # broken since we started: keep it aside, then save
            aside = self._move_aside()  # (when it can't be moved, the OSError stops the save)
            self.notice = (f"Your progress file {escape(str(self.path), 300)} could not be read "
                           f"({_reason(e)}); it was kept as {aside}.")
            return {}

    def _merge(self, disk: dict[str, LessonProgress]) -> dict[str, LessonProgress]:
        """The file's progress with this instance's changes since it last read it applied."""
        if self._resets is None:
            disk = {}
        gone = (self._resets or set()) | (self._base.keys() - self.lessons.keys())
        merged = {k: copy.deepcopy(v) for k, v in disk.items() if k not in gone}
        for lesson_id, mine in self.lessons.items():
            base = self._base.get(lesson_id, LessonProgress())
            out = merged.setdefault(lesson_id, LessonProgress(mine.current))
            if mine.current != base.current:
                out.current = mine.current
            for ex_id in base.exercises.keys() - mine.exercises.keys():  # removed here
                out.exercises.pop(ex_id, None)
            for ex_id, ex in mine.exercises.items():
                was = base.exercises.get(ex_id, ExerciseProgress())
                theirs = out.exercises.get(ex_id, ExerciseProgress())
                out.exercises[ex_id] = ExerciseProgress(
                    # a change made here wins; else the file's (another instance's solve stays)
                    solved=ex.solved if ex.solved != was.solved else theirs.solved,
                    revealed=ex.revealed if ex.revealed != was.revealed else theirs.revealed,
                    attempts=max(theirs.attempts + ex.attempts - was.attempts, 0),
                    hints=max(theirs.hints, ex.hints) if ex.hints >= was.hints else ex.hints,
                )
        return merged

    def _adopt(self, merged: dict[str, LessonProgress]) -> None:
        """Take the merged progress in place (objects the app holds stay the live ones)."""
        for lesson_id, lesson in merged.items():
            mine = self.lesson(lesson_id)
            mine.current = lesson.current
            for ex_id, ex in lesson.exercises.items():
                live = mine.exercise(ex_id)
                live.solved, live.attempts, live.hints = ex.solved, ex.attempts, ex.hints
                live.revealed = ex.revealed
        self._base = copy.deepcopy(merged)

    # ------------------------------------------------------------------ loading
    def _read(self) -> dict[str, LessonProgress]:
        """The file's progress; CorruptProgress when it is not progress (or too large to be),
        OSError when it can't be read at all (a FIFO, a folder we may not read)."""
        try:
            data = progress_file.read(self.path)
        except UnreadableFile as e:
            if e.limit:  # a regular file, too large: kept aside like a corrupt one
                raise CorruptProgress(_reason(e)) from None
            raise
        return _parse_bytes(data)

    def _load(self) -> dict[str, LessonProgress]:
        try:
            return self._read()
        except CorruptProgress as e:
            where = escape(str(self.path), 300)
            try:
                aside = self._move_aside()
            except OSError as moved:  # each save tries again, and fails rather than overwrite it
                self.notice = (f"Your progress file {where} could not be read ({_reason(e)}) nor "
                               f"moved aside ({_reason(moved)}); it is left as it is, and "
                               "progress starts afresh without being saved over it.")
                return {}
            self.notice = (f"Your progress file {where} could not be read ({_reason(e)}); "
                           f"it was kept as {aside} and progress starts afresh.")
            return {}
        except OSError as e:  # the folder is a file, unreadable, or the file is a FIFO
            self.notice = (f"Your progress in {escape(str(self.directory), 300)} can't be read "
                           f"({_reason(e)}); progress starts afresh.")
            return {}

    def _move_aside(self) -> Path:
        n, aside = 1, self.path.with_name(FILE_NAME + ".corrupt")
        while aside.exists():
            n += 1
            aside = self.path.with_name(f"{FILE_NAME}.corrupt-{n}")
        os.replace(self.path, aside)
        return aside


def _lesson_data(lesson: LessonProgress) -> dict[str, object]:
    """A lesson's progress as saved: ``revealed`` only when true, so a file without reveals is
    what it was before they existed, and older versions of the app still read it."""
    data = asdict(lesson)
    for entry in data["exercises"].values():
        if not entry["revealed"]:
            del entry["revealed"]
    return data


def _reason(e: BaseException) -> str:
    if isinstance(e, json.JSONDecodeError):
        return "not valid JSON"
    if isinstance(e, UnreadableFile):
        return e.reason.removeprefix("cannot be read: ") + (f"; {e.limit}" if e.limit else "")
    if isinstance(e, OSError) and e.strerror:
        return e.strerror
    return escape(str(e), 200) or type(e).__name__


def _parse_bytes(data: bytes | None) -> dict[str, LessonProgress]:
    """Progress from a file's bytes (None: no file yet); :class:`CorruptProgress` otherwise."""
    if data is None:
        return {}
    try:
        return _parse(json.loads(data.decode("utf-8-sig")))
    except json.JSONDecodeError as e:
        raise CorruptProgress("not valid JSON") from e
    except RecursionError:
        raise CorruptProgress("nested too deeply") from None
    except (UnicodeDecodeError, ValueError, TypeError, KeyError, AttributeError) as e:
        raise CorruptProgress(str(e) or type(e).__name__) from None


def _parse(data: object) -> dict[str, LessonProgress]:
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise ValueError(f"not a version {VERSION} progress file")
    lessons = {}
    for lesson_id, raw in data["lessons"].items():
        exercises = {}
        for ex_id, ex in raw["exercises"].items():
            solved, attempts, hints = ex["solved"], ex["attempts"], ex["hints"]
            revealed = ex.get("revealed", False)  # absent from files older than "show me"
            if not (isinstance(solved, bool) and isinstance(revealed, bool)
                    and _count(attempts) and _count(hints)):
                raise ValueError(f"bad entry for exercise {ex_id} of lesson {lesson_id}")
            exercises[ex_id] = ExerciseProgress(solved, attempts, hints, revealed)
        current = raw["current"]
        if not _count(current):
            raise ValueError(f"bad current exercise for lesson {lesson_id}")
        lessons[lesson_id] = LessonProgress(current, exercises)
    return lessons


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**31

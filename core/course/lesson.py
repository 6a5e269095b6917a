"""Lesson files: a title, a network with its samples, and an ordered list of exercises.

The format is described for authors in ``lessons/README.md``. :func:`load_lesson` validates a
file completely (syntax, unknown and missing keys, every exercise resolvable against the
lesson's own network, unique ids, non-empty hints) and raises :class:`LessonError` naming the
file, the line and what was expected. Each ``[[exercises]]`` table is read by
:mod:`backprop_tui.core.course.exercise_table`. Numeric answers are never stored: see
:mod:`backprop_tui.core.course.exercise`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from backprop_tui.core.course.exercise_table import (
    Exercise,
    ExerciseReader,
    Place,  # noqa: F401 (importers name it from here, beside Exercise)
)
from backprop_tui.core.course.lesson_rules import TEXT_EXPECTED, text_problem
from backprop_tui.core.files.netcheck import Fail, NetworkFileError, describe
from backprop_tui.core.files.netfile import NetworkFile, load_toml, table_to_network
from backprop_tui.core.files.safefile import UnreadableFile, decode, read_bytes
from backprop_tui.core.files.tomlpos import LineFinder
from backprop_tui.core.formulas.notation import CONVENTIONS
from backprop_tui.core.math.network import Network

TOP_KEYS = ("id", "title", "summary", "source", "notation", "network", "samples", "exercises")
REQUIRED_TOP = ("id", "title", "summary", "source", "notation")
#: The seed articles a lesson may follow, by id, with the name the lesson list gives each.
SOURCES: dict[str, str] = {
    "000": "deeplizard · notation", "001": "deeplizard · observations",
    "002": "Jagtap · the calculus", "003": "Kostadinov", "004": "Nielsen · chapter 2",
    "none": "beyond the articles",
}
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
#: Lesson files larger than this are refused unread (the shipped ones are under 10 KB).
MAX_LESSON_BYTES = 1024 * 1024


class LessonError(NetworkFileError):
    """A lesson that can't be used: ``path:line: key: problem; expected ...``."""


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    summary: str
    source: str
    notation: str
    network_file: NetworkFile
    exercises: tuple[Exercise, ...]
    path: str = "<string>"

    @property
    def network(self) -> Network:
        return self.network_file.network

    @property
    def exercise_count(self) -> int:
        return len(self.exercises)


# ------------------------------------------------------------------ loading
def load_lesson(path: str | Path) -> Lesson:
    """Read and validate one lesson file; raises :class:`LessonError` for any problem."""
    return parse_lesson(read_lesson_text(path), str(path))


def read_lesson_text(path: str | Path) -> str:
    """The text of a lesson file, refused (:class:`LessonError`) if it is not a regular file
    under :data:`MAX_LESSON_BYTES` of UTF-8."""
    name = str(path)
    try:  # a FIFO, /dev/zero or a huge file is refused before it is read
        return decode(read_bytes(path, MAX_LESSON_BYTES))
    except FileNotFoundError:
        raise LessonError(name, "no such file", expected="a lesson TOML file") from None
    except UnreadableFile as e:
        raise LessonError(name, e.reason, expected=e.limit or "a lesson TOML file") from None
    except UnicodeDecodeError as e:
        raise LessonError(name, f"not UTF-8 ({e.reason})", expected="a UTF-8 text file") from None


def parse_top(text: str, source: str, *, exercises: bool = True) -> tuple[dict, _LessonFail]:
    """The TOML document of a lesson with its top-level keys checked (id, title, summary,
    source, notation and, unless ``exercises`` is False, a non-empty list of exercises), and the
    failer that names its lines; raises :class:`LessonError`. The network and the exercises
    themselves are not looked at."""
    text = text.removeprefix("\ufeff")  # a UTF-8 byte-order mark, as some editors write
    try:  # too deep, too many dotted parts, a syntax error: one message, never a traceback
        doc = load_toml(text, source)
    except NetworkFileError as e:
        raise LessonError(e.path, e.problem, line=e.line, expected=e.expected) from None
    fail = _LessonFail(source, LineFinder(text))
    fail.unknown_keys("", doc, TOP_KEYS)
    for key in REQUIRED_TOP:
        if key not in doc:
            fail("", key, f'missing key "{key}"', _EXPECTED_TOP[key])
        if not isinstance(doc[key], str) or not doc[key].strip():
            fail("", key, f"{describe(doc[key])} is not a non-empty string", _EXPECTED_TOP[key])
    for key in ("title", "summary"):
        if problem := text_problem(doc[key]):
            fail("", key, f"contains {problem}", TEXT_EXPECTED)
    if not ID_PATTERN.match(doc["id"]):
        fail("", "id", f'"{doc["id"]}" is not a valid id', _EXPECTED_TOP["id"])
    if doc["source"] not in SOURCES:
        fail("", "source", f'unknown source "{doc["source"]}"', _EXPECTED_TOP["source"])
    if doc["notation"] not in CONVENTIONS:
        fail("", "notation", f'unknown notation "{doc["notation"]}"', _EXPECTED_TOP["notation"])
    if not exercises:
        return doc, fail
    raw = doc.get("exercises")
    if not isinstance(raw, list) or not raw:
        fail("", "exercises", "no [[exercises]]", "at least one [[exercises]] table")
    return doc, fail


def parse_lesson(text: str, source: str = "<string>") -> Lesson:
    """Validate the TOML ``text`` of a lesson; ``source`` names it in messages."""
    doc, fail = parse_top(text, source)
    try:
        network_file = table_to_network(doc, source, fail.line_of)
    except NetworkFileError as e:
        raise LessonError(e.path, e.problem, line=e.line, key=e.key, expected=e.expected) from None
    raw = doc["exercises"]
    context = ExerciseReader(network_file.network, doc["notation"], fail)
    exercises = tuple(context.exercise(item, i) for i, item in enumerate(raw))
    seen: dict[str, int] = {}
    for i, ex in enumerate(exercises):
        if ex.id in seen:
            fail("exercises", "id", f'duplicate id "{ex.id}" (also exercise {seen[ex.id] + 1})',
                 "an id used once in the lesson", index=i)
        seen[ex.id] = i
    lesson = Lesson(doc["id"], doc["title"].strip(), doc["summary"].strip(), doc["source"],
                    doc["notation"], network_file, exercises, source)
    from backprop_tui.core.course.exercise import (
        copy_problem,
        resolve,  # every exercise must resolve against the network
    )

    for i, ex in enumerate(exercises):
        try:
            resolved = resolve(lesson, ex)
        except ValueError as e:
            if ex.kind == "formula":  # a formula key that is not the quantity it names
                fail("exercises", "formula", str(e), f"a formula equal to the {ex.quantity} it names",
                     index=i)
            fail("exercises", "quantity", str(e), "a quantity this network has", index=i)
        if problem := copy_problem(lesson, ex, resolved):
            fail("exercises", "quantity", problem, "a parameter whose gradient moves it by more "
                 "than the tolerance (another weight, sample or learning rate eta)", index=i)
    return lesson


_EXPECTED_TOP = {
    "id": "a short id of lowercase letters, digits and dashes, e.g. \"output-weight\"",
    "title": "a title, e.g. \"The chain rule for an output-layer weight\"",
    "summary": "a one-line summary",
    "source": f"the seed article it follows: one of {', '.join(SOURCES)}",
    "notation": f"one of {', '.join(CONVENTIONS)}",
}


class _LessonFail(Fail):
    """Like :class:`Fail`, naming ``[[exercises]][i]`` and raising :class:`LessonError`."""

    def __call__(self, table, key, problem, expected=None, *, index=0, suffix=""):  # noqa: ANN001
        try:
            super().__call__(table, key, problem, expected, index=index, suffix=suffix)
        except NetworkFileError as e:
            raise LessonError(e.path, e.problem, line=e.line, key=e.key, expected=e.expected) from None


def load_lessons(folder: str | Path | None = None) -> list[Lesson]:
    """Every ``*.toml`` lesson in ``folder`` (the shipped ones by default), sorted by file name;
    raises :class:`LessonError` at the first broken one (``core.course.lesson_folder`` has
    the list that keeps going)."""
    return [load_lesson(p) for p in lesson_paths([folder or shipped_lessons_dir()])]


def shipped_lessons_dir() -> Path:
    """The folder of lessons installed with the program (the ``lessons`` package): beside its
    ``__init__.py`` (importlib.resources, ~6 ms to import, only where that has no file)."""
    import backprop_tui.lessons as shipped

    if getattr(shipped, "__file__", None):
        return Path(shipped.__file__).parent
    from importlib.resources import files

    return Path(str(files("backprop_tui.lessons")))


def lesson_paths(paths: list[str | Path]) -> list[Path]:
    """Files named, and the ``*.toml`` files of folders named, in order."""
    found: list[Path] = []
    for p in map(Path, paths):
        try:
            found.extend(sorted(p.glob("*.toml")) if p.is_dir() else [p])
        except OSError:  # an unreadable folder: named as a file, its error comes on loading
            found.append(p)
    return found

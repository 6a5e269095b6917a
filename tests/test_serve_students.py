"""Students under ``backprop-tui serve``: the names accepted (hostile ones refused), the name
screen in front of the tutor, each student's progress in their own folder (a returning name
resumes), and two students' progress kept apart while both save at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import shipped_lessons
from textual.widgets import Input, Static

from backprop_tui.core.course.progress import ENV_VAR, ProgressStore
from backprop_tui.tui.screens.lesson_list import LessonList
from backprop_tui.tui.screens.student_name import StudentName, folder_name, name_problem
from backprop_tui.tui.serve_student import StudentApp, student_dir

LESSONS = shipped_lessons()

HOSTILE = [
    "", "..", ".", "../etc", "../../root", "a/b", "a\\b", "/abs", "~", "ada lovelace", " ",
    "ada\n", "ada\x00", "a\tb", "ädä", "ada.txt", "ada_1", "$(rm -rf ~)", "`id`", "ada;ls",
    "x" * 33, "CON", "nul", "Com1", "lpt9", "\u202eada", "ａｄａ", "١٢٣",
]
GOOD = {"ada": "ada", "Ada-Lovelace": "ada-lovelace", "7": "7", "x" * 32: "x" * 32,
        "r2-d2": "r2-d2", "-": "-", "console": "console"}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_are_refused_with_a_message(name: str) -> None:
    problem = name_problem(name)
    assert problem
    with pytest.raises(ValueError):
        folder_name(name)


@pytest.mark.parametrize(("name", "folder"), GOOD.items())
def test_good_names_fold_to_lower_case(name: str, folder: str) -> None:
    assert name_problem(name) is None
    assert folder_name(name) == folder


def test_the_refusal_names_the_character() -> None:
    assert "a space" in name_problem("ada lovelace")
    assert "'/'" in name_problem("a/b")
    assert "U+000A" in name_problem("a\nb")
    assert "33 characters" in name_problem("x" * 33)


def test_student_dir_only_takes_folded_names(tmp_path: Path) -> None:
    assert student_dir(tmp_path, "ada") == tmp_path / "ada"
    for bad in ("Ada", "../x", ""):
        with pytest.raises(ValueError):
            student_dir(tmp_path, bad)


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch):
    """StudentApp sets the state variable for its process: keep that out of other tests."""
    monkeypatch.delenv(ENV_VAR, raising=False)
    yield
    os.environ.pop(ENV_VAR, None)


async def type_name(pilot, name: str) -> None:
    field = pilot.app.screen.query_one("#student-name", Input)
    field.value = ""
    await pilot.press(*name, "enter")
    await pilot.pause()


async def test_the_name_screen_comes_first_and_refuses_a_bad_name(tmp_path: Path, clean_env) -> None:
    app = StudentApp(tmp_path, LESSONS)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StudentName)
        await pilot.press("right", "u")  # the tutor's keys don't reach it
        assert app.state.step_index == 0
        await pilot.press("ctrl+p")  # nor the palette, which could open a lesson
        assert isinstance(app.screen, StudentName)
        await type_name(pilot, "quinn-e?")  # q, e, u are the tutor's keys: here they are typed
        assert isinstance(app.screen, StudentName) and app.is_running
        assert "'?'" in str(app.screen.query_one("#student-problem", Static).render())
        await type_name(pilot, "../evil")
        assert isinstance(app.screen, StudentName)
        assert "'.'" in str(app.screen.query_one("#student-problem", Static).render())
        assert list(tmp_path.iterdir()) == [] and ENV_VAR not in os.environ


async def test_a_name_opens_the_lesson_list_on_that_students_folder(tmp_path: Path, clean_env) -> None:
    app = StudentApp(tmp_path, LESSONS)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await type_name(pilot, "Ada")
        assert isinstance(app.screen, LessonList)
        assert os.environ[ENV_VAR] == str(tmp_path / "ada")
        assert app.store.path == tmp_path / "ada" / "progress.json"
        assert (tmp_path / "ada").is_dir() and "ada" in app.title


async def test_a_returning_name_resumes(tmp_path: Path, clean_env) -> None:
    lesson = LESSONS[0]
    app = StudentApp(tmp_path, LESSONS)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await type_name(pilot, "ada")
        await pilot.press("enter")  # open the first lesson
        await pilot.pause()
        assert app.tutor.session is not None and app.tutor.session.lesson.id == lesson.id
        app.store.lesson(lesson.id).exercise(lesson.exercises[0].id).attempts = 3
        app.store.lesson(lesson.id).exercise(lesson.exercises[0].id).solved = True
        app.store.save()
    again = StudentApp(tmp_path, LESSONS)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await type_name(pilot, "ADA")
        assert again.store.status(lesson.id, len(lesson.exercises)) == f"1/{len(lesson.exercises)}"
        assert again.store.lesson(lesson.id).exercise(lesson.exercises[0].id).attempts == 3
    other = StudentApp(tmp_path, LESSONS)
    async with other.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await type_name(pilot, "bob")
        assert other.store.status(lesson.id, len(lesson.exercises)) == "new"


SAVER = textwrap.dedent("""
    import sys
    from backprop_tui.core.course.progress import ProgressStore
    from backprop_tui.tui.serve_student import student_dir
    root, name, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    for i in range(rounds):
        store = ProgressStore(student_dir(root, name))  # as each app would: load, change, save
        ex = store.lesson(f"lesson-of-{name}").exercise("e1")
        ex.attempts += 1
        ex.solved = i == rounds - 1
        store.lesson(f"lesson-of-{name}").current = i
        store.save()
""")


def test_two_students_saving_at_once_keep_their_own_progress(tmp_path: Path) -> None:
    rounds = 200
    procs = [subprocess.Popen([sys.executable, "-c", SAVER, str(tmp_path), name, str(rounds)])
             for name in ("ada", "bob")]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    for name in ("ada", "bob"):
        data = json.loads((tmp_path / name / "progress.json").read_text(encoding="utf-8"))
        assert list(data["lessons"]) == [f"lesson-of-{name}"]
        saved = ProgressStore(tmp_path / name).lesson(f"lesson-of-{name}")
        assert saved.current == rounds - 1
        assert saved.exercises["e1"].attempts == rounds and saved.exercises["e1"].solved
        leftovers = [p.name for p in (tmp_path / name).iterdir()  # the lock file stays, by design
                     if p.name not in ("progress.json", ".progress.lock")]
        assert leftovers == []

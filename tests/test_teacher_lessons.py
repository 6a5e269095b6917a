"""A teacher's own lessons: --lesson FILE, --lessons DIR (with a broken file), progress kept per
folder, and the same loading in `check`, `lessons` and `serve`."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from backprop_tui.core.course.lesson import load_lesson
from backprop_tui.core.course.lesson_sources import (
    folders_from_env,
    lesson_folders,
    load_sources,
    progress_key,
)
from backprop_tui.core.course.progress import ProgressStore
from backprop_tui.tui.cli import main
from backprop_tui.tui.lesson_session import LessonSession

LESSONS = Path(__file__).parent.parent / "lessons"
SHIPPED = len(list(LESSONS.glob("*.toml")))
BROKEN = 'id = "mine"\ntitle = "x"\nsummary = "y"\nsource = "000"\nnotation = "nielson"\n'


@pytest.fixture(autouse=True)
def state_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKPROP_TUI_STATE_DIR", str(tmp_path / "state"))
    return tmp_path / "state"


def class_folder(root: Path, name: str = "class") -> Path:
    """A folder with one good lesson (a copy of the shipped cost lesson) and a broken one."""
    folder = root / name
    folder.mkdir()
    (folder / "a-cost.toml").write_text((LESSONS / "03-cost.toml").read_text("utf-8"), "utf-8")
    (folder / "b-broken.toml").write_text(BROKEN, "utf-8")
    return folder


class FakeApp:
    """Stands in for the app: records what it was started with."""

    opened: list[dict] = []

    def __init__(self, **kwargs) -> None:
        FakeApp.opened.append(kwargs)

    def run(self) -> None:
        pass


@pytest.fixture
def fake_app(monkeypatch):
    import backprop_tui.tui.app

    FakeApp.opened = []
    monkeypatch.setattr(backprop_tui.tui.app, "BackpropApp", FakeApp)
    return FakeApp.opened


# ---------------------------------------------------------------------------- core
def test_a_folder_lists_after_the_shipped_lessons_with_its_broken_file(tmp_path):
    folder = class_folder(tmp_path)
    lessons, broken = load_sources([folder])
    assert len(lessons) == SHIPPED + 1 and lessons[-1].path == str(folder / "a-cost.toml")
    assert [b.path for b in broken] == [str(folder / "b-broken.toml")]
    assert broken[0].message.startswith(f"{folder / 'b-broken.toml'}:5: notation:")
    assert "expected one of deeplizard" in broken[0].message
    only, _ = load_sources([folder], shipped=False)
    assert [le.path for le in only] == [str(folder / "a-cost.toml")]
    missing, gone = load_sources([tmp_path / "nope"], shipped=False)
    assert missing == [] and "no such folder" in gone[0].message


def test_progress_is_keyed_by_folder_and_shipped_ids_stay_bare(tmp_path):
    one, two = class_folder(tmp_path, "one"), class_folder(tmp_path, "two")
    shipped = load_lesson(LESSONS / "03-cost.toml")
    a, b = load_lesson(one / "a-cost.toml"), load_lesson(two / "a-cost.toml")
    assert progress_key(shipped) == "cost"  # progress files from before stay readable
    assert a.id == b.id == "cost"
    assert progress_key(a).startswith("cost@") and progress_key(a) != progress_key(b)
    assert progress_key(a) == progress_key(load_lesson(tmp_path / "one" / ".." / "one" / "a-cost.toml"))


def test_two_folders_with_one_lesson_id_keep_their_own_progress(tmp_path, state_dir):
    one, two = class_folder(tmp_path, "one"), class_folder(tmp_path, "two")
    old = ProgressStore(state_dir)  # a progress file from before: the shipped lesson's
    old.lesson("cost").exercise("old").solved = True
    old.save()
    store = ProgressStore(state_dir)
    first = LessonSession.resume(load_lesson(one / "a-cost.toml"), store)
    second = LessonSession.resume(load_lesson(two / "a-cost.toml"), store)
    first.progress.solved = True
    first.go(1)
    second.hint()
    again = ProgressStore(state_dir)
    a, b = again.lessons[progress_key(first.lesson)], again.lessons[progress_key(second.lesson)]
    assert a.current == 1 and a.solved_count() == 1
    assert b.current == 0 and b.solved_count() == 0 and b.exercise(second.exercise.id).hints == 1
    assert again.lessons["cost"].exercise("old").solved  # the shipped lesson's, untouched


def test_folders_come_from_options_config_then_environment_once_each(tmp_path):
    a, b, c = (tmp_path / n for n in "abc")
    env = {"BACKPROP_TUI_LESSONS": f"{b}{os.pathsep}{c}{os.pathsep}"}
    assert folders_from_env(env) == [b, c]
    assert lesson_folders([a], [b], env) == [a, b, c]  # b named twice: listed once


# ---------------------------------------------------------------------------- the command line
def test_lesson_opens_a_file_from_anywhere(tmp_path, fake_app):
    folder = class_folder(tmp_path)
    assert main(["--lesson", str(folder / "a-cost.toml")]) == 0
    opened = fake_app[-1]
    assert opened["lesson"].path == str(folder / "a-cost.toml")
    assert opened["lesson"] in opened["lessons"]  # o goes back to a list that has it


def test_lesson_file_that_is_broken_is_one_line_with_file_and_line(tmp_path, fake_app, capsys):
    folder = class_folder(tmp_path)
    assert main(["--lesson", str(folder / "b-broken.toml")]) == 2
    err = capsys.readouterr().err
    assert f"{folder / 'b-broken.toml'}:5: notation:" in err and fake_app == []


def test_lessons_folders_from_option_environment_and_config(tmp_path, fake_app, monkeypatch):
    one, two, three = (class_folder(tmp_path, n) for n in ("one", "two", "three"))
    monkeypatch.setenv("BACKPROP_TUI_LESSONS", str(two))
    config = tmp_path / "config.toml"
    config.write_text(f'lessons = ["{three}"]\n', "utf-8")
    monkeypatch.setenv("BACKPROP_TUI_CONFIG", str(config))
    assert main(["--lessons", str(one)]) == 0
    opened = fake_app[-1]
    assert len(opened["lessons"]) == SHIPPED + 3
    assert [Path(le.path).parent.name for le in opened["lessons"][SHIPPED:]] == ["one", "three", "two"]
    assert main(["--lessons", str(one), "--no-shipped"]) == 0
    assert len(fake_app[-1]["lessons"]) == 3
    assert main(["--lessons", str(one), "--no-shipped", "--lesson", "cost"]) == 0
    assert Path(fake_app[-1]["lesson"].path).parent == one


def test_check_prints_the_message_the_list_shows(tmp_path, capsys):
    folder = class_folder(tmp_path)
    _, broken = load_sources([folder], shipped=False)
    assert main(["check", str(folder)]) == 1
    out = capsys.readouterr().out
    assert f"error  {broken[0].message}\n" in out and "ok     " in out


def test_lessons_command_lists_the_folder_and_the_broken_file(tmp_path, capsys):
    folder = class_folder(tmp_path)
    assert main(["lessons", "--lessons", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "[class/]" in out and f"broken  {folder / 'b-broken.toml'}:5" in out
    cost = [line for line in out.splitlines() if line.split()[1:2] == ["cost"]]
    assert len(cost) == 2 and cost[1].endswith("[class/]")  # the shipped one and the class's


def test_serve_serves_the_good_lessons_and_warns_of_the_broken(tmp_path, monkeypatch, capsys):
    from test_serve import fake_run

    calls: list = []
    monkeypatch.setattr("backprop_tui.tui.serve.run", fake_run(calls))
    folder = class_folder(tmp_path)
    assert main(["serve", "--state", str(tmp_path / "s"), "--lessons", str(folder),
                 "--no-shipped"]) == 0
    err = capsys.readouterr().err
    assert "b-broken.toml:5" in err and "warning" in err
    assert calls[0].lessons == (folder.resolve(),) and calls[0].shipped is False


# ---------------------------------------------------------------------------- the app
def plain(renderable: object) -> str:
    from rich.console import Console

    console = Console(width=200, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


async def test_the_list_shows_both_folders_lessons_and_the_broken_one(tmp_path):
    from textual.widgets import OptionList

    from backprop_tui.tui.app import BackpropApp

    one, two = class_folder(tmp_path, "one"), class_folder(tmp_path, "two")
    lessons, broken = load_sources([one, two], shipped=False)
    app = BackpropApp(lessons=lessons, store=ProgressStore(tmp_path / "state"))
    app.broken_lessons = broken
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert options.option_count == 5  # Practice, two lessons with one id, two broken files
        text = " ".join(plain(options.get_option_at_index(i).prompt)
                        for i in range(options.option_count))
        assert "one/" in text and "two/" in text and "b-broken.toml:5" in text
        await pilot.press("down", "enter")
        await pilot.pause()
        assert Path(app.tutor.session.lesson.path).parent == two


def test_an_id_wins_over_a_file_of_that_name_unless_it_looks_like_a_path(tmp_path, fake_app,
                                                                          monkeypatch):
    folder = class_folder(tmp_path)
    monkeypatch.chdir(folder)
    (folder / "cost").write_text("not a lesson", "utf-8")
    assert main(["--lesson", "cost"]) == 0  # the shipped lesson, not ./cost
    assert progress_key(fake_app[-1]["lesson"]) == "cost"
    assert main(["--lesson", "a-cost.toml"]) == 0
    assert progress_key(fake_app[-1]["lesson"]).startswith("cost@")

"""The lesson commands: check, lessons, progress --reset, and --lesson."""

from __future__ import annotations

from pathlib import Path

import pytest

from backprop_tui.core.course.progress import ProgressStore
from backprop_tui.tui.cli import main

LESSONS = Path(__file__).parent.parent / "lessons"


@pytest.fixture(autouse=True)
def state_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKPROP_TUI_STATE_DIR", str(tmp_path / "state"))
    return tmp_path / "state"


def test_check_passes_every_shipped_lesson(capsys):
    assert main(["check", str(LESSONS)]) == 0
    out = capsys.readouterr().out
    assert out.count("ok ") == len(list(LESSONS.glob("*.toml")))
    assert "fine" in out


def test_check_fails_with_file_line_and_expectation(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text((LESSONS / "04-output-weight.toml").read_text().replace('kind = "numeric"', 'kind = "numerc"', 1))
    assert main(["check", str(bad), str(LESSONS / "01-notation.toml")]) == 1
    captured = capsys.readouterr()
    assert f"error  {bad}:" in captured.out and "expected one of numeric" in captured.out
    assert "ok " in captured.out and "1 of 2 lessons has errors" in captured.err
    assert "Traceback" not in captured.out + captured.err


def test_check_refuses_two_lessons_with_one_id_in_one_folder(tmp_path, capsys):
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    for copy in (a, b):
        copy.write_text((LESSONS / "03-cost.toml").read_text())
    assert main(["check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"ok     {a}" in out and f'error  {b}:1: id: "cost" is also the id of {a}' in out


def test_check_lets_two_folders_each_have_an_id_as_the_lesson_list_does(tmp_path, capsys):
    """The list loads each folder on its own (progress is kept per folder: id@<folder hash>),
    so check of the shipped folder and a class folder with a copy of one of them agrees."""
    from backprop_tui.core.course.lesson_sources import load_sources

    (tmp_path / "a.toml").write_text((LESSONS / "03-cost.toml").read_text())
    lessons, broken = load_sources([tmp_path])
    assert broken == [] and [le.id for le in lessons].count("cost") == 2
    assert main(["check", str(LESSONS), str(tmp_path / "a.toml")]) == 0
    assert "is also the id of" not in capsys.readouterr().out


def test_check_help_says_what_check_does_with_ids_and_the_new_refusals(capsys):
    """--help said ids must be unique "across the files checked" after check came to load one
    folder at a time (the test above), and did not name the bias and update refusals."""
    assert main(["check", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "across the files checked" not in text
    assert "among the lessons of one folder: two folders may each have one" in text
    assert "update smaller than its tolerance" in text and "bias = false" in text


def test_check_of_an_empty_folder_is_an_error(tmp_path, capsys):
    assert main(["check", str(tmp_path)]) == 1
    assert "no lesson files" in capsys.readouterr().err


def test_lessons_lists_status_title_summary_and_source(capsys, state_dir):
    store = ProgressStore(state_dir)
    store.lesson("cost").exercise("anything").solved = True
    store.save()
    assert main(["lessons"]) == 0
    out = capsys.readouterr().out
    assert "notation" in out and "Notation and indices" in out and "000" in out
    cost_line = next(line for line in out.splitlines() if " cost " in line)
    assert cost_line.startswith("1/")


def test_progress_reset_one_and_all(capsys, state_dir):
    store = ProgressStore(state_dir)
    store.lesson("cost").current = 2
    store.lesson("notation").current = 1
    store.save()
    assert main(["progress"]) == 0
    assert "cost: 0 solved, at exercise 3" in capsys.readouterr().out
    assert main(["progress", "--reset", "cost"]) == 0
    assert set(ProgressStore(state_dir).lessons) == {"notation"}
    assert main(["progress", "--reset", "nope"]) == 2
    assert 'no progress saved for lesson "nope"' in capsys.readouterr().err
    assert main(["progress", "--reset"]) == 0
    assert ProgressStore(state_dir).lessons == {}


def test_an_unknown_lesson_id_is_a_clean_error(capsys):
    assert main(["--lesson", "no-such-lesson"]) == 2
    err = capsys.readouterr().err
    assert 'no lesson "no-such-lesson"' in err and "output-weight" in err

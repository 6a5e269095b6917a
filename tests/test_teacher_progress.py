"""Class progress: `progress --export csv|json` over a generated serve state folder (two
students, lessons, a skill and an exam), one student's folder, and an unreadable one."""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from backprop_tui.core.course.class_progress import COLUMNS, class_rows
from backprop_tui.core.course.lesson import load_lesson
from backprop_tui.core.course.lesson_sources import progress_key
from backprop_tui.core.course.practice import mastery
from backprop_tui.core.course.progress import ProgressStore
from backprop_tui.tui.cli import main

LESSONS = Path(__file__).parent.parent / "lessons"
COST = load_lesson(LESSONS / "03-cost.toml")
WHEN = datetime(2026, 11, 30, 9, 15, tzinfo=UTC)


@pytest.fixture
def state(tmp_path, monkeypatch) -> Path:
    """A serve state folder: ada did the cost lesson (one exercise through every hint), a skill
    and an exam; bob started the cost lesson of a class folder with the same id."""
    monkeypatch.setenv("BACKPROP_TUI_STATE_DIR", str(tmp_path / "own"))
    root = tmp_path / "classroom"
    first, second = COST.exercises[0], COST.exercises[1]
    ada = ProgressStore(root / "ada")
    lesson = ada.lesson("cost")
    lesson.current = 1
    lesson.exercise(first.id).solved, lesson.exercise(first.id).attempts = True, 2
    e = lesson.exercise(second.id)
    e.attempts, e.hints = 3, len(second.hints)  # every hint shown: revealed
    ada.save()
    for activation in ("sigmoid", "tanh", "sigmoid"):  # 3 in a row over 2 activations
        mastery.record(ada, "output-delta", True, activation)
    mastery.save_exam(ada, 7, ["s1", "s2", "s3"], [1.0, 0.0, 1.0], when=WHEN)
    klass = tmp_path / "class"
    klass.mkdir()
    (klass / "cost.toml").write_text((LESSONS / "03-cost.toml").read_text("utf-8"), "utf-8")
    bob = ProgressStore(root / "bob")
    bob.lesson(progress_key(load_lesson(klass / "cost.toml"))).exercise(first.id).attempts = 1
    bob.save()
    (root / "carl").mkdir()  # came, gave a name, did nothing: no progress file, no row
    os.utime(root / "ada" / "progress.json", (WHEN.timestamp(), WHEN.timestamp()))
    return root


def by(rows, **want):
    return [r for r in rows if all(r[k] == v for k, v in want.items())]


def test_csv_has_one_row_per_student_and_lesson_skill_or_exam(state, capsys):
    assert main(["progress", "--export", "csv", "--state", str(state),
                 "--lessons", str(state.parent / "class")]) == 0
    out = capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(out)))
    assert tuple(rows[0]) == COLUMNS
    assert {(r["student"], r["kind"]) for r in rows} == {
        ("ada", "lesson"), ("ada", "skill"), ("ada", "exam"), ("bob", "lesson")}
    cost = by(rows, student="ada", kind="lesson")[0]
    assert cost["item"] == "cost" and cost["solved"] == "1"
    assert cost["exercises"] == str(len(COST.exercises))  # from the lesson, not the file
    assert (cost["attempts"], cost["hints"], cost["revealed"]) == (
        "5", str(len(COST.exercises[1].hints)), "1")
    assert cost["last_activity"] == "2026-11-30T09:15:00Z" and cost["mastered"] == ""
    skill = by(rows, student="ada", kind="skill")[0]
    assert (skill["item"], skill["attempts"], skill["mastered"]) == ("output-delta", "3", "true")
    exam = by(rows, student="ada", kind="exam")[0]
    assert (exam["exam_seed"], exam["exam_score"], exam["last_activity"]) == (
        "7", "2/3", "2026-11-30T09:15Z")
    bob = by(rows, student="bob")[0]
    assert bob["item"].startswith("cost@") and bob["attempts"] == "1" and bob["solved"] == "0"
    assert bob["exercises"] == str(len(COST.exercises))  # the class folder's lesson is known


def test_json_holds_the_same_rows(state, capsys):
    assert main(["progress", "--export", "json", "--state", str(state)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["student"] for r in rows] == ["ada", "ada", "ada", "bob"]
    skill = by(rows, kind="skill")[0]
    assert skill["mastered"] is True and by(rows, kind="exam")[0]["exam_seed"] == 7
    assert rows == [dict(zip(COLUMNS, (getattr(r, c) for c in COLUMNS), strict=True))
                    for r in class_rows(state, [COST])]


def test_one_students_own_folder_and_the_default_state(state, capsys, monkeypatch):
    assert main(["progress", "--export", "json", "--state", str(state / "bob")]) == 0
    assert {r["student"] for r in json.loads(capsys.readouterr().out)} == {"bob"}
    monkeypatch.setenv("BACKPROP_TUI_STATE_DIR", str(state / "ada"))
    assert main(["progress", "--export", "csv"]) == 0
    assert capsys.readouterr().out.count("\nada,") == 3


def test_an_unreadable_student_is_a_row_with_its_error_and_nothing_is_touched(state, capsys):
    (state / "bob" / "progress.json").write_text("{not json", "utf-8")
    before = sorted(p.relative_to(state) for p in state.rglob("*"))
    assert main(["progress", "--export", "json", "--state", str(state)]) == 1
    out, err = capsys.readouterr()
    rows = json.loads(out)
    assert [r["kind"] for r in rows if r["student"] == "bob"] == ["error"]
    assert "not valid JSON" in by(rows, student="bob")[0]["error"] and "bob" in err
    assert len(by(rows, student="ada")) == 3
    assert sorted(p.relative_to(state) for p in state.rglob("*")) == before  # not moved aside


def test_no_progress_and_no_folder_are_clear_errors(tmp_path, capsys):
    assert main(["progress", "--export", "csv", "--state", str(tmp_path)]) == 1
    assert "no progress in" in capsys.readouterr().err
    assert main(["progress", "--export", "csv", "--state", str(tmp_path / "nope")]) == 2
    assert main(["progress", "--state", str(tmp_path)]) == 2  # --state goes with --export

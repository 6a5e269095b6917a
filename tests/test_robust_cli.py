"""The command line of issue 13: unwritable or unencodable output, a crash in the app, broken
lessons and progress that can't be saved are one line and a non-zero status, never a traceback;
hostile environments (TERM=dumb, NO_COLOR, LC_ALL=C) change nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from backprop_tui.core.course import lesson_folder
from backprop_tui.tui import crash
from backprop_tui.tui.cli import main

LESSONS = Path(__file__).resolve().parent.parent / "lessons"


def cli(*argv: str, env: dict | None = None, stdout=subprocess.PIPE, tmp_path: Path):
    """``python -m backprop_tui ARGV`` with its own state folder; (status, stdout, stderr)."""
    full = {**os.environ, "BACKPROP_TUI_STATE_DIR": str(tmp_path / "state"), **(env or {})}
    result = subprocess.run([sys.executable, "-m", "backprop_tui", *argv], stdout=stdout,
                            stderr=subprocess.PIPE, text=True, timeout=60, env=full)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stdout or "", result.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize("argv", [("trace", "--net", "4-2-2-1"), ("lessons",),
                                  ("check", str(LESSONS))])
def test_output_to_dev_full_is_one_line_and_status_1(tmp_path, argv):
    with open("/dev/full", "w") as full:
        code, _, err = cli(*argv, stdout=full, tmp_path=tmp_path)
    assert code == 1 and err.strip().count("\n") == 0
    assert "can't write the output: No space left on device" in err


def test_an_ascii_only_output_is_one_line_and_status_1(tmp_path):
    code, _, err = cli("trace", "--net", "4-2-2-1", env={"PYTHONIOENCODING": "ascii"},
                       tmp_path=tmp_path)
    assert code == 1 and err.strip().count("\n") == 0 and "PYTHONIOENCODING=utf-8" in err
    code, out, _ = cli("trace", "--net", "4-2-2-1", "--format", "json",
                       env={"PYTHONIOENCODING": "ascii"}, tmp_path=tmp_path)
    assert code == 0 and out.startswith("{")  # JSON is ASCII: nothing to refuse


@pytest.mark.parametrize("env", [{"TERM": "dumb", "NO_COLOR": "1", "COLUMNS": "1", "LINES": "1"},
                                 {"LC_ALL": "C", "LANG": "C"}])
def test_hostile_environments(tmp_path, env):
    for argv in (("trace", "--net", "3-2"), ("lessons",), ("check", str(LESSONS))):
        code, out, _ = cli(*argv, env=env, tmp_path=tmp_path)
        assert code == 0 and out, argv


def test_a_crash_inside_the_app_exits_1_naming_the_report(tmp_path, monkeypatch, capsys):
    from textual.app import App

    class Crashing(App):
        def on_mount(self) -> None:
            raise ZeroDivisionError("a bug")

    monkeypatch.setenv("BACKPROP_TUI_STATE_DIR", str(tmp_path))
    assert crash.run_reporting(Crashing(), headless=True) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "full report is in" in err
    report = Path(err.split("full report is in ")[1].strip())
    assert report.parent == tmp_path and "ZeroDivisionError" in report.read_text()


def test_a_crash_outside_the_app_exits_1_naming_the_report(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BACKPROP_TUI_STATE_DIR", str(tmp_path))

    def broken(*args, **kwargs):
        raise KeyError("a bug")

    monkeypatch.setattr("backprop_tui.tui.cli.run_trace", broken)
    assert main(["trace", "--net", "3-2"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "full report is in" in err
    assert "KeyError" in Path(err.split("full report is in ")[1].strip()).read_text()


def test_lessons_lists_broken_lessons_with_their_error(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "lessons"
    folder.mkdir()
    (folder / "01-notation.toml").write_text((LESSONS / "01-notation.toml").read_text("utf-8"),
                                             "utf-8")
    (folder / "02-copy.toml").write_text((LESSONS / "01-notation.toml").read_text("utf-8"),
                                         "utf-8")
    (folder / "03-bad.toml").write_text('id = "\\u001b[2J" = [')
    monkeypatch.setattr(lesson_folder, "shipped_lessons_dir", lambda: folder)
    monkeypatch.setenv("BACKPROP_TUI_STATE_DIR", str(tmp_path / "state"))
    assert main(["lessons"]) == 0
    out = capsys.readouterr().out
    assert "notation" in out and out.count("\nbroken ") == 2 and "\x1b" not in out
    assert "is also the id of" in out and "03-bad.toml:1: TOML syntax error" in out


def test_progress_that_cannot_be_saved_is_one_line_and_status_1(tmp_path):
    (tmp_path / "state").write_text("a file where the folder should be")
    code, _, err = cli("progress", "--reset", tmp_path=tmp_path)
    assert code == 1 and "a file, not a folder" in err
    code, out, err = cli("lessons", tmp_path=tmp_path)
    assert code == 1 and "notation" in out and err.strip().count("\n") == 0
    (tmp_path / "state").unlink()
    (tmp_path / "state").mkdir()
    (tmp_path / "state" / "progress.json").write_text("{corrupt")
    code, _, err = cli("progress", "--reset", tmp_path=tmp_path)
    assert code == 1 and "kept as" in err
    assert (tmp_path / "state" / "progress.json.corrupt").read_text() == "{corrupt"

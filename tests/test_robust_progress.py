"""Progress from issue 13: a read-only, full, corrupt or misplaced state folder never stops the
app nor loses the old file; saves merge between two instances; kills leave nothing behind."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from backprop_tui.core.course import progress_file
from backprop_tui.core.course.progress import FILE_NAME, ProgressStore

GOOD = {"version": 1, "lessons": {"cost": {"current": 1, "exercises": {
    "first": {"solved": True, "attempts": 2, "hints": 1}}}}}


def saved(tmp_path: Path) -> dict:
    return json.loads((tmp_path / FILE_NAME).read_text())


def solve(store: ProgressStore, lesson: str, ex: str, attempts: int = 1) -> None:
    progress = store.lesson(lesson).exercise(ex)
    progress.solved, progress.attempts = True, progress.attempts + attempts


def enospc(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def eacces(*args, **kwargs):
    raise PermissionError(errno.EACCES, "Permission denied")


# ---------------------------------------------------------------------------- failing saves
@pytest.mark.parametrize("broken", ["write", "replace", "fsync"])
def test_a_full_disk_keeps_the_old_file_and_the_app_going(tmp_path, monkeypatch, broken):
    (tmp_path / FILE_NAME).write_text(json.dumps(GOOD))
    store = ProgressStore(tmp_path)
    solve(store, "cost", "second")
    monkeypatch.setattr(os, broken, enospc)
    error = store.save()
    assert error and "No space left on device" in error and store.save_error == error
    assert store.unreported_save_error() == error and store.unreported_save_error() is None
    assert store.save() == error and store.unreported_save_error() is None  # said once
    monkeypatch.undo()
    assert saved(tmp_path) == GOOD  # the old file is whole
    assert not list(tmp_path.glob(".progress-*.tmp"))
    assert store.lesson("cost").exercise("second").solved  # kept in memory
    assert store.save() is None and store.save_error is None  # and saved once there is room
    assert saved(tmp_path)["lessons"]["cost"]["exercises"]["second"]["solved"]
    monkeypatch.setattr(os, broken, enospc)
    assert store.save() and store.unreported_save_error()  # a new run of failures is said again


def test_a_read_only_folder(tmp_path, monkeypatch):
    (tmp_path / FILE_NAME).write_text(json.dumps(GOOD))
    store = ProgressStore(tmp_path)
    solve(store, "cost", "second")
    monkeypatch.setattr(progress_file.tempfile, "mkstemp", eacces)
    assert "Permission denied" in store.save()
    monkeypatch.undo()
    if os.geteuid() != 0:  # root ignores permissions: the real thing only runs as a user
        tmp_path.chmod(0o500)
        try:
            assert "Permission denied" in store.save()
        finally:
            tmp_path.chmod(0o700)
    assert saved(tmp_path) == GOOD


def test_the_state_folder_is_a_regular_file(tmp_path):
    folder = tmp_path / "state"
    folder.write_text("not a folder")
    store = ProgressStore(folder)
    assert store.notice and store.lessons == {}
    solve(store, "cost", "first")
    assert "a file, not a folder" in store.save()
    assert folder.read_text() == "not a folder"


def test_the_state_folder_cannot_be_created(tmp_path, monkeypatch):
    store = ProgressStore(tmp_path / "a" / "b")
    monkeypatch.setattr(Path, "mkdir", eacces)
    solve(store, "cost", "first")
    assert "Permission denied" in store.save()
    assert store.reset() is not None  # reset reports too, and never raises


def test_a_lock_held_too_long_is_a_failed_save_not_a_hang(tmp_path, monkeypatch):
    monkeypatch.setattr(progress_file, "LOCK_SECONDS", 0.05)
    store = ProgressStore(tmp_path)
    other = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import fcntl, os, sys, time
        fd = os.open({str(tmp_path / progress_file.LOCK_NAME)!r}, os.O_RDWR | os.O_CREAT)
        fcntl.flock(fd, fcntl.LOCK_EX)
        print("locked", flush=True)
        sys.stdin.read()
    """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout.readline().strip() == "locked"
        solve(store, "cost", "first")
        assert "locked" in store.save()
    finally:
        other.communicate("", timeout=10)
    assert store.save() is None


# ---------------------------------------------------------------------------- files that aren't progress
@pytest.mark.parametrize("content", ["[" * 100_000, "{\"version\": 1, \"lessons\": " * 5000,
                                     json.dumps({"version": 1, "lessons": {"a": {"current": -1,
                                                                                 "exercises": {}}}})])
def test_deep_or_odd_json_is_kept_aside(tmp_path, content):
    (tmp_path / FILE_NAME).write_text(content)
    store = ProgressStore(tmp_path)
    assert store.lessons == {} and "kept as" in store.notice
    assert (tmp_path / (FILE_NAME + ".corrupt")).read_text() == content


def test_a_file_too_large_to_be_progress_is_kept_aside_unread(tmp_path):
    with (tmp_path / FILE_NAME).open("wb") as f:
        f.truncate(progress_file.MAX_BYTES + 1)
    store = ProgressStore(tmp_path)
    assert "too large" in store.notice and "2 MB" in store.notice
    assert (tmp_path / (FILE_NAME + ".corrupt")).stat().st_size == progress_file.MAX_BYTES + 1


def test_a_corrupt_file_that_cannot_be_moved_aside_is_never_written_over(tmp_path, monkeypatch):
    (tmp_path / FILE_NAME).write_text("{broken")
    monkeypatch.setattr(os, "replace", eacces)
    store = ProgressStore(tmp_path)
    assert "nor moved aside" in store.notice
    solve(store, "cost", "first")
    assert store.save()
    monkeypatch.undo()
    assert (tmp_path / FILE_NAME).read_text() == "{broken"
    assert store.save() is None  # once it can be moved aside, it is, and progress is saved
    assert (tmp_path / (FILE_NAME + ".corrupt")).read_text() == "{broken"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_or_dev_zero_as_the_progress_file(tmp_path):
    os.mkfifo(tmp_path / FILE_NAME)
    store = ProgressStore(tmp_path)  # would wait for a writer forever
    assert "FIFO" in store.notice
    solve(store, "cost", "first")
    assert "FIFO" in store.save()
    (tmp_path / FILE_NAME).unlink()
    (tmp_path / FILE_NAME).symlink_to("/dev/zero")
    assert "device" in ProgressStore(tmp_path).notice


# ---------------------------------------------------------------------------- two instances
def test_saves_merge_per_exercise(tmp_path):
    a, b = ProgressStore(tmp_path), ProgressStore(tmp_path)
    solve(a, "cost", "first", attempts=2)
    a.lesson("cost").current = 1
    assert a.save() is None
    b.lesson("cost").exercise("first").attempts += 1  # B answered it wrongly
    b.lesson("cost").exercise("first").hints = 1
    solve(b, "cost", "second")
    solve(b, "notation", "first")
    assert b.save() is None
    exercises = saved(tmp_path)["lessons"]["cost"]["exercises"]
    assert exercises["first"] == {"solved": True, "attempts": 3, "hints": 1}  # counts add
    assert exercises["second"]["solved"] and saved(tmp_path)["lessons"]["notation"]
    assert saved(tmp_path)["lessons"]["cost"]["current"] == 1  # B never moved: A's place
    assert b.lesson("cost").exercise("first").solved  # B now knows what A solved
    solve(a, "cost", "third")
    assert a.save() is None and len(saved(tmp_path)["lessons"]["cost"]["exercises"]) == 3


def test_a_reset_is_not_undone_by_a_merge(tmp_path):
    store = ProgressStore(tmp_path)
    solve(store, "cost", "first")
    solve(store, "notation", "first")
    store.save()
    assert store.reset("cost") is None
    assert set(saved(tmp_path)["lessons"]) == {"notation"}
    assert store.reset() is None and saved(tmp_path)["lessons"] == {}


WRITER = textwrap.dedent("""
    import sys
    from backprop_tui.core.course.progress import ProgressStore
    store = ProgressStore(sys.argv[1])
    print("loaded", flush=True)
    sys.stdin.readline()  # both have loaded before either saves
    for i in range(int(sys.argv[3])):
        ex = store.lesson("cost").exercise(f"{sys.argv[2]}-{i}")
        ex.solved, ex.attempts = True, ex.attempts + 1
        assert store.save() is None, store.save_error
    print("done", flush=True)
""")


def test_two_processes_saving_at_once_lose_nothing(tmp_path):
    n = 15
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), name, str(n)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
             for name in ("a", "b")]
    for p in procs:
        assert p.stdout.readline().strip() == "loaded"
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    for p in procs:
        out, _ = p.communicate(timeout=60)
        assert p.returncode == 0 and "done" in out
    exercises = saved(tmp_path)["lessons"]["cost"]["exercises"]
    assert sorted(exercises) == sorted(f"{w}-{i}" for w in "ab" for i in range(n))
    assert all(e["solved"] and e["attempts"] == 1 for e in exercises.values())


def test_stale_temporary_files_are_removed_at_start(tmp_path):
    for name in (".progress-abc.tmp", ".progress-def.tmp"):
        (tmp_path / name).write_text("{")
    (tmp_path / "keep.tmp").write_text("mine")
    ProgressStore(tmp_path)
    assert not list(tmp_path.glob(".progress-*.tmp")) and (tmp_path / "keep.tmp").exists()


def test_a_value_lowered_or_removed_here_stays_lowered(tmp_path):
    """Practice mastery keeps counts that go down and entries that go away in the same store."""
    store = ProgressStore(tmp_path)
    progress = store.lesson("practice:x").exercise("fading")
    progress.solved, progress.attempts, progress.hints = True, 3, 2
    store.lesson("practice:x").exercise("run:sigmoid").solved = True
    assert store.save() is None
    progress.solved, progress.attempts, progress.hints = False, 1, 0
    del store.lesson("practice:x").exercises["run:sigmoid"]
    assert store.save() is None
    assert saved(tmp_path)["lessons"]["practice:x"]["exercises"] == {
        "fading": {"solved": False, "attempts": 1, "hints": 0}}

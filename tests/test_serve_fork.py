"""The fork server of ``backprop-tui serve``: a launcher hands it its terminal and gets a student's
app forked from a warm process; the app's exit status comes back through the launcher; an app
whose launcher is killed exits too; without a fork server the launcher starts the app itself."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_serve import children

from backprop_tui.tui.serve import app_environment
from backprop_tui.tui.serve_fork import READY


def launcher(sock: Path, fallback: list[str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "backprop_tui.tui.serve_launch", "--socket", str(sock), "--",
         *fallback], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**app_environment(), "COLUMNS": "90", "ROWS": "30"})


def wait_gone(pid: int, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
            stat = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
            if stat == "Z":
                return True
        except (ProcessLookupError, FileNotFoundError):
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def fork_server(tmp_path: Path):
    sock = tmp_path / "fork.sock"
    proc = subprocess.Popen(
        [sys.executable, "-m", "backprop_tui.tui.serve_fork", "--socket", str(sock),
         "--student-root", str(tmp_path / "state")],
        stdout=subprocess.PIPE, text=True, env=app_environment())
    try:
        assert proc.stdout.readline().strip() == READY
        yield proc, sock
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
        assert not sock.exists()


def quit_packet() -> bytes:
    payload = json.dumps({"type": "quit"}).encode()
    return b"M" + len(payload).to_bytes(4, "big") + payload


def test_a_launcher_gets_a_forked_app_and_its_exit_status(fork_server) -> None:
    server, sock = fork_server
    run = launcher(sock, ["/bin/false"])
    assert run.stdout.readline() == b"__GANGLION__\n"  # the web driver's first line
    apps = children(server.pid)
    assert len(apps) == 1  # the app is the fork server's child, not the launcher's
    assert children(run.pid) == set()
    run.stdin.write(quit_packet())
    run.stdin.flush()
    assert run.wait(timeout=30) == 0
    assert wait_gone(apps.pop())


def test_an_app_whose_launcher_is_killed_exits(fork_server) -> None:
    server, sock = fork_server
    run = launcher(sock, ["/bin/false"])
    assert run.stdout.readline() == b"__GANGLION__\n"
    (app,) = children(server.pid)
    run.kill()
    run.wait(timeout=10)
    assert wait_gone(app)


def test_without_a_fork_server_the_launcher_starts_the_fallback(tmp_path: Path) -> None:
    run = launcher(tmp_path / "nobody.sock", [sys.executable, "-c", "print('started here')"])
    out, _ = run.communicate(timeout=30)
    assert run.returncode == 0 and out == b"started here\n"


def test_a_bad_launcher_command_line_is_refused() -> None:
    run = subprocess.run([sys.executable, "-m", "backprop_tui.tui.serve_launch", "x"],
                         capture_output=True, text=True, timeout=30)
    assert run.returncode == 2 and "usage" in run.stderr

"""The app itself in a real (pseudo) terminal under hostile settings: TERM=dumb, NO_COLOR,
LC_ALL=C and a 1x1 window. It starts, takes a few keys, quits on q with status 0, and no
traceback is ever written to the terminal."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time

import pytest


def run_in_terminal(args: list[str], env: dict, rows: int, cols: int, keys: list[bytes],
                    tmp_path) -> tuple[int, bytes]:
    """Run ``python -m backprop_tui ARGS`` on a pty of ``rows`` x ``cols``; type ``keys`` (a
    pause after each, so an escape is not read as alt+ the next key) once it has drawn
    something, then q; (status, everything it wrote)."""
    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    full_env = {**os.environ, "BACKPROP_TUI_STATE_DIR": str(tmp_path / "state"), **env}
    full_env.pop("TEXTUAL", None)
    proc = subprocess.Popen([sys.executable, "-m", "backprop_tui", *args], stdin=child,
                            stdout=child, stderr=child, env=full_env, close_fds=True,
                            start_new_session=True)
    os.close(child)
    out, sent, deadline = b"", False, time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([main], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            out += chunk
        if not sent and len(out) > 200:
            time.sleep(0.5)  # let it finish mounting
            for key in [*keys, b"q"]:
                os.write(main, key)
                time.sleep(0.3)
            sent = True
        if proc.poll() is not None:
            break
    try:
        code = proc.wait(timeout=5)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(main)
    return code, out


@pytest.mark.parametrize(("args", "size"), [(["--example"], (1, 1)), ([], (24, 80))],
                         ids=["tutor-1x1", "lesson-list"])
def test_the_app_in_a_hostile_terminal(tmp_path, args, size):
    env = {"TERM": "dumb", "NO_COLOR": "1", "LC_ALL": "C", "LANG": "C"}
    code, out = run_in_terminal(args, env, *size, keys=[b"\x1b[C", b"\x1b[B", b"?", b"\x1b"],
                                tmp_path=tmp_path)
    assert b"Traceback" not in out and b"internal error" not in out, out[-2000:]
    assert code == 0, out[-2000:]

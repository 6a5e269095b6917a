"""Student apps forked from one warm process, so a class can join at once.

Starting a student's app from nothing costs each visitor a whole Python start-up (Textual,
NumPy, the app, the lessons): ~0.8 s of CPU, so 30 students arriving together on two cores
wait ~30 s for their first frame. Instead ``serve`` starts one *fork server* that has imported
all that and loaded the lessons, then waits on a Unix socket. The command textual-serve runs
per visitor is the tiny :mod:`backprop_tui.tui.serve_launch`: it hands the fork server its
stdin, stdout and stderr (SCM_RIGHTS) with its environment, and the fork server forks a child
that runs the student's app on them. The child is that visitor's app process; the launcher
waits for it and exits with its status, so textual-serve sees one process per visitor as usual.
The child also exits if its launcher goes (killed after the grace period of tui/serve.py).

The fork server is started with the environment textual-serve gives its apps (Textual reads
it when imported); each child takes the launcher's (its terminal size, its state folder).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import socket
import struct
import sys
import threading
import traceback
from collections.abc import Sequence

READY = "fork server ready"
STATUS = struct.Struct("!i")


def warm(folders: Sequence[str], shipped: bool = True):
    """Import what a student's app needs (also what it imports lazily) and load the lessons
    (with the broken ones, which the students' lesson list shows with their errors)."""
    from backprop_tui.core.course.lesson_sources import load_sources
    from backprop_tui.tui import lesson_session, lesson_view  # noqa: F401
    from backprop_tui.tui.screens import lesson_list  # noqa: F401
    from backprop_tui.tui.serve_student import StudentApp
    from backprop_tui.tui.widgets import lesson_panel  # noqa: F401

    return StudentApp, load_sources(folders, shipped)


def _reap(*_: object) -> None:
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass


def _child(conn: socket.socket, fds: list[int], env: dict[str, str], app_class, root: str,
           lessons) -> None:
    """In the forked child: become the visitor's app process, then report and exit."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for target, fd in enumerate(fds[:3]):
        os.dup2(fd, target)
        os.close(fd)
    os.environ.clear()
    os.environ.update(env)

    def orphaned() -> None:  # the launcher is gone (killed): nobody waits for this app
        with contextlib.suppress(OSError):
            conn.recv(1)
        os._exit(1)

    threading.Thread(target=orphaned, daemon=True).start()
    code = 1
    try:
        app_class(root, *lessons).run()  # lessons: (good, broken)
        code = 0
    except BaseException:
        traceback.print_exc()
    with contextlib.suppress(OSError):
        sys.stdout.flush()
        sys.stderr.flush()
        conn.sendall(STATUS.pack(code))
    os._exit(code)


def serve_forks(path: str, root: str, folders: Sequence[str], shipped: bool = True) -> None:
    """Listen on ``path``; fork a student's app for each launcher that connects."""
    app_class, lessons = warm(folders, shipped)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    os.chmod(path, 0o600)
    listener.listen(128)
    signal.signal(signal.SIGCHLD, _reap)
    print(READY, flush=True)
    while True:
        try:
            conn, _ = listener.accept()
        except InterruptedError:
            continue
        try:
            message, fds, _, _ = socket.recv_fds(conn, 1 << 20, 3)
            env = json.loads(message.decode("utf-8"))
        except (OSError, ValueError):
            conn.close()
            continue
        if len(fds) != 3:
            for fd in fds:
                os.close(fd)
            conn.close()
            continue
        if os.fork() == 0:
            listener.close()
            _child(conn, fds, env, app_class, root, lessons)
        for fd in fds:
            os.close(fd)
        conn.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m backprop_tui.tui.serve_fork",
                                     description="The fork server of `backprop-tui serve`.")
    parser.add_argument("--socket", required=True)
    parser.add_argument("--student-root", required=True)
    parser.add_argument("--lessons", action="append", default=[])
    parser.add_argument("--no-shipped", action="store_true")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is for serve, which then stops us
    try:
        serve_forks(args.socket, args.student_root, args.lessons, not args.no_shipped)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(args.socket)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The command ``backprop-tui serve`` runs for each visitor: hand this process's terminal to the
fork server (tui/serve_fork.py), wait for the student's app it forks, exit with its status.

``python -m backprop_tui.tui.serve_launch --socket PATH -- FALLBACK...``: stdin, stdout and
stderr go to the fork server over the Unix socket ``PATH`` with this environment. Should the
fork server not answer, this process becomes ``FALLBACK`` instead (the student's app, started
from nothing: slower, never broken). Imports only the standard library's sockets, so it starts
in milliseconds.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import struct
import sys

STATUS = struct.Struct("!i")  # as tui/serve_fork.py sends it


def main(argv: list[str]) -> int:
    if len(argv) < 4 or argv[0] != "--socket" or argv[2] != "--":
        print("usage: serve_launch --socket PATH -- FALLBACK...", file=sys.stderr)
        return 2
    path, fallback = argv[1], argv[3:]
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C in serve's terminal: the app quits
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(path)
        socket.send_fds(conn, [json.dumps(dict(os.environ)).encode("utf-8")], [0, 1, 2])
    except OSError:
        conn.close()
        os.execv(fallback[0], fallback)  # no fork server: start the app here
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):  # the app has them now: its output ends when it does
        os.dup2(null, fd)
    data = b""
    while len(data) < STATUS.size:
        chunk = conn.recv(STATUS.size - len(data))
        if not chunk:
            return 1  # the app died without a word
        data += chunk
    return STATUS.unpack(data)[0]


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

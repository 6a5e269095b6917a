"""``backprop-tui serve``: its options, their checks and what it prints; the server is tui/serve.py.

Mistakes in the options (``--no-token`` with a public address, an empty ``--token``, a lesson
folder that doesn't load) are usage errors: one line on stderr, exit status 2. The server
prints the URL to open, with the token in it, once it listens (flushed at once, so a script
reading its output can wait for that line).
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import socket
import sys
from pathlib import Path
from urllib.parse import quote

PROG = "backprop-tui"
LOOPBACK_NAMES = ("localhost",)

SERVE_EPILOG = """\
Every visitor gets their own app process. The first screen asks for a name (letters, digits
and dashes); that student's progress is kept in STATE/<name>/, so a returning name resumes.
As with Jupyter, the server needs a token: it makes one up and prints the URL that carries it;
anyone without it gets HTTP 403. Give your own with --token, or none with --no-token (only on
127.0.0.1, where nobody else can reach the server).

examples:
  backprop-tui serve                                   this machine only, a new token
  backprop-tui serve --host 0.0.0.0 --port 8080       the whole network (a warning says so)
  backprop-tui serve --lessons class/ --state ~/class-progress
"""


def default_state() -> Path:
    from backprop_tui.core.course.progress import state_dir

    return state_dir() / "classroom"


def build_serve_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} serve",
        usage=f"{PROG} serve [--host ADDR] [--port N] [--lessons DIR] [--token T | --no-token] "
              "[--state DIR]",
        description="Serve the tutor to a class's browsers (textual-serve), one app per student.",
        epilog=SERVE_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1", metavar="ADDR",
                        help="the address to listen on (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=int, default=8000, metavar="N",
                        help="the port (default 8000; 0 picks a free one)")
    parser.add_argument("--lessons", type=Path, metavar="DIR",
                        help="a folder of lesson files the students get instead of the shipped "
                             "lessons")
    parser.add_argument("--state", type=Path, metavar="DIR",
                        help="where each student's progress folder goes (default: "
                             "classroom/ in the user state directory)")
    token = parser.add_mutually_exclusive_group()
    token.add_argument("--token", metavar="T", help="the token to require (default: a new one)")
    token.add_argument("--no-token", action="store_true",
                       help="require no token (only with --host 127.0.0.1)")
    return parser


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def url_host(host: str) -> str:
    """The host to print in the URL: this machine's name for a wildcard address."""
    if host in ("0.0.0.0", "::", ""):
        return socket.gethostname()
    return f"[{host}]" if ":" in host else host


def run_serve(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if not 0 <= args.port <= 65535:
        parser.error(f"--port {args.port}: expected a port number from 0 to 65535")
    if args.no_token and not is_loopback(args.host):
        parser.error(f"--no-token is allowed only on 127.0.0.1, not on --host {args.host}: "
                     "anyone who can reach the address could use the server")
    if args.token is not None and not args.token.strip():
        parser.error("--token: expected a non-empty token")
    if args.lessons is not None:
        from backprop_tui.core.course.lesson import LessonError, load_lessons

        try:
            load_lessons(args.lessons)  # each student's process loads them again
        except LessonError as e:
            parser.error(f"--lessons {args.lessons}: {e}")
        args.lessons = args.lessons.resolve()
    from backprop_tui.tui.serve import ServeConfig, run
    from backprop_tui.tui.serve_gate import new_token

    token = None if args.no_token else (args.token or new_token())
    state = (args.state or default_state()).expanduser().resolve()
    config = ServeConfig(host=args.host, port=args.port, state=state, token=token,
                         lessons=args.lessons)
    if not is_loopback(args.host):
        print(f"{PROG} serve: warning: listening on {args.host}, beyond this machine: anyone "
              "on the network who has the URL can use it", file=sys.stderr, flush=True)

    def ready(port: int) -> None:
        query = f"/?token={quote(token, safe='')}" if token else "/"
        print(f"Serving backprop-tui at http://{url_host(args.host)}:{port}{query}", flush=True)
        print(f"students' progress: {state}/<name>/  (Ctrl+C stops the server)", flush=True)

    try:
        asyncio.run(run(config, ready, log=lambda line: print(line, file=sys.stderr, flush=True)))
    except OSError as e:
        print(f"{PROG}: error: cannot listen on {args.host}:{args.port}: {e.strerror or e}",
              file=sys.stderr)
        return 2
    return 0

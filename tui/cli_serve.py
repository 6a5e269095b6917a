"""``backprop-tui serve``: its options, their checks and what it prints; the server is tui/serve.py.

Mistakes in the options (``--no-token`` with a public address, an empty ``--token``, no lesson
that loads at all) are usage errors: one line on stderr, exit status 2. The lessons load as the
app's do (:func:`~backprop_tui.core.course.lesson_sources.load_sources`): the shipped ones, then
each ``--lessons`` folder's (and the config file's, and ``$BACKPROP_TUI_LESSONS``'s), unless
``--no-shipped``; a broken lesson is a warning here and is listed with its error to the
students, and the others are served. The server
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

from backprop_tui.tui.cli_options import add_lesson_source_options

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
  backprop-tui serve --lessons class/ --no-shipped   only the class's lessons

The lessons are the shipped ones, then those of each --lessons folder (and of the config file's
`lessons` list and $BACKPROP_TUI_LESSONS), as for the app; --no-shipped leaves the shipped ones
out. A broken lesson is printed as a warning and listed with its error; the others are served.
Collect the class's progress with `backprop-tui progress --export csv --state STATE`.
"""


def default_state() -> Path:
    from backprop_tui.core.course.progress import state_dir

    return state_dir() / "classroom"


def build_serve_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} serve",
        usage=f"{PROG} serve [--host ADDR] [--port N] [--lessons DIR]... [--no-shipped] "
              "[--token T | --no-token] [--state DIR]",
        description="Serve the tutor to a class's browsers (textual-serve), one app per student.",
        epilog=SERVE_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1", metavar="ADDR",
                        help="the address to listen on (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=int, default=8000, metavar="N",
                        help="the port (default 8000; 0 picks a free one)")
    add_lesson_source_options(parser)
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
    from backprop_tui.core.course.config import load_config
    from backprop_tui.core.course.lesson_sources import lesson_folders, load_sources

    settings = load_config()
    for error in settings.errors:
        print(f"{PROG} serve: warning: {error}", file=sys.stderr)
    folders = tuple(f.resolve() for f in lesson_folders(args.lessons, settings.lessons))
    shipped = settings.shipped_lessons and not args.no_shipped
    lessons, broken = load_sources(folders, shipped)  # each student's process loads them again
    for b in broken:
        print(f"{PROG} serve: warning: {b.message} (listed to the students as broken)",
              file=sys.stderr)
    if not lessons:
        parser.error("no lesson loads from " + (", ".join(map(str, folders)) or "nowhere")
                     + "; expected at least one good lesson file (see `backprop-tui check`)")
    from backprop_tui.tui.serve import ServeConfig, run
    from backprop_tui.tui.serve_gate import new_token

    token = None if args.no_token else (args.token or new_token())
    state = (args.state or default_state()).expanduser().resolve()
    config = ServeConfig(host=args.host, port=args.port, state=state, token=token,
                         lessons=folders, shipped=shipped)
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

"""``backprop-tui serve``: the tutor in a browser for a class, through textual-serve.

textual-serve starts one app process per websocket, that is per visitor (and per browser tab):
here that process runs :mod:`backprop_tui.tui.serve_student`, which asks the student's name and
keeps their progress in ``STATE/<name>/``. It is forked from a warm fork server
(:mod:`backprop_tui.tui.serve_fork`, through the launcher :mod:`backprop_tui.tui.serve_launch`)
so that a class joining at once isn't 30 cold Python start-ups; without the fork server each
app starts from nothing. In front of textual-serve's routes sits the token gate of
:mod:`backprop_tui.tui.serve_gate`. The page's URLs are built from the request's own host, so a
server bound to 0.0.0.0 hands each browser a websocket address it can reach.

Only this module (and the gate) import textual-serve and aiohttp, when ``serve`` runs: the
plain app never pays for them.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shlex
import signal
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, log, to_int

from backprop_tui.tui.serve_gate import token_gate

TITLE = "backprop-tui"
QUIT_GRACE = 5.0  # seconds a student's app has to quit when its page goes, before it is killed


@dataclass(frozen=True)
class ServeConfig:
    host: str = "127.0.0.1"
    port: int = 8000
    state: Path = Path("classroom")
    token: str | None = None  # None: no token (loopback only; the CLI enforces it)
    lessons: tuple[Path, ...] = ()  # lesson folders, listed after the shipped lessons
    shipped: bool = True  # False: only the folders' lessons (serve --no-shipped)
    fork: bool = True  # fork students' apps from a warm process (tui/serve_fork.py)


def _student_args(config: ServeConfig) -> list[str]:
    args = ["--student-root", str(config.state)]
    for folder in config.lessons:
        args += ["--lessons", str(folder)]
    return args + ([] if config.shipped else ["--no-shipped"])


def student_command(config: ServeConfig, fork_socket: Path | None = None) -> str:
    """The shell command textual-serve runs for each visitor: the student's app itself, or the
    launcher that has the fork server at ``fork_socket`` fork it (the app itself as fallback)."""
    app = [sys.executable, "-m", "backprop_tui.tui.serve_student", *_student_args(config)]
    if fork_socket is None:
        return shlex.join(app)
    return shlex.join([sys.executable, "-m", "backprop_tui.tui.serve_launch",
                       "--socket", str(fork_socket), "--", *app])


def app_environment() -> dict[str, str]:
    """What textual-serve puts in its apps' environment (AppService._build_environment): the
    fork server needs it before it imports Textual, which reads it then."""
    from importlib.metadata import version

    return {**os.environ, "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver",
            "TEXTUAL_FPS": "60", "TEXTUAL_COLOR_SYSTEM": "truecolor", "TERM_PROGRAM": "textual",
            "TERM_PROGRAM_VERSION": version("textual-serve"), "COLUMNS": "80", "ROWS": "24"}


async def start_fork_server(config: ServeConfig, folder: Path,
                            log: Callable[[str], None]) -> asyncio.subprocess.Process | None:
    """The fork server, once it is warm and listening; None (and a line in the log) if it
    doesn't start: then each visitor's app starts from nothing."""
    from backprop_tui.tui.serve_fork import READY

    path = folder / "fork.sock"
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "backprop_tui.tui.serve_fork", "--socket", str(path),
        *_student_args(config), stdout=asyncio.subprocess.PIPE, env=app_environment())
    try:
        line = await asyncio.wait_for(proc.stdout.readline(), 60)
    except TimeoutError:
        line = b""
    if line.decode().strip() == READY:
        return proc
    log("the fork server did not start: each student's app starts from nothing (slower)")
    if proc.returncode is None:
        proc.kill()
    await proc.wait()
    return None


class StudentService(AppService):
    """textual-serve's app process, which also waits for the process to end when stopped
    (killing it after :data:`QUIT_GRACE`), so no student's app outlives its page."""

    async def stop(self) -> None:
        await super().stop()
        process = self._process
        if process is None or process.returncode is not None:
            return
        try:
            await asyncio.wait_for(process.wait(), QUIT_GRACE)
        except TimeoutError:
            process.kill()
            await process.wait()


class ClassroomServer(Server):
    """textual-serve's server behind the token gate, its URLs taken from each request."""

    def __init__(self, config: ServeConfig, log: Callable[[str], None] = print,
                 command: str | None = None) -> None:
        super().__init__(command or student_command(config), host=config.host,
                         port=config.port, title=TITLE)
        self.config, self.log, self.students = config, log, 0

    def make_app(self) -> web.Application:
        """The aiohttp application: textual-serve's routes behind the token gate."""
        app = web.Application(middlewares=[token_gate(self.config.token)])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/ws", self.handle_websocket, name="websocket"),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.static("/static", self.statics_path, show_index=False, name="static"),
        ])
        return app

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        base = f"{request.scheme}://{request.host}"
        ws = ("wss" if request.scheme == "https" else "ws") + f"://{request.host}/ws"
        return {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": ws,
            "config": {"static": {"url": f"{base}/static/"}},
            "application": {"name": TITLE},
        }

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve's handler, with :class:`StudentService` and a count of students."""
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        service: StudentService | None = None
        self.students += 1
        self.log(f"a student joined ({self.students} connected)")
        try:
            await websocket.prepare(request)
            service = StudentService(
                self.command, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                close=websocket.close, download_manager=self.download_manager, debug=self.debug)
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # a malformed message from a page: that page's app ends
            log.exception(error)
        finally:
            if service is not None:
                await service.stop()
            self.students -= 1
            self.log(f"a student left ({self.students} connected)")
        return websocket


async def run(config: ServeConfig, ready: Callable[[int], None],
              stop: asyncio.Event | None = None, log: Callable[[str], None] = print) -> None:
    """Serve until ``stop`` is set (or SIGINT/SIGTERM); ``ready(port)`` once listening.

    Raises OSError when the address can't be bound (a port in use).
    """
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # not the main thread
            loop.add_signal_handler(sig, stop.set)
    with tempfile.TemporaryDirectory(prefix="backprop-tui-serve-") as folder:
        forks = await start_fork_server(config, Path(folder), log) if config.fork else None
        command = student_command(config, Path(folder) / "fork.sock" if forks else None)
        server = ClassroomServer(config, log, command)
        runner = web.AppRunner(server.make_app(), handle_signals=False, access_log=None)
        await runner.setup()
        try:
            site = web.TCPSite(runner, config.host, config.port, shutdown_timeout=5)
            await site.start()
            ready(site.port)
            await stop.wait()
        finally:
            await runner.cleanup()  # closes the websockets: each app process is told to quit
            if forks is not None and forks.returncode is None:
                forks.terminate()
                await forks.wait()

"""The page's side of ``backprop-tui serve`` in Python: for the tests, the benchmark and a quick
check that a server answers.

It speaks what textual-serve's ``textual.js`` speaks: a websocket to ``/ws?width=W&height=H``,
then JSON text messages ``["resize", {"width": W, "height": H}]``, ``["stdin", KEYS]``,
``["ping", T]``, ``["focus"]`` and ``["blur"]``; the app's screen output comes back as binary
messages (the bytes a terminal would get), and ``["pong", T]`` as text. The token goes in an
``Authorization: token T`` header, one of the ways the gate accepts.
"""

from __future__ import annotations

import asyncio
import codecs
import re
import time

import aiohttp

# escape sequences, removed from the text (good enough to find words on the screen)
ANSI = re.compile(r"\x1b\[[0-9;?<>=$ ]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]|\x1b\][^\x07]*\x07")
KEYS = {"enter": "\r", "tab": "\t", "escape": "\x1b", "up": "\x1b[A", "down": "\x1b[B",
        "right": "\x1b[C", "left": "\x1b[D", "backspace": "\x7f"}


class StudentClient:
    """One visitor: a websocket to a running server, with what it has received: the bytes
    (``received``) and their text (``text``, kept as they come, so waiting for a word costs
    no more than the new bytes: 30 clients in one process would otherwise spend the CPU the
    server is being measured with)."""

    def __init__(self, base_url: str, token: str | None = None, size: tuple[int, int] = (100, 30),
                 session: aiohttp.ClientSession | None = None) -> None:
        self.base_url, self.token, self.size = base_url.rstrip("/"), token, size
        self._session, self._own_session = session, session is None
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.received = bytearray()
        self.text = ""
        self._decode = codecs.getincrementaldecoder("utf-8")("replace").decode
        self.first_frame_at: float | None = None
        self._arrived = asyncio.Event()
        self._reader: asyncio.Task | None = None
        self.closed = asyncio.Event()

    async def connect(self) -> None:
        """Open the websocket (raises aiohttp.WSServerHandshakeError, e.g. 403) and start
        reading; sends the page's first resize."""
        if self._session is None:
            self._session = aiohttp.ClientSession()
        w, h = self.size
        headers = {"Authorization": f"token {self.token}"} if self.token else {}
        url = self.base_url.replace("http", "ws", 1) + f"/ws?width={w}&height={h}"
        self.ws = await self._session.ws_connect(url, headers=headers, heartbeat=None)
        await self.ws.send_json(["resize", {"width": w, "height": h}])
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.ws is not None
        async for message in self.ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                if self.first_frame_at is None and len(message.data) > 10:
                    self.first_frame_at = time.perf_counter()  # the page's "-first-byte"
                self.received += message.data
                self.text += ANSI.sub("", self._decode(message.data))
                self._arrived.set()
        self.closed.set()

    def mark(self) -> int:
        """A place in :attr:`text`, for :meth:`wait_for` to look after."""
        return len(self.text)

    async def wait_for(self, needle: str, timeout: float = 20.0, start: int = 0) -> None:
        """Wait until ``needle`` appears in the text received after ``start`` (a :meth:`mark`)."""
        async with asyncio.timeout(timeout):
            while self.text.find(needle, start) < 0:
                if self.closed.is_set():
                    raise ConnectionError(f"closed before {needle!r} arrived")
                start = max(start, len(self.text) - len(needle))  # what's left to look at
                self._arrived.clear()
                await self._arrived.wait()

    async def wait_quiet(self, quiet: float = 0.3, timeout: float = 20.0) -> None:
        """Wait until nothing has arrived for ``quiet`` seconds (the screen has settled)."""
        async with asyncio.timeout(timeout):
            while True:
                self._arrived.clear()
                try:
                    await asyncio.wait_for(self._arrived.wait(), quiet)
                except TimeoutError:
                    return

    async def press(self, *keys: str) -> None:
        """Send keys as the page does: names from KEYS, anything else as typed text."""
        assert self.ws is not None
        for key in keys:
            await self.ws.send_json(["stdin", KEYS.get(key, key)])

    async def round_trip(self, *keys: str, timeout: float = 10.0) -> float:
        """Seconds from sending ``keys`` to the first screen update that follows."""
        self._arrived.clear()
        mark = len(self.received)
        sent = time.perf_counter()
        await self.press(*keys)
        async with asyncio.timeout(timeout):
            while len(self.received) == mark:
                self._arrived.clear()
                await self._arrived.wait()
        return time.perf_counter() - sent

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            await self._reader
        if self._own_session and self._session is not None:
            await self._session.close()

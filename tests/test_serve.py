"""``backprop-tui serve``: the token on every page, file and websocket (HTTP 403 without it),
``--no-token`` and the warning beyond localhost, and the real command serving a student's app
on 127.0.0.1 until it is stopped (its app processes with it)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from backprop_tui.tui.cli import main
from backprop_tui.tui.serve import ClassroomServer, ServeConfig, student_command
from backprop_tui.tui.serve_client import StudentClient
from backprop_tui.tui.serve_gate import cookie_name, new_token, same_token

TOKEN = "s3cret-Token_0123456789abcdefghij"


@pytest.fixture
async def client(tmp_path: Path):
    server = ClassroomServer(ServeConfig(state=tmp_path, token=TOKEN), log=lambda line: None)
    async with TestClient(TestServer(server.make_app(), host="127.0.0.1")) as c:
        yield c


@pytest.fixture
async def open_client(tmp_path: Path):
    server = ClassroomServer(ServeConfig(state=tmp_path, token=None), log=lambda line: None)
    async with TestClient(TestServer(server.make_app(), host="127.0.0.1")) as c:
        yield c


def test_tokens_are_fresh_long_and_compared_exactly() -> None:
    a, b = new_token(), new_token()
    assert a != b and len(a) >= 32
    assert same_token(a, a) and not same_token(a[:-1], a) and not same_token(None, a)
    assert not same_token(a + "x", a) and not same_token("", a) and not same_token("é", a)


@pytest.mark.parametrize("path", ["/", "/static/js/textual.js", "/static/css/xterm.css",
                                  "/download/x", "/ws", "/no-such-page"])
async def test_every_path_without_the_token_is_403(client: TestClient, path: str) -> None:
    for headers in ({}, {"Authorization": "token wrong"}, {"Authorization": f"bearer {TOKEN}"}):
        response = await client.get(path, headers=headers)
        assert response.status == 403, (path, headers)
        assert "needs its token" in await response.text()
    response = await client.get(path, params={"token": TOKEN[:-1]})
    assert response.status == 403


async def test_the_token_in_the_url_serves_the_page_and_sets_a_cookie(client: TestClient) -> None:
    response = await client.get("/", params={"token": TOKEN})
    assert response.status == 200
    page = await response.text()
    port = client.server.port
    assert f'data-session-websocket-url="ws://127.0.0.1:{port}/ws"' in page
    cookie = response.cookies[cookie_name(port)]
    assert cookie.value == TOKEN and cookie["httponly"] and cookie["samesite"] == "Strict"
    # the page's own requests then carry the cookie, not the token
    script = await client.get("/static/js/textual.js")
    assert script.status == 200 and "WebSocket" in await script.text()


async def test_a_header_token_works_too(client: TestClient) -> None:
    response = await client.get("/static/css/xterm.css", headers={"Authorization": f"token {TOKEN}"})
    assert response.status == 200


async def test_a_websocket_without_the_token_is_refused(client: TestClient) -> None:
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect("/ws?width=80&height=24")
    assert refused.value.status == 403
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect("/ws?width=80&height=24", headers={"Authorization": "token nope"})
    assert refused.value.status == 403


async def test_a_websocket_from_another_sites_page_is_refused(client: TestClient) -> None:
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect(f"/ws?token={TOKEN}", headers={"Origin": "http://evil.example"})
    assert refused.value.status == 403


async def test_a_websocket_with_the_token_gets_a_students_app(client: TestClient) -> None:
    student = StudentClient(str(client.make_url("")), TOKEN, session=client.session)
    await student.connect()
    try:
        await student.wait_for("What is your name?", timeout=30)
    finally:
        await student.close()


async def test_without_a_token_everything_is_open(open_client: TestClient) -> None:
    assert (await open_client.get("/")).status == 200
    assert (await open_client.get("/static/js/textual.js")).status == 200
    student = StudentClient(str(open_client.make_url("")), None, session=open_client.session)
    await student.connect()
    try:
        await student.wait_for("What is your name?", timeout=30)
    finally:
        await student.close()


def test_the_student_command_quotes_its_folders(tmp_path: Path) -> None:
    state = tmp_path / "a class; rm -rf ~"
    command = student_command(ServeConfig(state=state, lessons=(tmp_path / "my lessons",),
                                          shipped=False))
    assert f"--student-root '{state}'" in command and f"--lessons '{tmp_path}/my lessons'" in command
    assert command.endswith("--no-shipped")


# ---------------------------------------------------------------------------- the command line
@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "example.org"])
def test_no_token_beyond_localhost_is_a_usage_error(host: str, capsys) -> None:
    assert main(["serve", "--no-token", "--host", host]) == 2
    assert "--no-token is allowed only on 127.0.0.1" in capsys.readouterr().err


def test_token_and_no_token_together_are_a_usage_error(capsys) -> None:
    assert main(["serve", "--no-token", "--token", "x"]) == 2
    assert main(["serve", "--token", " "]) == 2
    assert "non-empty token" in capsys.readouterr().err


def test_a_folder_with_no_good_lesson_is_a_usage_error(tmp_path: Path, capsys) -> None:
    (tmp_path / "bad.toml").write_text("id = \n", encoding="utf-8")
    assert main(["serve", "--lessons", str(tmp_path), "--no-shipped"]) == 2
    err = capsys.readouterr().err
    assert "bad.toml:1" in err and "no lesson loads" in err


def fake_run(calls: list):
    async def run(config, ready, stop=None, log=print):
        calls.append(config)
        ready(4321)
    return run


def test_the_url_with_a_new_token_is_printed(monkeypatch, capsys, tmp_path: Path) -> None:
    calls: list[ServeConfig] = []
    monkeypatch.setattr("backprop_tui.tui.serve.run", fake_run(calls))
    assert main(["serve", "--state", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    token = calls[0].token
    assert token and len(token) >= 32 and err == ""
    assert f"http://127.0.0.1:4321/?token={token}" in out
    assert main(["serve", "--state", str(tmp_path)]) == 0
    assert calls[1].token != token  # a new one each time
    assert main(["serve", "--state", str(tmp_path), "--token", "mine", "--port", "9"]) == 0
    assert calls[2].token == "mine" and "/?token=mine" in capsys.readouterr().out


def test_binding_beyond_localhost_warns_in_one_line(monkeypatch, capsys, tmp_path: Path) -> None:
    calls: list[ServeConfig] = []
    monkeypatch.setattr("backprop_tui.tui.serve.run", fake_run(calls))
    assert main(["serve", "--host", "0.0.0.0", "--state", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "warning: listening on 0.0.0.0" in err
    assert main(["serve", "--no-token", "--state", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert calls[1].token is None and err == "" and "http://127.0.0.1:4321/\n" in out


def children(pid: int) -> set[int]:
    """Every descendant process of ``pid``, from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rpartition(")")[2].split()[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, pp in parents.items() if pp in frontier} - found
        found |= frontier
    return found


async def test_the_command_serves_until_stopped_and_its_apps_stop_with_it(tmp_path: Path) -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "backprop_tui", "serve", "--port", "0", "--state", str(tmp_path),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "COLUMNS": "100"})
    try:
        line = (await asyncio.wait_for(proc.stdout.readline(), 30)).decode()
        assert line.startswith("Serving backprop-tui at http://127.0.0.1:")
        url = line.split()[-1]
        base, token = url.split("/?token=")
        async with aiohttp.ClientSession() as session:
            async with session.get(base + "/") as refused:
                assert refused.status == 403
            student = StudentClient(base, token, session=session)
            await student.connect()
            await student.wait_for("What is your name?", timeout=30)
            mark = student.mark()
            await student.press(*"ada", "enter")
            await student.wait_for("Lessons", start=mark, timeout=30)
            assert (tmp_path / "ada").is_dir()
            apps = children(proc.pid)
            commands = [Path(f"/proc/{p}/cmdline").read_bytes() for p in apps]
            assert any(b"backprop_tui.tui.serve_fork" in c for c in commands)  # warm forks
            proc.send_signal(signal.SIGINT)
            assert await asyncio.wait_for(proc.wait(), 30) == 0
            await asyncio.wait_for(student.closed.wait(), 10)
            await student.close()
        for _ in range(100):
            if not any(Path(f"/proc/{p}").exists() for p in apps):
                break
            await asyncio.sleep(0.1)
        assert not any(Path(f"/proc/{p}").exists() for p in apps)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()


def test_the_plain_app_does_not_import_the_server() -> None:
    code = ("import sys, backprop_tui.tui.app, backprop_tui.tui.cli, backprop_tui.tui.cli_lessons;"
            "print(sorted(m for m in ('textual_serve', 'aiohttp') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"

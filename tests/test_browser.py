"""A real headless Chromium (Debian's ``chromium``) against ``backprop-tui serve`` on 127.0.0.1.

The page with the token loads and shows the app's first screen, the name screen; typed keys
change it (a name opens the lesson list, Enter a lesson); a page without the token gets
HTTP 403, and its websocket never opens. The screen is read through the page: xterm.js's own
buffer, reached by a hook installed before textual.js runs (the terminal object textual.js
creates is caught as it is built). Screenshots of the three screens are saved (PNG) in
``$BACKPROP_TUI_BROWSER_SHOTS`` when that is set, to be looked at.

Playwright drives /usr/bin/chromium (``executable_path``); ``playwright install`` is never
needed. Skipped, with the reason, where either is missing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (it is in the test extra)")
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason=f"{CHROMIUM} is missing (Debian: apt-get install chromium; .ci/run installs it)")

# textual.js builds its terminal as `this.terminal = new Terminal(...)`, then at once
# `this.fitAddon = ...`: a setter for fitAddon on Object.prototype sees that object first.
HOOK = """
Object.defineProperty(Object.prototype, "fitAddon", {
  configurable: true,
  get() { return undefined; },
  set(value) {
    Object.defineProperty(this, "fitAddon", {value, writable: true, configurable: true});
    if (this.terminal && "websocket_url" in this) window.__textualTerminal = this.terminal;
  },
});
"""
SCREEN = """() => {
  const t = window.__textualTerminal;
  if (!t) return "";
  const b = t.buffer.active, lines = [];
  for (let i = 0; i < t.rows; i++) lines.push(b.getLine(b.viewportY + i).translateToString(true));
  return lines.join("\\n");
}"""


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str, Path]]:
    """A real ``backprop-tui serve --port 0``: (base URL, token, state folder)."""
    state = tmp_path / "state"
    proc = subprocess.Popen(
        [sys.executable, "-m", "backprop_tui", "serve", "--port", "0", "--state", str(state)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith("Serving backprop-tui at http://127.0.0.1:"), line
        base, token = line.split()[-1].split("/?token=")
        yield base, token, state
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture
def browser(tmp_path: Path, server):
    base = server[0]
    with playwright_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=FLAGS,
            viewport={"width": 1280, "height": 800})
        # nothing leaves 127.0.0.1 (the page links a web font)
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
                      else route.abort())
        context.add_init_script(HOOK)
        try:
            yield context
        finally:
            context.close()


def wait_for_screen(page, *texts: str, timeout: float = 30_000) -> str:
    """The screen once every one of ``texts`` is on it."""
    check = " && ".join(f"screen.includes({t!r})" for t in texts)
    try:
        page.wait_for_function(f"() => {{ const screen = ({SCREEN})(); return {check}; }}",
                               timeout=timeout)
    except playwright_api.TimeoutError:
        pytest.fail(f"never on the screen: {texts}; the screen:\n{page.evaluate(SCREEN)}")
    return page.evaluate(SCREEN)


def shoot(page, name: str) -> None:
    folder = os.environ.get("BACKPROP_TUI_BROWSER_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"))


def test_the_page_with_the_token_shows_the_app_and_keys_change_it(browser, server) -> None:
    base, token, state = server
    page = browser.new_page()
    response = page.goto(f"{base}/?token={token}")
    assert response.status == 200
    first = wait_for_screen(page, "What is your name?", "Student", "press Enter")
    assert "Lessons" not in first
    shoot(page, "name-screen")
    page.locator(".xterm-screen").click()
    page.keyboard.type("a/b")
    page.keyboard.press("Enter")
    refused = wait_for_screen(page, "is not one of them")
    assert "'/'" in refused and not (state / "a").exists()
    page.keyboard.press("Control+a")
    page.keyboard.press("Control+k")  # clear the field (Textual's Input: delete to the end)
    page.keyboard.type("Ada")
    page.keyboard.press("Enter")
    listing = wait_for_screen(page, "Lessons", "Notation and indices", "backprop-tui · ada")
    assert "What is your name?" not in listing
    assert (state / "ada").is_dir()
    shoot(page, "lesson-list")
    page.keyboard.press("Enter")  # open the first lesson
    lesson = wait_for_screen(page, "lesson · Notation and indices", "Every weight has an address")
    assert "Explore the example network" not in lesson
    shoot(page, "lesson")


def test_a_page_without_the_token_is_refused(browser, server) -> None:
    base, token, _ = server
    page = browser.new_page()
    wrong = token[:-1] + ("y" if token[-1] != "y" else "z")
    for url in (f"{base}/", f"{base}/?token={wrong}", f"{base}/static/js/textual.js"):
        response = page.goto(url)
        assert response.status == 403, url
        assert "needs its token" in page.inner_text("body")
    ws = base.replace("http", "ws", 1) + "/ws?width=80&height=24"
    opened = page.evaluate("""url => new Promise(done => {
        const s = new WebSocket(url);
        s.onopen = () => done("open");
        s.onerror = () => done("refused");
        setTimeout(() => done("timeout"), 10000);
    })""", ws)
    assert opened == "refused"

"""The reference apps of ui_bench.py, and its cold start-up child.

``python benchmarks/first_frame.py KIND T0 [ARGS...]`` starts one app headless at 120×40 and
prints the seconds from ``T0`` (the parent's ``time.perf_counter()`` just before it spawned this
process: a system-wide monotonic clock on Linux, macOS and Windows) to the app's first frame,
then exits. KIND is:

- ``bare``: the reference, a Textual app with a Header, a Static and a Footer;
- ``bare+numpy``: the same app after ``import numpy`` (the least any NumPy-backed app pays);
- ``ours``: the real entry point, ``backprop_tui.__main__.main(ARGS)`` (the console
  script): ``--example`` (the tutor), or no ARGS (the lesson list, what ``backprop-tui`` opens;
  point ``BACKPROP_TUI_STATE_DIR`` at an empty folder first).

Only Textual is imported before KIND is read, so the bare child never pays for NumPy or for
backprop-tui's modules. The ``ours`` child first holds the garbage collector, as the console
script does on its first line, before anything else is imported (backprop_tui.tui.startup).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

if __name__ == "__main__" and sys.argv[1:2] == ["ours"]:  # as the console script's first line
    from backprop_tui.tui.startup import hold_gc

    hold_gc()

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer, Header, Static

SIZE = (120, 40)


class BareApp(App):
    """The reference: a Header, a Static and a Footer; → rewrites the Static."""

    BINDINGS = [Binding("right", "step", "Step")]

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("step 0", id="body")
        yield Footer()

    def action_step(self) -> None:
        self.count += 1
        self.query_one("#body", Static).update(f"step {self.count}")


class PanelsApp(BareApp):
    """The floor the tutor is measured against: the bare app with three bordered panels filling
    the screen, as the tutor's. On → it rewrites all three panels, ten lines each (a tutor step
    rewrites about thirty lines in its panels), so a step compares like with like."""

    CSS = """
    Horizontal > Static { width: 1fr; height: 1fr; border: round $primary 60%; padding: 0 1; }
    """
    NAMES = ("Network", "Chain rule", "Notation")

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            for i, name in enumerate(self.NAMES):
                panel = Static(self.text(i), id=f"panel-{i}")
                panel.border_title = name
                yield panel
        yield Footer()

    def text(self, panel: int) -> str:
        return "\n".join(f"{self.NAMES[panel]} · step {self.count} · line {n}" for n in range(10))

    def action_step(self) -> None:
        self.count += 1
        for i in range(len(self.NAMES)):
            self.query_one(f"#panel-{i}", Static).update(self.text(i))


def on_frame(app: App, callback: Callable[[], None]) -> None:
    """Call ``callback`` each time ``app`` hands a frame to its driver."""
    display = app._display

    def hooked(screen, renderable) -> None:
        display(screen, renderable)
        if renderable is not None:
            callback()

    app._display = hooked  # type: ignore[method-assign]


def child(kind: str, t0: float, args: list[str]) -> None:
    """Run one app (see the module's docstring); print the seconds from ``t0`` to its first
    frame."""
    shown: list[float] = []

    def first_frame(app: App) -> None:
        if not shown:
            shown.append(time.perf_counter() - t0)
            print(shown[0], flush=True)
            app.exit()

    run = App.run

    def headless_run(self: App, **_: object) -> None:  # what `backprop-tui` calls, headless
        on_frame(self, lambda: first_frame(self))
        run(self, headless=True, size=SIZE)

    App.run = headless_run  # type: ignore[method-assign]
    if kind == "ours":
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from backprop_tui.__main__ import main  # the console script's entry point

        raise SystemExit(main(args))
    if kind == "bare+numpy":
        import numpy  # noqa: F401
    BareApp().run()


if __name__ == "__main__":
    child(sys.argv[1], float(sys.argv[2]), sys.argv[3:])

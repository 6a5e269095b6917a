"""UI speed, in one run: ``python benchmarks/ui_bench.py`` (or ``make bench``).

Both apps run headless at 120×40 (``App.run_test``), alternating, in one process, after one
warm-up run each (so lazy imports and CSS caches are paid by neither):

1. Start-up to first frame: wall time from constructing the app to the moment its first frame
   is handed to the (headless) driver. The reference is a bare Textual app with a Header, a
   Static and a Footer. Target: backprop-tui <= 1.3x the bare app.
2. CPU time per step, key to repaint: ``time.process_time`` from posting the → key event to the
   app until the frame it causes is handed to the driver, on the built-in 4-2-2-1 network and on
   a 784-30-10 network, against the bare app updating one Static on the same key. Each pass
   starts from a fresh app (after a ``gc.collect()``), so every step is drawn for the first
   time (nothing comes from a cache); the median over all steps of all passes is reported (the
   mean is printed beside it). Targets: under 16 ms of CPU and <= 3x the bare
   app's. For reference the same steps are also timed the way a test drives an app,
   ``pilot.press("right")`` then ``pilot.pause()``: that adds Pilot's own bookkeeping, which
   grows with the number of widgets on the screen (it waits on each of them).
"""

from __future__ import annotations

import asyncio
import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual import events  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402
from textual.binding import Binding  # noqa: E402
from textual.widgets import Footer, Header, Static  # noqa: E402

from core.network import Network  # noqa: E402
from tui.app import BackpropApp  # noqa: E402

SIZE = (120, 40)
STARTS = 15
PASSES = 7


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


def big_app() -> BackpropApp:
    net = Network.from_sizes([784, 30, 10], seed=0)
    return BackpropApp(net, [(np.linspace(0.0, 1.0, 784), np.eye(10)[3])])


def on_frame(app: App, callback: Callable[[], None]) -> None:
    """Call ``callback`` each time ``app`` hands a frame to its driver."""
    display = app._display

    def hooked(screen, renderable) -> None:
        display(screen, renderable)
        if renderable is not None:
            callback()

    app._display = hooked  # type: ignore[method-assign]


async def start_time(factory: Callable[[], App]) -> float:
    """Seconds from constructing the app to its first frame."""
    first: list[float] = []
    t0 = time.perf_counter()
    app = factory()
    on_frame(app, lambda: first.append(time.perf_counter()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
    return first[0] - t0


async def step_cpu(factory: Callable[[], App], steps: int) -> list[float]:
    """CPU seconds of each of ``steps`` steps, key event to repainted frame, on a fresh app."""
    app = factory()
    frame = asyncio.Event()
    on_frame(app, frame.set)
    times = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        gc.collect()  # earlier runs' garbage is not this run's cost
        for _ in range(steps):
            frame.clear()
            t0 = time.process_time()
            app.post_message(events.Key("right", None))
            await asyncio.wait_for(frame.wait(), 5)
            times.append(time.process_time() - t0)
    return times


async def step_cpu_pilot(factory: Callable[[], App], steps: int) -> list[float]:
    """CPU seconds of each step with Pilot: ``press("right")`` then ``pause()``."""
    app = factory()
    times = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        gc.collect()
        for _ in range(steps):
            t0 = time.process_time()
            await pilot.press("right")
            await pilot.pause()
            times.append(time.process_time() - t0)
    return times


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


async def main() -> None:
    steps_small = len(BackpropApp().state.trace.steps) - 1
    steps_big = len(big_app().state.trace.steps) - 1
    await start_time(BareApp)  # warm-up
    await start_time(BackpropApp)
    bare_t, ours_t = [], []
    for _ in range(STARTS):
        bare_t.append(await start_time(BareApp))
        ours_t.append(await start_time(BackpropApp))
    await step_cpu(BackpropApp, 3)  # warm-up
    await step_cpu(big_app, 3)
    await step_cpu(BareApp, 3)
    bare_s, small_s, big_s = [], [], []
    pilot_bare, pilot_small, pilot_big = [], [], []
    for _ in range(PASSES):
        bare_s += await step_cpu(BareApp, steps_small)
        small_s += await step_cpu(BackpropApp, steps_small)
        big_s += await step_cpu(big_app, steps_big)
        pilot_bare += await step_cpu_pilot(BareApp, steps_small)
        pilot_small += await step_cpu_pilot(BackpropApp, steps_small)
        pilot_big += await step_cpu_pilot(big_app, steps_big)

    ms = 1000.0
    med, mean = statistics.median, statistics.fmean
    b_start, o_start = med(bare_t) * ms, med(ours_t) * ms
    b_step, pb = med(bare_s) * ms, med(pilot_bare) * ms
    rows = [("start-up to first frame", b_start, o_start, "<= 1.3x",
             o_start / b_start <= 1.3, "")]
    for name, samples in (("step CPU, 4-2-2-1", small_s), ("step CPU, 784-30-10", big_s)):
        ours = med(samples) * ms
        note = f"mean {mean(samples) * ms:.2f} vs {mean(bare_s) * ms:.2f}"
        rows.append((name, b_step, ours, "<16 ms, <= 3x", ours < 16 and ours / b_step <= 3, note))
    for name, samples in (("  with Pilot, 4-2-2-1", pilot_small),
                          ("  with Pilot, 784-30-10", pilot_big)):
        note = f"mean {mean(samples) * ms:.2f} vs {mean(pilot_bare) * ms:.2f}"
        rows.append((name, pb, med(samples) * ms, "(reference)", None, note))

    import textual

    print(f"backprop-tui UI benchmark · Textual {textual.__version__} · headless {SIZE[0]}×"
          f"{SIZE[1]} · medians: {STARTS} start-ups each; steps: {PASSES} fresh runs × "
          f"{steps_small} (4-2-2-1) / {steps_big} (784-30-10) steps")
    print(f"{'':30}{'bare app':>10}{'backprop-tui':>14}{'ratio':>8}   {'target':<15}")
    for name, bare, ours, target, ok, note in rows:
        print(f"{name + ' (ms)':30}{bare:>10.2f}{ours:>14.2f}{ours / bare:>7.2f}x   "
              f"{target:<15}{'    ' if ok is None else verdict(ok)}  {note}")


if __name__ == "__main__":
    asyncio.run(main())

"""UI speed, in one run: ``python benchmarks/ui_bench.py`` (or ``make bench``).

The reference is a bare Textual app with a Header, a Static and a Footer (benchmarks/
first_frame.py). Every app runs headless at 120×40, the apps alternating.

1. Start-up to first frame, two ways; target: backprop-tui <= 1.3x the bare app.
   - Cold, as a learner meets it: wall time from spawning a new Python process to the first
     frame it hands its (headless) driver; ours runs the real entry point, as ``backprop-tui
     --example`` (the tutor) and as ``backprop-tui`` (the lesson list, with an empty progress
     folder). Includes the interpreter, every import and every first-time cost.
   - Warm, in one process after one warm-up run of each app (so imports and CSS caches are paid
     by neither): from constructing the app to its first frame (``App.run_test``).
   Two floors are printed for reference, to show what no code of ours can go under: cold, the
   bare app after ``import numpy`` (the core needs NumPy before the first frame); warm, the bare
   app with three empty bordered panels filling the screen, as the tutor's.
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
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from first_frame import SIZE, BareApp, PanelsApp, on_frame  # noqa: E402
from textual import events  # noqa: E402
from textual.app import App  # noqa: E402

from backprop_tui.core.math.network import Network  # noqa: E402
from backprop_tui.tui.app import BackpropApp  # noqa: E402

STARTS = 15
COLD_STARTS = 9
PASSES = 7
CHILD = str(Path(__file__).resolve().parent / "first_frame.py")


def big_app() -> BackpropApp:
    net = Network.from_sizes([784, 30, 10], seed=0)
    return BackpropApp(net, [(np.linspace(0.0, 1.0, 784), np.eye(10)[3])])


def cold_start(kind: str, *args: str, env: dict[str, str] | None = None) -> float:
    """Seconds from spawning a new Python process to the first frame of app ``kind``."""
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, CHILD, kind, repr(t0), *args], capture_output=True,
                         text=True, timeout=60, env=env)
    if out.returncode or not out.stdout.split():
        raise RuntimeError(f"{kind} {' '.join(args)} failed ({out.returncode}):\n{out.stderr}")
    return float(out.stdout.split()[-1])


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
    with tempfile.TemporaryDirectory() as state:  # the lesson list reads progress from here
        env = os.environ | {"BACKPROP_TUI_STATE_DIR": state}
        runs = {"bare": ("bare",), "bare+numpy": ("bare+numpy",), "ours": ("ours", "--example"),
                "lessons": ("ours",)}
        cold: dict[str, list[float]] = {name: [] for name in runs}
        for i in range(COLD_STARTS + 1):  # the first round warms the disk cache; not counted
            for name, argv in runs.items():
                seconds = cold_start(*argv, env=env)
                if i:
                    cold[name].append(seconds)
    for factory in (BareApp, PanelsApp, BackpropApp):
        await start_time(factory)  # warm-up
    bare_t, panels_t, ours_t = [], [], []
    for _ in range(STARTS):
        bare_t.append(await start_time(BareApp))
        panels_t.append(await start_time(PanelsApp))
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
    b_step, pb = med(bare_s) * ms, med(pilot_bare) * ms
    rows = []
    for name, bare, samples, floor in (  # a floor has no target: it is printed for reference
            ("start-up, cold (--example)", cold["bare"], cold["ours"], False),
            ("start-up, cold (the lesson list)", cold["bare"], cold["lessons"], False),
            ("  floor: bare app + import numpy", cold["bare"], cold["bare+numpy"], True),
            ("start-up, warm", bare_t, ours_t, False),
            ("  floor: bare app + 3 empty panels", bare_t, panels_t, True)):
        b, o = med(bare) * ms, med(samples) * ms
        rows.append((name, b, o, "(reference)", None, "") if floor
                    else (name, b, o, "<= 1.3x", o / b <= 1.3, ""))
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
          f"{SIZE[1]} · medians of {COLD_STARTS} cold and {STARTS} warm start-ups each, and of "
          f"{PASSES} fresh runs × {steps_small} (4-2-2-1) / {steps_big} (784-30-10) steps")
    print(f"{'':42}{'bare app':>10}{'this row':>14}{'ratio':>8}   {'target':<15}")
    for name, bare, ours, target, ok, note in rows:
        print(f"{name + ' (ms)':42}{bare:>10.2f}{ours:>14.2f}{ours / bare:>7.2f}x   "
              f"{target:<15}{'    ' if ok is None else verdict(ok)}  {note}")


if __name__ == "__main__":
    asyncio.run(main())

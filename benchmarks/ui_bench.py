"""UI speed, in one run: ``python benchmarks/ui_bench.py`` (or ``make bench``).

Every target is a ratio to a floor the bench builds itself (benchmarks/first_frame.py) and
measures in the same run, the apps alternating, all headless at 120×40:

1. Cold start-up, as a learner meets it: wall time from spawning a new Python process to the
   first frame it hands its (headless) driver. Ours runs the real entry point, as
   ``backprop-tui --example`` (the tutor) and as ``backprop-tui`` (the lesson list, with an empty
   progress folder). The floor is a bare Textual app (Header, Static, Footer) after
   ``import numpy``: the core needs NumPy before the first frame. Target: <= 1.3x the floor.
   Ours holds Python's garbage collector from the console script's first line to its first
   frame (backprop_tui.tui.startup; ~50 ms); the floor, a plain Textual app, does not.
2. Warm start-up, in one process after one warm-up run of each app (imports and CSS caches paid
   by neither): from constructing the app to its first frame (``App.run_test``). The floor is
   the bare app with three bordered panels filling the screen, as the tutor's. Target: <= 1.3x.
3. CPU time per step, key to repaint: ``time.process_time`` from posting the → key event to the
   app until the frame it causes is handed to the driver, on the built-in 4-2-2-1 network and on
   a 12-9-3 network (every edge between its visible nodes drawn) and on a 784-30-10 network. The floor is the three-panel app rewriting all three panels (ten lines
   each) on the same key. Each pass starts from a fresh app (after a ``gc.collect()``), so every
   step is drawn for the first time; the median over all steps of all passes is reported (the
   mean beside it). Targets: under 16 ms of CPU and <= 2x the floor.
Before the cold start-ups our sources are compiled to bytecode (``compileall``), as ``pip install``
does for every user: with ``PYTHONDONTWRITEBYTECODE`` set (as on CI's machines) an editable
checkout would otherwise recompile every module of ours at every start, which Textual's and
NumPy's installed modules never do (measured: 1.50x the floor without, 1.10x with).
The bare app without NumPy or panels is printed too, for reference, with the same steps timed
the way a test drives an app (``pilot.press`` then ``pilot.pause``).
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


def mid_app() -> BackpropApp:
    net = Network.from_sizes([12, 9, 3], seed=0)
    return BackpropApp(net, [(np.linspace(0.0, 1.0, 12), np.eye(3)[1])])


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


def compile_sources() -> None:
    """Our modules as an installed copy has them: compiled once, as pip does at install."""
    import compileall

    root = Path(__file__).resolve().parent.parent
    for folder in ("core", "tui", "lessons"):
        compileall.compile_dir(root / folder, quiet=1)
    for name in ("__init__.py", "__main__.py"):
        compileall.compile_file(root / name, quiet=1)


async def main() -> None:
    compile_sources()
    steps_small = len(BackpropApp().state.trace.steps) - 1
    steps_big = len(big_app().state.trace.steps) - 1
    steps_mid = len(mid_app().state.trace.steps) - 1
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
    await step_cpu(mid_app, 3)
    await step_cpu(BareApp, 3)
    await step_cpu(PanelsApp, 3)
    bare_s, panels_s, small_s, mid_s, big_s = [], [], [], [], []
    pilot_panels, pilot_small, pilot_big = [], [], []
    for _ in range(PASSES):
        bare_s += await step_cpu(BareApp, steps_small)
        panels_s += await step_cpu(PanelsApp, steps_small)
        small_s += await step_cpu(BackpropApp, steps_small)
        mid_s += await step_cpu(mid_app, steps_mid)
        big_s += await step_cpu(big_app, steps_big)
        pilot_panels += await step_cpu_pilot(PanelsApp, steps_small)
        pilot_small += await step_cpu_pilot(BackpropApp, steps_small)
        pilot_big += await step_cpu_pilot(big_app, steps_big)

    ms = 1000.0
    med, mean = statistics.median, statistics.fmean
    rows = []  # (name, floor's ms, this row's ms, target, passed or None for a reference row, note)

    def row(name: str, floor: list[float], ours: list[float], target: str, limit: float | None,
            note: str = "", cap_ms: float | None = None) -> None:
        f, o = med(floor) * ms, med(ours) * ms
        ok = None if limit is None else o / f <= limit and (cap_ms is None or o < cap_ms)
        rows.append((name, f, o, target, ok, note))

    numpy_floor = cold["bare+numpy"]
    row("start-up, cold (--example)", numpy_floor, cold["ours"], "<= 1.3x", 1.3)
    row("start-up, cold (the lesson list)", numpy_floor, cold["lessons"], "<= 1.3x", 1.3)
    row("  reference: bare app, no numpy", numpy_floor, cold["bare"], "(reference)", None)
    row("start-up, warm", panels_t, ours_t, "<= 1.3x", 1.3)
    row("  reference: bare app, no panels", panels_t, bare_t, "(reference)", None)
    for name, samples in (("step CPU, 4-2-2-1", small_s), ("step CPU, 12-9-3", mid_s),
                          ("step CPU, 784-30-10", big_s)):
        note = f"mean {mean(samples) * ms:.2f} vs {mean(panels_s) * ms:.2f}"
        row(name, panels_s, samples, "<16 ms, <= 2x", 2.0, note, cap_ms=16.0)
    row("  reference: bare app, one Static", panels_s, bare_s, "(reference)", None)
    for name, samples in (("  with Pilot, 4-2-2-1", pilot_small),
                          ("  with Pilot, 784-30-10", pilot_big)):
        note = f"mean {mean(samples) * ms:.2f} vs {mean(pilot_panels) * ms:.2f}"
        row(name, pilot_panels, samples, "(reference)", None, note)

    import textual

    print(f"backprop-tui UI benchmark · Textual {textual.__version__} · headless {SIZE[0]}×"
          f"{SIZE[1]} · medians of {COLD_STARTS} cold and {STARTS} warm start-ups each, and of "
          f"{PASSES} fresh runs × {steps_small} (4-2-2-1) / {steps_big} (784-30-10) steps")
    print(f"{'':42}{'floor':>10}{'this row':>14}{'ratio':>8}   {'target':<15}")
    print("floors: cold = bare app + import numpy; warm = bare app + 3 bordered panels; "
          "step = those 3 panels rewritten (10 lines each)")
    for name, floor, ours, target, ok, note in rows:
        print(f"{name + ' (ms)':42}{floor:>10.2f}{ours:>14.2f}{ours / floor:>7.2f}x   "
              f"{target:<15}{'    ' if ok is None else verdict(ok)}  {note}")


if __name__ == "__main__":
    asyncio.run(main())

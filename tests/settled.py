"""A deterministic "the app has settled" wait for Pilot tests, in place of Textual's idle guess.

Textual's ``Pilot.press`` and ``Pilot.pause()`` wait with ``textual._wait.wait_for_idle``: it
sleeps in 20 ms slices until one slice used under 1 ms of CPU. That costs at least 40 ms a key
and 20 ms a pause whatever the app did, and on a loaded machine it can return while the app is
still working. ``wait_until_settled`` instead looks at what is left to do and returns as soon as
nothing is: the asyncio loop has no ready callback; every message pump (the app, its screens and
widgets) is parked on an empty queue with no ``call_next`` callback pending; the current screen
has no layout, scroll, repaint, recompose or ``call_after_refresh`` callback waiting for its update
timer (it runs that update at once, as ``Pilot.pause`` itself does at its end); no running Textual
timer and no other asyncio timer is due within one screen-update period; and no worker is pending
or running. An app that is exiting, or has failed, is settled. A maximum (``MAX_WAIT``) bounds it
so a busy app cannot hang a test; reaching it warns with what was still busy, and every other
reason it was busy on the way.

This reads private attributes of Textual and asyncio (``loop._ready``, ``loop._scheduled``,
``MessagePump._next_callbacks``, ``Screen._layout_required`` ...). That is acceptable here and
only here: Textual is pinned exactly in constraints.txt, and this module is the one place that
knows them. ``install`` puts the wait where ``textual.app`` (``App._press_keys``) and
``textual.pilot`` (``Pilot.pause``, ``Pilot.exit``, ...) call ``wait_for_idle``; ``pause(delay)``
still sleeps ``delay`` seconds.
"""

from __future__ import annotations

import asyncio
import warnings
from collections.abc import Iterator

import textual.app
import textual.pilot
from textual._context import active_app
from textual._queue import Queue
from textual._wait import wait_for_idle as textual_wait_for_idle
from textual.app import App
from textual.message_pump import MessagePump
from textual.screen import UPDATE_PERIOD
from textual.worker import WorkerState

MAX_WAIT = 5.0  # seconds: far above any honest reaction, low enough that a stuck test still ends
_QUEUE_GET = Queue.get.__code__  # textual._queue.Queue: the message pumps' own queue


class NotSettled(UserWarning):
    """A wait reached MAX_WAIT with the app still busy (the test went on regardless)."""


_SCREEN_WORK = ("_layout_required", "_scroll_required", "_repaint_required",
                "_recompose_required", "_dirty_widgets", "_callbacks")


def _pumps(app: App) -> Iterator[MessagePump]:
    """The app and every screen and widget registered with it."""
    yield app
    yield from list(app._registry)


def _parked(task: asyncio.Task) -> bool:
    """Whether ``task`` waits in its message queue's ``get``: a message pump with nothing to do
    (the chain of awaits runs through ``Queue.get`` down to the event it waits on)."""
    frame = task.get_coro()
    while frame is not None:
        if getattr(frame, "cr_code", None) is _QUEUE_GET:
            return True
        frame = getattr(frame, "cr_await", None) or getattr(frame, "gi_yieldfrom", None)
    return False


def _pump_busy(pump: MessagePump) -> str | None:
    if pump._closed or pump._closing:
        return None
    queue = pump.__dict__.get("_message_queue")  # a cached_property: absent until first used
    if pump._pending_message is not None or (queue is not None and not queue.empty()):
        return f"{pump!r} has messages queued"
    if pump._next_callbacks:
        return f"{pump!r} has call_next callbacks"
    task = pump._task
    if task is not None and not task.done() and not _parked(task):
        return f"{pump!r} is still handling a message"
    return None


def _resting_timer_tasks(app: App) -> set[asyncio.Task]:
    """Tasks of paused Textual timers: their next wake-up only finds the timer paused again."""
    timers = [timer for pump in _pumps(app) for timer in list(pump._timers)]
    timers.append(app.animator._timer)
    return {timer._task for timer in timers
            if timer._task is not None and not timer._active.is_set()}


def _handle_task(handle: asyncio.Handle) -> asyncio.Task | None:
    """The task an ``asyncio.sleep`` timer handle wakes, if that is what it is."""
    for arg in getattr(handle, "_args", None) or ():
        if isinstance(arg, asyncio.Future):
            for callback, _context in getattr(arg, "_callbacks", None) or ():
                owner = getattr(callback, "__self__", None)
                if isinstance(owner, asyncio.Task):
                    return owner
    return None


def _next_timer(app: App, loop: asyncio.AbstractEventLoop) -> float | None:
    """When the soonest asyncio timer that matters is due (loop time), or None."""
    resting = _resting_timer_tasks(app)
    due = [handle.when() for handle in loop._scheduled
           if not handle.cancelled() and _handle_task(handle) not in resting]
    return min(due, default=None)


def _live_workers(app: App) -> list[asyncio.Task]:
    return [worker._task for worker in app.workers
            if worker.state in (WorkerState.PENDING, WorkerState.RUNNING)
            and worker._task is not None and not worker._task.done()]


async def wait_until_settled(app: App, max_wait: float = MAX_WAIT) -> bool:
    """Return once ``app`` has nothing left to do (see the module's docstring), or after
    ``max_wait`` seconds with a warning naming what was still busy; True if it settled."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + max_wait
    reason = "not checked"
    seen: dict[str, None] = {}  # every reason met on the way, in order: the last alone can be a passing one
    while loop.time() < deadline:
        seen[reason] = None
        await asyncio.sleep(0)
        if app._exit or app._closing or app._exception is not None:
            return True  # exiting or failed: nothing more will be laid out or answered
        if any(not handle.cancelled() for handle in loop._ready):
            reason = "the event loop has ready callbacks"
            continue
        reason = next(filter(None, map(_pump_busy, _pumps(app))), None)
        if reason is not None:
            await _until_something_happens(app, loop, deadline)
            continue
        try:
            screen = app.screen
        except Exception:  # no screen yet, or the app is closing: nothing to lay out
            screen = None
        if screen is not None and screen.is_current and any(getattr(screen, name) for name in _SCREEN_WORK):
            reason = f"{screen!r} has an update pending"
            if app._batch_count:
                await asyncio.sleep(0.001)
            else:
                screen._on_timer_update()
            continue
        workers = _live_workers(app)
        if workers:
            reason = f"{len(workers)} worker(s) running"
            await asyncio.wait(workers, timeout=deadline - loop.time(),
                               return_when=asyncio.FIRST_COMPLETED)
            continue
        due = _next_timer(app, loop)
        if due is not None and due - loop.time() <= UPDATE_PERIOD:
            reason = "a timer is due"
            await asyncio.sleep(max(0.0, due - loop.time()))
            continue
        return True
    seen.pop("not checked", None)
    seen.pop(reason, None)
    also = f" (busy before that: {'; '.join(seen)})" if seen else ""
    warnings.warn(NotSettled(f"{app!r} not settled after {max_wait} s: {reason}{also}"),
                  stacklevel=2)
    return False


async def _until_something_happens(app: App, loop: asyncio.AbstractEventLoop,
                                   deadline: float) -> None:
    """A pump is busy: if nothing is ready to run, it waits on a timer or a thread; sleep until
    the soonest timer (or a millisecond) instead of spinning."""
    await asyncio.sleep(0)
    if any(not handle.cancelled() for handle in loop._ready):
        return
    due = _next_timer(app, loop)
    now = loop.time()
    await asyncio.sleep(max(0.0, min(deadline, due if due is not None else now + 0.001) - now))


async def wait_for_idle(min_sleep: float = 0.0, max_sleep: float = 1.0) -> None:
    """A drop-in for ``textual._wait.wait_for_idle``: waits until the active app has settled.
    ``min_sleep`` and ``max_sleep`` were the CPU heuristic's own bounds and are not needed;
    outside a running app it falls back to Textual's own wait."""
    try:
        app = active_app.get()
    except LookupError:
        app = None
    if app is None or not app.is_running:
        await textual_wait_for_idle(min_sleep, max_sleep)
        return
    await wait_until_settled(app)


def install() -> None:
    """Use ``wait_for_idle`` wherever Textual's app and pilot call the idle wait (for the whole
    test process: conftest.py calls it once)."""
    textual.app.wait_for_idle = wait_for_idle
    textual.pilot.wait_for_idle = wait_for_idle

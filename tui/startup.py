"""Python's cyclic garbage collector, held while the app starts.

Nearly everything allocated before the first frame (modules, classes, styles, the widget tree)
lives as long as the app, yet the collector walks it again and again while it grows: on this
2-core machine that was ~50 ms of a ~350 ms cold start (benchmarks/ui_bench.py). The console
script (``backprop_tui/__main__.py``) holds the collector from its first line; the app releases it once its first
frame is drawn (:func:`release_gc`, from the app's ``on_mount`` via ``call_after_refresh``),
and every other command releases it as soon as its arguments are read. Releasing collects once,
then freezes what survived (``gc.freeze``), so later collections skip the start-up objects.

Code that never called :func:`hold_gc` (tests, a notebook importing the package) is untouched:
:func:`release_gc` does nothing then.
"""

from __future__ import annotations

import gc

_held = False


def hold_gc() -> None:
    """Stop automatic collections until :func:`release_gc` (if they are on)."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def release_gc() -> None:
    """Collect once, freeze what is left, and turn automatic collection back on, if
    :func:`hold_gc` turned it off."""
    global _held
    if _held:
        _held = False
        gc.collect()
        gc.freeze()
        gc.enable()

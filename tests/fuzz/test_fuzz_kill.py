"""SIGKILL during saves: a child saves one solved exercise after another and says which it
saved; it is killed at a seeded random moment, and the next start must find every exercise
the child said it saved, read the file without a notice, and leave no temporary file.

``make fuzz``: 200 kills; ``make test``: 3.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from fuzzing import count

from backprop_tui.core.course.progress import ProgressStore

SAVER = textwrap.dedent("""
    import sys
    from backprop_tui.core.course.progress import ProgressStore
    store = ProgressStore(sys.argv[1])
    print("ready", flush=True)
    i = 0
    while True:
        ex = store.lesson("kills").exercise(f"{sys.argv[2]}-{i}")
        ex.solved, ex.attempts = True, ex.attempts + 1
        error = store.save()
        print(f"{sys.argv[2]}-{i}" if error is None else f"error {error}", flush=True)
        i += 1
""")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="no SIGKILL here")
def test_kills_during_saves_lose_nothing(tmp_path):
    rng = random.Random(13)
    acknowledged: set[str] = set()
    kills, landed = count(200, 3), 0
    for cycle in range(kills):
        child = subprocess.Popen([sys.executable, "-c", SAVER, str(tmp_path), f"k{cycle}"],
                                 stdout=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 0.15))
        os.kill(child.pid, signal.SIGKILL)
        out, _ = child.communicate(timeout=30)
        lines = out.splitlines()
        if lines and not out.endswith("\n"):
            lines.pop()  # cut short by the kill
        assert not any(line.startswith("error") for line in lines), lines
        acknowledged.update(lines)
        landed += bool(lines)
        store = ProgressStore(tmp_path)
        assert store.notice is None, store.notice
        solved = {e for e, p in store.lesson("kills").exercises.items() if p.solved}
        assert acknowledged <= solved, sorted(acknowledged - solved)[:5]
        assert not list(tmp_path.glob(".progress-*.tmp"))  # the start cleaned up
    assert landed >= kills // 2  # most kills came while saving, not before the first save

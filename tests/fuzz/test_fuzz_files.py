"""Mutated network and lesson files through the loaders and the command line (``check``,
``trace``): never a traceback or an internal error, every error naming the file, and, under
``make fuzz``, each answer within 10 s and every child under 500 MB of peak memory.

``make fuzz``: 500 networks and 500 lessons; ``make test``: 12 of each, loaders only, plus one
small batch through the command line.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from fuzzing import FULL, count
from mutate import corpus

from backprop_tui.core.course.lesson import LessonError, load_lesson
from backprop_tui.core.course.lesson_folder import load_lesson_folder
from backprop_tui.core.files.netfile import NetworkFileError, load_network

BATCH = Path(__file__).with_name("cli_batch.py")
MAX_SECONDS, MAX_MB = 10.0, 500


@pytest.mark.parametrize("kind", ["network", "lesson"])
def test_mutated_files_through_the_loaders(tmp_path, kind):
    load, error = (load_network, NetworkFileError) if kind == "network" else (load_lesson, LessonError)
    paths = corpus(kind, count(500, 12), seed=1, folder=tmp_path, heavy=FULL)
    accepted = 0
    for path in paths:
        try:
            loaded = load(path)
        except error as e:
            message = str(e)
            assert message.startswith(str(path)), message
            assert "\n" not in message and "\x1b" not in message and len(message) < 2000, message
            continue
        accepted += 1
        network_file = loaded if kind == "network" else loaded.network_file
        for x, y in network_file.samples[:3]:  # an accepted file traces, every number finite
            trace = network_file.network.trace(x, y)
            assert math.isfinite(trace.loss), path
            assert all(np.isfinite(trace.grad_w(l)).all() for l in range(1, trace.depth + 1))
    assert 0 < accepted < len(paths) or not FULL  # the mutations hit both sides
    if kind == "lesson":  # the lesson list sees them all, and never stops
        lessons, broken = load_lesson_folder(tmp_path)
        assert len(lessons) + len(broken) == len(paths)


def _batches(paths: list[Path], size: int) -> list[list[str]]:
    return [[str(p) for p in paths[i:i + size]] for i in range(0, len(paths), size)]


@pytest.mark.parametrize("kind", ["network", "lesson"])
def test_mutated_files_through_the_command_line(tmp_path, kind):
    paths = corpus(kind, count(500, 4), seed=2, folder=tmp_path, heavy=FULL)
    env_state = {"BACKPROP_TUI_STATE_DIR": str(tmp_path / "state")}
    for batch in _batches(paths, 50):
        child = subprocess.run([sys.executable, str(BATCH), *batch], capture_output=True,
                               text=True, timeout=600, env={**os.environ, **env_state})
        assert child.returncode == 0 and "Traceback" not in child.stderr, child.stderr[-2000:]
        lines = [json.loads(line) for line in child.stdout.splitlines()]
        runs, peak = lines[:-1], lines[-1]["peak_mb"]
        assert len(runs) == 2 * len(batch)
        for r in runs:
            where = f"{r['argv']}: {r['stderr']}"
            assert r["code"] in (0, 1, 2), where
            assert "internal error" not in r["stderr"] and "Traceback" not in r["stderr"], where
            if r["code"] != 0:
                assert r["errors"] and r["named"], where  # one message, naming the file
            if FULL:
                assert r["seconds"] < MAX_SECONDS, where
        if FULL:
            assert peak < MAX_MB, f"peak {peak:.0f} MB"

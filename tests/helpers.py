"""Shared by the tests: seeded networks and samples, the shipped lessons, a record of the app's
notifications, a printed number read back, where the network view draws a node or an edge."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

from backprop_tui.core.course.lesson import Lesson, load_lessons
from backprop_tui.core.math.network import Network

ACTIVATIONS = ("sigmoid", "tanh", "relu", "linear", "softmax")
#: Superscript digits (as in 3.03×10⁻⁴) to plain ones.
SUP = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
LOSSES = ("sse", "half-sse", "mse", "cross-entropy")


def layer_activations(activation: str, loss: str, depth: int) -> list[str]:
    """Every layer uses ``activation`` where it is allowed: softmax only at the output, and
    cross-entropy needs a sigmoid or softmax output (the hidden layers still use ``activation``)."""
    hidden = "tanh" if activation == "softmax" else activation
    output = activation
    if loss == "cross-entropy" and activation not in ("sigmoid", "softmax"):
        output = "sigmoid"
    return [hidden] * (depth - 1) + [output]


def random_case(activation: str, loss: str, depth: int, n_samples: int, seed: int):
    """A seeded network of the given depth with random widths, and a batch (X, Y) it accepts."""
    rng = np.random.default_rng(seed)
    sizes = [int(n) for n in rng.integers(2, 5, size=depth + 1)]
    acts = layer_activations(activation, loss, depth)
    net = Network.from_sizes(sizes, acts, loss, seed=seed)
    X = rng.normal(0.0, 1.0, size=(n_samples, sizes[0]))
    if acts[-1] == "softmax":
        Y = rng.dirichlet(np.ones(sizes[-1]), size=n_samples)
    else:
        Y = rng.uniform(0.0, 1.0, size=(n_samples, sizes[-1]))
    return net, X, Y


@cache
def _shipped() -> tuple[Lesson, ...]:
    return tuple(load_lessons())


def shipped_lessons() -> list[Lesson]:
    """``load_lessons()``, read once per test process instead of once per test module (a
    twentieth of a second each time): a lesson, its network and exercises are immutable."""
    return list(_shipped())


def record_notifications(app) -> list[str]:
    """The message of every notification ``app`` shows from now on: ``App.notify``, the call
    every screen and widget makes, is wrapped to keep a copy."""
    messages: list[str] = []
    notify = app.notify

    def recording(message, *args, **kwargs):
        messages.append(str(message))
        return notify(message, *args, **kwargs)

    app.notify = recording
    return messages


def lesson_params(lessons, fast: tuple[str, ...]) -> list:
    """``lessons`` as pytest parameters named by id; all but the ``fast`` ones are marked ``slow``,
    so ``make test`` walks a few lessons and ``make test-all`` (CI) walks every one."""
    return [pytest.param(lesson, id=lesson.id, marks=() if lesson.id in fast else pytest.mark.slow)
            for lesson in lessons]


async def settle(pilot, done, tries: int = 50) -> bool:
    """Pause until ``done()`` holds, at most ``tries`` pauses of 20 ms: for what the app does a
    few event-loop turns after a key or a resize (a resize re-lays out, then the screen's
    bindings change, then the key bar repaints), which one idle pause may not see on a loaded
    machine."""
    for _ in range(tries):
        if done():
            return True
        await pilot.pause(0.02)
    return done()


def read_number(text: str) -> float:
    """A number as the tutor prints it ("−0.2844", "3.03×10⁻⁴") as a float."""
    text = text.replace("−", "-")
    if "×10" in text:
        mantissa, exponent = text.split("×10")
        text = f"{mantissa}e{exponent.translate(SUP)}"
    return float(text)


def target_offset(view, target: tuple) -> tuple[int, int]:
    """Where the network view draws ``target`` (("node", l, i) or ("edge", l, j, k)), its first
    cell, relative to the widget: where a click on it lands."""
    cells = sorted(cell for cell, hit in view.drawing.targets.items() if hit == target)
    if not cells:
        raise AssertionError(f"{target} is not on screen")
    x, y = cells[0]
    return x + view.content_offset.x, y + view.content_offset.y

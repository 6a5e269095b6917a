"""Snapshot tests of the tutor screen (pytest-textual-snapshot). Update with
``pytest tests/test_snapshots.py --snapshot-update`` and look at every changed SVG."""

from __future__ import annotations

import numpy as np
from helpers import shipped_lessons

from backprop_tui.core.math.network import Network
from backprop_tui.tui.app import BackpropApp

SIZE = (120, 40)
BACK = ["end"]  # BP1 at the output layer
DEEPER = ["end", *["right"] * 6]  # BP2 at layer L−2: a sum over the 2 nodes of layer L−1


def test_first_screen(snap_compare):
    assert snap_compare(BackpropApp(), terminal_size=SIZE)


def test_mid_forward(snap_compare):
    assert snap_compare(BackpropApp(), press=["right"] * 3, terminal_size=SIZE)


def test_bp1_output_layer(snap_compare):
    assert snap_compare(BackpropApp(), press=BACK, terminal_size=SIZE)


def test_bp2_one_layer_deeper(snap_compare):
    assert snap_compare(BackpropApp(), press=DEEPER, terminal_size=SIZE)


def test_notation_deeplizard(snap_compare):
    assert snap_compare(BackpropApp(), press=[*BACK, "right", "right", "right"],
                        terminal_size=SIZE)


def test_notation_nielsen(snap_compare):
    assert snap_compare(BackpropApp(), press=[*BACK, "right", "right", "right", "n"],
                        terminal_size=SIZE)


def test_notation_kostadinov(snap_compare):
    assert snap_compare(BackpropApp(), press=[*BACK, "right", "right", "right", "n", "n"],
                        terminal_size=SIZE)


def test_paths_view(snap_compare):
    assert snap_compare(BackpropApp(), press=[*DEEPER, "p"], terminal_size=SIZE)


def test_after_an_update(snap_compare):
    assert snap_compare(BackpropApp(), press=[*BACK, "u"], terminal_size=SIZE)


def test_gradient_check(snap_compare):
    assert snap_compare(BackpropApp(), press=[*DEEPER, "g"], terminal_size=SIZE)


def test_bias_in_focus(snap_compare):
    assert snap_compare(BackpropApp(), press=[*DEEPER, "b"], terminal_size=SIZE)


def test_80x24(snap_compare):
    assert snap_compare(BackpropApp(), press=BACK, terminal_size=(80, 24))


def test_80x24_network_tab(snap_compare):
    assert snap_compare(BackpropApp(), press=[*BACK, "t"], terminal_size=(80, 24))


def test_200x60(snap_compare):
    assert snap_compare(BackpropApp(), press=DEEPER, terminal_size=(200, 60))


def test_too_small(snap_compare):
    assert snap_compare(BackpropApp(), terminal_size=(50, 15))


def test_help_screen(snap_compare):
    assert snap_compare(BackpropApp(), press=["question_mark"], terminal_size=SIZE)


def test_784_30_10(snap_compare):
    net = Network.from_sizes([784, 30, 10], seed=0)
    app = BackpropApp(net, [(np.linspace(0.0, 1.0, 784), np.eye(10)[3])])
    assert snap_compare(app, press=["right", "right", "right_square_bracket"],
                        terminal_size=SIZE)


# ------------------------------------------------------------------ lessons
def _lesson(lesson_id: str = "output-weight"):

    return next(le for le in shipped_lessons() if le.id == lesson_id)


def _lesson_app(tmp_path, lesson_id: str = "output-weight") -> BackpropApp:
    from backprop_tui.core.course.progress import ProgressStore

    return BackpropApp(lesson=_lesson(lesson_id), store=ProgressStore(tmp_path))


def _right_answer(lesson) -> str:
    """The first exercise's answer (a fresh store: the session starts there)."""
    from backprop_tui.core.course.exercise import resolve

    return f"{resolve(lesson, lesson.exercises[0]).value:.4g}"


def test_lesson_list(snap_compare, tmp_path):
    from backprop_tui.core.course.progress import ProgressStore

    app = BackpropApp(lessons=shipped_lessons(), store=ProgressStore(tmp_path))
    assert snap_compare(app, terminal_size=SIZE)


def test_lesson_exercise(snap_compare, tmp_path):
    assert snap_compare(_lesson_app(tmp_path), terminal_size=SIZE)


def test_lesson_wrong_answer(snap_compare, tmp_path):
    assert snap_compare(_lesson_app(tmp_path), press=["a", "0", ".", "5", "enter"],
                        terminal_size=SIZE)


def test_lesson_right_answer(snap_compare, tmp_path):
    app = _lesson_app(tmp_path)
    assert snap_compare(app, press=["a", *_right_answer(_lesson()), "enter"], terminal_size=SIZE)


def test_lesson_show_me(snap_compare, tmp_path):
    """Three wrong answers, then m: the answer shown on purpose, marked revealed (◐), not
    solved, with the explanation; what only this exercise held back comes back."""
    wrong = ["a", "0", ".", "5", "enter"] + ["0", ".", "5", "enter"] * 2
    assert snap_compare(_lesson_app(tmp_path), press=[*wrong, "escape", "m"],
                        terminal_size=SIZE)


def test_lesson_at_80x24(snap_compare, tmp_path):
    assert snap_compare(_lesson_app(tmp_path, "notation"), terminal_size=(80, 24))


# ------------------------------------------------------------------ a light theme
async def _light(pilot) -> None:
    pilot.app.theme = "textual-light"


def test_light_theme_tutor(snap_compare):
    """Every colour comes from the theme: on a light background the values, the focused edge
    (not white) and the headers stay legible."""
    assert snap_compare(BackpropApp(), press=[*DEEPER, "g"], terminal_size=SIZE, run_before=_light)


def test_light_theme_lesson(snap_compare, tmp_path):
    assert snap_compare(_lesson_app(tmp_path), press=["a", "0", ".", "5", "enter", "escape"],
                        terminal_size=SIZE, run_before=_light)

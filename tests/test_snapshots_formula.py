"""Snapshots of a formula exercise at 120×40 (lesson 06b, the error of one output node): the
field before a is pressed, the empty field, a formula being typed with its live 2-D preview, an
unknown symbol underlined with its reason, a wrong formula with the difference named, and the
solved exercise. Update with
``pytest tests/test_snapshots_formula.py --snapshot-update -n 0`` and look at each SVG."""

from __future__ import annotations

from formula_app_cases import PREVIEW, RIGHT, UNKNOWN, WRONG, lesson, store_at_exercise

from backprop_tui.tui.app import BackpropApp

SIZE = (120, 40)


def _app(tmp_path) -> BackpropApp:
    return BackpropApp(lesson=lesson(), store=store_at_exercise(tmp_path))


def test_formula_before_a(snap_compare, tmp_path):
    """The exercise as it opens, the keys on the tutor: the field says to press a first."""
    assert snap_compare(_app(tmp_path), terminal_size=SIZE)


def test_formula_empty(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path), press=["a"], terminal_size=SIZE)


def test_formula_live_preview(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path), press=["a", *PREVIEW], terminal_size=SIZE)


def test_formula_unknown_symbol(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path), press=["a", *UNKNOWN], terminal_size=SIZE)


def test_formula_diagnosed(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path), press=["a", *WRONG, "enter"], terminal_size=SIZE)


def test_formula_solved(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path), press=["a", *RIGHT, "enter"], terminal_size=SIZE)

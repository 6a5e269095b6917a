"""Reading answers without evaluating them, and progress that survives restarts and corruption."""

from __future__ import annotations

import json

import pytest

from backprop_tui.core.course.answers import AnswerError, parse_choice, parse_number, parse_order
from backprop_tui.core.course.progress import ProgressStore


@pytest.mark.parametrize(
    ("text", "value"),
    [("0.25", 0.25), (".5", 0.5), ("-1.5e-3", -1.5e-3), ("−0.2", -0.2), ("1/3", 1 / 3),
     ("-2/5", -0.4), (" 3 ", 3.0), ("2×10^-3", 2e-3), ("+4", 4.0), ("1E2", 100.0)],
)
def test_numbers_in_every_accepted_form(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "abc", "__import__('os')", "1/0", "2**3", "1e999", "nan", "0.1.2"])
def test_anything_else_is_refused_with_a_message_and_never_evaluated(text):
    with pytest.raises(AnswerError) as info:
        parse_number(text)
    assert str(info.value)


def test_choices_and_orders():
    assert parse_choice("2", 3) == 1
    with pytest.raises(AnswerError):
        parse_choice("4", 3)
    assert parse_order("3 1 2", 3) == (2, 0, 1)
    assert parse_order("3,1,2", 3) == (2, 0, 1)
    assert parse_order("312", 3) == (2, 0, 1)
    with pytest.raises(AnswerError):
        parse_order("1 1 2", 3)


def test_progress_survives_a_restart(tmp_path):
    store = ProgressStore(tmp_path)
    ex = store.lesson("notation").exercise("first")
    ex.solved, ex.attempts, ex.hints = True, 2, 1
    store.lesson("notation").current = 1
    store.save()
    again = ProgressStore(tmp_path)
    assert again.lesson("notation").exercise("first").solved
    assert again.lesson("notation").current == 1
    assert again.status("notation", 3) == "1/3"
    assert again.notice is None


@pytest.mark.parametrize("content", ["{not json", json.dumps({"version": 99}), json.dumps([1, 2])])
def test_a_corrupt_progress_file_is_kept_aside_not_overwritten(tmp_path, content):
    (tmp_path / "progress.json").write_text(content)
    store = ProgressStore(tmp_path)
    assert store.lessons == {}
    aside = tmp_path / "progress.json.corrupt"
    assert aside.read_text() == content
    assert store.notice and str(aside) in store.notice
    store.lesson("x").current = 1
    store.save()
    assert aside.read_text() == content  # the saved copy is untouched
    (tmp_path / "progress.json").write_text(content)
    ProgressStore(tmp_path)
    assert (tmp_path / "progress.json.corrupt-2").read_text() == content


def test_reset_one_lesson_or_all(tmp_path):
    store = ProgressStore(tmp_path)
    store.lesson("a").current = 1
    store.lesson("b").current = 2
    store.save()
    store.reset("a")
    assert set(ProgressStore(tmp_path).lessons) == {"b"}
    store.reset()
    assert ProgressStore(tmp_path).lessons == {}
    assert not list(tmp_path.glob(".progress-*"))  # no temporary files left behind

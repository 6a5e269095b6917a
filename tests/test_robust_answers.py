"""The answers of issue 13 that used to stop the app: each is now "can't read that"."""

from __future__ import annotations

import pytest

from backprop_tui.core.course.answers import (
    MAX_ANSWER_CHARS,
    AnswerError,
    parse_choice,
    parse_number,
    parse_order,
)

ODD = ["1x10^400", "1×10^(400)", "1e400", "-1e99999", "²", "①", "１２", "٣", "1" * 4301,
       "1" * 8000 + "a", "1" * 16_000, "10^400", "1x10^", "1x10^(3", "\x1b[2J\x1b]52;c;aGk=\x07",
       "1/1e-400", "nan", "inf", "0x10", "1_000", "1e", ".e1", "+"]


@pytest.mark.parametrize("text", ODD, ids=lambda t: repr(t[:12]))
def test_odd_numbers_get_the_cant_read_message(text):
    with pytest.raises(AnswerError) as info:
        parse_number(text)
    message = str(info.value)
    assert "can read" in message or "characters long" in message or "divides by zero" in message
    assert "\x1b" not in message and len(message) < 200  # quoted back escaped and short


@pytest.mark.parametrize("text", ["²", "①", "１", "٣", "1" * 4301, "1" * 8000 + "a", "0", "4"],
                         ids=lambda t: repr(t[:12]))
def test_odd_choices_are_refused(text):
    with pytest.raises(AnswerError, match="number of an option"):
        parse_choice(text, 3)


@pytest.mark.parametrize("text", ["²13", "3 ① 2", "３12", "1" * 4301, "3 1 2 " * 2000, "3 1"],
                         ids=lambda t: repr(t[:12]))
def test_odd_orders_are_refused(text):
    with pytest.raises(AnswerError, match="numbers 1 to 3"):
        parse_order(text, 3)


def test_length_is_bounded_before_anything_is_parsed():
    with pytest.raises(AnswerError, match=f"at most {MAX_ANSWER_CHARS}"):
        parse_number("1" * (MAX_ANSWER_CHARS + 1))
    assert parse_number(" " + "0" * (MAX_ANSWER_CHARS - 5) + "1 ") == 1.0


@pytest.mark.parametrize(("text", "value"), [("2×10^-3", 2e-3), ("2 x 10^(3)", 2e3),
                                             ("1.5e2*10^-2", 1.5), ("1e-300×10^-10", 1e-310),
                                             ("3e-2/2", 0.015), ("1.", 1.0), ("−.5", -0.5)])
def test_what_was_read_before_still_is(text, value):
    assert parse_number(text) == pytest.approx(value)

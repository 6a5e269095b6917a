"""Hypothesis strings through every answer parser: an AnswerError or a value, nothing else.

An audit hook proves that nothing is evaluated (no ``exec``, ``eval`` or ``compile`` while a
parser runs). Under ``make fuzz`` (20,000 strings) each call must also take under 50 ms.
"""

from __future__ import annotations

import contextlib
import math
import sys
import time

from fuzzing import FULL, count
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backprop_tui.core.course.answers import (
    MAX_ANSWER_CHARS,
    AnswerError,
    parse_choice,
    parse_number,
    parse_order,
)

_EVALUATING = {"exec", "compile", "code.__new__", "function.__new__"}
_seen: list[str] = []
_watching = False


def _hook(event: str, args: tuple) -> None:
    if _watching and event in _EVALUATING:
        _seen.append(event)


sys.addaudithook(_hook)

#: Characters an answer is made of, the look-alikes that fooled str.isdigit, and controls.
ALPHABET = "0123456789.eE+-−–/×xX*^() ,;²³①１２٣\u00a0\t\n\x1b[]"
answers = st.one_of(
    st.text(alphabet=ALPHABET, max_size=60),
    st.text(max_size=300),
    st.builds(lambda d, tail: d * 50 + tail, st.sampled_from("19."), st.text(ALPHABET, max_size=3)),
)


def _call(parse, *args) -> float:
    """Run one parser watched by the audit hook; its duration in seconds."""
    global _watching
    start = time.perf_counter()
    _watching = True
    try:
        parse(*args)
    except AnswerError as e:
        assert str(e)  # every refusal says what would be read
    finally:
        _watching = False
    return time.perf_counter() - start


def _slowest(text: str, n: int) -> float:
    return max(_call(parse_number, text), _call(parse_choice, text, n), _call(parse_order, text, n))


@settings(max_examples=count(20_000, 200), deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(answers, st.integers(1, 9))
def test_every_parser_reads_or_refuses_without_evaluating(text, n):
    slowest = _slowest(text, n)
    assert not _seen, f"evaluated while parsing {text!r}: {_seen}"
    if FULL and slowest >= 0.05:  # a busy machine can stall any call once: a slow parser is
        slowest = min(slowest, *(_slowest(text, n) for _ in range(3)))  # slow every time
        assert slowest < 0.05, f"{slowest * 1000:.1f} ms for {text[:40]!r}"
    with contextlib.suppress(AnswerError):
        assert math.isfinite(parse_number(text))


def test_long_pastes_are_refused_by_length():
    for text in ("1" * 8000 + "a", "1" * 16_000, "1" * (MAX_ANSWER_CHARS + 1)):
        for parse, args in ((parse_number, ()), (parse_choice, (3,)), (parse_order, (3,))):
            _call(parse, text, *args)
    assert not _seen


def test_the_audit_hook_sees_an_evaluation():
    """The hook is not vacuous: an eval while watching is recorded."""
    _call(eval, "1 + 1")
    assert _seen == ["exec"] or "compile" in _seen
    _seen.clear()

"""No unsolved answer on screen (issue 9, section 1), read from the screen's own text.

Every shipped lesson, in both flows (each exercise solved in order, each skipped), at 120x40:
at each exercise one short walk (to the backward pass, then paths, gradient check, update,
notation, and v: the node itself), the screen read after each key: 1,717 screens (~6 s per
lesson and flow here, on a loaded 2-core machine). The full scan (every key the help
lists alone, longer walks, 80x24 too: 2,630 screens for lesson 2 alone) is ``make lesson-scan``.
"""

from __future__ import annotations

import pytest
from helpers import shipped_lessons
from leak_scan import SAMPLE_SKIP, SAMPLE_SOLVE, Scan, leaks, printed_numbers, scan_lesson

LESSONS = shipped_lessons()


def test_a_number_leaks_an_answer_as_printed_or_rounded_to_its_own_decimals():
    assert printed_numbers("z = 0.4 · (−0.1189) + 3×10⁻⁴ step 2/17") == {
        "0.4", "0.1189", "3×10⁻⁴", "2", "17"}
    assert leaks("0.4", 0.4) and leaks("0.1189", -0.118912) and leaks("0.12", 0.118912)
    assert leaks("3×10⁻⁴", 0.0003) and leaks("3.01×10⁻⁴", 0.000301) and not leaks("3×10⁻⁴", 4e-4)
    assert not leaks("0.5", 0.4713)  # one significant digit: any answer near it would "leak"
    assert not leaks("0.1188", 0.118912) and not leaks("2", 2.1)
    assert leaks("2", 2.0004)  # the app prints 2.0004 as 2


# make test walks one lesson in each flow; make test-all (CI) walks every lesson in both
FAST = {"solve": ("output-weight",), "skip": ("biases-and-delta",)}
CASES = [pytest.param(lesson, flow, id=f"{lesson.id}-{flow}",
                      marks=() if lesson.id in FAST[flow] else pytest.mark.slow)
         for lesson in LESSONS for flow in ("solve", "skip")]


@pytest.mark.parametrize(("lesson", "flow"), CASES)
async def test_no_unsolved_answer_is_on_screen_after_any_key(lesson, flow):
    scan, walk = Scan(), SAMPLE_SOLVE if flow == "solve" else SAMPLE_SKIP
    await scan_lesson(lesson, flow, (walk,), (120, 40), scan)
    assert scan.screens >= len(lesson.exercises) * (len(walk) + 1)
    assert not scan.findings, "\n".join(sorted(map(str, scan.findings)))

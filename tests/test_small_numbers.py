"""Issue 9 §2: a small number is readable everywhere it is shown. Lesson 10's δ of 3×10⁻⁴ is
the point of the lesson: no panel writes it (or any small non-zero value) as 0.000."""

from __future__ import annotations

import re

import numpy as np
import pytest
from helpers import read_number

from backprop_tui.core.course.lesson import load_lesson, shipped_lessons_dir
from backprop_tui.core.formulas.chain import expand
from backprop_tui.core.formulas.notation import CONVENTIONS, format_number
from backprop_tui.core.formulas.shown import printed
from backprop_tui.tui.app import BackpropApp
from backprop_tui.tui.chain_text import ChainText
from backprop_tui.tui.focus import Focus
from backprop_tui.tui.netdraw import compact
from backprop_tui.tui.widgets.chain_panel import ChainPanel
from backprop_tui.tui.widgets.network_view import NetworkView
from backprop_tui.tui.widgets.notation_panel import NotationPanel
from backprop_tui.tui.widgets.status_bar import StatusBar

#: A zero written with decimals: "0.000", "−0.00" (not 0.0003 or 10.000).
ZERO = re.compile(r"(?<![\d.])[−-]?0\.0+(?![\d×e])")


def vanishing():
    lesson = load_lesson(next(shipped_lessons_dir().glob("10-*.toml")))
    x, y = lesson.network_file.samples[0]
    return lesson.network, x, y


@pytest.mark.parametrize("style", ["unicode", "plain", "latex"])
def test_the_tutors_numbers_keep_four_significant_digits_however_small(style):
    for v in (3.0302e-4, -6.07e-5, 1.234e-9, 0.004567):
        text = format_number(v, style)
        assert not ZERO.search(text), text
        assert printed(v) == pytest.approx(v, rel=5e-4)  # 4 digits, read back
    assert format_number(3.0302e-4) == "3.03×10⁻⁴"
    assert format_number(3.0302e-4, "plain") == "3.03e-04"


def test_the_network_views_six_cells_keep_small_values_readable():
    for v in np.concatenate([np.geomspace(1e-12, 0.1, 60), -np.geomspace(1e-12, 0.1, 60)]):
        text = compact(float(v))
        assert len(text) <= 6 and not ZERO.search(text), (v, text)
        assert read_number(text) == pytest.approx(v, rel=0.5), (v, text)  # its first digit, at least
        if 0.001 <= v < 0.01:  # room for two significant digits: 0.0012, not 0.001
            assert read_number(text) == pytest.approx(v, rel=0.05), (v, text)


@pytest.mark.parametrize("convention", CONVENTIONS)
def test_the_chain_panel_writes_lesson_10s_vanishing_delta(convention):
    net, x, y = vanishing()
    t = net.trace(x, y)
    step = next(s for s in t.steps if s.equation == "BP2" and s.layer == 1)
    assert abs(t.delta(1)[0]) < 1e-3  # the lesson's point: tiny, but not zero
    ex = expand(t, "w", 1, 0, 0)
    lines = ChainText(step, Focus(1, 0, 0, "w"), convention, "chain", ex, None).lines(120)
    text = "\n".join("".join(run for run, _ in line) for line in lines)
    assert format_number(t.delta(1)[0]) in text and "×10⁻⁴" in text
    assert not ZERO.search(text), text


async def test_no_panel_writes_a_small_value_as_zero():
    """Every step of lesson 10's network, every panel, at the bottom layer's node (δ ~ 10⁻⁴)."""
    net, x, y = vanishing()
    app = BackpropApp(net, [(x, y)])
    seen_small = False
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.tutor.apply(app.state.with_focus(Focus(1, 0, 0, "w")))
        for _ in range(len(app.state.trace.steps) + 1):
            await pilot.pause()
            for widget in (NetworkView, ChainPanel, NotationPanel, StatusBar):
                w = app.query_one(widget)
                text = "\n".join(w.render_line(row).text for row in range(w.size.height))
                assert not ZERO.search(text), (widget.__name__, text)
                seen_small = seen_small or "×10⁻⁴" in text
            await pilot.press("right")
    assert seen_small

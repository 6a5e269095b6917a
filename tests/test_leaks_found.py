"""Three leaks a learner with a calculator found that the screen-text scan missed (issue 9 §1),
each read from the shipped lesson's screen: A, step −1 (the first forward step's result);
B, ``u`` showing the updated weights, from which every gradient follows; C, the chain panel
writing out the factor order an ``order`` exercise asks for."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from helpers import record_notifications, shipped_lessons
from leak_match import equation_results, leaks, printed_numbers
from leak_scan import Scan, pinned_answers, pinned_leaks, scan_lesson, screen_text, solve
from rich.style import Style

from backprop_tui.core.course.exercise import resolve
from backprop_tui.core.course.progress import ProgressStore
from backprop_tui.core.formulas import notation
from backprop_tui.core.formulas.expr import Eq, Mul, Partial, Sym
from backprop_tui.core.formulas.style import format_number
from backprop_tui.tui.app import BackpropApp
from backprop_tui.tui.widgets.chain_panel import ChainPanel
from backprop_tui.tui.widgets.key_bar import KeyBar

LESSONS = {lesson.id: lesson for lesson in shipped_lessons()}
SIZES = ((120, 40), (80, 24))


def open_app(lesson_id: str, folder: str) -> BackpropApp:
    return BackpropApp(lesson=LESSONS[lesson_id], store=ProgressStore(Path(folder)))


async def screens(app: BackpropApp, pilot, narrow: bool) -> list[str]:
    """The screen's text, and at 80x24 the text of each panel in turn (t shows the next)."""
    out = [screen_text(app)]
    if narrow:
        for _ in range(len(app.tutor.tabs) - 1):
            await pilot.press("t")
            await pilot.pause()
            out.append(screen_text(app))
    return out


# ------------------------------------------------------------------ A. step −1
def test_an_answer_equal_to_a_given_number_is_found_where_it_is_the_answer():
    line = "│   z²₁ = 0.4·1 + (−0.2)·0.5 + 0.1 = 0.4        │ w²₁₁ = 0.4"
    assert equation_results(line, "z²₁") == ["0.4"]
    assert equation_results("│ zˡⱼ   z²₁ = 0.400      the weighted input", "z²₁") == ["0.400"]
    assert equation_results("  z²₁ = 0.4·1 + (−0.2)·0.5 + 0.1 = ?", "z²₁") == []
    assert equation_results("w²₁₁ = 0.4   a¹₁ → z²₁", "z²₁") == []  # the caption names z²₁
    assert equation_results("z²₁₂ = 0.4, ∂C/∂z²₁ = 0.4", "z²₁") == []  # other quantities
    assert leaks("0.400", 0.4, pinned=True) and not leaks("0.400", 0.4)
    # forward-pass ex 1's z²₁ = 0.4 is also w²₁₁: only the pinned rule looks for it
    pins = pinned_answers(LESSONS["forward-pass"])
    assert set(pins) >= {"z-hidden-1"} and pins["z-hidden-1"].node == (1, 0)
    assert {"z²₁", "z₀⁽ᴸ⁻¹⁾", "z₁⁽²⁾"} <= pins["z-hidden-1"].symbols


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_first_forward_step_shows_its_operands_but_not_the_answer_it_computes(size):
    """forward-pass ex 1 asks for z²₁, computed at step 0: the chain panel shows the equation
    with its operands and a "?" for the result, the network view "?" at the node, the notation
    panel z²₁ = ?; → says why it doesn't move; once solved, the result shows. (On main the
    step showed ``= 0.4`` and the node 0.400.)"""
    pin = pinned_answers(LESSONS["forward-pass"])["z-hidden-1"]
    with tempfile.TemporaryDirectory() as folder:
        app = open_app("forward-pass", folder)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            assert app.tutor.state.step_index == 0 and app.tutor.state.held
            texts = await screens(app, pilot, narrow=size[0] < 100)
            joined = "\n".join(texts)
            assert "0.4·1 + (−0.2)·0.5 + 0.1 = ?" in joined  # the operands, no result
            if size[0] < 100:  # the notation panel (at 120x40 the lesson panel takes its place)
                assert "z²₁ = ?" in joined
            for text in texts:
                assert not pinned_leaks(app, text, pin), text
            await pilot.press("right")
            await pilot.pause()
            assert app.tutor.state.step_index == 0
            assert any("exercise 1" in n.message for n in app._notifications)
            await pilot.press("a")
            app.query_one("#lesson-answer").insert_text_at_cursor("0.4")
            await pilot.press("enter")
            await pilot.pause()
            assert app.tutor.session.solved and not app.tutor.state.held
            texts = await screens(app, pilot, narrow=size[0] < 100)
            assert "0.4·1 + (−0.2)·0.5 + 0.1 = 0.4" in "\n".join(texts)


async def test_the_scan_finds_no_answer_equal_to_a_given_in_the_forward_pass_lesson():
    scan = Scan()
    await scan_lesson(LESSONS["forward-pass"], "skip", (("right", "t", "n", "n"),), (80, 24),
                      scan)
    assert scan.screens >= len(LESSONS["forward-pass"].exercises) * 5
    assert not scan.findings, "\n".join(sorted(map(str, scan.findings)))


# ------------------------------------------------------------------ B. u and the gradients
def updated_numbers(lesson_id: str) -> set[str]:
    """Every parameter of the lesson's network after the app's update (all samples, η = 0.5)
    as printed, where the update changed it."""
    nf = LESSONS[lesson_id].network_file
    new = nf.network.update(nf.X, nf.Y, 0.5)
    out = set()
    for before, after in zip((*nf.network.weights, *nf.network.biases),
                             (*new.weights, *new.biases), strict=True):
        out |= {format_number(abs(float(b))) for a, b in zip(before.ravel(), after.ravel(),
                                                              strict=True) if a != b}
    return out


@pytest.mark.parametrize(("lesson_id", "skips", "number"), [
    ("output-weight", 0, "0.3405"),  # w₁₂⁽ᴸ⁾ after u: (−0.4 + 0.3405)/0.5 is ex 4's answer
    ("biases-and-delta", 5, "0.1084"),  # b₁⁽¹⁾ after u: (0.1 − 0.1084)/0.5 is ex 6's
])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_u_is_held_back_while_a_gradient_exercise_is_unsolved(lesson_id, skips, number,
                                                                   size):
    """On main u showed the updated weights, from which each gradient follows; now u leaves
    the key bar, says why, and the screen keeps the lesson's own parameters."""
    updated = updated_numbers(lesson_id)
    assert number in updated
    with tempfile.TemporaryDirectory() as folder:
        app = open_app(lesson_id, folder)
        notes = record_notifications(app)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            for _ in range(skips):
                await pilot.press("e")
            await pilot.pause()
            assert app.query_one(KeyBar).position_of("update") is None
            await pilot.press("u")
            await pilot.pause()
            assert any(n.startswith("The gradient-descent update would show the answer to "
                                    "exercise") for n in notes), notes
            assert app.tutor.state.last_update is None
            for text in await screens(app, pilot, narrow=size[0] < 100):
                assert not printed_numbers(text) & updated, text


async def test_where_a_lesson_allows_u_it_updates_and_the_next_exercise_says_it_undid_it():
    """gradient-descent ex 6 comes after its gradient exercises: u works there; moving to
    another exercise brings back the lesson's own network, and the screen says so."""
    lesson = LESSONS["gradient-descent"]
    with tempfile.TemporaryDirectory() as folder:
        app = open_app("gradient-descent", folder)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            for _ in lesson.exercises[:-1]:
                await solve(app, pilot)
                await pilot.press("e")
                await pilot.pause()
            assert app.tutor.session.index == len(lesson.exercises) - 1
            assert app.query_one(KeyBar).position_of("update") is not None
            await pilot.press("u")
            await pilot.pause()
            assert app.tutor.state.network is not lesson.network_file.network
            assert "after an update" in screen_text(app)
            assert printed_numbers(screen_text(app)) & updated_numbers("gradient-descent")
            await pilot.press("r")
            await pilot.pause()
            assert app.tutor.state.network is lesson.network_file.network
            text = screen_text(app)
            assert "after an update" not in text
            assert any("back to the lesson's own weights" in n.message
                       for n in app._notifications)


# ------------------------------------------------------------------ C. order exercises
def in_order(line: str, parts: list[str]) -> bool:
    """Whether ``line`` holds each of ``parts``, one after the other."""
    at = 0
    for part in parts:
        at = line.find(part, at)
        if at < 0:
            return False
        at += len(part)
    return True


def writes_order(text: str, factors, convention: str, depth: int) -> bool:
    """Whether ``text`` writes ``factors`` (their true order) in that order: on one line
    (∂C₀/∂a ∂a/∂z ∂z/∂w), or stacked, their tops in order on a line and their bottoms in order
    on one of the two below it."""
    def show(expr) -> str:
        return notation.render(expr, convention, "unicode", depth=depth)

    inline = [show(f.symbol) for f in factors]
    tops = [f"∂{show(f.symbol.num)}" for f in factors]
    bottoms = [f"∂{show(f.symbol.den)}" for f in factors]
    lines = text.splitlines()
    return any(in_order(line, inline) or (in_order(line, tops) and any(
        in_order(below, bottoms) for below in lines[i + 1:i + 3])) for i, line in enumerate(lines))


def chain_panel_text(app: BackpropApp) -> str:
    """Every row of the chain panel, shown or below the fold (pgdn reaches those)."""
    panel = app.tutor.query_one(ChainPanel)
    width = panel.size.width or 60
    return "\n".join(s.text for s in panel.content(width, panel.size.height or 20, Style()))


def true_order(lesson_id: str, exercise_id: str) -> list:
    lesson = LESSONS[lesson_id]
    res = resolve(lesson, next(e for e in lesson.exercises if e.id == exercise_id))
    return [res.factors[res.order.index(p)] for p in range(len(res.factors))]


ORDER_CASES = [("output-weight", "order-factors"), ("deeper-weight", "order-deep-factors")]


def test_the_order_detector_finds_the_chain_line_the_tutor_writes_in_every_notation():
    factors = true_order("output-weight", "order-factors")
    depth = LESSONS["output-weight"].network.depth
    for convention in notation.CONVENTIONS:
        chain = Eq(Partial(Sym("C"), Sym("w", depth, (0, 1))), (Mul(tuple(f.symbol
                                                                        for f in factors)),))
        for width in (30, 60, 200):
            text = notation.render(chain, convention, "unicode", depth=depth, width=width)
            assert writes_order(text, factors, convention, depth), (convention, text)
        assert not writes_order(text, factors[::-1], convention, depth)


@pytest.mark.parametrize(("lesson_id", "exercise_id"), ORDER_CASES)
@pytest.mark.parametrize("flow", ["solve", "skip"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_chain_panel_does_not_write_the_factor_order_an_order_exercise_asks_for(
        lesson_id, exercise_id, flow, size):
    """On main "Chain rule for w…" wrote the factors in order on every screen; now, while the
    order exercise is unsolved (at it, and at the exercises before it), in every notation and at
    both sizes, on the chain rule's steps too, no line does; once it is solved the line is back."""
    lesson, factors = LESSONS[lesson_id], true_order(lesson_id, exercise_id)
    depth = lesson.network.depth
    index = next(i for i, e in enumerate(lesson.exercises) if e.id == exercise_id)
    with tempfile.TemporaryDirectory() as folder:
        app = open_app(lesson_id, folder)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            for _ in range(index + 1):
                for _convention in notation.CONVENTIONS:
                    for key in (None, "home", "end", "left"):
                        if key is not None:
                            await pilot.press(key)
                            await pilot.pause()
                        state = app.tutor.state  # the focused parameter's chain, and the asked
                        shown_factors = list(state.expansion.factors)
                        texts = [*await screens(app, pilot, narrow=size[0] < 100),
                                 chain_panel_text(app)]
                        for text in texts:
                            for ordered in (factors, shown_factors):
                                assert not writes_order(text, ordered, state.convention,
                                                        depth), text
                    await pilot.press("n")
                if app.tutor.session.index < index:
                    if flow == "solve":
                        await solve(app, pilot)
                    await pilot.press("e")
                    await pilot.pause()
            assert app.tutor.session.exercise.id == exercise_id
            app.tutor.enter_exercise()  # its own focus, whose chain rule it asks about
            await solve(app, pilot)
            await pilot.pause()
            convention = app.tutor.state.convention
            assert writes_order(chain_panel_text(app), factors, convention, depth)

"""Each shipped exercise opens on the thing it asks about (issue 9, section 2): the focus, the
network view's focus line and the chain panel's heading name the weight, bias or node its
quantity is at, or that its prompt names; after a right ``navigate`` answer the focus stays
where the learner put it."""

from __future__ import annotations

import re

import pytest
from helpers import shipped_lessons
from leak_scan import typed_answer
from test_lesson_app import answer

from backprop_tui.core.course.lesson import Exercise, Lesson
from backprop_tui.core.course.progress import ProgressStore
from backprop_tui.tui import present
from backprop_tui.tui.app import BackpropApp
from backprop_tui.tui.focus import Focus
from backprop_tui.tui.lesson_session import focus_on_target
from backprop_tui.tui.widgets.network_view import NetworkView

LESSONS = shipped_lessons()
SIZE = (120, 40)
WEIGHT_QUANTITIES = ("dC/dw", "w", "w-updated", "nudge", "dz/dw")
BIAS_QUANTITIES = ("dC/db", "b", "b-updated")
#: Choice exercises about reading a symbol: with the focus on the weight they name, the
#: notation panel would print the answer (which layer its k is in), so they open elsewhere.
READING = {("notation", "which-k")}


def named_weights(lesson: Lesson, ex: Exercise) -> set[tuple[int, int, int]]:
    """The weights w_jk of the lesson's network whose symbol the prompt names."""
    net, text = lesson.network, ex.prompt
    found = set()
    for l in range(1, net.depth + 1):
        for j in range(net.sizes[l]):
            for k in range(net.sizes[l - 1]):
                sym = present.symbol("w", lesson.notation, depth=net.depth, layer=l, idx=(j, k))
                if re.search(re.escape(sym) + r"(?![₀-₉⁰-⁹])", text):
                    found.add((l, j, k))
    return found


def wanted(lesson: Lesson, ex: Exercise) -> tuple[str, tuple] | None:
    """What the opened view must focus for ``ex``: ("w", (l, j, k)), ("b", (l, j)),
    ("node", (l, j)) (a weight, bias or the node itself may be focused), or None."""
    p = ex.place
    if ex.kind in ("numeric", "order", "formula") and p.layer is not None and p.node is not None:
        if ex.quantity in WEIGHT_QUANTITIES and p.source is not None:
            return "w", (p.layer, p.node, p.source)
        if ex.quantity in BIAS_QUANTITIES:
            return "b", (p.layer, p.node)
        if ex.quantity not in WEIGHT_QUANTITIES:
            return "node", (p.layer, p.node)
    if (ex.kind == "choice" and (lesson.id, ex.id) not in READING
            and len(weights := named_weights(lesson, ex)) == 1):
        return "w", weights.pop()
    return None


def on_it(focus: Focus, want: tuple[str, tuple]) -> bool:
    kind, where = want
    if kind == "w":
        return (focus.layer, focus.node, focus.source, focus.kind) == (*where, "w")
    if kind == "b":
        return (focus.layer, focus.node, focus.kind) == (*where, "b")
    return (focus.layer, focus.node) == where


CASES = [(lesson, ex) for lesson in LESSONS for ex in lesson.exercises if wanted(lesson, ex)]


def test_the_cases_cover_every_lesson_that_names_a_place():
    assert len(CASES) >= 50
    assert {lesson.id for lesson, _ in CASES} >= {"output-weight", "deeper-weight",
                                                   "biases-and-delta", "three-notations"}


@pytest.mark.parametrize("flow", ["solve", "skip"])
async def test_every_exercise_opens_on_what_it_asks_about(flow, tmp_path):
    """Every shipped lesson, each exercise reached by solving (or skipping) the ones before: the
    focus, the network's focus line and the chain panel's heading are on its weight or node."""
    wrong = []
    for n, lesson in enumerate(LESSONS):
        app = BackpropApp(lesson=lesson, store=ProgressStore(tmp_path / f"{flow}-{n}"))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            for ex in lesson.exercises:
                want = wanted(lesson, ex)
                state = app.state
                if want is not None and not on_it(state.focus, want):
                    wrong.append(f"{lesson.id}/{ex.id}: {state.focus}, wanted {want}")
                elif want is not None and want[0] != "node":
                    kind, where = want
                    sym = present.symbol(kind, lesson.notation, depth=lesson.network.depth,
                                         layer=where[0], idx=where[1:])
                    caption = app.tutor.query_one(NetworkView).caption()
                    if not caption.startswith(f"{sym} = "):
                        wrong.append(f"{lesson.id}/{ex.id}: focus line {caption!r}, not {sym}")
                if flow == "solve":
                    if ex.kind == "navigate":
                        app.tutor.apply(state.with_focus(focus_on_target(ex.target, state.focus)))
                        await pilot.press("enter")
                    else:
                        await answer(pilot, typed_answer(app))
                await pilot.press("e")
    assert not wrong, "\n".join(wrong)

"""The screen-text scan of issue 9, section 1: no unsolved answer on screen, after any key.

For a shipped lesson, in one of two flows (``solve``: each exercise answered in order;
``skip``: each one skipped with ``e``), the scan opens the lesson in the app, and at each
exercise presses the keys the help lists (steps, Home/End, nodes, weights, layers, w/b, paths,
gradient check, update, each notation, next panel, the help screen itself) and reads the text of
the whole screen after every key. A number on screen *leaks* an unsolved answer when it is the
answer as the app prints it (``format_number``, sign aside), or the answer rounded to that
number's own decimals when it shows at least two significant digits. An answer equal to a
number the learner is given (a weight, a bias, an input, a target) would be found wherever that
number is shown, by design, so it is looked for only where it would be the answer itself
(:func:`pinned_leaks`): as the result of an equation whose left side is the answer's quantity
(``z²₁ = 0.4·1 + (−0.2)·0.5 + 0.1 = 0.4``, ``z²₁ = 0.400``), in any notation, and at the
answer's own node in the network view; there it leaks at any number of significant digits.

This reads the screen, never the reveal tables, so it catches what the tables miss. The fast
test (tests/test_no_leak.py) runs a sample of the keys; ``make lesson-scan`` runs them all::

    .venv/bin/python tests/leak_scan.py [lesson-id ...]
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from leak_match import Pinned, leaks, pinned_leaks, printed_numbers, quantity_expr

from backprop_tui.core.course.exercise import resolve
from backprop_tui.core.course.lesson import Lesson, load_lessons
from backprop_tui.core.course.progress import ProgressStore
from backprop_tui.core.formulas import notation
from backprop_tui.core.formulas.style import format_number
from backprop_tui.tui.app import BackpropApp
from backprop_tui.tui.focus import Focus
from backprop_tui.tui.state import TutorState

__all__ = ["leaks", "printed_numbers"]  # the number rules, for tests/test_no_leak.py


#: Every key the help lists that moves or shows something (the lesson's own keys aside).
SINGLE_KEYS = ("right", "left", "home", "end", "up", "down", "left_square_bracket",
               "right_square_bracket", "less_than_sign", "greater_than_sign", "b", "v", "n",
               "p", "g", "u", "t", "pagedown", "pageup", "question_mark")
#: Longer walks, each from the exercise's own screen.
SEQUENCES = (("right",) * 30, ("end",) + ("right",) * 20, ("end", "p"), ("end", "g"),
             ("end", "u"), ("end", "b", "p"), ("end", "less_than_sign", "p"),
             ("end", "n", "n"), ("u", "end", "right", "right"), ("t", "t", "t"),
             ("v", "right", "right", "right"), ("end", "v", "less_than_sign"))
#: The fast test's walks (tests/test_no_leak.py), one per exercise: to the backward pass and
#: on, then every key that shows a number of its own (paths, gradient check, update, notation).
SAMPLE_SOLVE = ("end", "right", "right", "p", "g", "u", "n", "v")
#: ... and with every exercise skipped, the keys that would show most.
SAMPLE_SKIP = ("end", "p", "g", "u", "v")

def screen_text(app: BackpropApp) -> str:
    """The text of every line the screen shows now (notifications and the help included)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def givens(lesson: Lesson) -> set[str]:
    """What the learner is given, as printed: weights, biases, inputs, targets."""
    nf, out = lesson.network_file, set()
    for array in (*nf.network.weights, *nf.network.biases, *(v for s in nf.samples for v in s)):
        out |= {format_number(abs(float(v))) for v in array.ravel()}
    return out


@dataclass(frozen=True)
class Finding:
    lesson: str
    exercise: str  # the exercise in hand
    unsolved: str  # the exercise whose answer shows
    number: str
    keys: str

    def __str__(self) -> str:
        return " | ".join((self.lesson, self.exercise, self.unsolved, self.number, self.keys))


@dataclass
class Scan:
    findings: set[Finding] = field(default_factory=set)
    screens: int = 0


#: Answers that are on every screen as node numbers and constants ("node 0", "1 −"), so they
#: can't be looked for (ReLU′ of a negative z is 0: the exercise asks why, not for digits).
TRIVIAL = (0.0, 1.0)


def answers(lesson: Lesson) -> dict[str, float]:
    """The numeric exercises' answers, except those the learner is given and the trivial ones."""
    given = givens(lesson)
    out = {}
    for ex in lesson.exercises:
        if ex.kind == "numeric":
            value = resolve(lesson, ex).value
            if abs(value) in TRIVIAL:
                continue
            if format_number(abs(value)) not in given:
                out[ex.id] = value
    return out


def pinned_answers(lesson: Lesson) -> dict[str, Pinned]:
    """The numeric answers :func:`answers` leaves out because a given number equals them."""
    given, out = givens(lesson), {}
    net = lesson.network
    for ex in lesson.exercises:
        if ex.kind != "numeric" or ex.average:
            continue
        value = resolve(lesson, ex).value
        expr = quantity_expr(ex)
        if abs(value) in TRIVIAL or format_number(abs(value)) not in given or expr is None:
            continue
        symbols = frozenset(notation.render(expr, conv, "unicode", depth=net.depth,
                                            plain_output=net.plain_output)
                            for conv in notation.CONVENTIONS)
        node = (ex.place.layer, ex.place.node) if ex.quantity in ("z", "a", "delta") else None
        out[ex.id] = Pinned(value, symbols, node)
    return out


def typed_answer(app: BackpropApp) -> str:
    session = app.tutor.session
    ex, res = session.exercise, session.resolved
    if ex.kind == "numeric":
        return f"{res.value:.6g}"
    if ex.kind == "choice":
        return str(ex.correct + 1)
    if ex.kind == "formula":  # the lesson's own key, which check verified against the core
        return ex.formula
    return " ".join(str(res.order.index(i) + 1) for i in range(len(res.factors)))


async def solve(app: BackpropApp, pilot) -> None:
    """Answer the exercise in hand with the core's answer (a navigate one: move the focus)."""
    tutor = app.tutor
    ex = tutor.session.exercise
    if ex.kind == "navigate":
        t, state = ex.target, tutor.state
        if t.step == "backward":
            state = state.backward_start()
        elif t.step == "start":
            state = state.forward_start()
        f = state.focus
        if t.layer == 0:
            focus = Focus(1, f.node, t.node, "w")
        else:
            focus = Focus(t.layer or f.layer, f.node if t.node is None else t.node,
                          f.source if t.source is None else t.source, t.kind or f.kind)
        tutor.apply(state.with_focus(focus))
        await pilot.press("enter")
    else:
        await pilot.press("a")
        app.query_one("#lesson-answer").insert_text_at_cursor(typed_answer(app))
        await pilot.press("enter")
    assert tutor.session.solved, f"{ex.id} was not solved by its own answer"


async def reset(app: BackpropApp, pilot) -> None:
    """Back to the exercise's own screen: a fresh tutor state, the exercise entered again."""
    while app.screen is not app.tutor:
        app.pop_screen()
        await pilot.pause()
    tutor = app.tutor
    nf = tutor.session.lesson.network_file
    tutor.apply(TutorState.start(nf.network, nf.samples, tutor.state.convention, tutor.state.eta))
    tutor.enter_exercise()
    await pilot.pause()


async def scan_lesson(lesson: Lesson, flow: str, walks: tuple[tuple[str, ...], ...],
                      size: tuple[int, int], scan: Scan) -> None:
    """Walk ``lesson`` in ``flow`` ("solve" or "skip") at ``size``, each walk at each exercise."""
    keys, pins = answers(lesson), pinned_answers(lesson)
    with tempfile.TemporaryDirectory() as folder:
        app = BackpropApp(lesson=lesson, store=ProgressStore(Path(folder)))
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            session = app.tutor.session
            for i, ex in enumerate(lesson.exercises):
                assert session.index == i

                def look(done: tuple[str, ...], ex=ex) -> None:
                    scan.screens += 1
                    unsolved = {e.id for e in session.unsolved}
                    text = screen_text(app)
                    shown = printed_numbers(text)
                    keys_pressed = " ".join(done) or "(none)"
                    for other, value in keys.items():
                        if other in unsolved:
                            for number in shown:
                                if leaks(number, value):
                                    scan.findings.add(Finding(lesson.id, ex.id, other, number,
                                                              keys_pressed))
                    for other, pin in pins.items():
                        if other in unsolved:
                            for number in pinned_leaks(app, text, pin):
                                scan.findings.add(Finding(lesson.id, ex.id, other, number,
                                                          keys_pressed))

                look(())
                for walk in walks:
                    for n, key in enumerate(walk, start=1):
                        await pilot.press(key)
                        look(walk[:n])
                    await reset(app, pilot)
                if flow == "solve":
                    await solve(app, pilot)
                    look(("(solved)",))
                await pilot.press("e")
                if flow == "skip" and i + 1 < len(lesson.exercises):
                    look(("e",))


async def scan_all(ids: list[str], sizes: tuple[tuple[int, int], ...]) -> Scan:
    scan = Scan()
    walks = tuple((k,) for k in SINGLE_KEYS) + SEQUENCES
    for lesson in load_lessons():
        if ids and lesson.id not in ids:
            continue
        for size in sizes:
            for flow in ("solve", "skip"):
                await scan_lesson(lesson, flow, walks, size, scan)
    return scan


def main(argv: list[str]) -> int:
    scan = asyncio.run(scan_all(argv, ((120, 40), (80, 24))))
    for finding in sorted(scan.findings, key=str):
        print(finding)
    print(f"{scan.screens} screens read, {len(scan.findings)} findings", file=sys.stderr)
    return 1 if scan.findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

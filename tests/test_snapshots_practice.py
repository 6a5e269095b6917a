"""Snapshots of the practice screens (pytest-textual-snapshot): the mastery map, a fully worked
example, a faded one, a diagnosed mistake, a carried-forward step, an exam's score, and a faded
problem at 80×24. Update with ``--snapshot-update -n 0`` and look at every changed SVG."""

from __future__ import annotations

from backprop_tui.core.course.practice.mastery import SkillMastery, record, save
from backprop_tui.core.course.progress import ProgressStore
from backprop_tui.core.formulas.notation import format_number
from backprop_tui.tui.practice_app import PracticeApp

SIZE = (120, 40)
SEED = 4411  # an output-delta problem on a sigmoid output: ∂C/∂a, σ′, δ


def _store(tmp_path, skill: str = "output-delta", blanks: int = 0) -> ProgressStore:
    store = ProgressStore(tmp_path)
    if blanks:
        save(store, SkillMastery(skill, attempts=blanks, blanks=blanks))
    return store


def _typing(*answers: str):
    async def run_before(pilot) -> None:
        await pilot.pause()
        for answer in answers:
            await pilot.press(*answer.replace("−", "-"), "enter")  # as a keyboard types it
            await pilot.pause()
    return run_before


def test_mastery_map(snap_compare, tmp_path):
    store = ProgressStore(tmp_path)
    for _ in range(3):
        record(store, "forward-z", True)
    record(store, "output-delta", True, "sigmoid")
    record(store, "cost", False)
    assert snap_compare(PracticeApp(store), terminal_size=SIZE)


def test_fully_worked_example(snap_compare, tmp_path):
    app = PracticeApp(_store(tmp_path), skill="output-delta", seed=SEED)
    assert snap_compare(app, terminal_size=SIZE)


def test_faded_example(snap_compare, tmp_path):
    app = PracticeApp(_store(tmp_path, blanks=1), skill="output-delta", seed=SEED)
    assert snap_compare(app, terminal_size=SIZE)


def test_diagnosed_mistake(snap_compare, tmp_path):
    # on seed 4411, 0.4079 is ∂C₀/∂a₀⁽ᴸ⁾ · nothing: the factor σ′(z) left out
    app = PracticeApp(_store(tmp_path, blanks=1), skill="output-delta", seed=SEED)
    assert snap_compare(app, run_before=_typing("0.4079"), terminal_size=SIZE)


def test_carried_forward_step(snap_compare, tmp_path):
    # ∂C₀/∂a₀⁽ᴸ⁾ given as twice the key (0.8158, kept with ctrl+g), σ′ right (0.1624),
    # then δ = 0.8158 · 0.1624: right given that slip
    async def run_before(pilot) -> None:
        await _typing("0.8158")(pilot)
        await pilot.press("ctrl+g")
        await _typing("0.1624", format_number(0.8158 * 0.1624))(pilot)

    app = PracticeApp(_store(tmp_path, blanks=3), skill="output-delta", seed=SEED)
    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)


def test_exam_score(snap_compare, tmp_path):
    from backprop_tui.core.course.practice import exam

    answers = [format_number(p.answer) for p in exam(3)]
    answers[0] = "0.5"  # one slip, carried forward into the next step
    async def run_before(pilot) -> None:  # the first ones straight to the session (fast), the
        session = pilot.app.screen.session  # last two typed, as a learner does
        for answer in answers[:-2]:
            session.submit(answer.replace("−", "-"))
        await _typing(*answers[-2:])(pilot)

    app = PracticeApp(ProgressStore(tmp_path), seed=3, exam=True)
    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)


def test_faded_example_small_terminal(snap_compare, tmp_path):
    app = PracticeApp(_store(tmp_path, blanks=2), skill="output-delta", seed=SEED)
    assert snap_compare(app, terminal_size=(80, 24))

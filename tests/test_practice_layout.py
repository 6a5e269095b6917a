"""The practice and exam screens use the room there is (Pilot): every given number is in view of
the Given panel without scrolling where the terminal has the rows (120x40, 200x60); where it
truly cannot be (80x24), the panel's last row says there is more and which key scrolls it, and
that key is in the key bar and the keys list; the status line keeps the skill, the step and the
mastery at 80 columns and everything at 120."""

from __future__ import annotations

import pytest
from test_practice_ui import screen_text
from textual.widgets import Footer, Static
from textual.widgets._footer import FooterKey

from backprop_tui.core.course.practice import SKILLS, exam, generate
from backprop_tui.core.course.practice.mastery import SkillMastery, save
from backprop_tui.core.course.practice.session import next_seed
from backprop_tui.core.course.progress import ProgressStore
from backprop_tui.tui.practice_app import PracticeApp
from backprop_tui.tui.screens.help_screen import HelpScreen
from backprop_tui.tui.widgets.given_panel import GivenPanel, given_lines, wrap_at_items

MEDIUM, NARROW, WIDE = (120, 40), (80, 24), (200, 60)
SOME_MASTERY = SkillMastery("", attempts=4, blanks=3)  # the steps are the learner's, blank


def _store(tmp_path, skill: str) -> ProgressStore:
    store = ProgressStore(tmp_path)
    save(store, SkillMastery(skill, attempts=SOME_MASTERY.attempts, blanks=SOME_MASTERY.blanks))
    return store


def visible_rows(panel: GivenPanel) -> list[str]:
    """The panel's rows as drawn in its content area (what the terminal shows inside the box)."""
    return [panel.render_line(y).text for y in range(panel.size.height)]


def assert_all_given_in_view(app, panel: GivenPanel) -> None:
    """Every word of the given text, in order, is in the rows the panel shows, and the panel
    itself is on screen above the key bar (nothing covers its last row)."""
    want = " ".join(given_lines(panel.problem)).split()
    rows = visible_rows(panel)
    assert " ".join(rows).split() == want, rows
    assert panel.max_top_row == 0
    region = panel.region
    assert region.bottom <= app.screen.query_one(Footer).region.y
    assert app.screen.get_widget_at(region.x + 2, region.bottom - 2)[0] is panel


@pytest.mark.parametrize("size", [MEDIUM, WIDE], ids=["120x40", "200x60"])
@pytest.mark.parametrize("skill,seed", [("hidden-delta", 8), ("weight-gradient", None),
                                        ("weight-gradient", 3), ("mean-gradient", 2)])
async def test_every_given_number_is_in_view_without_scrolling(tmp_path, size, skill, seed):
    """The play-test's repro: the Given panel needed pgdn while the Steps panel beside it was
    mostly empty (hidden-delta seed 8, weight-gradient with some mastery)."""
    store = _store(tmp_path, skill)
    app = PracticeApp(store, skill=skill, seed=seed)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        session = app.screen.session
        assert session.blanks >= min(3, session.steps) and not session.done  # steps left blank
        if seed is None:
            assert session.problem.seed == next_seed(SOME_MASTERY)
        assert_all_given_in_view(app, app.screen.query_one(GivenPanel))


@pytest.mark.parametrize("size", [MEDIUM, pytest.param(WIDE, marks=pytest.mark.slow)],
                         ids=["120x40", "200x60"])  # (the wide sweep in make test-all: CI)
async def test_across_skills_the_given_fits_or_says_how_to_see_the_rest(tmp_path, size):
    """Twenty problems of every skill and twenty exams in one screen: each either shows every
    given word or ends in a row that names pgdn. At 200x60 all fit; at 120x40 nearly all (a few
    multi-sample or deep networks hold more numbers than 35 rows of 56 columns)."""
    app = PracticeApp(ProgressStore(tmp_path), skill="hidden-delta", seed=8)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        panel = app.screen.query_one(GivenPanel)
        problems = [generate(s, seed, "deeplizard") for s in SKILLS for seed in range(20)]
        problems += [exam(seed)[0] for seed in range(20)]
        cut = 0
        for p in problems:
            panel.problem = p
            await pilot.pause()
            rows = visible_rows(panel)
            if panel.max_top_row:
                cut += 1
                assert "more" in rows[-1] and "pgdn" in rows[-1], (p.skill, p.seed)
            else:
                assert " ".join(rows).split() == " ".join(given_lines(p)).split(), (p.skill, p.seed)
        assert cut <= (0 if size == WIDE else len(problems) // 50), cut


async def test_at_80x24_the_given_panel_says_there_is_more_and_pgdn_shows_it(tmp_path):
    app = PracticeApp(_store(tmp_path, "hidden-delta"), skill="hidden-delta", seed=8)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        panel = app.screen.query_one(GivenPanel)
        assert panel.max_top_row > 0  # 80x24 truly cannot hold this network's numbers
        last = visible_rows(panel)[-1]
        assert "more" in last and "pgdn" in last, last
        for row in visible_rows(panel):  # the wraps fall between items: a value by its symbol
            assert not row.strip().startswith("=") and not row.rstrip().endswith("="), row
        await pilot.press(*"0.77", "enter")  # a wrong answer: ^g joins the key bar
        await pilot.pause()
        keys = {k.description: k.region for k in app.screen.query(FooterKey)}
        assert {"Scroll given", "Keep mine", "Keys"} <= set(keys), keys
        for description, region in keys.items():  # every key of the bar is whole at 80 columns
            assert region.width and region.right <= NARROW[0], (description, region)
        seen = set(" ".join(visible_rows(panel)).split())
        for _ in range(panel.max_top_row // max(1, panel.size.height - 2) + 1):
            await pilot.press("pagedown")
            await pilot.pause()
            seen |= set(" ".join(visible_rows(panel)).split())
        assert set(" ".join(given_lines(panel.problem)).split()) <= seen  # pgdn reaches it all
        assert panel.top_row == panel.max_top_row
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "Scroll the given values down" in screen_text(app)


def status(app) -> str:
    return app.screen.query_one("#practice-status", Static).render_line(0).text


@pytest.mark.parametrize("size", [NARROW, MEDIUM], ids=["80x24", "120x40"])
async def test_the_status_line_keeps_the_skill_the_step_and_the_mastery(tmp_path, size):
    app = PracticeApp(_store(tmp_path, "activation-slope"), skill="activation-slope", seed=8)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        s = app.screen.session
        line = status(app)
        for part in ("activation-slope", f"step {s.index + 1} of {s.steps}", "practising, 0 in a row"):
            assert part in line, line
        if size == MEDIUM:  # nothing is lost at 120: the seed and the notation too, uncut
            assert line.rstrip().endswith("seed 8 · deeplizard") and "…" not in line, line


async def test_the_exam_status_line_keeps_the_step_at_80_columns(tmp_path):
    app = PracticeApp(ProgressStore(tmp_path), seed=3, exam=True)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        n = len(app.screen.session.problems)
        assert f"step 1 of {n}" in status(app) and "seed 3" in status(app)


def test_a_given_line_wraps_only_between_items():
    line = "Sample 0: a₀⁽ᴸ⁻³⁾ = −0.35, a₁⁽ᴸ⁻³⁾ = −0.13;  y₀ = 0, y₁ = 0.9"
    assert wrap_at_items(line, 80) == [line]
    assert wrap_at_items(line, 44) == ["Sample 0: a₀⁽ᴸ⁻³⁾ = −0.35, a₁⁽ᴸ⁻³⁾ = −0.13;",
                                       "    y₀ = 0, y₁ = 0.9"]
    assert wrap_at_items(line, 12) == ["Sample 0:", "    a₀⁽ᴸ⁻³⁾ = −0.35,", "    a₁⁽ᴸ⁻³⁾ = −0.13;",
                                       "    y₀ = 0,", "    y₁ = 0.9"]  # too wide items stay whole

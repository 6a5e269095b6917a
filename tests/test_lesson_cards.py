"""The lesson list starts from cards (issue 8's start-up target): each lesson file's title,
summary, source and exercise count, read without building its network; the full check follows
in a thread after the first frame, and a lesson that fails it is marked broken in the list."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from helpers import settle
from rich.console import Console
from textual.widgets import OptionList

from backprop_tui.core.course.lesson import LessonError, load_lessons, shipped_lessons_dir
from backprop_tui.core.course.lesson_card import LessonCard, full_lesson, read_card
from backprop_tui.core.course.lesson_sources import load_sources
from backprop_tui.core.course.progress import ProgressStore
from backprop_tui.tui.app import BackpropApp
from backprop_tui.tui.cli import main

SIZE = (120, 40)
COST = (shipped_lessons_dir() / "03-cost.toml").read_text("utf-8")
# a good top (id, title, ...) over a network that does not exist: only the full check sees it
BAD_NETWORK = COST.replace('id = "cost"', 'id = "bad-net"').replace("sizes = [2, 2, 2]",
                                                                   "sizes = [2, 2, 7]", 1)


def plain(renderable: object) -> str:
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "a-cost.toml").write_text(COST.replace('id = "cost"', 'id = "my-cost"'), "utf-8")
    (folder / "b-bad-net.toml").write_text(BAD_NETWORK, "utf-8")
    return folder


def test_every_shipped_lesson_has_a_card_that_agrees_with_the_lesson():
    for lesson in load_lessons():
        card = read_card(lesson.path)
        assert card == LessonCard(lesson.id, lesson.title, lesson.summary, lesson.source,
                                  lesson.notation, lesson.exercise_count, lesson.path)
        full = full_lesson(card)  # checked as load_lesson checks, once per file
        assert (full.id, full.exercises, full.path) == (lesson.id, lesson.exercises, lesson.path)
        assert full_lesson(card) is full and full_lesson(lesson) is lesson


def test_a_card_reads_the_top_only_and_the_full_lesson_names_the_networks_line(folder):
    card = read_card(folder / "b-bad-net.toml")  # the top is good
    assert (card.id, card.exercise_count) == ("bad-net", COST.count("[[exercises]]"))
    with pytest.raises(LessonError) as e:
        full_lesson(card)
    assert "b-bad-net.toml:18:" in str(e.value) and "expected 7 rows" in str(e.value)
    with pytest.raises(LessonError, match="nielson"):  # a bad top fails the card itself
        bad = folder / "c.toml"
        bad.write_text(COST.replace('notation = "deeplizard"', 'notation = "nielson"'), "utf-8")
        read_card(bad)


async def test_the_list_marks_a_lesson_broken_once_its_full_check_fails(folder, tmp_path):
    cards, broken = load_sources([folder], shipped=False, reader=read_card)
    assert [c.id for c in cards] == ["my-cost", "bad-net"] and broken == []
    app = BackpropApp(lessons=cards, store=ProgressStore(tmp_path / "state"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert await settle(pilot, lambda: options.get_option_at_index(2).disabled)
        assert options.option_count == 3  # Practice, the good lesson, the one marked broken
        bad = options.get_option_at_index(2)
        assert bad.disabled and "b-bad-net.toml:" in plain(bad.prompt)
        assert not options.get_option_at_index(1).disabled
        await pilot.press("enter")  # the good one opens, as a full lesson
        await pilot.pause()
        assert app.tutor.session.lesson.id == "my-cost"


def test_a_broken_file_does_not_make_a_good_one_with_its_id_a_duplicate(tmp_path):
    """Copying a lesson to start a new one keeps its id. With the first copy broken past its
    top (its network), the list's cards used to let it hold the id, and the good copy was
    listed as "also the id of" the broken one; ``check`` said the good one was fine."""
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "a-broken.toml").write_text(BAD_NETWORK.replace('id = "bad-net"', 'id = "same"'), "utf-8")
    (folder / "b-good.toml").write_text(COST.replace('id = "cost"', 'id = "same"'), "utf-8")
    (folder / "c-again.toml").write_text(COST.replace('id = "cost"', 'id = "same"'), "utf-8")
    for reader in (read_card, None):  # the list's quick cards, and check's full lessons
        good, broken = load_sources([folder], shipped=False, **({"reader": reader} if reader else {}))
        assert [Path(g.path).name for g in good] == ["b-good.toml"], reader
        messages = {Path(b.path).name: b.message for b in broken}
        assert set(messages) == {"a-broken.toml", "c-again.toml"}, reader
        assert "a-broken.toml:18:" in messages["a-broken.toml"], messages
        assert "is also the id of" in messages["c-again.toml"], messages
        assert "b-good.toml" in messages["c-again.toml"], messages  # the good one holds it


async def test_a_card_chosen_before_its_check_that_fails_brings_the_list_back(folder, tmp_path):
    cards, _ = load_sources([folder], shipped=False, reader=read_card)
    app = BackpropApp(lessons=cards, store=ProgressStore(tmp_path / "state"))
    shown: list[str] = []
    app.notify = lambda message, **kw: shown.append(str(message))  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.dismiss(cards[1])  # as Enter on it would, before the check marked it
        await pilot.pause()
        assert app.tutor.session is None
        assert type(app.screen).__name__ == "LessonList"
        assert any("b-bad-net.toml:" in m for m in shown)


def test_lesson_by_id_whose_full_check_fails_is_one_line_and_status_2(folder, capsys):
    assert main(["--lessons", str(folder), "--no-shipped", "--lesson", "bad-net"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "b-bad-net.toml:" in err


async def test_under_the_list_the_tutors_panels_mount_after_its_first_frame(tmp_path):
    """The list's first frame does not wait for the tutor's panels below it (issue 8's cold
    start of the list); they are there once it has been drawn, and whenever the list is left."""
    cards = [read_card(p) for p in sorted(shipped_lessons_dir().glob("0[12]-*.toml"))]
    app = BackpropApp(lessons=cards, store=ProgressStore(tmp_path / "state"))
    composed: list[bool] = []  # were the panels there when their mount was scheduled?
    schedule = app.tutor.call_after_refresh

    def noted(callback):
        composed.append(bool(app.tutor.query("#panels")))
        return schedule(callback)

    app.tutor.call_after_refresh = noted  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert composed == [False]  # not composed with the screen: mounted after the frame
        assert type(app.screen).__name__ == "LessonList"
        assert app.tutor.query_one("#panels").query("NetworkView, ChainPanel, NotationPanel")
        await pilot.press("e")  # explore: the panels show and step
        await pilot.press("right")
        assert app.tutor.is_current and app.tutor.query_one("#chain-panel").display


async def test_quitting_on_the_lists_first_frame_is_not_a_crash(tmp_path):
    cards = [read_card(p) for p in sorted(shipped_lessons_dir().glob("0[12]-*.toml"))]
    app = BackpropApp(lessons=cards, store=ProgressStore(tmp_path / "state"))
    async with app.run_test(size=SIZE) as pilot:
        app.exit()  # before the panels held back under the list could mount
        await pilot.pause()
    assert app.return_code in (0, None)

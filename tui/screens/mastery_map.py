"""The mastery map: every practice skill with its state (new, practising, mastered) and how many
the learner has right in a row; Enter practises one. The exam is offered once the backward-pass
skills are mastered (``exam_unlocked``), with the exams taken so far."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from backprop_tui.core.course.practice.mastery import (
    BACKWARD_SKILLS,
    RUN,
    SkillMastery,
    exam_unlocked,
    exams,
    load_all,
)
from backprop_tui.core.course.practice.skills import SKILLS
from backprop_tui.core.course.progress import ProgressStore
from backprop_tui.tui.theme_style import component_style
from backprop_tui.tui.widgets.title_bar import TitleBar

EXAM_ID = "exam"
INTRO = ("Practise one step of backprop at a time on networks you have never seen. The first "
         f"problem of a skill is worked for you; each one after leaves you more of it. {RUN} right "
         "in a row, with no hint, masters a skill (where it depends on the activation: on two, one "
         "of them not linear or ReLU). "
         "Pick a skill with ↑ ↓ and press Enter.")


def skill_option(m: SkillMastery, style: str) -> Option:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=11)
    grid.add_column(width=12)
    grid.add_column(ratio=1)
    run = f"{m.run} in a row" if m.attempts else ""
    grid.add_row(Text(m.state, style), Text(run, "dim"),
                 Text.assemble((m.skill, "bold"), "  ", (SKILLS[m.skill].title, "dim")))
    return Option(grid, id=m.skill)


def exam_option(unlocked: bool, taken: list[tuple[int, str, int, int]], style: str) -> Option:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=11)
    grid.add_column(ratio=1)
    if unlocked:
        last = (f"last: seed {taken[-1][0]}, {taken[-1][2]}/{taken[-1][3]} on {taken[-1][1]}"
                if taken else "not taken yet")
        body = Text.assemble(("Exam", "bold"), ": one whole training step by hand on an unseen "
                             "network, marked given your own earlier answers  ", (last, "dim"))
    else:
        body = Text.assemble(("Exam", "bold"), (": unlocks when " + ", ".join(BACKWARD_SKILLS)
                                                + " are mastered", "dim"))
    grid.add_row(Text("open" if unlocked else "locked", style), body)
    return Option(grid, id=EXAM_ID, disabled=not unlocked)


class MasteryMap(Screen[None]):
    """Every skill's mastery; Enter on one opens :class:`PracticeScreen` on it."""

    AUTO_FOCUS = "OptionList"
    COMPONENT_CLASSES = {"mastery-map--new", "mastery-map--practising", "mastery-map--mastered"}
    BINDINGS = [
        Binding("enter", "open", "Practise", show=True),
        Binding("x", "exam", "Exam"),
        Binding("escape", "back", "Back"),
        Binding("q", "app.quit", "Quit"),
    ]
    DEFAULT_CSS = """
    MasteryMap {
        & > #mastery-intro { padding: 1 2 0 2; color: $text-muted; height: auto; }
        & > OptionList { margin: 1 2; height: 1fr; border: round $primary 60%; }
        & > .mastery-map--new { color: $text-muted; }
        & > .mastery-map--practising { color: $text-accent; text-style: bold; }
        & > .mastery-map--mastered { color: $text-success; text-style: bold; }
    }
    """

    def __init__(self, store: ProgressStore, notation: str = "deeplizard") -> None:
        super().__init__()
        self.store, self.notation = store, notation

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(INTRO, id="mastery-intro")
        yield OptionList(id="mastery-skills")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "practice"
        self.query_one(OptionList).border_title = "Skills"
        self.fill()
        if self.store.notice:
            self.notify(self.store.notice, severity="warning", timeout=10)

    def on_screen_resume(self) -> None:
        self.fill()

    def style(self, state: str) -> str:
        return component_style(self, f"mastery-map--{state}")

    def fill(self) -> None:
        masteries = load_all(self.store)
        options = self.query_one(OptionList)
        keep = options.highlighted
        unlocked = exam_unlocked(masteries)
        # One set_options, not clear_options + add: clearing empties the list for a moment, its
        # scrollbar goes, and the options added next are measured a scrollbar wider, so a wrapped
        # row lost its second line when the map came back from a problem at 80x24.
        options.set_options([
            *(skill_option(m, self.style(m.state)) for m in masteries.values()),
            exam_option(unlocked, exams(self.store), self.style("mastered" if unlocked else "new")),
        ])
        options.highlighted = keep if keep is not None else 0

    @property
    def unlocked(self) -> bool:
        return exam_unlocked(load_all(self.store))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "exam":
            return self.unlocked or None  # shown dimmed until unlocked
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.open_option(event.option.id)

    def action_open(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.open_option(options.get_option_at_index(options.highlighted).id)

    def open_option(self, option_id: str | None) -> None:
        if option_id == EXAM_ID:
            self.action_exam()
        elif option_id in SKILLS:
            from backprop_tui.tui.screens.practice_screen import PracticeScreen

            self.app.push_screen(PracticeScreen(self.store, option_id, self.notation))

    def action_exam(self) -> None:
        if not self.unlocked:
            self.notify("The exam unlocks when " + ", ".join(BACKWARD_SKILLS) + " are mastered.")
            return
        from backprop_tui.core.course.practice.session import next_exam_seed
        from backprop_tui.tui.screens.exam_screen import ExamScreen

        self.app.push_screen(ExamScreen(self.store, next_exam_seed(self.store), self.notation))

    def action_back(self) -> None:
        from backprop_tui.tui.screens.practice_screen import leave

        leave(self)

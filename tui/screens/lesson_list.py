"""The lesson list: status, title, summary and source of every lesson; Enter opens one.

A "Practice" entry at the top opens the mastery map (generated problems on unseen networks).

Lesson files that could not be loaded (a broken file, a duplicate id) are listed after the
others, greyed out and not selectable, each with its error, so an author sees what to fix and a
learner still gets every good lesson. They come from the ``broken`` argument, or else from the
app's ``broken_lessons`` attribute (set by ``backprop-tui`` when it loads the lessons).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from backprop_tui.core.course.lesson import SOURCES, Lesson, LessonError
from backprop_tui.core.course.lesson_card import LessonCard, full_lesson
from backprop_tui.core.course.lesson_folder import BrokenLesson
from backprop_tui.core.course.lesson_sources import folder_label, progress_key
from backprop_tui.core.course.progress import ProgressStore
from backprop_tui.tui.option_row import OptionRow
from backprop_tui.tui.widgets.title_bar import TitleBar


def lesson_option(number: int, lesson: Lesson | LessonCard, status: str, status_style: Style | str,
                  revealed: int = 0) -> Option:
    """Status (in ``status_style``: solved exercises only), number, the title, the article it
    follows and how many answers were revealed ("show me") rather than solved, then the
    summary; the summary's wrapped lines stay under the title (:class:`OptionRow`)."""
    mark = {"new": "new", "done": "✓ done"}.get(status, status)
    folder = folder_label(lesson)  # a teacher's lesson says which folder it came from
    where = f"  · {folder}/" if folder else ""
    shown = f"  · {revealed} revealed" if revealed else ""
    row = OptionRow(
        Text(mark, status_style),
        Text(f"{number}.", "bold"),
        Text.assemble(
            (lesson.title, "bold"), (f"  — {SOURCES.get(lesson.source, lesson.source)}", "dim"),
            (where, "dim"), (shown, status_style),
            "\n", lesson.summary,
        ),
    )
    return Option(row, id=progress_key(lesson))  # two folders may share an id


def broken_option(broken: BrokenLesson, mark_style: Style | str) -> Option:
    """A lesson file that didn't load: its error in place of a summary, not selectable (the
    message is a Text, so nothing in it is read as markup; control characters are escaped)."""
    row = OptionRow(Text("broken", mark_style), Text(""),
                    Text.assemble(("Can't open this lesson", "bold"), "\n", (broken.message, "dim")))
    return Option(row, disabled=True)


PRACTICE_ID = "practice"


def practice_option(style: Style | str) -> Option:
    """The first entry: practice on networks the learner has never seen (the mastery map)."""
    return Option(OptionRow(Text("▶", style), Text(""), Text.assemble(
        ("Practice", "bold"), ("  — generated problems, your mistakes named", "dim"), "\n",
        "Practise each step of backprop on networks you have never seen, until you master it; "
        "then take the exam.")), id=PRACTICE_ID)


class LessonOptions(OptionList):
    """The list of lessons. Page up and page down do nothing while the list has had no room to
    lay out its lines (a terminal a few cells wide): Textual 8.2.8's OptionList raises KeyError
    there, which stopped the app (found by tests/fuzz/test_fuzz_keys.py)."""

    def action_page_up(self) -> None:
        with contextlib.suppress(KeyError):
            super().action_page_up()

    def action_page_down(self) -> None:
        with contextlib.suppress(KeyError):
            super().action_page_down()


class LessonList(Screen[Lesson | LessonCard | None]):
    """Pick a lesson; dismisses with the lesson, or ``None`` to explore the example network.

    ``current`` is the row to start on, by option id (a lesson's progress key, or "practice"):
    the lesson the learner left to come here, or the row they were on when they last left the
    list; ``remember`` is told each row the cursor moves to, so the next list starts there."""

    AUTO_FOCUS = "OptionList"
    #: The status of a lesson done and of one in progress, coloured from the theme (DEFAULT_CSS).
    COMPONENT_CLASSES = {"lesson-list--done", "lesson-list--started", "lesson-list--broken"}
    BINDINGS = [
        Binding("e", "explore", "Explore the example network"),
        Binding("q", "app.quit", "Quit"),
    ]
    DEFAULT_CSS = """
    LessonList {
        & > #lesson-intro { padding: 1 2 0 2; color: $text-muted; height: auto; }
        & > OptionList { margin: 1 2; height: 1fr; border: round $primary 60%; }
        & > .lesson-list--done { color: $text-success; text-style: bold; }
        & > .lesson-list--started { color: $text-accent; text-style: bold; }
        & > .lesson-list--broken { color: $text-error; text-style: bold; }
    }
    """

    def __init__(self, lessons: list[Lesson | LessonCard], store: ProgressStore,
                 broken: Sequence[BrokenLesson] | None = None, *, current: str | None = None,
                 remember: Callable[[str], None] | None = None) -> None:
        super().__init__()
        self.lessons, self.store, self._broken = lessons, store, broken
        self.current, self.remember = current, remember

    @property
    def broken(self) -> Sequence[BrokenLesson]:
        if self._broken is not None:
            return self._broken
        return getattr(self.app, "broken_lessons", None) or ()

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("Each lesson follows one of the source articles with a small network and a "
                     "few exercises; your progress is saved. Pick one with ↑ ↓ and press Enter, "
                     "or press e to explore the example network freely.", id="lesson-intro")
        yield LessonOptions()
        yield Footer()

    def status_style(self, status: str) -> Style | str:
        if status == "new":
            return "dim"
        name = "done" if status == "done" else "started"
        return self.get_component_rich_style(f"lesson-list--{name}", partial=True)

    def on_mount(self) -> None:
        statuses = [self.store.status(progress_key(lesson), lesson.exercise_count)
                    for lesson in self.lessons]
        options = self.query_one(OptionList)
        options.add_option(practice_option(self.status_style("started")))
        options.add_options(  # here, not in compose: the status colours need the stylesheet
            lesson_option(i, lesson, status, self.status_style(status),
                          self.store.revealed(progress_key(lesson)))
            for i, (lesson, status) in enumerate(zip(self.lessons, statuses, strict=True), 1))
        options.add_options(broken_option(b, self.get_component_rich_style("lesson-list--broken", partial=True))
                            for b in self.broken)  # after: indices still match (less 1)
        options.highlighted = self.start_row(options)
        self.sub_title = "lessons"
        self.query_one(OptionList).border_title = "Lessons"
        if self.store.notice:
            self.notify(self.store.notice, severity="warning", timeout=10)
        if any(isinstance(entry, LessonCard) for entry in self.lessons):
            # after the first frame: a thread started now would hold the GIL while it is drawn
            self.call_after_refresh(self.run_worker, self.check_lessons, thread=True,
                                    group="check-lessons")

    def check_lessons(self) -> None:
        """In a thread, after the first frame: load each listed card's lesson completely (its
        network, every exercise against it) and mark the ones that fail as broken."""
        failed: list[tuple[int, BrokenLesson]] = []
        for i, entry in enumerate(self.lessons):
            try:
                full_lesson(entry)
            except LessonError as e:
                failed.append((i, BrokenLesson(entry.path, str(e))))
            except Exception as e:  # a bug of ours: the others still open, and this one says so
                failed.append((i, BrokenLesson(entry.path, str(LessonError(
                    entry.path, f"could not be loaded ({type(e).__name__}: {e})")))))
        if failed:
            self.app.call_from_thread(self.mark_broken, failed)

    def mark_broken(self, failed: list[tuple[int, BrokenLesson]]) -> None:
        """Show the lessons at these list positions as broken, with their errors, unselectable."""
        options = self.query_one(OptionList)
        style = self.get_component_rich_style("lesson-list--broken", partial=True)
        for i, broken in failed:
            options.replace_option_prompt_at_index(i + 1, broken_option(broken, style).prompt)
            options.disable_option_at_index(i + 1)

    def start_row(self, options: OptionList) -> int:
        """The row of :attr:`current`, else the first lesson's (row 0 is Practice)."""
        if self.current is not None:
            with contextlib.suppress(OptionDoesNotExist):  # no longer offered: the default
                return options.get_option_index(self.current)
        return 1 if self.lessons else 0

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.remember is not None and event.option.id is not None:
            self.remember(event.option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == PRACTICE_ID:
            from backprop_tui.tui.screens.mastery_map import MasteryMap

            self.app.push_screen(MasteryMap(self.store))
            return
        self.dismiss(self.lessons[event.option_index - 1])

    def action_explore(self) -> None:
        self.dismiss(None)

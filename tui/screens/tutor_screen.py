"""The tutor screen: the panels, the keys and what each key does.

The screen holds one immutable :class:`~backprop_tui.tui.state.TutorState`; a key's ``action_*``
method builds the next one and :meth:`TutorScreen.apply` pushes its parts into the reactives the
widgets are bound to. A lesson is a :class:`~backprop_tui.tui.lesson_mode.LessonMode` the screen
holds; the lesson panel joins the others when the first lesson opens. Textual's breakpoints give
the screen one class per size (``-narrow``, ``-medium``, ``-wide``; ``-tiny-width`` or
``-tiny-height`` below 60×20) and app.tcss lays the panels out for each.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, on
from textual.actions import parse
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import var
from textual.screen import Screen

from backprop_tui.tui.focus import Focus
from backprop_tui.tui.keys import BINDINGS, TITLES, first_keys, remapped
from backprop_tui.tui.layout import LABELS, MEDIUM, MIN_H, MIN_W, WIDE
from backprop_tui.tui.lesson_mode import LessonMode
from backprop_tui.tui.present import step_latex, update_message
from backprop_tui.tui.state import TutorState
from backprop_tui.tui.widgets.chain_panel import ChainPanel
from backprop_tui.tui.widgets.key_bar import KeyBar
from backprop_tui.tui.widgets.network_view import NetworkView
from backprop_tui.tui.widgets.notation_panel import NotationPanel
from backprop_tui.tui.widgets.status_bar import StatusBar
from backprop_tui.tui.widgets.tab_bar import TabBar
from backprop_tui.tui.widgets.title_bar import TitleBar
from backprop_tui.tui.widgets.too_small import TooSmall

if TYPE_CHECKING:
    from backprop_tui.core.course.lesson import Lesson
    from backprop_tui.core.course.lesson_card import LessonCard
    from backprop_tui.core.course.progress import ProgressStore
    from backprop_tui.tui.lesson_session import LessonSession
    from backprop_tui.tui.widgets.lesson_panel import LessonPanel

TUTOR_PANELS = ("chain", "network", "notation")
ANSWER_START = frozenset("0123456789-")  # no key of the tutor's: typed, they start an answer
LESSON_PANELS = (*TUTOR_PANELS, "lesson")


def type_first(key: str) -> str:
    """The notice for a letter typed onto the tutor at a formula exercise; ``key`` is the one
    that puts the cursor in the answer field."""
    return (f"Press {key} to type the formula: until the field has the cursor, letters are the "
            "tutor's keys.")


def tabs_for(panels: tuple[str, ...]) -> dict[str, str]:
    return {name: LABELS[name] for name in panels}


class TutorScreen(Screen):
    BINDINGS = BINDINGS
    AUTO_FOCUS = None  # the keys drive the tutor; the answer field takes focus only with `a`
    HORIZONTAL_BREAKPOINTS = [(0, "-tiny-width"), (MIN_W, "-narrow"), (MEDIUM, "-medium"),
                              (WIDE, "-wide")]
    # (-tall styles nothing: a breakpoint class stays until another one replaces it)
    VERTICAL_BREAKPOINTS = [(0, "-tiny-height"), (MIN_H, "-tall")]

    # What the widgets are bound to (``var``: changing one repaints the bound widgets, never the
    # whole screen).
    trace = var(None)
    step_index = var(0)
    focus = var(Focus())
    convention = var("deeplizard")
    mode = var("chain")
    expansion = var(None)
    check = var(None)
    last_update = var(None)
    eta = var(0.5)
    hide_chain = var(False)
    hide_order = var(False)
    limit = var(None)  # a lesson's last step (None: every step)
    hidden = var(frozenset())  # node values an unsolved exercise asks for (the network view's)
    held = var(False)  # the current step's result is held back by the lesson (step limit −1)
    panel = var("chain")  # the one panel a narrow terminal shows
    tabs = var(tabs_for(TUTOR_PANELS))
    # set again after every move of the learner: the keys that would give an answer away come
    # and go with it (bindings=True refreshes the key bar)
    lesson_view = var(None, always_update=True, bindings=True)

    def __init__(self, state: TutorState, *, lessons: list[Lesson] | None = None,
                 store: ProgressStore | None = None, lesson: Lesson | None = None) -> None:
        super().__init__()
        self.lesson_mode = LessonMode(lessons, store)
        self.first_lesson = lesson
        self._lesson_panel: LessonPanel | None = None
        self._unmounted_panels: Horizontal | None = None
        self.apply(state, initial=True)

    @property
    def session(self) -> LessonSession | None:
        return self.lesson_mode.session

    def apply(self, state: TutorState, initial: bool = False) -> None:
        """Make ``state`` current and push it to the widgets."""
        self.state = state
        for name, value in state.shown().items():
            if initial:
                self.set_reactive(getattr(TutorScreen, name), value)
            else:
                setattr(self, name, value)
        if not initial and self.session is not None:
            self.refresh_bindings()  # → and End come and go with the lesson's step limit

    def compose(self) -> ComposeResult:
        s = TutorScreen
        yield TitleBar()
        yield StatusBar().data_bind(s.trace, s.step_index, s.convention, s.last_update)
        yield TabBar(id="panel-tabs").data_bind(active=s.panel, tabs=s.tabs)
        # (a lesson's given line joins here, with the lesson panel: lesson_panel)
        panels = Horizontal(
            NetworkView(id="network-panel", classes="panel").data_bind(
                s.trace, s.step_index, s.focus, s.convention, s.hidden, s.held),
            ChainPanel(id="chain-panel", classes="panel -shown").data_bind(
                s.trace, s.step_index, s.focus, s.convention, s.mode, s.expansion, s.check,
                s.hide_chain, s.limit, s.hidden, s.held, s.hide_order),
            NotationPanel(id="notation-panel", classes="panel").data_bind(
                s.trace, s.step_index, s.focus, s.convention, s.eta, s.held),
            # the lesson panel joins them, before the notation, when a lesson opens
            # (lesson_panel): the grid places the panels in this order (app.tcss)
            id="panels")
        if self.starts_under_list:  # nobody sees them before the list is left: mount_panels
            self._unmounted_panels = panels
        else:
            yield panels
        yield TooSmall(id="too-small")
        yield KeyBar(id="keys")

    @property
    def starts_under_list(self) -> bool:
        """The app starts on the lesson list (no lesson given, lessons to list)."""
        return self.first_lesson is None and bool(self.lesson_mode.lessons)

    def on_mount(self) -> None:
        if self.first_lesson is not None:
            self.open_lesson(self.first_lesson)
        elif self.starts_under_list:
            self.show_lesson_list()
            self.call_after_refresh(self.mount_panels)

    def mount_panels(self) -> None:
        """Mount the panels held back under the lesson list (compose), once the list's first
        frame is drawn, or as soon as the list is left, whichever comes first. Their data
        bindings were made in compose, so they bind to this screen from wherever this runs."""
        if self._unmounted_panels is not None and self.is_attached:  # (not when quitting)
            panels, self._unmounted_panels = self._unmounted_panels, None
            self.mount(panels, before=self.query_one(TooSmall))

    def on_key(self, event: events.Key) -> None:
        """A digit or a minus typed while a compute, choose or order exercise is open starts the
        answer (no ``a`` first): the field takes the focus and the character."""
        session = self.session
        if (session is not None and event.is_printable and self.focused is not None
                and self.focused.id == "lesson-answer"):
            # typed fast, the keys after the first were sent here before the field had the
            # focus: they are the answer's too
            event.stop()
            event.prevent_default()
            self.focused.insert_text_at_cursor(event.character)
            return
        if (self.focused is None and session is not None and event.character is not None
                and event.character in ANSWER_START and session.exercise.kind != "navigate"
                and session.exercise.kind != "formula"):
            event.stop()
            event.prevent_default()
            self.panel = "lesson"
            panel = self.lesson_panel()
            # focused at once (not later, as focus() does): the next keys, "." among them, are
            # the field's too
            self.set_focus(panel.query_one("#lesson-answer"))
            panel.type_answer(event.character)
            return
        if self.focused is None and session is not None:
            if (session.exercise.kind == "formula" and event.is_printable
                    and not any(event.key in b.key_to_bindings for _, b in self._binding_chain)):
                # a formula typed straight onto the tutor: its letters are keys (s, i, e, ...)
                self.say_once(type_first(self.lesson_keys["answer"]), severity="information")
            else:
                self.explain_refusal(event.key)

    @property
    def lesson_keys(self) -> dict[str, str]:
        """The key of each lesson action the panel and the notices name, after the user's
        keymap (``a`` for the answer field, ``e`` for the next exercise, ...)."""
        return first_keys(getattr(self.app, "keymap", {}))

    def say_once(self, message: str, severity: str = "warning") -> None:
        """A lesson notice, unless the same one is still on screen."""
        if not any(n.message == message for n in self.app._notifications):
            self.notify(message, title="Lesson", severity=severity)

    def explain_refusal(self, key: str) -> None:
        """A key the lesson holds back (hidden from the key bar) says why when pressed."""
        bindings = next((b for node, b in self._binding_chain if node is self), None)
        for binding in bindings.key_to_bindings.get(key, ()) if bindings else ():
            _, name, params = parse(binding.action)
            if self.check_action(name, params) is False:
                why = self.lesson_mode.refusal(name, params, self.state)
                if why is not None:
                    self.say_once(why)
                    return

    def on_resize(self) -> None:
        self.refresh_bindings()  # t (next panel) is there only when narrow

    def watch_panel(self, panel: str) -> None:
        for widget in self.query("#panels > .panel"):  # none while under the list (compose)
            widget.set_class(widget.id == f"{panel}-panel", "-shown")

    @on(TabBar.Selected)
    def tab_selected(self, event: TabBar.Selected) -> None:
        self.panel = event.name

    @on(NetworkView.FocusPicked)
    def focus_picked(self, event: NetworkView.FocusPicked) -> None:
        self.apply(self.state.pick(event.layer, event.node, event.source))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_panel":
            return self.has_class("-narrow")
        if action == "leave_answer":  # shown while typing, when the tutor's keys are the field's
            return self.focused is not None
        return self.lesson_mode.allows(action, parameters, self.state)

    # ------------------------------------------------------------------ the tutor's keys
    def action_step(self, delta: int) -> None:
        self.apply(self.state.step_by(delta))

    def action_forward_start(self) -> None:
        self.apply(self.state.forward_start())

    def action_backward_start(self) -> None:
        self.apply(self.state.backward_start())

    def action_move_node(self, delta: int) -> None:
        self.apply(self.state.move_node(delta))

    def action_move_source(self, delta: int) -> None:
        self.apply(self.state.move_source(delta))

    def action_move_layer(self, delta: int) -> None:
        self.apply(self.state.move_layer(delta))

    def action_toggle_kind(self) -> None:
        self.apply(self.state.toggle_kind())

    def action_focus_node(self) -> None:
        self.apply(self.state.focus_node())

    def action_next_convention(self) -> None:
        self.apply(self.state.next_convention())

    def action_paths(self) -> None:
        self.apply(self.state.toggle_mode("paths"))

    def action_check(self) -> None:
        self.apply(self.state.toggle_mode("check"))

    def action_update(self) -> None:
        try:
            updated = self.state.updated()
        except OverflowError as error:  # core's clear message, the network unchanged
            self.notify(str(error), title="Update", severity="error")
            return
        self.apply(updated)
        self.notify(update_message(self.state), title="Update")

    def action_copy_latex(self) -> None:
        latex = step_latex(self.state)
        self.app.copy_to_clipboard(latex)
        self.notify(f"Copied to the clipboard (OSC 52): {latex}", title="LaTeX")

    def action_screenshot(self) -> None:
        name = f"backprop-tui-step{self.state.step_index + 1:02d}-{self.state.convention}.svg"
        try:
            folder = os.environ.get("BACKPROP_TUI_SCREENSHOT_DIR") or os.getcwd()
            path = Path(self.app.save_screenshot(filename=name, path=folder)).resolve()
        except OSError as error:  # a missing or read-only folder: say so, keep the app
            self.notify(f"Could not save {name}: {error}", title="Screenshot", severity="error")
            return
        self.notify(f"Saved {path}", title="Screenshot")

    def action_scroll_chain(self, pages: int) -> None:
        """A page of the chain panel; of the lesson panel when it is the one panel shown (a
        narrow terminal), so its hints and explanation can be reached from the keyboard."""
        if self._lesson_panel is not None and self.has_class("-narrow") and self.panel == "lesson":
            lesson = self._lesson_panel
            (lesson.scroll_page_down if pages > 0 else lesson.scroll_page_up)(animate=False)
            return
        self.query_one(ChainPanel).scroll_pages(pages)

    def action_next_panel(self) -> None:
        panels = tuple(self.tabs)
        self.panel = panels[(panels.index(self.panel) + 1) % len(panels)]

    def action_help(self) -> None:
        from backprop_tui.tui.screens.help_screen import HelpScreen

        self.app.push_screen(HelpScreen(remapped(self.BINDINGS, getattr(self.app, "keymap", {})),
                                        TITLES))

    # ------------------------------------------------------------------ lessons
    def show_lesson_list(self) -> None:
        from backprop_tui.tui.screens.lesson_list import LessonList

        mode = self.lesson_mode
        self.app.push_screen(LessonList(mode.lessons or [], mode.progress_store(),
                                        current=mode.list_row, remember=mode.remember_row),
                             self.open_lesson)

    def open_lesson(self, entry: Lesson | LessonCard | None) -> None:
        """Start the lesson ``entry`` stands for where the learner left off (None: explore the
        example network). A card chosen before the list had checked it, whose lesson turns out
        broken, brings the list back with the error."""
        self.mount_panels()
        if entry is None:
            return
        from backprop_tui.core.course.lesson import LessonError
        from backprop_tui.core.course.lesson_card import full_lesson

        try:
            lesson = full_lesson(entry)
        except LessonError as e:
            self.notify(str(e), title="Can't open this lesson", severity="error", timeout=15)
            self.show_lesson_list()
            return
        self.apply(self.lesson_mode.open(lesson, self.state))
        self.sub_title = f"lesson · {lesson.title}"
        self.lesson_panel()
        self.add_class("-lesson")
        self.tabs = tabs_for(LESSON_PANELS)
        self.panel = "lesson"
        self.enter_exercise()

    def enter_exercise(self) -> None:
        """Move the tutor to the exercise in hand: its focus, and its answer kept hidden; after
        an update, on the lesson's own network again, which the learner is told."""
        restored = self.lesson_mode.restore_note(self.state)
        self.apply(self.lesson_mode.exercise_state(self.state))
        self.set_focus(None)  # a new exercise starts with the keys on the tutor
        self.app.clear_notifications()  # the last exercise's "Right!" belongs to it
        if restored is not None:
            self.notify(restored, title="Lesson")
        self.show_session()

    def lesson_panel(self) -> LessonPanel:
        """The lesson panel, mounted after the other panels when the first lesson opens (with
        the given line over the panels): the tutor alone never shows them, so their widgets (an
        Input among them) don't slow start-up."""
        if self._lesson_panel is None:
            from backprop_tui.tui.widgets.lesson_panel import LessonPanel

            self._lesson_panel = LessonPanel(id="lesson-panel", classes="panel")
            self.call_later(self._mount_lesson_panel)
        return self._lesson_panel

    def _mount_lesson_panel(self) -> None:
        # run as one of the screen's own messages (call_later), so that data_bind binds the
        # panel to this screen whichever message pump opened the lesson
        from backprop_tui.tui.widgets.network_line import NetworkLine

        s = TutorScreen
        panel = self._lesson_panel.data_bind(view=s.lesson_view)
        panel.set_class(self.panel == "lesson", "-shown")
        panels = self.query_one("#panels")
        # the given line: the activations and the loss by name, whichever panel shows
        self.mount(NetworkLine(id="network-line").data_bind(s.trace, s.convention), before=panels)
        panels.mount(panel, before=self.query_one(NotationPanel))

    def show_session(self) -> None:
        self.lesson_view = self.lesson_mode.view(self.state.convention, self.lesson_keys)
        if (error := self.session.store.unreported_save_error()) is not None:  # once per failure
            self.notify(error, title="Progress not saved", severity="error", timeout=10)

    def after_feedback(self, correct: bool) -> None:
        if correct:
            # what this answer unlocks, and no more: the other unsolved exercises stay hidden
            self.apply(self.lesson_mode.guard(self.state))
            self.set_focus(None)
            done = self.session.finished
            nxt = self.lesson_keys["exercise(1)"]
            self.notify("Lesson complete: well done!" if done else f"Right! {nxt}: next exercise",
                        title="✓", severity="information")
        self.show_session()

    # ------------------------------------------------------------------ the lesson's keys
    def on_lesson_panel_answered(self, event: LessonPanel.Answered) -> None:
        # (by name: an @on would import the lesson panel, and its Markdown, with the tutor)
        if self.session is None or self.session.exercise.kind == "navigate":
            return
        self.after_feedback(self.session.submit(event.text).correct)

    def action_answer(self) -> None:
        self.panel = "lesson"
        self.lesson_panel().focus_answer()

    def action_leave_answer(self) -> None:
        self.set_focus(None)

    def action_hint(self) -> None:
        if self.session.hint() is None:
            self.notify("No more hints for this exercise.", severity="warning")
        self.show_session()

    def action_show_me(self) -> None:
        """After enough wrong attempts: the answer, on purpose (revealed, not solved); what it
        hid is shown now, the other unsolved answers stay hidden."""
        if self.session.show_me() is not None:
            self.apply(self.lesson_mode.guard(self.state))
            self.set_focus(None)
        self.show_session()

    def action_check_focus(self) -> None:
        s = self.state
        feedback = self.session.submit_focus(s.focus, s.step.equation, s.step_index,
                                             s.trace.first_backward())
        self.after_feedback(feedback.correct)

    def action_exercise(self, delta: int) -> None:
        skipped = delta > 0 and not self.session.progress.settled
        back = self.lesson_keys["exercise(-1)"]  # r, unless remapped
        if self.session.go(delta):
            self.enter_exercise()  # (which clears the last exercise's notices)
            if skipped:
                self.notify(f"Skipped: {back} comes back to it.", title="Lesson")
        else:
            self.notify(self.session.end_notice(back) if delta > 0 else "This is the first one.")

    def action_lesson_list(self) -> None:
        self.show_lesson_list()

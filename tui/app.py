"""The tutor app: wires the state, the panels, the keys and the command palette together.

The app holds one immutable :class:`~tui.state.TutorState`; a key builds the next one (see
tui/keys.py and tui/state.py) and :meth:`BackpropApp.apply` pushes its parts into the reactives
the widgets are bound to.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from textual import events, on
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.reactive import var
from textual.widgets import Header, Static

from backprop_tui.core.math.network import Network
from backprop_tui.tui.commands import TutorCommands
from backprop_tui.tui.focus import Focus
from backprop_tui.tui.keys import BINDINGS, TITLES
from backprop_tui.tui.layout import LABELS, layout_for, too_small_message
from backprop_tui.tui.lesson_mode import LessonMixin
from backprop_tui.tui.present import step_latex, update_message
from backprop_tui.tui.screens.help_screen import HelpScreen
from backprop_tui.tui.state import TutorState, example
from backprop_tui.tui.widgets.chain_panel import ChainPanel
from backprop_tui.tui.widgets.key_bar import KeyBar
from backprop_tui.tui.widgets.network_view import NetworkView
from backprop_tui.tui.widgets.notation_panel import NotationPanel
from backprop_tui.tui.widgets.status_bar import StatusBar
from backprop_tui.tui.widgets.tab_bar import TabBar

if TYPE_CHECKING:
    from backprop_tui.core.course.lesson import Lesson
    from backprop_tui.core.course.progress import ProgressStore

PANELS = ("chain", "network", "notation", "lesson")


class BackpropApp(LessonMixin, App):
    CSS_PATH = "app.tcss"
    AUTO_FOCUS = None  # the keys drive the tutor; the answer field takes focus only with a
    TITLE = "backprop-tui"
    COMMANDS = App.COMMANDS | {TutorCommands}
    BINDINGS = BINDINGS

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
    panel = var("chain")
    hide_chain = var(False)
    lesson_view = var(None)

    def __init__(self, network: Network | None = None,
                 samples: list[tuple[np.ndarray, np.ndarray]] | None = None, *,
                 title: str | None = None, convention: str = "deeplizard",
                 eta: float = 0.5, network_file=None, lesson: Lesson | None = None,
                 lessons: list[Lesson] | None = None, store: ProgressStore | None = None) -> None:
        super().__init__()
        self.lessons, self.store, self._first_lesson = lessons, store, lesson
        if lesson is not None:
            network_file, convention, title = lesson.network_file, lesson.notation, self.TITLE
        if network_file is not None:  # a backprop_tui.core.files.netfile.NetworkFile, as tui/cli.py passes it
            network, samples = network_file.network, network_file.samples
            title = title or f"backprop-tui · {network_file.source}"
        if network is None:
            network, default_samples = example()
            samples = samples or default_samples
        self.state = TutorState.start(network, samples or [], convention, eta)
        self.title = title or self.TITLE
        acts = ", ".join(dict.fromkeys(network.activations))
        self.sub_title = f"{'-'.join(map(str, network.sizes))} · {acts} · {network.loss}"
        self.apply(self.state, initial=True)

    @classmethod
    def from_file(cls, path: str | Path, **kwargs) -> BackpropApp:
        from backprop_tui.core.files.netfile import load_network

        return cls(network_file=load_network(path), **kwargs)

    def apply(self, state: TutorState, initial: bool = False) -> None:
        """Make ``state`` current and push it to the widgets."""
        self.state = state
        for name, value in state.shown().items():
            if initial:
                self.set_reactive(getattr(BackpropApp, name), value)
            else:
                setattr(self, name, value)

    def compose(self) -> ComposeResult:
        app = BackpropApp
        yield Header()
        yield StatusBar().data_bind(app.trace, app.step_index, app.convention, app.last_update)
        layout = layout_for(*self.size)
        tabs = TabBar({name: LABELS[name] for name in self.panels()}, id="panel-tabs")
        tabs.display = layout == "narrow"
        yield tabs.data_bind(active=app.panel)
        with Horizontal(id="panels", classes=f"-{layout}"):
            yield NetworkView(id="network-panel", classes="panel").data_bind(
                app.trace, app.step_index, app.focus, app.convention)
            yield ChainPanel(id="chain-panel", classes="panel -shown").data_bind(
                app.trace, app.step_index, app.focus, app.convention, app.mode, app.expansion,
                app.check, app.hide_chain)
            yield NotationPanel(id="notation-panel", classes="panel").data_bind(
                app.trace, app.step_index, app.focus, app.convention, app.eta)
            # the lesson panel joins them when a lesson opens (LessonMixin.lesson_panel)
        yield Static(id="too-small")
        yield KeyBar(BINDINGS, id="keys")

    def watch_panel(self, panel: str) -> None:
        for widget in self.query_one("#panels").query_children(".panel"):
            widget.set_class(widget.id == f"{panel}-panel", "-shown")

    @on(TabBar.Selected)
    def tab_selected(self, event: TabBar.Selected) -> None:
        self.panel = event.name

    def on_resize(self, event: events.Resize) -> None:
        """Re-lay out for the new size: the classes of #panels pick the arrangement (app.tcss)."""
        w, h = event.size
        layout = layout_for(w, h)
        self.query_one("#panels").set_classes(f"-{layout}" + (" -lesson" if self.session else ""))
        for widget in self.query("Header, StatusBar, #panels, KeyBar"):
            widget.display = layout != "tiny"
        self.query_one("#panel-tabs").display = layout == "narrow"
        too_small = self.query_one("#too-small", Static)
        too_small.display = layout == "tiny"
        too_small.update(too_small_message(w, h))
        self.query_one(KeyBar).changed()  # t (next panel) is there only when narrow

    @on(NetworkView.FocusPicked)
    def focus_picked(self, event: NetworkView.FocusPicked) -> None:
        self.apply(self.state.pick(event.layer, event.node, event.source))

    # ------------------------------------------------------------------ actions (see keys.py)
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.screen is not self.screen_stack[0] and action not in ("quit", "command_palette"):
            return False  # help, the palette and the lesson list keep the keys to themselves
        if action == "next_panel":
            return layout_for(*self.size) == "narrow"
        return self.lesson_allows(action, parameters)

    def action_go(self, transition: str, *args: object) -> None:
        """Any move of tui.state: ``go('step_by', 1)`` applies ``state.step_by(1)``."""
        self.apply(getattr(self.state, transition)(*args))

    def action_update(self) -> None:
        self.apply(self.state.updated())
        self.notify(update_message(self.state), title="Update")

    def action_copy_latex(self) -> None:
        latex = step_latex(self.state)
        self.copy_to_clipboard(latex)
        self.notify(f"Copied to the clipboard (OSC 52): {latex}", title="LaTeX")

    def action_screenshot(self) -> None:
        folder = os.environ.get("BACKPROP_TUI_SCREENSHOT_DIR") or os.getcwd()
        name = f"backprop-tui-step{self.state.step_index + 1:02d}-{self.state.convention}.svg"
        try:  # a missing or read-only folder is said, not a crash
            path = Path(self.save_screenshot(filename=name, path=folder)).resolve()
        except OSError as e:
            self.notify(f"Can't save a screenshot in {folder}: {e.strerror or e}",
                        title="Screenshot", severity="error")
            return
        self.notify(f"Saved {path}", title="Screenshot")

    def action_scroll_chain(self, pages: int) -> None:
        self.query_one(ChainPanel).scroll_pages(pages)

    def action_next_panel(self) -> None:
        panels = self.panels()
        self.panel = panels[(panels.index(self.panel) + 1) % len(panels)]

    def panels(self) -> tuple[str, ...]:
        """The panels a narrow terminal cycles through: the lesson's too, in a lesson."""
        return PANELS if self.session is not None else PANELS[:-1]

    def on_mount(self) -> None:
        if self._first_lesson is not None:
            self.open_lesson(self._first_lesson)
        elif self.lessons:
            self.show_lesson_list()

    def action_help(self) -> None:
        if not self.screen.is_modal:
            self.push_screen(HelpScreen(BINDINGS, TITLES))

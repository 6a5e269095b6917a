"""The tutor app: builds the first state from what it was given and wires the screens.

Everything the learner does happens on :class:`~backprop_tui.tui.screens.tutor_screen.TutorScreen`
(the app's default screen, :attr:`BackpropApp.tutor`), which owns the keys; the lesson list and
the help screen are pushed over it.

The user's settings (:mod:`backprop_tui.tui.settings`) arrive as arguments: a theme, a keymap
(binding id -> keys, Textual's :meth:`~textual.app.App.set_keymap`), messages about a bad config
file to show once the app is up, and the file where a theme chosen in the command palette
("Theme") is remembered.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from textual.app import App
from textual.screen import Screen

from backprop_tui.core.math.network import Network
from backprop_tui.tui.commands import TutorCommands
from backprop_tui.tui.screens.tutor_screen import TutorScreen
from backprop_tui.tui.startup import release_gc
from backprop_tui.tui.state import TutorState, example

if TYPE_CHECKING:
    from backprop_tui.core.course.lesson import Lesson
    from backprop_tui.core.course.progress import ProgressStore
    from backprop_tui.core.files.netfile import NetworkFile


class BackpropApp(App):
    CSS_PATH = "app.tcss"
    AUTO_FOCUS = None  # no screen focuses a widget by itself (the lesson list asks for its own)
    TITLE = "backprop-tui"
    COMMANDS = App.COMMANDS | {TutorCommands}

    def __init__(self, network: Network | None = None,
                 samples: list[tuple[np.ndarray, np.ndarray]] | None = None, *,
                 title: str | None = None, convention: str = "deeplizard",
                 eta: float = 0.5, network_file: NetworkFile | None = None,
                 lesson: Lesson | None = None, lessons: list[Lesson] | None = None,
                 store: ProgressStore | None = None, theme: str | None = None,
                 keymap: dict[str, str] | None = None, notices: Sequence[str] = (),
                 theme_file: Path | None = None) -> None:
        super().__init__()
        self._start_theme, self._notices, self._theme_file = theme, tuple(notices), theme_file
        self.keymap = dict(keymap or {})  # binding id -> keys (the help screen lists them)
        if keymap:
            self.set_keymap(keymap)
        if lesson is not None:
            network_file, convention, title = lesson.network_file, lesson.notation, self.TITLE
        if network_file is not None:
            network, samples = network_file.network, network_file.samples
            title = title or f"backprop-tui · {network_file.source}"
        if network is None:
            network, default_samples = example()
            samples = samples or default_samples
        self.title = title or self.TITLE
        acts = ", ".join(dict.fromkeys(network.activations))
        self.sub_title = f"{'-'.join(map(str, network.sizes))} · {acts} · {network.loss}"
        state = TutorState.start(network, samples or [], convention, eta)
        self.tutor = TutorScreen(state, lessons=lessons, store=store, lesson=lesson)

    @classmethod
    def from_file(cls, path: str | Path, **kwargs: object) -> BackpropApp:
        from backprop_tui.core.files.netfile import load_network

        return cls(network_file=load_network(path), **kwargs)

    @property
    def state(self) -> TutorState:
        """The tutor's current state (benchmarks/ui_bench.py reads its trace)."""
        return self.tutor.state

    def get_default_screen(self) -> Screen:
        return self.tutor

    def on_mount(self) -> None:
        self.call_after_refresh(release_gc)  # the console script held it for the start (startup)
        if self._start_theme and self._start_theme in self.available_themes:
            self.theme = self._start_theme
        self._remembered = self.theme
        if self._theme_file is not None:
            self.theme_changed_signal.subscribe(self, self._remember_theme)
        for message in self._notices:  # a bad config file: the defaults are in use
            self.notify(message, title="Settings", severity="warning", timeout=15)

    def _remember_theme(self, theme: object) -> None:
        """The palette's "Theme" (or any change of theme) is kept in the config file."""
        name = getattr(theme, "name", None)
        if not name or name == self._remembered:
            return
        from backprop_tui.core.course.config import remember_theme

        self._remembered = name
        error = remember_theme(name, self._theme_file)
        if error:
            self.notify(error, title="Settings", severity="warning", timeout=10)

"""The app ``backprop-tui practice`` and ``backprop-tui exam`` open: the mastery map, or one
practice problem or one exam directly. The same screens open from the lesson list's "Practice"
entry inside the tutor app."""

from __future__ import annotations

from textual.app import App
from textual.screen import Screen

from backprop_tui.core.course.progress import ProgressStore


class PracticeApp(App):
    # the practice screens' own styles too: Textual reads a screen's CSS_PATH when it is pushed,
    # not for the screen an app starts on (get_default_screen)
    CSS_PATH = ["app.tcss", "screens/practice.tcss"]
    AUTO_FOCUS = None
    TITLE = "backprop-tui"

    def __init__(self, store: ProgressStore, *, skill: str | None = None, seed: int | None = None,
                 notation: str = "deeplizard", exam: bool = False) -> None:
        super().__init__()
        self.store, self.skill, self.seed, self.notation, self.exam = store, skill, seed, notation, exam

    def get_default_screen(self) -> Screen:
        if self.exam:
            from backprop_tui.core.course.practice.session import next_exam_seed
            from backprop_tui.tui.screens.exam_screen import ExamScreen

            seed = next_exam_seed(self.store) if self.seed is None else self.seed
            return ExamScreen(self.store, seed, self.notation)
        if self.skill is not None:
            from backprop_tui.tui.screens.practice_screen import PracticeScreen

            return PracticeScreen(self.store, self.skill, self.notation, self.seed)
        from backprop_tui.tui.screens.mastery_map import MasteryMap

        return MasteryMap(self.store, self.notation)

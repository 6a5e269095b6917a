"""The practice screen: one generated problem, faded by the learner's mastery of its skill.

The network (drawn as the tutor draws it) and the given panel show everything the problem gives;
the steps panel shows the worked steps with their values and the blank ones as the learner fills
them in, last ones first. Each answer is checked by the core (:mod:`~backprop_tui.core.course.
practice.session`): right, right given the learner's own earlier answers, a named mistake, or too
high / too low with a hint. After the problem the mastery moves on or back and is saved.
Honest exercise: the value of a step the learner has not solved appears nowhere on screen.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from backprop_tui.core.course.practice import generate
from backprop_tui.core.course.practice.mastery import SkillMastery, load
from backprop_tui.core.course.practice.problem import Problem
from backprop_tui.core.course.practice.session import PracticeSession, next_seed
from backprop_tui.core.course.practice.skills import get_skill
from backprop_tui.core.course.practice.verdict import Verdict
from backprop_tui.core.course.progress import ProgressStore
from backprop_tui.tui.screens.help_screen import HelpScreen
from backprop_tui.tui.widgets.given_panel import GivenPanel
from backprop_tui.tui.widgets.problem_network import ProblemNetwork
from backprop_tui.tui.widgets.steps_panel import StepsPanel, practice_rows, prompt_text
from backprop_tui.tui.widgets.title_bar import TitleBar

NARROW, WIDE = 100, 160  # below 100 columns the network drawing gives way to the numbers
BREAKPOINTS = [(0, "-narrow"), (NARROW, "-medium"), (WIDE, "-wide")]
NUMBER_PLACEHOLDER = "your answer, e.g. 0.123 or -1/4; Enter checks it"
CHOICE_PLACEHOLDER = "the number of your choice, 1 to {n}; Enter checks it"


HELP = ("One problem at a time on a network you have never seen: the given panel holds every "
        "number it needs; the steps panel shows the steps worked for you, then the ones left to you "
        "(each one you get right leaves you one more on the next, from the answer back). Type a "
        "number (0.25, -1/4, -1.5e-3), or for a choice its option's number, and press Enter. esc, "
        "? or q closes this list.")


def leave(screen: Screen) -> None:
    """Back to the screen below, or quit when this is the app's first screen (opened directly
    by ``backprop-tui practice --skill`` or ``backprop-tui exam --seed``)."""
    if len(screen.app.screen_stack) > 1:
        screen.dismiss(None)
    else:
        screen.app.exit()


def panels(placeholder: str) -> ComposeResult:
    """The status line over the given numbers (the whole height on the left: they are what a
    learner works from) beside the network, the steps and the answer field; the footer."""
    yield Static(id="practice-status")
    with Horizontal(id="practice-panels"):
        yield GivenPanel(id="practice-given", classes="panel")
        with Vertical(id="practice-right"):
            yield ProblemNetwork(id="practice-network", classes="panel")
            yield StepsPanel(id="practice-steps", classes="panel")
            yield Input(placeholder=placeholder, id="practice-answer")
    # ctrl+p is left to the keys list (?), so at 80 columns every key of the bar shows whole
    yield Footer(show_command_palette=False)


def feedback_kind(v: Verdict) -> str:
    return "feedback-right" if v.correct or v.consistent else "feedback-wrong"


class ProblemKeys:
    """What the practice and exam screens do alike with their keys: page the given values and
    the steps, and take a ? typed into the answer field as the keys list (Textual gives a
    printable key to the field, not to a binding, while it has focus)."""

    def on_input_changed(self, event: Input.Changed) -> None:
        """? is never part of an answer: typed into the field, it opens the keys as it does in
        the tutor."""
        if "?" in event.value:
            event.input.value = event.value.replace("?", "")
            self.action_help()  # type: ignore[attr-defined]

    def action_scroll_given(self, pages: int) -> None:
        self.query_one(GivenPanel).scroll_pages(pages)  # type: ignore[attr-defined]

    def action_scroll_steps(self, pages: int) -> None:
        self.query_one(StepsPanel).scroll_pages(pages)  # type: ignore[attr-defined]


class PracticeScreen(ProblemKeys, Screen[None]):
    """Practise ``skill``: one problem after another until the learner goes back to the map."""

    CSS_PATH = "practice.tcss"  # read when the first practice or exam screen opens
    AUTO_FOCUS = None  # refresh_view focuses the answer field while a step is open
    HORIZONTAL_BREAKPOINTS = BREAKPOINTS
    BINDINGS = [
        Binding("ctrl+t", "hint", "Hint", priority=True),
        Binding("ctrl+g", "keep", "Keep mine", priority=True),  # short for the key bar; ? says it in full
        Binding("ctrl+n", "next_problem", "Next problem", priority=True),
        Binding("n", "next_problem", "Next problem", show=False),
        Binding("escape", "back", "Back"),  # to the mastery map (TITLES), as the exam's
        Binding("pagedown", "scroll_given(1)", "Scroll given", priority=True),
        Binding("pageup", "scroll_given(-1)", "Scroll the given values", show=False, priority=True),
        Binding("ctrl+down", "scroll_steps(1)", "Scroll steps", show=False, priority=True),
        Binding("ctrl+up", "scroll_steps(-1)", "Scroll the steps back", show=False, priority=True),
        Binding("f1", "help", "Keys", priority=True),
        Binding("question_mark", "help", "Keys", show=False),  # the answer field's ? too: ProblemKeys
    ]
    TITLES = {"hint": "Hint", "keep": "Go on with my wrong answer (a later step is checked given it)",
              "next_problem": "Next problem (an unfinished one counts as a miss)",
              "back": "Back to the mastery map", "help": "This list",
              "scroll_given(1)": "Scroll the given values down (when the last row says there are more)",
              "scroll_given(-1)": "Scroll the given values back up"}

    def __init__(self, store: ProgressStore, skill: str, notation: str = "deeplizard",
                 seed: int | None = None) -> None:
        super().__init__()
        self.store, self.skill, self.notation = store, get_skill(skill).name, notation
        self.session = self._session(seed)
        self.feedback: list[tuple[str, str]] = []

    def _session(self, seed: int | None) -> PracticeSession:
        m = load(self.store, self.skill)
        problem = generate(self.skill, next_seed(m) if seed is None else seed, self.notation)
        return PracticeSession(problem, m)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield from panels(NUMBER_PLACEHOLDER)

    def on_mount(self) -> None:
        self.query_one(Input).cursor_blink = False  # as the lesson panel's: steady, and snapshots too
        self.sub_title = f"practice · {self.skill}"
        self.show_problem()

    # ------------------------------------------------------------------ showing
    def show_problem(self) -> None:
        p = self.session.problem
        self.query_one(ProblemNetwork).problem = p
        self.query_one(GivenPanel).problem = p
        self.query_one(Input).placeholder = (
            CHOICE_PLACEHOLDER.format(n=len(p.options)) if p.options else NUMBER_PLACEHOLDER)
        self.refresh_view()

    def status_text(self) -> str:
        """What matters first (the skill, where the learner is, the mastery), so at 80 columns
        only the seed and the notation, last, may give way (the line ends in "…" there)."""
        s, m = self.session, self.session.mastery
        if not s.done:
            where = f"step {s.index + 1} of {s.steps}"
        else:
            where = f"all {s.steps} steps {'done' if s.blanks else 'worked'}"
        return (f"{self.skill} · {where} ({s.blanks} yours) · {m.state}, {m.run} in a row · "
                f"seed {s.problem.seed} · {self.notation}")

    def refresh_view(self) -> None:
        s = self.session
        self.query_one("#practice-status", Static).update(self.status_text())
        # the verdict on the last answer, then the current step's hints
        notes = self.feedback + [(f"Hint {i}: {h}", "hint") for i, h in enumerate(s.hints, start=1)]
        if s.done:
            notes.append((self.done_text(), "feedback-right" if not s.missed else "hint"))
        self.query_one(StepsPanel).show(prompt_text(s.problem), practice_rows(s), notes)
        field = self.query_one(Input)
        field.display = not s.done
        if not s.done:
            field.focus()
        else:
            self.set_focus(None)  # the keys (n, r, esc) are the screen's again
        self.refresh_bindings()

    def upcoming(self, m: SkillMastery) -> Problem:
        """The problem that follows, after mastery ``m`` (the same history, the same problem)."""
        return generate(self.skill, next_seed(m), self.notation)

    def done_text(self) -> str:
        m = self.session.finish(self.store)
        left = "fully worked: read it through" if not self.session.blanks else (
            "done" if not self.session.missed else "done, with a miss")
        state = "mastered ✓" if m.mastered else f"{m.run} in a row (3 to master)"
        if m.still_needed:
            state = f"{m.run} in a row; to master it, one more right on {m.still_needed}"
        nxt = m.fading.split(self.upcoming(m))[1]  # its own: how many fade depends on its values
        return (f"Problem {left}. {self.skill}: {state}. The next problem leaves "
                f"{len(nxt)} of its steps to you. n: next problem · esc: the map")

    # ------------------------------------------------------------------ the learner's keys
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        s = self.session
        if action == "keep":
            return s.last_wrong is not None
        if action == "hint":
            current = s.current()
            return current is not None and s.hints_shown < len(current.hints)
        return True

    @on(Input.Submitted)
    def answered(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            return
        verdict = self.session.submit(text)
        if verdict is None:
            return
        self.feedback = [(verdict.message, feedback_kind(verdict))]
        if verdict.correct or verdict.consistent:
            event.input.clear()
        self.after_answer()

    def after_answer(self) -> None:
        self.refresh_view()
        if (error := self.store.unreported_save_error()) is not None:
            self.notify(error, title="Progress not saved", severity="error", timeout=10)

    def action_hint(self) -> None:
        if self.session.hint() is None:
            self.notify("No more hints for this step.", severity="warning")
        self.refresh_view()

    def action_keep(self) -> None:
        if self.session.keep():
            self.feedback = [("Kept your answer; the next steps are checked given it.", "hint")]
            self.query_one(Input).clear()
            self.after_answer()

    def action_next_problem(self) -> None:
        m = self.session.finish(self.store)  # an unfinished problem counts as a miss
        self.session = PracticeSession(self.upcoming(m), m)
        self.feedback = []
        self.query_one(Input).clear()
        self.show_problem()

    def action_back(self) -> None:
        if self.session.begun:
            self.session.finish(self.store)  # a problem begun counts; one only looked at doesn't
        leave(self)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.BINDINGS, self.TITLES, HELP))

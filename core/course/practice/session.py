"""One practice problem or one exam as the learner works through it, step by step.

The screens show; these classes decide. A :class:`PracticeSession` holds a problem faded by the
learner's mastery (:class:`~.fading.Fading`): the worked steps are shown with their values, the
blank ones are filled in order, each checked with :func:`~.fading.step_problem` given the
learner's earlier blanks (error carried forward). A wrong answer may be tried again, or kept
(the learner goes on with it, and a later step can be right given it). When the last blank is
done, :meth:`PracticeSession.finish` moves the mastery on (or the fading back) and saves it.

An :class:`ExamSession` takes one answer per step, in order, no retries; each is marked given
the answers before it, and the result is saved with its seed and date.

Nothing here ever hands the screen the value of a step the learner has not solved: a step's
``shown_value`` is None until it is right.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from backprop_tui.core.course.practice import mastery as mastery_store
from backprop_tui.core.course.practice.exam import ExamResult, exam, grade
from backprop_tui.core.course.practice.fading import step_problem
from backprop_tui.core.course.practice.mastery import SkillMastery
from backprop_tui.core.course.practice.problem import Problem
from backprop_tui.core.course.practice.values import Key
from backprop_tui.core.course.practice.verdict import Verdict
from backprop_tui.core.course.progress import ProgressStore

OPEN, RIGHT, CONSISTENT, KEPT, WORKED = "open", "right", "consistent", "kept", "worked"


@dataclass
class StepState:
    """How one step of the worked solution stands: worked (shown), or a blank and its answer."""

    status: str  # WORKED, OPEN, RIGHT, CONSISTENT (right given the learner's earlier answers), KEPT
    answer: str | None = None  # the learner's text (kept for a wrong one they went on with)
    verdict: Verdict | None = None  # the last verdict on this step


@dataclass
class PracticeSession:
    """A learner's go at ``problem``, faded by ``mastery``; see the module's docstring."""

    problem: Problem
    mastery: SkillMastery
    states: list[StepState] = field(init=False)
    index: int = field(init=False)  # the step being answered (== len(steps): all done)
    given: dict[Key, str] = field(init=False, default_factory=dict)
    missed: bool = field(init=False, default=False)  # a wrong answer was given somewhere
    hints_shown: int = field(init=False, default=0)  # of the current step
    helped: bool = field(init=False, default=False)  # a hint was shown somewhere
    last_wrong: str | None = field(init=False, default=None)  # the current step's wrong answer
    finished: SkillMastery | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        worked, blanks = self.mastery.fading.split(self.problem)
        self.states = [StepState(WORKED) for _ in worked] + [StepState(OPEN) for _ in blanks]
        self.index = len(worked)

    # ------------------------------------------------------------------ what the screen shows
    @property
    def steps(self) -> int:
        return len(self.problem.steps)

    @property
    def blanks(self) -> int:
        return sum(1 for s in self.states if s.status != WORKED)

    @property
    def done(self) -> bool:
        return self.index >= self.steps

    def shown_value(self, i: int) -> float | None:
        """Step ``i``'s value if it may be shown (worked, or solved right), else None."""
        if self.states[i].status in (WORKED, RIGHT):
            return self.problem.steps[i].value
        return None

    def current(self) -> Problem | None:
        """The step being answered, as a problem of its own (the whole problem for the last)."""
        return None if self.done else step_problem(self.problem, self.index)

    @property
    def hints(self) -> tuple[str, ...]:
        """The current step's hints shown so far, in order."""
        p = self.current()
        return p.hints[: self.hints_shown] if p is not None else ()

    # ------------------------------------------------------------------ what the learner does
    def submit(self, text: str) -> Verdict | None:
        """Check ``text`` as the current step's answer; None when there is no open step."""
        p = self.current()
        if p is None:
            return None
        verdict = p.check(text, None if self.problem.average else self.given)
        state = self.states[self.index]
        state.verdict = verdict
        if not verdict.readable:
            return verdict
        if verdict.correct or verdict.consistent:
            state.status, state.answer = (RIGHT if verdict.correct else CONSISTENT), text
            self._advance(p, text)
        else:
            self.missed, self.last_wrong = True, text
        return verdict

    def keep(self) -> bool:
        """Go on with the current step's last wrong answer (a later step may be right given it)."""
        p = self.current()
        if p is None or self.last_wrong is None:
            return False
        state = self.states[self.index]
        state.status, state.answer = KEPT, self.last_wrong
        self._advance(p, self.last_wrong)
        return True

    def hint(self) -> str | None:
        """Show the current step's next hint (the answer then no longer counts as unhelped)."""
        p = self.current()
        if p is None or self.hints_shown >= len(p.hints):
            return None
        self.hints_shown += 1
        self.helped = True
        return p.hints[self.hints_shown - 1]

    def _advance(self, p: Problem, text: str) -> None:
        self.given[p.key] = text
        self.index += 1
        self.hints_shown, self.last_wrong = 0, None

    def finish(self, store: ProgressStore | None = None) -> SkillMastery:
        """After the problem (or leaving it): the mastery moves on or back, and is saved once.
        Leaving a blank unsolved counts as a miss."""
        if self.finished is None:
            correct = self.done and not self.missed
            self.finished = self.mastery.answered(self.problem, correct, self.helped)
            if store is not None:
                mastery_store.save(store, self.finished)
        return self.finished

    @property
    def begun(self) -> bool:
        """Whether the learner has done anything to the problem (an answer or a hint), or it is
        done (a fully worked one is done once read)."""
        return self.done or self.missed or self.helped or any(
            s.status in (RIGHT, CONSISTENT, KEPT) for s in self.states)

    @property
    def counts(self) -> bool:
        """Whether the problem counts towards mastery (the learner does every step)."""
        return self.mastery.fading.complete(self.problem)


def step_id(key: Key) -> str:
    """An exam step's name in the progress store: ``delta:2:0``, ``cost``."""
    return ":".join(str(part) for part in key if part is not None)


@dataclass
class ExamSession:
    """One exam: an answer per step, in order, each marked given the ones before it."""

    seed: int
    notation: str = "deeplizard"
    problems: tuple[Problem, ...] = field(init=False)
    answers: list[str] = field(init=False, default_factory=list)
    verdicts: list[Verdict] = field(init=False, default_factory=list)
    result: ExamResult | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.problems = exam(self.seed, self.notation)

    @property
    def index(self) -> int:
        return len(self.answers)

    @property
    def done(self) -> bool:
        return self.index >= len(self.problems)

    def current(self) -> Problem | None:
        return None if self.done else self.problems[self.index]

    def submit(self, text: str) -> Verdict | None:
        """Mark ``text`` as the current step's answer and go on (an unreadable one is not taken)."""
        p = self.current()
        if p is None:
            return None
        given = {q.key: a for q, a in zip(self.problems, self.answers, strict=False)}
        verdict = p.check(text, given)
        if verdict.readable:
            self.answers.append(text)
            self.verdicts.append(verdict)
        return verdict

    def finish(self, store: ProgressStore | None = None) -> ExamResult:
        """The score per step and overall (graded as :func:`~.exam.grade` does), saved once."""
        if self.result is None:
            self.result = grade(self.problems, self.answers)
            if store is not None:
                scores = list(self.result.scores) + [0.0] * (len(self.problems) - len(self.answers))
                mastery_store.save_exam(store, self.seed, [step_id(p.key) for p in self.problems],
                                        scores)
        return self.result


def next_exam_seed(store: ProgressStore) -> int:
    """A seed the learner has not taken yet: one more than the highest taken (0 for the first)."""
    taken = [seed for seed, *_ in mastery_store.exams(store)]
    return max(taken) + 1 if taken else 0


def next_seed(m: SkillMastery) -> int:
    """The seed of a skill's next problem: one per attempt, so every problem is a fresh one and
    the same learner history gives the same problems."""
    return m.attempts + 1

"""Mastery of a skill, and where it is kept: with the lesson progress, in the same store.

A skill is mastered after 3 right in a row without a hint or a reveal; where the answer depends
on the activation (``Skill.depends_on_activation``), those 3 must span at least 2 different
activations, one of them with a slope of its own (not linear or ReLU: a practice problem's ReLU
is always on, z > 0, since a zero answer is drawn again, so both have slope 1 and δ = ∂C/∂a; a
run on those two alone never showed that the learner multiplies by g′(z)). A wrong answer, a
hint or a reveal starts the run again. Once mastered, a skill stays
mastered (the run still restarts, so the map shows how many in a row the learner has now).

Storage uses :class:`backprop_tui.core.course.progress.ProgressStore` unchanged (atomic writes, a
corrupt file kept aside): each skill is an entry ``practice:<skill>`` whose ``current`` is the run
and whose exercises record the attempts (``attempts``, ``solved`` = mastered), the fading of the
next problem (``fading``, its ``attempts`` = the blanks) and each activation in the run
(``run:<activation>``); an exam is an entry ``exam:<seed>`` with one exercise per step
(``solved`` = scored) and ``taken:<date>``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from backprop_tui.core.course.practice.fading import Fading
from backprop_tui.core.course.practice.problem import Problem
from backprop_tui.core.course.practice.skills import SKILLS, get_skill
from backprop_tui.core.course.progress import ExerciseProgress, LessonProgress, ProgressStore

RUN = 3
BACKWARD_SKILLS = ("output-delta", "hidden-delta", "bias-gradient", "weight-gradient")
ACTIVATIONS_NEEDED = 2
UNIT_SLOPE = ("linear", "relu")  # g′(z) = 1 on every practice problem: the slope is not exercised
PRACTICE = "practice:"
EXAM = "exam:"


@dataclass(frozen=True)
class SkillMastery:
    skill: str
    run: int = 0  # right in a row, unhelped
    activations: tuple[str, ...] = ()  # the different activations within the run
    attempts: int = 0
    mastered: bool = False
    blanks: int = 0  # the fading of the next problem: how many last steps the learner does

    @property
    def fading(self) -> Fading:
        return Fading(self.blanks)

    @property
    def state(self) -> str:
        """"new", "practising" or "mastered", for the map."""
        if self.mastered:
            return "mastered"
        return "practising" if self.attempts else "new"

    def record(self, correct: bool, activation: str | None = None, helped: bool = False) -> SkillMastery:
        """The mastery after one more answer (``helped``: a hint or a reveal was used)."""
        if not correct or helped:
            return replace(self, run=0, activations=(), attempts=self.attempts + 1)
        acts = self.activations
        if activation is not None and activation not in acts:
            acts = (*acts, activation)
        run = self.run + 1
        enough = not get_skill(self.skill).depends_on_activation or not activations_missing(acts)
        return SkillMastery(self.skill, run, acts, self.attempts + 1,
                            self.mastered or (run >= RUN and enough), self.blanks)

    @property
    def still_needed(self) -> str:
        """What the run still lacks to master the skill, in words ("" when nothing but more
        right answers): the activations it needs, once it is long enough."""
        if self.mastered or self.run < RUN or not get_skill(self.skill).depends_on_activation:
            return ""
        return activations_missing(self.activations, self.skill)

    def answered(self, p: Problem, correct: bool, helped: bool = False) -> SkillMastery:
        """After the learner's answer to ``p`` as faded by :attr:`fading`: only a problem done
        entirely counts towards the run (a wrong answer resets it anyway); the fading moves on
        after a right answer and one step back after a wrong one."""
        if self.fading.complete(p):
            m = self.record(correct, p.activation, helped)
        else:
            m = replace(self, attempts=self.attempts + 1,
                        **({} if correct and not helped else {"run": 0, "activations": ()}))
        return replace(m, blanks=self.fading.after(correct and not helped, p).blanks)


def activations_missing(acts: Sequence[str], skill: str | None = None) -> str:
    """What a run on ``acts`` lacks for mastery, in words, or "" when they are enough; the
    activations named are those ``skill`` is practised on (a hidden layer is never softmax)."""
    if len(set(acts)) < ACTIVATIONS_NEEDED:
        return "a problem on another activation"
    if all(a in UNIT_SLOPE for a in acts):
        offered = get_skill(skill).activations if skill is not None else None
        sloped = [a for a in offered or ("sigmoid", "tanh", "softmax") if a not in UNIT_SLOPE]
        names = ", ".join(sloped[:-1]) + f" or {sloped[-1]}" if len(sloped) > 1 else sloped[0]
        return f"a problem on a {names} layer (linear and ReLU have slope 1)"
    return ""


def exam_unlocked(masteries: dict[str, SkillMastery]) -> bool:
    """Whether the map offers the exam: once the backward-pass skills are mastered."""
    return all(masteries.get(s, SkillMastery(s)).mastered for s in BACKWARD_SKILLS)


def load(store: ProgressStore, skill: str) -> SkillMastery:
    entry = store.lessons.get(PRACTICE + skill)
    if entry is None:
        return SkillMastery(skill)
    summary = entry.exercises.get("attempts", ExerciseProgress())
    fading = entry.exercises.get("fading", ExerciseProgress())
    acts = tuple(k.removeprefix("run:") for k in entry.exercises if k.startswith("run:"))
    return SkillMastery(skill, entry.current, acts, summary.attempts, summary.solved,
                        fading.attempts)


def load_all(store: ProgressStore) -> dict[str, SkillMastery]:
    """Every skill's mastery, in the order of :data:`SKILLS`."""
    return {name: load(store, name) for name in SKILLS}


def save(store: ProgressStore, m: SkillMastery) -> None:
    exercises = {"attempts": ExerciseProgress(m.mastered, m.attempts, 0),
                 "fading": ExerciseProgress(False, m.blanks, 0)}
    exercises.update({f"run:{a}": ExerciseProgress(True, 1, 0) for a in m.activations})
    store.lessons[PRACTICE + m.skill] = LessonProgress(m.run, exercises)
    store.save()


def record(store: ProgressStore, skill: str, correct: bool, activation: str | None = None,
           helped: bool = False) -> SkillMastery:
    """Record one answer and save; returns the new mastery."""
    m = load(store, skill).record(correct, activation, helped)
    save(store, m)
    return m


def save_exam(store: ProgressStore, seed: int, step_ids: Sequence[str], scores: Sequence[float],
              when: datetime | None = None) -> None:
    """Keep an exam's score per step, with its seed and date (a retake of a seed replaces it)."""
    when = when or datetime.now(UTC)
    exercises = {sid: ExerciseProgress(s >= 1.0, 1, 0) for sid, s in zip(step_ids, scores, strict=True)}
    exercises[f"taken:{when.strftime('%Y-%m-%dT%H:%MZ')}"] = ExerciseProgress(True, 0, 0)
    store.lessons[EXAM + str(seed)] = LessonProgress(int(sum(scores)), exercises)
    store.save()


def exams(store: ProgressStore) -> list[tuple[int, str, int, int]]:
    """(seed, date, steps scored, steps) of every saved exam."""
    out = []
    for lesson_id, entry in store.lessons.items():
        if not lesson_id.startswith(EXAM):
            continue
        taken = next((k.removeprefix("taken:") for k in entry.exercises if k.startswith("taken:")), "")
        steps = [k for k in entry.exercises if not k.startswith("taken:")]
        scored = sum(entry.exercises[k].solved for k in steps)
        out.append((int(lesson_id.removeprefix(EXAM)), taken, scored, len(steps)))
    return sorted(out)

"""Practice on networks the learner has never seen: generated problems, diagnosed mistakes,
error carried forward, mastery and an exam (DESIGN.md, "Practice and mistakes"; issue 10).

    >>> p = generate("output-delta", 4411)
    >>> p.prompt                    # in the learner's notation; the answer is never shown
    >>> p.check("0.12").message     # right, a named mistake, a tie, or too high / too low

Names of skills (:data:`SKILLS`) and misconceptions (:data:`MISCONCEPTIONS`) are part of the API.
"""

from backprop_tui.core.course.practice.exam import exam, grade
from backprop_tui.core.course.practice.generate import generate
from backprop_tui.core.course.practice.misconceptions import MISCONCEPTIONS
from backprop_tui.core.course.practice.problem import Problem
from backprop_tui.core.course.practice.skills import SKILLS
from backprop_tui.core.course.practice.verdict import Verdict

__all__ = ["MISCONCEPTIONS", "SKILLS", "Problem", "Verdict", "exam", "generate", "grade"]

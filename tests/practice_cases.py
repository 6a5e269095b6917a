"""Shared by the practice tests: how many seeds, and the skill x activation x loss cases.

``make test`` runs a few seeds per case; ``make practice-check`` (BACKPROP_PRACTICE_FULL=1) runs
the counts the issue asks for: >= 50 seeds per case, >= 100 problems per misconception x skill.
"""

from __future__ import annotations

import os

from backprop_tui.core.course.practice.skills import SKILLS

FULL = os.environ.get("BACKPROP_PRACTICE_FULL") == "1"
SEEDS_PER_CASE = 50 if FULL else 8
PROBLEMS_PER_MISTAKE = 100 if FULL else 25

CASES = [(name, act, loss) for name, skill in SKILLS.items() if skill.numeric
         for act, loss in skill.cases()]


def case_id(case) -> str:
    name, act, loss = case
    return "-".join(str(x) for x in (name, act, loss) if x)

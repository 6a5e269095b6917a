"""``backprop_tui.core.practice``: the practice API under the name DESIGN.md and issue 10 give it.

It lives in :mod:`backprop_tui.core.course.practice` (it builds on the lesson model); this module
only re-exports it, so other programs can write ``from backprop_tui.core.practice import generate``.
"""

from backprop_tui.core.course.practice import (
    MISCONCEPTIONS,
    SKILLS,
    Problem,
    Verdict,
    exam,
    generate,
    grade,
)

__all__ = ["MISCONCEPTIONS", "SKILLS", "Problem", "Verdict", "exam", "generate", "grade"]

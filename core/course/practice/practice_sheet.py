"""Practice sheets: N generated problems of one skill, one seed each, so every student gets
different numbers (``backprop-tui practice --sheet``), as Markdown or a LaTeX document that
``pdflatex`` compiles; with ``key`` each problem's answer, computed by the core.

Problem ``i`` of a sheet is ``generate(skill, seed + i, notation)``: a teacher can hand out
"sheet seed 40, problem 3", and a student can open the same problem on screen with
``backprop-tui practice --skill SKILL --seed 43``.
"""

from __future__ import annotations

from backprop_tui.core.course.practice.generate import generate
from backprop_tui.core.course.practice.problem import Problem
from backprop_tui.core.course.practice.sheet import given_text, network_text, samples_text
from backprop_tui.core.course.practice.skills import get_skill
from backprop_tui.core.course.practice.verdict import SHOWN_DIGITS
from backprop_tui.core.course.worksheet_latex import PREAMBLE, latex_text
from backprop_tui.core.formulas.notation import format_number

FORMATS = ("markdown", "latex")
MAX_COUNT = 200  # a class's worth, and a bound on what one command can be asked to build


def sheet_problems(skill: str, count: int, seed: int, notation: str) -> list[Problem]:
    """The ``count`` problems of a sheet: seeds ``seed``, ``seed + 1``, ..."""
    if not 1 <= count <= MAX_COUNT:
        raise ValueError(f"--count {count}: expected 1 to {MAX_COUNT} problems")
    return [generate(skill, seed + i, notation) for i in range(count)]


def answer_text(p: Problem) -> str:
    """The key's answer: an option by number and text, or the number as the tutor prints it."""
    if p.options:
        n = int(p.answer)
        return f"option {n}: {p.options[n - 1]}"
    return format_number(p.answer, digits=SHOWN_DIGITS)


def _body(p: Problem) -> list[str]:
    lines = network_text(p) + samples_text(p)
    return lines + given_text(p)


def _title(skill: str, count: int, seed: int, notation: str, key: bool) -> str:
    kind = "answer key" if key else "practice sheet"
    last = f"–{seed + count - 1}" if count > 1 else ""
    return (f"{get_skill(skill).title}: {kind} ({skill}, seeds {seed}{last}, "
            f"{notation} notation)")


def practice_sheet(skill: str, count: int = 5, seed: int = 0, notation: str = "deeplizard",
                   fmt: str = "markdown", key: bool = False) -> str:
    """The sheet (or with ``key`` its answer key) in ``fmt``: ``markdown`` or ``latex``."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of: {', '.join(FORMATS)}")
    problems = sheet_problems(skill, count, seed, notation)
    title = _title(skill, count, seed, notation, key)
    return (_latex if fmt == "latex" else _markdown)(title, problems, key)


def _markdown(title: str, problems: list[Problem], key: bool) -> str:
    lines = [f"# {title}", ""]
    if not key:
        lines += ["Name: ______________________", ""]
    for i, p in enumerate(problems, start=1):
        lines += [f"## Problem {i} (seed {p.seed})", ""]
        lines += [f"- {line}" for line in _body(p)] + ["", p.prompt, ""]
        lines += [f"{n}. {o}" for n, o in enumerate(p.options, start=1)]
        lines += [""] if p.options else []
        lines += [f"**Answer:** {answer_text(p)}" if key else "Answer: ______________", ""]
    return "\n".join(lines)


def _latex(title: str, problems: list[Problem], key: bool) -> str:
    lines = [PREAMBLE.rstrip("\n"), "\\begin{document}", f"\\section*{{{latex_text(title)}}}", ""]
    if not key:
        lines += ["Name: \\rule{7cm}{0.4pt}", ""]
    for i, p in enumerate(problems, start=1):
        lines += [f"\\subsection*{{Problem {i} (seed {p.seed})}}", ""]
        lines += [latex_text(line) + "\\par" for line in _body(p)]
        lines += ["\\medskip", latex_text(p.prompt), ""]
        if p.options:
            lines += ["\\begin{enumerate}",
                      *(f"\\item{{}} {latex_text(o)}" for o in p.options), "\\end{enumerate}"]
        if key:
            lines += [f"\\textbf{{Answer:}} {latex_text(answer_text(p))}", ""]
        else:
            lines += ["\\vspace{1.2cm}", "Answer: \\rule{6cm}{0.4pt}", "\\bigskip", ""]
    lines += ["\\end{document}", ""]
    return "\n".join(lines)

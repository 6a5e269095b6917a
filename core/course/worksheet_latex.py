"""The LaTeX side of worksheets: lesson prose (Markdown emphasis, Unicode symbols) as LaTeX that
``pdflatex`` takes without any Unicode set-up, and the complete document.

:func:`latex_text` writes LaTeX's special characters escaped, ``**bold**`` and ``*emphasis*``
as ``\\textbf``/``\\emph``, and every Unicode symbol the lessons use as LaTeX: runs of sub- and
superscript characters become one script (w₁₂⁽ᴸ⁾ → ``w\\ensuremath{_{12}^{(L)}}``), Greek
letters and operators math symbols. A character it doesn't know is written ``[U+XXXX]`` (the
document still compiles, and the tests check no shipped lesson has one).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from backprop_tui.core.formulas.style import SUBSCRIPT, SUPERSCRIPT

if TYPE_CHECKING:
    from backprop_tui.core.course.worksheet import _Sheet

SUP = {v: ("-" if k == "−" else "\\top " if k == "T" else k)
       for k, v in SUPERSCRIPT.items()} | {"ᶻ": "z"}
SUB = {v: ("-" if k == "−" else k) for k, v in SUBSCRIPT.items()}
TEXT = {
    "\\": "\\textbackslash{}", "{": "\\{", "}": "\\}", "$": "\\$", "&": "\\&", "#": "\\#",
    "%": "\\%", "_": "\\_", "~": "\\textasciitilde{}", "^": "\\textasciicircum{}",
    "–": "--", "—": "---", "“": "``", "”": "''", "‘": "`", "’": "'", "…": "\\ldots{}",
    "\u00a0": "~",
}
MATH = {
    "<": "<", ">": ">", "|": "|", "δ": "\\delta", "σ": "\\sigma", "η": "\\eta", "ε": "\\epsilon",
    "Δ": "\\Delta", "Σ": "\\Sigma", "∂": "\\partial", "∇": "\\nabla", "⊙": "\\odot",
    "×": "\\times", "·": "\\cdot", "±": "\\pm", "−": "-", "′": "{}'", "″": "{}''", "‴": "{}'''",
    "‖": "\\|", "→": "\\to", "≈": "\\approx", "≤": "\\le", "≥": "\\ge", "≠": "\\ne",
    "∞": "\\infty", "½": "\\tfrac12", "¼": "\\tfrac14", "¾": "\\tfrac34", "⅙": "\\tfrac16",
    "α": "\\alpha", "β": "\\beta", "γ": "\\gamma", "λ": "\\lambda", "μ": "\\mu", "θ": "\\theta",
    "∑": "\\sum", "√": "\\surd", "∈": "\\in", "↓": "\\downarrow",
    "←": "\\leftarrow", "↑": "\\uparrow",
}
UNKNOWN = "[U+"
OPEN, CLOSE = "\x02", "\x03"  # around math that is LaTeX already (the sheet's symbols, numbers)
MARKED = re.compile(f"{OPEN}([^{CLOSE}]*){CLOSE}")
EMPHASIS = re.compile(r"\*\*(.+?)\*\*|\*(\S(?:.*?\S)?)\*|`([^`]+)`", re.DOTALL)


def _symbols(text: str) -> str:
    """Escape ``text`` (no Markdown in it), merging neighbouring math into one group."""
    pieces: list[tuple[bool, str]] = []  # (math?, LaTeX)
    i = 0
    while i < len(text):
        c = text[i]
        for table, mark in ((SUP, "^"), (SUB, "_")):
            if c in table:
                j = i
                while j < len(text) and text[j] in table:
                    j += 1
                script = "".join(table[ch] for ch in text[i:j]).strip()
                pieces.append((True, f"{mark}{{{script}}}"))
                i = j
                break
        else:
            if c in MATH:
                pieces.append((True, MATH[c] + (" " if MATH[c][-1].isalpha() else "")))
            elif c in TEXT:
                pieces.append((False, TEXT[c]))
            elif ord(c) < 128:
                pieces.append((False, c))
            else:
                pieces.append((False, f"{UNKNOWN}{ord(c):04X}]"))
            i += 1
    out, math = [], []
    for is_math, s in [*pieces, (False, "")]:
        if is_math:
            math.append(s)
            continue
        if math:
            out.append("\\ensuremath{" + re.sub(r" (?=[_^])", "", "".join(math)).strip() + "}")
            math = []
        out.append(s)
    return "".join(out)


def math(latex: str) -> str:
    """Mark ``latex`` (math already) to pass through :func:`latex_text` as ``$latex$``."""
    return f"{OPEN}{latex}{CLOSE}"


def latex_text(text: str) -> str:
    """Prose as LaTeX text: emphasis, escapes, Unicode symbols (see the module); math marked
    with :func:`math` is kept as it is."""
    parts = MARKED.split(text)  # prose, math, prose, ...
    return "".join(f"${p}$" if i % 2 else _prose(p) for i, p in enumerate(parts))


def _prose(text: str) -> str:
    out, at = [], 0
    for m in EMPHASIS.finditer(text):
        out.append(_symbols(text[at:m.start()]))
        bold, emph, code = m.groups()
        if bold is not None:
            out.append(f"\\textbf{{{_prose(bold)}}}")
        elif emph is not None:
            out.append(f"\\emph{{{_prose(emph)}}}")
        else:
            out.append(f"\\texttt{{{_symbols(code)}}}")
        at = m.end()
    out.append(_symbols(text[at:]))
    return "".join(out)


PREAMBLE = r"""\documentclass[11pt,a4paper]{article}
\usepackage[utf8]{inputenc}
\usepackage{amsmath,amssymb}
\usepackage[margin=2cm]{geometry}
\usepackage{array}
\setlength{\parindent}{0pt}
\setlength{\parskip}{0.5em}
\renewcommand{\arraystretch}{1.2}
\renewcommand{\labelenumii}{\arabic{enumii}.}
"""


def _table(head: list[str], rows: list[list[str]], bias: bool = False) -> list[str]:
    spec = "l|" + "r" * (len(head) - 2) + ("|r" if bias else "r")
    cells = [[latex_text(c) for c in row] for row in (head, *rows)]
    return ["{\\small\\begin{tabular}{" + spec + "}", " & ".join(cells[0]) + " \\\\ \\hline",
            *(" & ".join(row) + " \\\\" for row in cells[1:]), "\\end{tabular}}", ""]


def latex_sheet(sheet: _Sheet) -> str:
    """The complete LaTeX document of ``sheet``."""
    lines = [PREAMBLE.rstrip("\n"), f"\\title{{{latex_text(sheet.title())}}}", "\\date{}",
             "\\begin{document}", f"\\section*{{{latex_text(sheet.title())}}}",
             latex_text(sheet.lesson.summary), ""]
    lines += [latex_text(s) + "\\par" for s in sheet.about()] + [""]
    if not sheet.key:
        lines += ["Name: \\rule{7cm}{0.4pt}", ""]
    lines += ["\\subsection*{The network}", ""]
    for l in range(1, sheet.depth + 1):
        lines += [f"\\textbf{{{latex_text(sheet.layer_title(l))}}}\\par",
                  *_table(*sheet.weight_rows(l), bias=True)]
    lines += ["\\subsection*{The samples}", "", *_table(*sheet.sample_rows())]
    lines += ["\\subsection*{Exercises}", "", "\\begin{enumerate}"]
    for ex in sheet.lesson.exercises:
        lines += ["\\item{} " + latex_text(ex.prompt), "",
                  "\\emph{" + latex_text(sheet.instruction(ex)) + "}", ""]
        items = sheet.items(ex)
        if items:
            lines += ["\\begin{enumerate}", *(f"\\item{{}} {latex_text(item)}" for item in items),
                      "\\end{enumerate}"]
        if sheet.key:
            lines += [f"\\textbf{{Answer:}} {latex_text(sheet.answer(ex))}", "",
                      "\\emph{Why:} " + latex_text(ex.explanation), ""]
        else:
            lines += ["\\vspace{1.2cm}", "Answer: \\rule{6cm}{0.4pt}", "\\bigskip", ""]
    lines += ["\\end{enumerate}", "\\end{document}", ""]
    return "\n".join(lines)


"""Worksheets and answer keys (``backprop-tui export``): every number they print checked against
the core (weights, biases, samples, each key's answer, read back out of the Markdown and the
LaTeX), answers from the numbers as printed accepted, no answer on a worksheet, the LaTeX
compiling with pdflatex, and the command line."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from helpers import shipped_lessons

from backprop_tui.core.course.exercise import check, resolve
from backprop_tui.core.course.formula_exercise import core_value
from backprop_tui.core.course.lesson import Lesson, load_lesson
from backprop_tui.core.course.worksheet import worksheet
from backprop_tui.core.course.worksheet_latex import UNKNOWN, latex_text
from backprop_tui.core.files.netfile import NetworkFile
from backprop_tui.core.formulas.notation import symbol
from backprop_tui.tui.cli import main

LESSONS = shipped_lessons()
DRAFTS = [load_lesson(p) for p in sorted((Path(__file__).parent.parent / "lessons" / "drafts").glob("*.toml"))]
SHEETS = LESSONS + DRAFTS  # the drafts have the formula exercises
CASES = [(le, fmt) for le in SHEETS for fmt in ("markdown", "latex")]
IDS = [f"{le.id}-{fmt}" for le, fmt in CASES]
SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")


def number(cell: str) -> float:
    """A number as a sheet prints it: −0.25, 1.5×10⁻⁵ (Markdown), $-0.25$, $1.5\\times10^{-5}$."""
    s = cell.strip().strip("$").replace("−", "-")
    if m := re.fullmatch(r"(-?[\d.]+)(?:×10([⁻⁰-⁹¹²³]+)|\\times10\^\{(-?\d+)\})?", s):
        mantissa, sup, exp = m.groups()
        power = int(sup.translate(SUPERSCRIPT_DIGITS)) if sup else int(exp) if exp else 0
        return float(mantissa) * 10.0 ** power
    raise ValueError(f"not a printed number: {cell!r}")


def tables(text: str, fmt: str) -> list[list[list[str]]]:
    """Every table's body rows (header left out), as cells, in order."""
    found = []
    if fmt == "markdown":
        for block in re.findall(r"(?:^\|.*\|\n)+", text, re.MULTILINE):
            rows = [[c.strip() for c in line.strip("|").split("|")] for line in block.splitlines()]
            found.append(rows[2:])
    else:
        for body in re.findall(r"\\begin\{tabular\}\{[^}]*\}\n(.*?)\\end\{tabular\}", text, re.DOTALL):
            rows = [line.removesuffix("\\\\ \\hline").removesuffix("\\\\").split(" & ")
                    for line in body.strip().splitlines()]
            found.append(rows[1:])
    return found


def close(got: float, want: float, digits: int) -> bool:
    return abs(got - want) <= 0.5 * 10 ** (1 - digits) * abs(want) * 1.0001 + 1e-15


def answers(text: str, fmt: str) -> list[str]:
    pattern = r"^\*\*Answer:\*\* (.*)$" if fmt == "markdown" else r"^\\textbf\{Answer:\} (.*)$"
    return re.findall(pattern, text, re.MULTILINE)


@pytest.mark.parametrize(("lesson", "fmt"), CASES, ids=IDS)
def test_the_network_tables_hold_the_cores_numbers(lesson: Lesson, fmt: str) -> None:
    net, samples = lesson.network, lesson.network_file.samples
    for key in (False, True):
        found = tables(worksheet(lesson, fmt, key=key), fmt)
        assert len(found) == net.depth + 1
        for l in range(1, net.depth + 1):
            rows = found[l - 1]
            w, b = net.weights[l - 1], net.biases[l - 1]
            assert len(rows) == w.shape[0]
            for j, row in enumerate(rows):
                printed = [number(c) for c in row[1:]]
                want = [*w[j], b[j]]
                assert len(printed) == len(want)
                assert all(close(p, v, 4) for p, v in zip(printed, want, strict=True)), (l, j, row)
        rows = found[-1]
        assert len(rows) == len(samples)
        for row, (x, y) in zip(rows, samples, strict=True):
            printed = [number(c) for c in row[1:]]
            assert all(close(p, v, 4) for p, v in zip(printed, [*x, *y], strict=True))


@pytest.mark.parametrize(("lesson", "fmt"), CASES, ids=IDS)
def test_every_key_answer_is_the_cores(lesson: Lesson, fmt: str) -> None:
    text = worksheet(lesson, fmt, key=True)
    got = answers(text, fmt)
    assert len(got) == len(lesson.exercises)
    depth = lesson.network.depth
    for ex, answer in zip(lesson.exercises, got, strict=True):
        if ex.kind == "numeric":
            value = number(answer)
            assert close(value, resolve(lesson, ex).value, 6), (ex.id, answer)
            assert check(lesson, ex, str(value)).correct
        elif ex.kind == "choice":
            assert answer.startswith(f"{ex.correct + 1}. ")
            assert check(lesson, ex, answer.split(".")[0]).correct
        elif ex.kind == "order":
            typed = answer.split(",")[0]
            assert check(lesson, ex, typed).correct, (ex.id, answer)
        elif ex.kind == "formula":
            typed = re.search(r"typed (?:`|\\texttt\{)(.*?)(?:`|\});", answer).group(1)
            if fmt == "latex":
                typed = typed.replace("\\_", "_").replace("\\textasciicircum{}", "^")
            assert typed == ex.formula and check(lesson, ex, typed).correct
            shown = answer.rpartition("on this network ")[2].strip("$()").split(", ")
            want = core_value(lesson, ex).ravel()
            assert len(shown) == len(want)
            assert all(close(number(v), w, 6) for v, w in zip(shown, want, strict=True))
        else:
            t = ex.target
            style = "unicode" if fmt == "markdown" else "latex"
            if t.kind == "w":
                assert symbol("w", lesson.notation, style, depth=depth, layer=t.layer,
                              idx=(t.node, t.source)) in answer
            elif t.node is not None:
                name = "b" if t.kind == "b" else "a"
                assert symbol(name, lesson.notation, style, depth=depth, layer=t.layer,
                              idx=(t.node,)) in answer


@pytest.mark.parametrize(("lesson", "fmt"), CASES, ids=IDS)
def test_a_worksheet_gives_no_answer_away(lesson: Lesson, fmt: str) -> None:
    text = worksheet(lesson, fmt)
    assert answers(text, fmt) == [] and "Why:" not in text
    blanks = text.count("Answer: ____") if fmt == "markdown" else text.count("Answer: \\rule")
    assert blanks == len(lesson.exercises)
    for ex in lesson.exercises:  # not even an explanation, which may state the result
        assert ex.explanation not in text


def rounded(lesson: Lesson, text: str, fmt: str) -> Lesson:
    """``lesson`` with the network and samples as the sheet printed them (4 digits)."""
    found = tables(text, fmt)
    net = lesson.network
    weights = [np.array([[number(c) for c in row[1:-1]] for row in found[l]]) for l in range(net.depth)]
    biases = [np.array([number(row[-1]) for row in found[l]]) for l in range(net.depth)]
    n_in = net.sizes[0]
    samples = [(np.array([number(c) for c in row[1:1 + n_in]]),
                np.array([number(c) for c in row[1 + n_in:]])) for row in found[-1]]
    shown = type(net)(net.sizes, net.activations, net.loss, weights, biases)
    nf = NetworkFile(shown, samples, lesson.network_file.source)
    return Lesson(lesson.id, lesson.title, lesson.summary, lesson.source, lesson.notation, nf,
                  lesson.exercises, lesson.path)


@pytest.mark.parametrize("lesson", LESSONS, ids=[le.id for le in LESSONS])
def test_answers_worked_from_the_printed_numbers_are_accepted(lesson: Lesson) -> None:
    shown = rounded(lesson, worksheet(lesson, "markdown"), "markdown")
    for ex in lesson.exercises:
        if ex.kind == "numeric":
            by_hand = resolve(shown, ex).value
            assert check(lesson, ex, repr(by_hand)).correct, (ex.id, by_hand, resolve(lesson, ex).value)


def test_the_drawing_names_every_node() -> None:
    lesson = LESSONS[0]
    text = worksheet(lesson, "markdown")
    drawing = text.split("```text\n")[1].split("```")[0]
    net = lesson.network
    for l, n in enumerate(net.sizes):
        for j in range(n):
            assert symbol("a", lesson.notation, depth=net.depth, layer=l, idx=(j,)) in drawing
    assert drawing.count("──▶") == sum(net.sizes[:-1])


def test_latex_text_escapes_and_writes_symbols() -> None:
    assert latex_text("50% & $5 #1 a_b {x} ~ ^") == (
        "50\\% \\& \\$5 \\#1 a\\_b \\{x\\} \\textasciitilde{} \\textasciicircum{}")
    assert latex_text("**w₁₂⁽ᴸ⁻¹⁾** is *small*") == (
        "\\textbf{w\\ensuremath{_{12}^{(L-1)}}} is \\emph{small}")
    assert latex_text("δⱼ = ∂C/∂zⱼ, a ⊙ b, W⁽ᴸ⁾ᵀ") == (
        "\\ensuremath{\\delta_{j}} = \\ensuremath{\\partial}C/\\ensuremath{\\partial}z"
        "\\ensuremath{_{j}}, a \\ensuremath{\\odot} b, W\\ensuremath{^{(L)\\top}}")
    assert latex_text("☃") == "[U+2603]"


@pytest.mark.parametrize("lesson", SHEETS, ids=[le.id for le in SHEETS])
def test_every_lesson_writes_as_latex_without_unknown_characters(lesson: Lesson) -> None:
    for key in (False, True):
        text = worksheet(lesson, "latex", key=key)
        assert UNKNOWN not in text and not re.search(r"[^\x00-\x7f]", text)
        assert text.startswith("\\documentclass") and text.rstrip().endswith("\\end{document}")


@pytest.mark.skipif(shutil.which("pdflatex") is None,
                    reason="pdflatex is not installed (Debian: apt-get install texlive-latex-base)")
@pytest.mark.parametrize("key", [False, True], ids=["worksheet", "key"])
@pytest.mark.parametrize("lesson", ["four-equations", "derive-bp1"])
def test_the_latex_compiles_with_pdflatex(tmp_path: Path, key: bool, lesson: str) -> None:
    lesson = next(le for le in SHEETS if le.id == lesson)  # choices and tables; formula keys
    (tmp_path / "sheet.tex").write_text(worksheet(lesson, "latex", key=key), encoding="utf-8")
    run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "sheet.tex"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-3000:]
    assert (tmp_path / "sheet.pdf").stat().st_size > 1000
    log = (tmp_path / "sheet.log").read_text(encoding="utf-8", errors="replace")
    assert "Missing character" not in log and "Undefined control sequence" not in log


# ---------------------------------------------------------------------------- the command line
def test_export_writes_a_file_and_says_so(tmp_path: Path, capsys) -> None:
    out = tmp_path / "key.tex"
    assert main(["export", "output-weight", "--format", "latex", "--key", "-o", str(out)]) == 0
    lesson = next(le for le in LESSONS if le.id == "output-weight")
    assert out.read_text(encoding="utf-8") == worksheet(lesson, "latex", key=True)
    assert "answer key of output-weight" in capsys.readouterr().err


def test_export_prints_markdown_for_a_lesson_file(tmp_path: Path, capsys) -> None:
    source = LESSONS[2].path
    copy = tmp_path / "mine.toml"
    copy.write_text(Path(source).read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["export", str(copy)]) == 0
    assert capsys.readouterr().out.startswith(f"# Worksheet: {LESSONS[2].title}")


def test_export_of_an_unknown_lesson_suggests_one(capsys) -> None:
    assert main(["export", "output-weigth"]) == 2
    assert 'did you mean "output-weight"' in capsys.readouterr().err
    assert main(["export", "missing.toml"]) == 2
    assert "missing.toml" in capsys.readouterr().err
    assert main(["export", "notation", "--format", "html"]) == 2

"""``backprop-tui practice --sheet``: N problems of one skill, one seed each, as Markdown or a
LaTeX document that compiles; the key's answers are the core's, the sheet has none."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from backprop_tui.core.course.practice import SKILLS, generate
from backprop_tui.core.course.practice.practice_sheet import answer_text, practice_sheet
from backprop_tui.core.course.worksheet_latex import latex_text
from backprop_tui.core.formulas.notation import CONVENTIONS
from backprop_tui.tui.cli import main

ANSWER = re.compile(r"^\*\*Answer:\*\* (.+)$", re.MULTILINE)


@pytest.mark.parametrize("skill", list(SKILLS))
def test_the_keys_answers_are_the_cores_one_seed_per_problem(skill):
    key = practice_sheet(skill, 4, 30, "nielsen", key=True)
    problems = [generate(skill, 30 + i, "nielsen") for i in range(4)]
    assert ANSWER.findall(key) == [answer_text(p) for p in problems]
    assert [int(s) for s in re.findall(r"^## Problem \d+ \(seed (\d+)\)", key, re.M)] == [
        30, 31, 32, 33]
    sheet = practice_sheet(skill, 4, 30, "nielsen")
    assert not ANSWER.findall(sheet) and sheet.count("Answer: ____") == 4
    for p in problems:  # everything the problem gives is on the sheet
        assert p.prompt in sheet


def test_students_get_different_numbers():
    sheet = practice_sheet("hidden-delta", 3, 0)
    bodies = re.split(r"^## Problem", sheet, flags=re.M)[1:]
    assert len(set(b.split("\n", 1)[1] for b in bodies)) == 3


@pytest.mark.parametrize("notation", CONVENTIONS)
def test_every_symbol_has_a_latex_form(notation):
    for skill in SKILLS:
        text = practice_sheet(skill, 3, 0, notation, "latex", key=True)
        assert "[U+" not in text, skill
        for p in (generate(skill, i, notation) for i in range(3)):
            assert latex_text(answer_text(p)) in text


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed "
                    "(Debian: texlive-latex-base; .ci/run installs it)")
@pytest.mark.parametrize("key", [False, True], ids=["sheet", "key"])
def test_the_latex_compiles(tmp_path, key):
    tex = tmp_path / "sheet.tex"
    tex.write_text(practice_sheet("output-delta", 3, 4411, "kostadinov", "latex", key), "utf-8")
    run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", tex.name],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-2000:]
    assert (tmp_path / "sheet.pdf").stat().st_size > 1000


def test_the_command_line(capsys):
    assert main(["practice", "--sheet", "--skill", "cost", "--count", "2", "--seed", "9",
                 "--key"]) == 0
    out = capsys.readouterr().out
    assert ANSWER.findall(out) == [answer_text(generate("cost", s)) for s in (9, 10)]
    assert main(["practice", "--sheet", "--count", "2"]) == 2
    assert "--sheet needs --skill" in capsys.readouterr().err
    assert main(["practice", "--sheet", "--skill", "cost", "--count", "0"]) == 2
    assert "expected 1 to 200" in capsys.readouterr().err

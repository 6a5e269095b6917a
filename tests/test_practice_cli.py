"""``backprop-tui practice`` and ``exam``: a problem or an exam printed by seed, never its answers."""

from __future__ import annotations

import pytest

from backprop_tui.core.course.practice import SKILLS, exam, generate
from backprop_tui.core.course.practice.mastery import record
from backprop_tui.core.course.progress import ProgressStore
from backprop_tui.core.formulas.notation import format_number
from backprop_tui.tui.cli import main


@pytest.fixture(autouse=True)
def state_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKPROP_TUI_STATE_DIR", str(tmp_path / "state"))
    return tmp_path / "state"


def revealing(value: float) -> str | None:
    """The answer as the tutor would show it, when it is specific enough to be a leak."""
    text = format_number(value)
    return text if len(text.lstrip("−").replace(".", "").lstrip("0")) >= 3 else None


@pytest.mark.parametrize("skill", list(SKILLS))
@pytest.mark.parametrize("notation", ["deeplizard", "nielsen", "kostadinov"])
def test_print_shows_the_network_the_samples_and_the_question_but_not_the_answer(skill, notation, capsys):
    for seed in (0, 4411):
        assert main(["practice", "--skill", skill, "--seed", str(seed), "--notation", notation,
                     "--print"]) == 0
        out = capsys.readouterr().out
        p = generate(skill, seed, notation)
        assert p.prompt in out and f"seed {seed}" in out and "Sample 0:" in out
        assert f"Network {'-'.join(map(str, p.network.sizes))}" in out
        leak = revealing(p.answer)
        if any(format_number(g.value) == leak for g in p.shown):
            leak = None  # softmax + cross-entropy with y_j = 0: δ_j is a_j, which is given
        assert leak is None or leak not in out.split(p.prompt)[0] + out.split(p.prompt)[1]
        assert main(["practice", "--skill", skill, "--seed", str(seed), "--notation", notation,
                     "--print"]) == 0
        assert capsys.readouterr().out == out  # a seed is a problem


def test_exam_print_lists_every_step_and_no_answer(capsys):
    assert main(["exam", "--seed", "12", "--print"]) == 0
    out = capsys.readouterr().out
    steps = exam(12)
    assert all(p.prompt in out for p in steps) and "seed 12" in out
    leaks = [t for p in steps if (t := revealing(p.answer)) and t in out]
    assert leaks == []


def test_usage_errors_exit_2_with_a_message(capsys):
    assert main(["practice", "--skill", "backprop", "--seed", "1", "--print"]) == 2
    assert "invalid choice" in capsys.readouterr().err
    assert main(["practice", "--print"]) == 2
    assert "--skill" in capsys.readouterr().err
    assert main(["practice", "--skill", "cost"]) == 2
    assert "--print" in capsys.readouterr().err


def test_practice_without_print_lists_every_skill_with_its_mastery(state_dir, capsys):
    store = ProgressStore(state_dir)
    for _ in range(3):
        record(store, "forward-z", True)
    record(store, "cost", True)
    assert main(["practice"]) == 0
    out = capsys.readouterr().out
    lines = {line.split()[-1]: line.split()[0] for line in out.splitlines()[1:] if line.strip()
             and not line.startswith("print")}
    assert lines["forward-z"] == "mastered" and lines["cost"] == "practising"
    assert lines["output-delta"] == "new" and set(SKILLS) <= set(lines)


def test_the_help_lists_the_new_commands(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "practice" in out and "exam" in out


def test_answer_checks_one_answer_and_names_the_mistake(capsys):
    p = generate("output-delta", 4411)
    assert main(["practice", "--skill", "output-delta", "--seed", "4411", "--answer",
                 repr(p.answer)]) == 0
    assert capsys.readouterr().out == "Right.\n"
    name, values = next(iter(p.mistakes.items()))
    assert main(["practice", "--skill", "output-delta", "--seed", "4411", "--answer",
                 repr(values[0])]) == 1
    assert capsys.readouterr().out.startswith("That ")
    assert main(["practice", "--skill", "output-delta", "--seed", "4411", "--answer", "x"]) == 1
    assert "number" in capsys.readouterr().out


def test_lessons_shows_how_many_skills_are_mastered(state_dir, capsys):
    store = ProgressStore(state_dir)
    for _ in range(3):
        record(store, "forward-z", True)
    record(store, "cost", True)
    assert main(["lessons"]) == 0
    assert "practice: 1 of 12 skills mastered, 1 in progress" in capsys.readouterr().out

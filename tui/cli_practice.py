"""``backprop-tui practice`` and ``backprop-tui exam``: practice problems and exams by seed.

With ``--print`` each prints a non-interactive text rendering (the network, the samples, what is
given and the question; never the answer), so a teacher can hand out "seed 4411". Without it, in
a terminal, ``practice`` opens the mastery map (or, with ``--skill``, one problem) and ``exam``
opens an exam (``--seed``, or a new one); with ``--list`` or when the output is not a terminal,
``practice`` lists the skills with the learner's mastery and ``exam`` lists the saved exams.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from backprop_tui.core.formulas.notation import CONVENTIONS

if TYPE_CHECKING:
    from backprop_tui.core.course.progress import ProgressStore

PROG = "backprop-tui"

PRACTICE_EPILOG = """\
Each problem is a fresh random network with hand-friendly numbers; the same skill and seed give
the same problem in every notation. Skills:
  {skills}

examples:
  backprop-tui practice                                   the mastery map: pick a skill
  backprop-tui practice --skill output-delta --seed 4411  open one problem
  backprop-tui practice --list                            your mastery of each skill, as text
  backprop-tui practice --skill output-delta --seed 4411 --print
  backprop-tui practice --skill hidden-delta --seed 7 --notation nielsen --print
  backprop-tui practice --skill hidden-delta --seed 7 --answer 0.0123
  backprop-tui practice --sheet --skill hidden-delta --count 30 --seed 100 > sheet.md
  backprop-tui practice --sheet --skill update --count 30 --seed 100 --format latex --key > key.tex
"""

EXAM_EPILOG = """\
An exam is one unseen network: every z and a, the cost, every δ, then one layer's gradients, in
order. Each step is marked given your own earlier answers, so one slip costs one step.

examples:
  backprop-tui exam --seed 12 --print
  backprop-tui exam --seed 12 --notation kostadinov --print
  backprop-tui exam                                       a new exam
  backprop-tui exam --seed 12                             the exam of seed 12
  backprop-tui exam --list                                the exams you have taken
"""


def build_practice_parser() -> argparse.ArgumentParser:
    from backprop_tui.core.course.practice import SKILLS

    parser = argparse.ArgumentParser(
        prog=f"{PROG} practice", description="Practise one step of backprop on unseen networks.",
        epilog=PRACTICE_EPILOG.format(skills="\n  ".join(
            f"{name:<17} {skill.title}" for name, skill in SKILLS.items())),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skill", metavar="NAME", choices=list(SKILLS),
                        help="which skill (see the list below)")
    parser.add_argument("--seed", type=int, metavar="N", help="which problem (default 0)")
    parser.add_argument("--notation", choices=CONVENTIONS, default="deeplizard",
                        help="whose symbols to use (default deeplizard)")
    parser.add_argument("--print", action="store_true", dest="print_",
                        help="print the problem as text instead of opening it")
    parser.add_argument("--list", action="store_true",
                        help="list each skill's state as text instead of opening the map")
    parser.add_argument("--answer", metavar="NUMBER",
                        help="check an answer to --skill/--seed and print the verdict (exit status "
                             "0 if right, 1 if not); nothing is saved")
    sheet = parser.add_argument_group(
        "worksheets", "--sheet prints COUNT problems of --skill, seeds --seed, --seed + 1, ...: "
        "every student gets different numbers; --key adds the answers (computed by the core)")
    sheet.add_argument("--sheet", action="store_true", help="print a practice sheet")
    sheet.add_argument("--count", type=int, default=5, metavar="N",
                       help="how many problems (default 5, at most 200)")
    sheet.add_argument("--format", choices=("markdown", "latex"), default="markdown",
                       help="Markdown, or a LaTeX document for pdflatex (default markdown)")
    sheet.add_argument("--key", action="store_true", help="the answer key instead of the sheet")
    return parser


def build_exam_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} exam", description="One whole training step by hand on an unseen network.",
        epilog=EXAM_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, metavar="N", help="which exam (default 0)")
    parser.add_argument("--notation", choices=CONVENTIONS, default="deeplizard",
                        help="whose symbols to use (default deeplizard)")
    parser.add_argument("--print", action="store_true", dest="print_",
                        help="print the exam as text instead of opening it")
    parser.add_argument("--list", action="store_true",
                        help="list the exams taken, as text, instead of opening one")
    return parser


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _needs_terminal(what: str) -> int:
    print(f"{PROG}: error: the {what} needs a terminal; add --print to print it as text",
          file=sys.stderr)
    return 2


def _open(store: ProgressStore, **kwargs: object) -> int:
    from backprop_tui.tui.crash import run_reporting
    from backprop_tui.tui.practice_app import PracticeApp

    return run_reporting(PracticeApp(store, **kwargs))


def run_practice(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from backprop_tui.core.course.practice import generate
    from backprop_tui.core.course.practice.mastery import load_all
    from backprop_tui.core.course.practice.sheet import problem_text
    from backprop_tui.core.course.progress import ProgressStore

    if args.sheet:
        return _print_sheet(args, parser)
    if args.print_ or args.answer is not None:
        if args.skill is None:
            parser.error(f"{'--print' if args.print_ else '--answer'} needs --skill NAME")
        problem = generate(args.skill, args.seed or 0, args.notation)
        if args.print_:
            print(problem_text(problem), end="")
        if args.answer is None:
            return 0
        verdict = problem.check(args.answer)
        print(verdict.message)
        return 0 if verdict.correct else 1
    if args.seed is not None and args.skill is None:
        parser.error("--seed needs --skill NAME")
    if not args.list and (args.skill is not None or _interactive()):
        if not _interactive():
            return _needs_terminal("practice screen")
        return _open(ProgressStore(), skill=args.skill, seed=args.seed, notation=args.notation)
    store = ProgressStore()
    if store.notice:
        print(store.notice, file=sys.stderr)
    print(f"{'state':<11} {'in a row':<9} skill")
    for name, m in load_all(store).items():
        print(f"{m.state:<11} {m.run:<9} {name}")
    print(f"\nopen one with: {PROG} practice --skill NAME [--seed N]; "
          f"print one with: ... --print")
    return 0


def _print_sheet(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from backprop_tui.core.course.practice.practice_sheet import MAX_COUNT, practice_sheet

    if args.skill is None:
        parser.error("--sheet needs --skill NAME")
    if not 1 <= args.count <= MAX_COUNT:
        parser.error(f"--count {args.count}: expected 1 to {MAX_COUNT} problems")
    print(practice_sheet(args.skill, args.count, args.seed or 0, args.notation, args.format,
                         args.key), end="")
    return 0


def run_exam(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from backprop_tui.core.course.practice import exam
    from backprop_tui.core.course.practice.mastery import exams
    from backprop_tui.core.course.practice.sheet import exam_text
    from backprop_tui.core.course.progress import ProgressStore

    if args.print_:
        print(exam_text(exam(args.seed or 0, args.notation)), end="")
        return 0
    if not args.list and (args.seed is not None or _interactive()):
        if not _interactive():
            return _needs_terminal("exam screen")
        return _open(ProgressStore(), seed=args.seed, notation=args.notation, exam=True)
    store = ProgressStore()
    if store.notice:
        print(store.notice, file=sys.stderr)
    taken = exams(store)
    if not taken:
        print("no exams taken yet")
    for seed, date, scored, steps in taken:
        print(f"seed {seed:<6} {date:<18} {scored}/{steps}")
    print(f"\nprint an exam with: {PROG} exam --seed N --print")
    return 0


def practice_summary(store: ProgressStore) -> str:
    """One line for ``backprop-tui lessons``: how many skills are mastered, and how to practise."""
    from backprop_tui.core.course.practice.mastery import load_all

    states = [m.state for m in load_all(store).values()]
    return (f"practice: {states.count('mastered')} of {len(states)} skills mastered, "
            f"{states.count('practising')} in progress (see: {PROG} practice)")


PRACTICE_COMMANDS = {
    "practice": (build_practice_parser, run_practice),
    "exam": (build_exam_parser, run_exam),
}

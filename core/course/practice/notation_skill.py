"""The ``notation`` skill: one symbol read in another convention (a choice, not a number).

The learner sees a quantity as their notation writes it and picks how another convention writes
the same quantity. The wrong options are the mistakes a reader makes: the indices swapped, the
layer one off, the nodes counted from the other base, or the symbol copied over unchanged.

The choice is the problem's one step (its value the right option's number), so it fades like any
other skill: the first problem shows the right option, the next ones leave the choice to the
learner, and only a choice the learner made counts towards mastery.
"""

from __future__ import annotations

import numpy as np

from backprop_tui.core.course.practice.draw import two_decimals
from backprop_tui.core.course.practice.problem import Problem, WorkedStep
from backprop_tui.core.formulas.expr import Sym
from backprop_tui.core.formulas.notation import CONVENTIONS, render
from backprop_tui.core.formulas.symbols import symbol_table
from backprop_tui.core.math.network import Network

N_OPTIONS = 4
TABLE_KEY = {"w": "w_jk", "b": "b_j", "z": "z_j", "a": "a_j", "delta": "δ"}


def _sym(name: str, l: int, j: int, k: int) -> Sym:
    return Sym(name, l, (j, k) if name == "w" else (j,))  # type: ignore[arg-type]


def rules(convention: str, depth: int, name: str) -> str:
    """How ``convention`` numbers layers and nodes and writes the symbol ``name``, from the
    notation panel's table (the practice screen has no notation panel of its own)."""
    rows = {key: (shown, meaning) for key, shown, meaning in symbol_table(convention, depth)}
    symbol, meaning = rows[TABLE_KEY[name]]
    return (f"In the {convention} notation {rows['L'][0]} names {rows['L'][1]}; j is "
            f"{rows['j'][1]}; {symbol} is {meaning}.")


def notation_problem(rng: np.random.Generator, seed: int, notation: str) -> Problem:
    depth = int(rng.integers(2, 4))
    sizes = [int(rng.integers(2, 5)) for _ in range(depth + 1)]
    net = Network(sizes, ["sigmoid"] * depth, "sse",
                  [two_decimals(rng, (n, m)) for m, n in zip(sizes, sizes[1:], strict=False)],
                  [two_decimals(rng, n) for n in sizes[1:]])
    sample = (two_decimals(rng, sizes[0]), rng.integers(0, 2, size=sizes[-1]).astype(float))
    name = str(rng.choice(["w", "b", "z", "a", "delta"]))
    l = int(rng.integers(1, depth + 1))
    j, k = int(rng.integers(sizes[l])), int(rng.integers(sizes[l - 1]))
    other = str(rng.choice([c for c in CONVENTIONS if c != notation]))

    def shown(sym: Sym, conv: str) -> str:
        return render(sym, conv, depth=depth)

    right = shown(_sym(name, l, j, k), other)
    wrong = [shown(_sym(name, l, k, j), other), shown(_sym(name, l - 1 if l > 1 else l + 1, j, k), other),
             shown(_sym(name, l, j + 1, k + 1), other), shown(_sym(name, l, j, k), notation),
             shown(_sym(name, l + 1 if l < depth else l - 1, j, k), other),
             shown(_sym(name, l, j - 1 if j else j + 2, k), other)]
    options = [right]
    for w in wrong:
        if w not in options and len(options) < N_OPTIONS:
            options.append(w)
    order = rng.permutation(len(options))
    options = [options[i] for i in order]
    answer = float(options.index(right) + 1)
    asked = shown(_sym(name, l, j, k), notation)
    prompt = (f"In the {notation} notation this is {asked}. "
              f"How does the {other} notation write the same quantity?")
    key = ("notation", l, j, k if name == "w" else None)
    step = WorkedStep(key, 0, f"{asked} in the {other} notation: the option's number", answer)
    return Problem(
        skill="notation", seed=seed, notation=notation, network=net, samples=(sample,),
        quantity="notation", layer=l, node=j, source=k if name == "w" else None, eta=None,
        average=False, prompt=prompt, answer=answer, activation=None, options=tuple(options),
        steps=(step,),
        hints=(rules(other, depth, name),),
        extra={"symbol": name, "other": other},
    )

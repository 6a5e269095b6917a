"""A problem (or an exam) as plain Unicode text: the network, the samples, what is given, and the
question, in the problem's notation. Never the answer: a teacher can hand it out by seed.
"""

from __future__ import annotations

from collections.abc import Sequence

from backprop_tui.core.course.practice.hints import cost_text
from backprop_tui.core.course.practice.problem import Problem
from backprop_tui.core.course.practice.skills import get_skill
from backprop_tui.core.course.practice.verdict import SHOWN_DIGITS
from backprop_tui.core.formulas.notation import format_number


def _n(v: float) -> str:
    return format_number(v, digits=SHOWN_DIGITS)


def network_text(p: Problem) -> list[str]:
    """The network: each layer's activation, weights and biases; the cost."""
    net, s = p.network, p.symbols
    L = net.depth
    layers = ", ".join(f"{s.layer(l)} {net.activations[l - 1]}" for l in range(1, L + 1))
    lines = [f"Network {'-'.join(map(str, net.sizes))} (input first): layers {layers}.",
             f"Cost: {net.loss}, {s.cost()} = {cost_text(s, net.loss, L)}."]
    for l in range(1, L + 1):
        lines.append(f"Layer {s.layer(l)} ({net.sizes[l]} node{'s' if net.sizes[l] > 1 else ''}, "
                     f"{net.activations[l - 1]}):")
        for j in range(net.sizes[l]):
            ws = ", ".join(f"{s.w(l, j, k)} = {_n(w)}" for k, w in enumerate(net.weights[l - 1][j]))
            lines.append(f"  {ws};  {s.b(l, j)} = {_n(net.biases[l - 1][j])}")
    return lines


def samples_text(p: Problem) -> list[str]:
    s = p.symbols
    lines = []
    for i, (x, y) in enumerate(p.samples):
        xs = ", ".join(f"{s.a(0, k)} = {_n(v)}" for k, v in enumerate(x))
        ys = ", ".join(f"{s.y(j)} = {_n(v)}" for j, v in enumerate(y))
        lines.append(f"Sample {i}: {xs};  {ys}")
    return lines


def given_text(p: Problem) -> list[str]:
    s = p.symbols
    lines = []
    for i in sorted({g.sample for g in p.shown}):
        items = ", ".join(f"{s.label(g.key)} = {_n(g.value)}" for g in p.shown if g.sample == i)
        lines.append(f"Given{f' (sample {i})' if len(p.samples) > 1 else ''}: {items}")
    return lines


def problem_text(p: Problem) -> str:
    """One problem, as ``backprop-tui practice --print`` prints it."""
    skill = get_skill(p.skill)
    lines = [f"Practice: {p.skill} ({skill.title}), seed {p.seed}, {p.notation} notation", ""]
    lines += network_text(p) + [""] + samples_text(p)
    given = given_text(p)
    lines += ([""] + given) if given else []
    lines += ["", p.prompt]
    if p.options:
        lines += [f"  {i}. {o}" for i, o in enumerate(p.options, start=1)]
    lines += ["", f"Again: backprop-tui practice --skill {p.skill} --seed {p.seed} "
                  f"--notation {p.notation} --print"]
    return "\n".join(lines) + "\n"


def exam_text(steps: Sequence[Problem]) -> str:
    """An exam: the network and sample once, then every step in order."""
    p = steps[0]
    lines = [f"Exam, seed {p.seed}, {p.notation} notation: one training step by hand, in order.",
             "Each step is checked given your own earlier answers.", ""]
    lines += network_text(p) + [""] + samples_text(p) + [""]
    lines += [f"{i:>2}. {q.prompt}" for i, q in enumerate(steps, start=1)]
    lines += ["", f"Again: backprop-tui exam --seed {p.seed} --notation {p.notation} --print"]
    return "\n".join(lines) + "\n"

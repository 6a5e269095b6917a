"""``generate(skill, seed, notation)``: one practice problem, the same for the same skill and seed.

The seed drives one NumPy generator (seeded with the seed and the skill's name) that draws the
activation and loss (unless given), the network (:mod:`.draw`), the node asked about, and the
learning rate. A draw whose answer is 0, where a ReLU sits exactly on its kink, or whose
activation is its given z to within the tolerance (tanh of a small z) is drawn again,
deterministically. Every number of the problem comes from the core's trace (:mod:`.values`).
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np

from backprop_tui.core.course.practice import hints as h
from backprop_tui.core.course.practice.draw import Draft, draw, relu_safe
from backprop_tui.core.course.practice.labels import Symbols
from backprop_tui.core.course.practice.notation_skill import notation_problem
from backprop_tui.core.course.practice.problem import Problem, Shown, WorkedStep
from backprop_tui.core.course.practice.skills import Skill, get_skill
from backprop_tui.core.course.practice.values import Key, traces, value
from backprop_tui.core.course.practice.verdict import close
from backprop_tui.core.formulas.notation import CONVENTIONS
from backprop_tui.core.math.network import Network
from backprop_tui.core.math.trace import Trace

ETAS = (0.1, 0.2, 0.5)
ATTEMPTS = 40
MIN_ANSWER = 5e-3  # an answer (or update step) smaller than this is drawn again
QUANTITY = {"forward-z": "z", "forward-a": "a", "cost": "cost", "output-dC/da": "dC/da",
            "activation-slope": "da/dz", "output-delta": "delta", "hidden-delta": "delta",
            "bias-gradient": "dC/db", "weight-gradient": "dC/dw"}


def rng_for(skill: str, seed: int) -> np.random.Generator:
    return np.random.default_rng([seed & 0xFFFFFFFF, zlib.crc32(skill.encode())])


def generate(
    skill: str, seed: int, notation: str = "deeplizard", *,
    activation: str | None = None, loss: str | None = None,
) -> Problem:
    """A problem of ``skill``; ``activation`` / ``loss`` pin one of :meth:`Skill.cases`."""
    sk = get_skill(skill)
    if notation not in CONVENTIONS:
        raise ValueError(f"unknown notation {notation!r}; expected one of: {', '.join(CONVENTIONS)}")
    rng = rng_for(skill, seed)
    if not sk.numeric:
        return notation_problem(rng, seed, notation)
    cases = [c for c in sk.cases() if activation in (None, c[0]) and loss in (None, c[1])]
    if not cases:
        raise ValueError(f"{skill} can't be practised with activation {activation} and loss {loss}")
    act, lo = cases[int(rng.integers(len(cases)))]
    problem = None
    for _ in range(ATTEMPTS):
        problem = _attempt(rng, sk, seed, notation, act, lo)
        if problem is not None:
            break
    assert problem is not None, f"no problem for {skill} seed {seed} in {ATTEMPTS} draws"
    return problem


def _attempt(rng: np.random.Generator, sk: Skill, seed: int, notation: str, act: str | None,
             loss: str | None) -> Problem | None:
    n_samples = int(rng.integers(2, 4)) if sk.name == "mean-gradient" else 1
    d = draw(rng, sk, act, loss, n_samples)
    net, l = d.network, d.layer
    quantity = QUANTITY.get(sk.name)
    if sk.name == "update":
        quantity = "w-updated" if rng.random() < 0.6 else "b-updated"
    elif sk.name == "mean-gradient":
        quantity = "dC/dw" if rng.random() < 0.7 else "dC/db"
    j = None if quantity == "cost" else int(rng.integers(net.sizes[l]))
    k = int(rng.integers(net.sizes[l - 1])) if quantity in ("dC/dw", "w-updated") else None
    eta = float(rng.choice(ETAS)) if sk.name == "update" else None
    variant = str(rng.choice(["z", "a"])) if quantity == "da/dz" else ""
    average = sk.name == "mean-gradient"
    key: Key = (quantity, l, j, k)
    ts = traces(net, d.samples)
    answer = value(net, d.samples, key, average=average, eta=eta, trace_list=ts)
    if not _acceptable(d, key, answer, ts):
        return None
    s = Symbols(notation, net.depth, net.activations)
    activation = net.activations[l - 1] if sk.depends_on_activation else None
    steps = _steps(d, key, s, average, eta, ts)
    eta_text = f", {s.eta()} = {eta:g}" if eta is not None else ""
    hint_keys = [st.key for st in reversed(steps) if st.sample in (0, None)]
    hints = tuple(dict.fromkeys(h.equation(s, hk, net.activations, net.loss, eta_text) for hk in hint_keys))
    if average:
        hints = (f"Work out {s.label(key)} for each sample, then take the mean of the "
                 f"{len(d.samples)}.", *hints)
    problem = Problem(
        skill=sk.name, seed=seed, notation=notation, network=net, samples=d.samples,
        quantity=quantity, layer=None if quantity == "cost" else l, node=j, source=k, eta=eta,
        average=average, prompt=h.prompt(s, key, eta=eta, average=len(d.samples) if average else 0,
                                         variant=variant),
        answer=answer, activation=activation, shown=_shown(d, key, variant, ts), steps=steps,
        hints=hints, variant=variant,
    )
    problem.__dict__["traces"] = ts  # the traces the answer was read from: no second pass
    return problem


def _acceptable(d: Draft, key: Key, answer: float, ts: Sequence[Trace]) -> bool:
    if not relu_safe(d) or not np.isfinite(answer):
        return False
    quantity, l, j, k = key
    if quantity in ("w-updated", "b-updated"):
        return abs(answer - d.network.parameter(quantity[0], l, j, k or 0)) > MIN_ANSWER
    if quantity == "a" and close(answer, float(ts[0].z(l)[j])):
        return False  # tanh of a small z is z within 1%: the given z would pass as the answer
    return abs(answer) > MIN_ANSWER


def _vector(key_name: str, l: int, n: int, s: int, ts: Sequence[Trace]) -> list[Shown]:
    get = {"z": lambda t, i: t.z(l)[i], "a": lambda t, i: t.a(l)[i],
           "delta": lambda t, i: t.delta(l)[i]}[key_name]
    return [Shown((key_name, l, i, None), s, float(get(ts[s], i))) for i in range(n)]


def _shown(d: Draft, key: Key, variant: str, ts: Sequence[Trace]) -> tuple[Shown, ...]:
    """What the problem gives beyond the network and samples: never the answer or a later step."""
    net = d.network
    quantity, l, j, k = key
    L, sizes = net.depth, net.sizes
    out: list[Shown] = []
    for s in range(len(d.samples)):
        if quantity == "z":
            out += _vector("a", l - 1, sizes[l - 1], s, ts) if l > 1 else []
        elif quantity == "a":
            out += _vector("z", l, sizes[l], s, ts)
        elif quantity in ("cost", "dC/da"):
            out += _vector("a", L, sizes[L], s, ts)
        elif quantity == "da/dz":
            t = ts[s]
            out.append(Shown((variant, l, j, None), s, float((t.z(l) if variant == "z" else t.a(l))[j])))
        else:  # built on δ of layer l
            if quantity in ("dC/dw", "w-updated") and l > 1:
                out += _vector("a", l - 1, sizes[l - 1], s, ts)
            out += _vector("z", l, sizes[l], s, ts) + _vector("a", l, sizes[l], s, ts)
            if l < L:
                out += _vector("delta", l + 1, sizes[l + 1], s, ts)
    return tuple(out)


def _delta_chain(net: Network, l: int, j: int) -> list[Key]:
    act = net.activations[l - 1]
    if act == "softmax" and net.loss == "cross-entropy":
        return [("delta", l, j, None)]
    if act == "softmax":
        return [("dC/da", l, i, None) for i in range(net.sizes[l])] + [("delta", l, j, None)]
    return [("dC/da", l, j, None), ("da/dz", l, j, None), ("delta", l, j, None)]


def _steps(d: Draft, key: Key, s: Symbols, average: bool, eta: float | None,
           ts: Sequence[Trace]) -> tuple[WorkedStep, ...]:
    """The worked solution, in order, every value from the core."""
    net = d.network
    quantity, l, j, k = key
    if quantity not in ("delta", "dC/db", "dC/dw", "w-updated", "b-updated"):
        v = value(net, d.samples, key, eta=eta, trace_list=ts)
        return (WorkedStep(key, 0, s.label(key), v),)
    chain = _delta_chain(net, l, j)
    grad: Key | None = None
    if quantity in ("dC/dw", "w-updated"):
        grad = ("dC/dw", l, j, k)
    elif quantity in ("dC/db", "b-updated"):
        grad = ("dC/db", l, j, None)
    per_sample = chain + ([grad] if grad else [])
    steps = []
    for n in range(len(d.samples) if average else 1):
        for ck in per_sample:
            v = value(net, d.samples, ck, sample=n, trace_list=ts)
            steps.append(WorkedStep(ck, n, s.label(ck), v))
    if average:
        v = value(net, d.samples, key, average=True, trace_list=ts)
        steps.append(WorkedStep(key, None, s.label(key), v))
    elif quantity in ("w-updated", "b-updated"):
        v = value(net, d.samples, key, eta=eta, trace_list=ts)
        steps.append(WorkedStep(key, 0, s.label(key), v))
    return tuple(steps)

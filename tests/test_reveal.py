"""The reveal policy (backprop_tui.core.course.reveal) against what the screen would show.

For every quantity an exercise can ask for, at every place of a few small networks, the number
the answer key computes is looked for, at the 4 significant digits the tutor prints, in
everything a panel or a key could show: each step's worked equations and the network view's
values up to the step limit, the chain rule's factors, every path, the gradient check and the
update. Wherever it turns up, the policy must hide it; what it depends on must stay on screen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import product

import numpy as np
import pytest

from backprop_tui.core.course import reveal
from backprop_tui.core.course.exercise import QUANTITIES, resolve
from backprop_tui.core.course.lesson import Exercise, Lesson, Place
from backprop_tui.core.files.netfile import NetworkFile
from backprop_tui.core.formulas.chain import expand
from backprop_tui.core.formulas.equations import step_expression
from backprop_tui.core.formulas.notation import format_number, render
from backprop_tui.core.math.gradcheck import check_parameter
from backprop_tui.core.math.network import Network

NUMBER = re.compile(r"\d+(?:\.\d+)?(?:×10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)?")
NETWORKS = {
    "2-3-2 sigmoid, sse": (Network.from_sizes([2, 3, 2], "sigmoid", "sse", seed=3),
                           [0.35, 0.9], [1.0, 0.0]),
    "3-2-2-1 tanh, half-sse": (Network.from_sizes([3, 2, 2, 1], ["tanh", "tanh", "sigmoid"],
                                                  "half-sse", seed=7), [0.2, -0.4, 0.7], [0.25]),
}
#: BP2 computes these on its way to δ but prints the terms of ∂C/∂a, not their sum: the learner
#: adds them up, so the step is held back all the same.
COMPUTED_INSIDE = {"dC/da"}


def numbers(text: str) -> set[str]:
    """The magnitudes printed in ``text`` (a sign may sit apart from its number)."""
    return set(NUMBER.findall(text))


def shown(value: float) -> str:
    return format_number(abs(value))


@dataclass
class Screen:
    """Every number each part of the tutor would print for one network and sample."""

    steps: list[set[str]]  # per step: its worked equations (every node) and the network view
    chain: set[str]
    paths: set[str]
    check: set[str]
    update: set[str]


def screen(net: Network, x: np.ndarray, y: np.ndarray) -> Screen:
    trace, L = net.trace(x, y), net.depth
    steps = []
    for step in trace.steps:
        seen: set[str] = set()
        rows = range(net.sizes[step.layer]) if step.equation != "cost" else range(1)
        cols = range(net.sizes[step.layer - 1]) if step.equation == "BP4" else range(1)
        for j, k in product(rows, cols):
            seen |= numbers(render(step_expression(step, j, k), depth=L, numbers=True))
        for _, values in trace.known_values(step.index):
            seen |= {shown(v) for v in (values if values is not None else ())}
        steps.append(seen)
    chain, paths, check = set(), set(), set()
    for l in range(1, L + 1):
        for j, k in product(range(net.sizes[l]), range(net.sizes[l - 1])):
            for kind in ("w", "b"):
                ex = expand(trace, kind, l, j, k)
                chain |= {shown(f.value) for f in ex.factors} | {shown(ex.gradient)}
                chain |= {shown(f.value) for t in ex.terms for f in t.factors}
                for path in ex.paths or ():
                    paths |= {shown(path.value)} | {shown(f.value) for f in path.factors}
                c = check_parameter(net, x, y, kind, l, j, k)
                check |= {shown(v) for v in (c.cost, c.cost_plus, c.cost_minus, c.numeric,
                                               c.backprop)}
    new = net.update([x], [y], 0.5)
    update = {shown(net.cost([x], [y])), shown(new.cost([x], [y]))}
    update |= {shown(v) for m in (*new.weights, *new.biases) for v in np.ravel(m)}
    return Screen(steps, chain, paths, check, update)


def dependency_value(trace, quantity: str, place: Place, offset: int) -> float:
    l, j, k = place.layer + offset, place.node, place.source
    return float(trace.a(l)[k] if quantity == "a" else getattr(trace, quantity)(l)[j])


def places(net: Network, needs: tuple[str, ...]):
    layers = range(1, net.depth + 1) if "layer" in needs else [None]
    for l in layers:
        nodes = range(net.sizes[l if l is not None else net.depth]) if "node" in needs else [None]
        sources = range(net.sizes[l - 1]) if "source" in needs else [None]
        for j, k in product(nodes, sources):
            yield Place(l, j, k)


def test_every_quantity_has_its_policy_and_no_policy_is_orphaned():
    assert set(reveal.REVEAL) == set(QUANTITIES)
    for name, policy in reveal.REVEAL.items():
        assert policy.given or policy.steps or policy.panels or policy.actions, name
        assert all(dep in QUANTITIES for dep, _ in policy.depends), name


def test_only_the_exercise_kinds_that_ask_for_a_number_or_an_order_hide_anything():
    choice = Exercise("c", "choice", "p", ("h",), "e", options=("a", "b"))
    order = Exercise("o", "order", "p", ("h",), "e", quantity="dC/dw", place=Place(1, 0, 0))
    assert reveal.policy(choice) is None and not reveal.blocked_actions(choice)
    assert reveal.hides_chain(order) and reveal.blocked_actions(order) == {"paths", "check"}


@pytest.mark.parametrize("name", list(NETWORKS))
def test_the_policy_hides_every_number_that_would_give_the_answer_away(name):
    net, x, y = NETWORKS[name]
    x, y = np.array(x, float), np.array(y, float)
    trace, seen = net.trace(x, y), screen(net, x, y)
    lesson = Lesson("t", "t", "t", "none", "deeplizard", NetworkFile(net, [(x, y)]), ())
    checked = 0
    for quantity, q in QUANTITIES.items():
        policy = reveal.REVEAL[quantity]
        for place in places(net, q.needs):
            ex = Exercise("t", "numeric", "p", ("h",), "e", quantity=quantity, place=place)
            value = shown(resolve(lesson, ex).value)
            where = f"{quantity} at {place}"
            if policy.given or value in ("0", "1"):  # on screen anyway, or everywhere
                continue
            checked += 1
            limit = reveal.step_limit(trace, ex)
            first = reveal.first_shown(trace, quantity, place.layer or 0)
            if policy.steps:  # the step that computes it shows it, and is the first blocked
                assert first is not None, where
                computed_inside = quantity in COMPUTED_INSIDE and place.layer < net.depth
                assert value in seen.steps[first] or computed_inside, where
                assert limit == first - 1, where
            last = len(trace.steps) - 1 if limit is None else limit
            if policy.same_as is not None:  # the number on screen is the answer, by design
                dep, offset = policy.same_as
                assert value == shown(dependency_value(trace, dep, place, offset)), where
            else:
                for i in range(last + 1):
                    assert value not in seen.steps[i], f"{where}: step {i} shows it"
            for dep, offset in policy.depends:  # what it is computed from stays on screen
                layer = (place.layer or 0) + (offset or 0)
                if offset is not None and layer <= net.depth and dep in ("z", "a", "delta", "cost"):
                    dep_first = reveal.first_shown(trace, dep, layer)
                    assert dep_first is None or dep_first <= last, f"{where} needs {dep}"
            chain_in_reach = last >= trace.first_backward()  # the panel's numbers start there
            if value in seen.chain and chain_in_reach:
                assert reveal.hides_chain(ex), f"{where}: the chain panel shows it"
            for action, numbers_of in (("paths", seen.paths), ("check", seen.check),
                                       ("update", seen.update)):
                if value in numbers_of:
                    assert action in reveal.blocked_actions(ex), f"{where}: {action} shows it"
    assert checked > 50


def test_the_network_view_shows_what_the_policy_says_it_does():
    net, x, y = NETWORKS["2-3-2 sigmoid, sse"]
    trace = net.trace(np.array(x), np.array(y))
    for quantity in ("z", "a", "delta"):
        assert "network" in reveal.REVEAL[quantity].panels
        for l in range(1, net.depth + 1):
            first = reveal.first_shown(trace, quantity, l)
            assert trace.known_values(first)[l][0] == quantity
            assert trace.known(first, quantity, l) and not trace.known(first - 1, quantity, l)


def test_an_averaged_exercise_is_not_limited_to_a_step_of_the_one_sample_trace():
    net, x, y = NETWORKS["2-3-2 sigmoid, sse"]
    trace = net.trace(np.array(x), np.array(y))
    ex = Exercise("t", "numeric", "p", ("h",), "e", quantity="dC/dw", place=Place(2, 0, 0),
                  average=True)
    assert reveal.step_limit(trace, ex) is None
    assert reveal.hides_chain(ex) and "check" in reveal.blocked_actions(ex)


@pytest.mark.parametrize("name", list(NETWORKS))
def test_a_formula_exercise_stops_before_any_layer_writes_the_form_it_asks_for(name):
    """BP2, BP3 and BP4 read the same at every layer: asked for at a hidden layer, the step
    that writes them for the output layer (first in the backward pass) gives the form away, so
    the cursor stops before it; a numeric exercise's number is its own layer's, and BP1 and the
    slopes are not the same at every layer, so those stop at their own step as before."""
    net, x, y = NETWORKS[name]
    trace, L = net.trace(np.array(x, float), np.array(y, float)), net.depth
    held_earlier = 0
    for quantity, eq in (("dC/dw", "BP4"), ("dC/db", "BP3"), ("delta", "BP2")):
        for layer in range(1, L if eq == "BP2" else L + 1):
            place = Place(layer, 0, 0)
            formula = Exercise("t", "formula", "p", ("h",), "e", quantity=quantity, place=place)
            numeric = Exercise("t", "numeric", "p", ("h",), "e", quantity=quantity, place=place)
            own = trace.first_step(eq, layer)  # its own equation at its layer
            limit = reveal.step_limit(trace, formula)
            for step in trace.steps[:limit + 1]:  # nothing up to the limit writes the form
                assert step.equation != eq, (quantity, layer, step.index)
            earlier = [s for s in trace.steps[:own] if s.equation == eq]
            number = reveal.first_shown(trace, quantity, layer)  # δ shows ∂C/∂b's number first
            assert limit + 1 == min([number, *(s.index for s in earlier)])
            held_earlier += bool(earlier) and earlier[0].index < number
            assert reveal.step_limit(trace, numeric) == reveal.first_shown(trace, quantity,
                                                                           layer) - 1
    assert held_earlier >= 2  # BP4 and BP3 at a hidden layer: the output layer's came first
    slope = Exercise("t", "formula", "p", ("h",), "e", quantity="da/dz", place=Place(1, 0, None))
    assert reveal.step_limit(trace, slope) == reveal.first_shown(trace, "da/dz", 1) - 1

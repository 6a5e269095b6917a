"""The tutor's pure state: focus clamping and every transition the keys make (no Textual)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from backprop_tui.core.formulas.notation import format_number
from backprop_tui.core.math.network import Network
from backprop_tui.tui.focus import Focus
from backprop_tui.tui.netdraw import window
from backprop_tui.tui.present import update_message
from backprop_tui.tui.state import CONVENTIONS, TutorState, example

SIZES = (3, 5, 4, 2)


def state(sizes=SIZES) -> TutorState:
    net = Network.from_sizes(sizes, seed=1)
    rng = np.random.default_rng(1)
    return TutorState.start(net, [(rng.random(sizes[0]), rng.random(sizes[-1]))])


def in_range(f: Focus, sizes) -> bool:
    return (1 <= f.layer < len(sizes) and 0 <= f.node < sizes[f.layer]
            and 0 <= f.source < sizes[f.layer - 1] and f.kind in ("w", "b"))


def test_example_is_the_issue_network():
    net, samples = example()
    assert net.sizes == (4, 2, 2, 1) and net.loss == "sse"
    assert set(net.activations) == {"sigmoid"}
    np.testing.assert_allclose(samples[0][0], [0.05, 0.10, 0.15, 0.20])
    np.testing.assert_allclose(samples[0][1], [1.0])


@pytest.mark.parametrize("moves", list(itertools.product(("node", "source", "layer"), (-9, 9))))
def test_focus_moves_stay_in_range_on_every_layer(moves):
    name, delta = moves
    for layer in range(1, len(SIZES)):
        f = Focus(layer, 0, 0)
        for _ in range(12):
            f = getattr(f, f"move_{name}")(delta // 9, SIZES)
            assert in_range(f, SIZES)


def test_focus_clamps_to_a_smaller_layer():
    f = Focus(1, 4, 2).at_layer(3, SIZES)
    assert (f.layer, f.node, f.source) == (3, 1, 2)
    assert Focus(9, 99, 99).clamped(SIZES) == Focus(3, 1, 3)


def test_stepping_moves_the_focus_to_the_steps_layer():
    s = state()
    for i in range(len(s.trace.steps)):
        s2 = s.go_to(i)
        assert s2.focus.layer == s2.step.layer
        assert in_range(s2.focus, SIZES)


def test_step_by_clamps_at_both_ends():
    s = state()
    last = len(s.trace.steps) - 1
    assert s.step_by(-1).step_index == 0
    assert s.go_to(last).step_by(1).step_index == last


def test_phase_jumps():
    s = state().go_to(5)
    assert s.forward_start().step_index == 0
    back = s.backward_start()
    assert back.step.equation == "BP1" and back.step.layer == s.trace.depth


def test_toggles_and_conventions_cycle():
    s = state()
    assert s.toggle_kind().focus.kind == "b" and s.toggle_kind().toggle_kind().focus.kind == "w"
    seen = [s.convention]
    for _ in range(3):
        s = s.next_convention()
        seen.append(s.convention)
    assert seen == [*CONVENTIONS, CONVENTIONS[0]]
    assert s.toggle_mode("paths").mode == "paths"
    assert s.toggle_mode("paths").toggle_mode("paths").mode == "chain"
    assert s.toggle_mode("paths").toggle_mode("check").mode == "check"


def test_update_lowers_the_cost_and_keeps_the_step():
    s = state().go_to(7)
    u = s.updated()
    assert u.step_index == 7 and u.network is not s.network
    assert u.last_update.before == pytest.approx(s.network.cost(s.X, s.Y))
    assert u.last_update.after < u.last_update.before


def test_an_update_on_several_samples_reports_the_mean_and_sample_0_apart():
    """The update lowers the mean cost over the samples; the status bar's "was" is sample 0's
    cost, the one beside it, never the mean."""
    net = Network.from_sizes([2, 3, 1], seed=2)
    samples = [(np.array([0.1, 0.9]), np.array([1.0])), (np.array([0.8, 0.2]), np.array([0.0])),
               (np.array([0.5, 0.5]), np.array([0.5]))]
    s = TutorState.start(net, samples, "deeplizard", 0.5)
    u = s.updated()
    change = u.last_update
    assert change.samples == 3
    assert change.before == pytest.approx(net.cost(s.X, s.Y))
    assert change.shown_before == pytest.approx(s.trace.loss)
    assert change.shown_before != pytest.approx(change.before)  # the two measures differ here
    assert update_message(u).endswith(
        f"mean cost over the 3 samples {format_number(change.before)} → "
        f"{format_number(change.after)}")


def test_expansion_and_check_follow_the_focus():
    s = state().backward_start()
    f = s.focus
    assert s.expansion.gradient == pytest.approx(float(s.trace.grad_w(f.layer)[f.node, f.source]))
    assert s.gradcheck.rel_error < 1e-6
    assert s.expansion is s.with_focus(f).expansion  # memoised on (trace, focus)


def test_click_picks():
    f = Focus(2, 1, 0)
    assert f.pick_node(1, 3, SIZES) == Focus(1, 3, 0, "node")  # a node: the node itself
    assert f.pick_node(3, 1, SIZES) == Focus(3, 1, 0, "node")
    assert f.pick_node(0, 2, SIZES) == Focus(0, 2, 0, "node")  # an input node too
    assert f.pick_edge(3, 0, 2, SIZES) == Focus(3, 0, 2, "w")  # an edge: its weight


def test_window_elides_large_layers_with_a_count():
    items = window(784, 0, 30)
    assert items[:8] == list(range(8)) and items[-1] == ("more", 776)
    mid = window(784, 400, 30)
    assert 400 in mid and mid[0][0] == "more" and mid[-1][0] == "more"
    assert sum(i[1] if isinstance(i, tuple) else 1 for i in mid) == 784
    assert window(4, 0, 30) == [0, 1, 2, 3]


def test_the_written_out_example_is_what_the_seeded_generator_draws():
    from backprop_tui.core.math.network import Network
    from backprop_tui.tui.state import example

    net, _ = example()
    drawn = Network.from_sizes([4, 2, 2, 1], "sigmoid", "sse", seed=0)
    assert net.sizes == drawn.sizes and net.activations == drawn.activations
    for ours, theirs in zip(net.weights + net.biases, drawn.weights + drawn.biases, strict=True):
        assert ours.shape == theirs.shape and (ours == theirs).all()  # bit for bit

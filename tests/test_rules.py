"""The activation and loss rules are core.math's: the Network and the file checks report the same."""

from __future__ import annotations

import pytest

from backprop_tui.core.files.netcheck import network_from_spec
from backprop_tui.core.math.network import Network

BROKEN = [
    ("2-2-2", "softmax,sigmoid", "sse", "softmax on hidden layer 1"),
    ("2-2-2", "sigmod", "sse", 'unknown activation "sigmod"'),
    ("2-2-2", "sigmoid", "l2", 'unknown loss "l2"'),
    ("2-2-2", "sigmoid,linear", "cross-entropy", "cross-entropy with a linear output layer"),
    ("2-2-2", "sigmoid,sigmoid,sigmoid", "sse", "3 activations; expected 2"),
]


@pytest.mark.parametrize(("spec", "activation", "loss", "problem"), BROKEN)
def test_a_network_and_a_net_spec_refuse_the_same_thing_in_the_same_words(spec, activation,
                                                                           loss, problem):
    sizes = [int(n) for n in spec.split("-")]
    names = activation.split(",")
    with pytest.raises(ValueError, match=problem) as from_core:
        Network.from_sizes(sizes, names if len(names) > 1 else names[0], loss)
    with pytest.raises(ValueError, match=problem) as from_spec:
        network_from_spec(spec, activation=activation, loss=loss)
    assert str(from_core.value) in str(from_spec.value)


def test_the_rules_accept_every_combination_the_design_allows():
    for output in ("sigmoid", "softmax"):
        assert Network.from_sizes([3, 2, 2], ["tanh", output], "cross-entropy").loss == "cross-entropy"
    for loss in ("sse", "half-sse", "mse"):
        assert Network.from_sizes([3, 2, 1], ["relu", "linear"], loss).depth == 2

"""The network file: a valid file round-trips, every malformed one gets one clear message that
names the file, the line or key, and what was expected."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from backprop_tui.core.files.netfile import (
    LineFinder,
    NetworkFile,
    NetworkFileError,
    load_network,
    network_file_from_spec,
    network_from_spec,
    parse_network,
    table_to_network,
)
from backprop_tui.core.math.network import Network

GOOD = """\
# a 4-2-2-1 network with explicit weights (line 1)
[network]
sizes = [4, 2, 2, 1]
activations = ["sigmoid", "sigmoid", "linear"]
loss = "sse"
seed = 0

[[network.layers]]
weights = [
  [0.1, 0.2, 0.3, 0.4],
  [0.5, 0.6, 0.7, 0.8],
]
biases = [0.0, 0.1]

[[network.layers]]
weights = [[0.1, -0.2], [0.3, 0.4]]
biases = [0.2, 0.3]

[[network.layers]]
weights = [[0.5, -0.5]]
biases = [0.0]

[[samples]]
x = [0.05, 0.10, 0.15, 0.20]
y = [1.0]

[[samples]]
x = [0.5, 0.4, 0.3, 0.2]
y = [0.0]
"""

SEEDED = """\
[network]
sizes = [3, 4, 2]
activations = ["tanh", "softmax"]
loss = "cross-entropy"
seed = 7

[[samples]]
x = [1, 2, 3]
y = [0.25, 0.75]
"""


def write(tmp_path: Path, text: str | bytes, name: str = "net.toml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path) -> NetworkFileError:
    with pytest.raises(NetworkFileError) as info:
        load_network(path)
    return info.value


def check(err: NetworkFileError, path: Path, *, line: int | None, key: str | None,
          expected: str) -> str:
    """The message names the file, the line (when known), the key and what was expected."""
    message = str(err)
    assert "\n" not in message
    assert message.startswith(f"{path}:{line}: " if line else f"{path}: ")
    assert err.path == str(path) and err.line == line
    if key is not None:
        assert err.key == key and f" {key}: " in message
    assert "; expected " in message and expected in message
    return message


def edited(old: str, new: str, text: str = GOOD) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


# ---------------------------------------------------------------------------- the valid file
def test_explicit_layers_round_trip(tmp_path):
    nf = load_network(write(tmp_path, GOOD))
    assert isinstance(nf, NetworkFile)
    net = nf.network
    assert net.sizes == (4, 2, 2, 1) and net.activations == ("sigmoid", "sigmoid", "linear")
    assert net.loss == "sse"
    np.testing.assert_array_equal(net.weights[0], [[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8]])
    np.testing.assert_array_equal(net.weights[1], [[0.1, -0.2], [0.3, 0.4]])
    np.testing.assert_array_equal(net.biases[2], [0.0])
    assert len(nf.samples) == 2
    np.testing.assert_array_equal(nf.X, [[0.05, 0.10, 0.15, 0.20], [0.5, 0.4, 0.3, 0.2]])
    np.testing.assert_array_equal(nf.Y, [[1.0], [0.0]])
    assert nf.X.dtype == float and nf.source == str(tmp_path / "net.toml")


def test_seeded_file_equals_from_sizes(tmp_path):
    nf = load_network(write(tmp_path, SEEDED))
    ref = Network.from_sizes([3, 4, 2], ["tanh", "softmax"], "cross-entropy", seed=7)
    for ours, theirs in zip(nf.network.weights + nf.network.biases, ref.weights + ref.biases,
                            strict=True):
        np.testing.assert_array_equal(ours, theirs)
    assert nf.network.cost(nf.X, nf.Y) == ref.cost(nf.X, nf.Y)


def test_seed_defaults_to_zero():
    nf = parse_network(edited("seed = 7\n", "", SEEDED))
    ref = Network.from_sizes([3, 4, 2], ["tanh", "softmax"], "cross-entropy", seed=0)
    np.testing.assert_array_equal(nf.network.weights[0], ref.weights[0])


def test_table_to_network_is_reusable_without_lines():
    import tomllib

    nf = table_to_network(tomllib.loads(SEEDED), "lesson.toml")
    assert nf.network.sizes == (3, 4, 2)
    with pytest.raises(NetworkFileError, match=r"^lesson\.toml: \[network\]\.loss: "):
        table_to_network(tomllib.loads(edited('"cross-entropy"', '"xent"', SEEDED)),
                         "lesson.toml")


def test_core_exposes_load_network():
    import backprop_tui.core

    assert backprop_tui.core.load_network is load_network


# ---------------------------------------------------------------------------- reading
def test_missing_file(tmp_path):
    path = tmp_path / "nope.toml"
    check(error_of(path), path, line=None, key=None, expected="network file")
    assert "no such file" in str(error_of(path))


def test_directory(tmp_path):
    check(error_of(tmp_path), tmp_path, line=None, key=None, expected="network file")
    assert "is a directory" in str(error_of(tmp_path))


def test_empty_file(tmp_path):
    path = write(tmp_path, "  \n\n")
    message = check(error_of(path), path, line=None, key=None, expected="[network]")
    assert "empty" in message


def test_not_utf8(tmp_path):
    path = write(tmp_path, GOOD.encode() + b'\n# caf\xe9\n')
    message = check(error_of(path), path, line=GOOD.count("\n") + 2, key=None, expected="UTF-8")
    assert "not UTF-8" in message


def test_toml_syntax_error(tmp_path):
    path = write(tmp_path, edited('loss = "sse"', "loss = sse"))
    message = check(error_of(path), path, line=5, key=None, expected="valid TOML")
    assert "TOML syntax error" in message and "(at line" not in message


def test_toml_syntax_error_at_end(tmp_path):
    path = write(tmp_path, GOOD + "[[samples]\n")
    check(error_of(path), path, line=GOOD.count("\n") + 1, key=None, expected="valid TOML")


# ---------------------------------------------------------------------------- unknown keys
def test_unknown_top_level_key(tmp_path):
    path = write(tmp_path, GOOD.replace("[[samples]]", "[[sample]]"))
    message = check(error_of(path), path, line=23, key="sample", expected='"samples"')
    assert 'unknown key "sample"' in message


def test_unknown_network_key(tmp_path):
    path = write(tmp_path, edited("sizes =", "sizez ="))
    message = check(error_of(path), path, line=3, key="[network].sizez", expected='"sizes"')
    assert "known keys: sizes, activations, loss, seed, layers" in message


def test_unknown_layer_key(tmp_path):
    path = write(tmp_path, edited("biases = [0.2, 0.3]", "bias = [0.2, 0.3]"))
    check(error_of(path), path, line=17, key="[[network.layers]][1].bias", expected='"biases"')


def test_unknown_sample_key(tmp_path):
    path = write(tmp_path, GOOD + "z = [1.0]\n")
    check(error_of(path), path, line=30, key="[[samples]][1].z", expected="one of x, y")


# ---------------------------------------------------------------------------- [network]
def test_missing_network_table(tmp_path):
    path = write(tmp_path, GOOD[GOOD.index("[[samples]]"):])
    check(error_of(path), path, line=None, key="network", expected="[network] table")


@pytest.mark.parametrize("key, line", [("sizes", 3), ("activations", 4), ("loss", 5)])
def test_missing_key(tmp_path, key, line):
    path = write(tmp_path, "".join(s for s in GOOD.splitlines(keepends=True)
                                   if not s.startswith(f"{key} =")))
    message = check(error_of(path), path, line=2, key=f"[network].{key}", expected="")
    assert f'missing key "{key}"' in message


def test_unknown_activation(tmp_path):
    path = write(tmp_path, edited('"sigmoid", "sigmoid", "linear"', '"sigmoid", "sigmod", "linear"'))
    message = str(error_of(path))
    assert message == (
        f'{path}:4: [network].activations[1]: unknown activation "sigmod"; '
        "expected one of sigmoid, tanh, relu, linear, softmax"
    )


def test_wrong_activation_count(tmp_path):
    path = write(tmp_path, edited('"sigmoid", "sigmoid", "linear"', '"sigmoid", "linear"'))
    check(error_of(path), path, line=4, key="[network].activations", expected="3, one per layer")


def test_softmax_on_hidden_layer(tmp_path):
    path = write(tmp_path, edited('"sigmoid", "sigmoid", "linear"', '"softmax", "sigmoid", "linear"'))
    message = check(error_of(path), path, line=4, key="[network].activations[0]",
                    expected="softmax only on the output layer")
    assert "hidden layer 1" in message


def test_unknown_loss(tmp_path):
    path = write(tmp_path, edited('"sse"', '"l2"'))
    check(error_of(path), path, line=5, key="[network].loss",
          expected="one of sse, half-sse, mse, cross-entropy")


def test_cross_entropy_with_linear_output(tmp_path):
    path = write(tmp_path, edited('"sse"', '"cross-entropy"'))
    message = check(error_of(path), path, line=5, key="[network].loss",
                    expected="a sigmoid or softmax output layer")
    assert "linear output" in message


@pytest.mark.parametrize("sizes, problem", [("[4, 0, 2, 1]", "0 nodes"),
                                            ("[4, -2, 2, 1]", "-2 nodes")])
def test_zero_or_negative_size(tmp_path, sizes, problem):
    path = write(tmp_path, edited("[4, 2, 2, 1]", sizes))
    message = check(error_of(path), path, line=3, key="[network].sizes[1]",
                    expected="a positive whole number")
    assert problem in message


def test_size_too_large(tmp_path):
    path = write(tmp_path, edited("sizes = [3, 4, 2]", "sizes = [3, 5000, 2]", SEEDED))
    check(error_of(path), path, line=2, key="[network].sizes[1]", expected="at most 4096 nodes")


def test_too_many_parameters(tmp_path):
    path = write(tmp_path, edited("sizes = [3, 4, 2]", "sizes = [3, 4000, 4000, 2]", SEEDED))
    check(error_of(path), path, line=2, key="[network].sizes",
          expected="at most 100,000 in all")


def test_single_size(tmp_path):
    path = write(tmp_path, edited("sizes = [3, 4, 2]", "sizes = [3]", SEEDED))
    check(error_of(path), path, line=2, key="[network].sizes", expected="at least two")


def test_boolean_seed(tmp_path):
    path = write(tmp_path, edited("seed = 7", "seed = true", SEEDED))
    check(error_of(path), path, line=5, key="[network].seed", expected="a whole number >= 0")


# ---------------------------------------------------------------------------- [[network.layers]]
def test_wrong_weight_shape(tmp_path):
    path = write(tmp_path, edited("weights = [[0.1, -0.2], [0.3, 0.4]]",
                                  "weights = [[0.1, -0.2], [0.3, 0.4], [0.5, 0.6]]"))
    message = check(error_of(path), path, line=16, key="[[network.layers]][1].weights",
                    expected="2 rows (nodes of layer 2) of 2 numbers (nodes of layer 1)")
    assert "3 rows" in message


def test_wrong_row_length(tmp_path):
    path = write(tmp_path, edited("[0.5, 0.6, 0.7, 0.8]", "[0.5, 0.6, 0.7]"))
    check(error_of(path), path, line=9, key="[[network.layers]][0].weights[1]",
          expected="a list of 4 finite numbers")


def test_wrong_bias_length(tmp_path):
    path = write(tmp_path, edited("biases = [0.0, 0.1]", "biases = [0.0, 0.1, 0.2]"))
    message = check(error_of(path), path, line=13, key="[[network.layers]][0].biases",
                    expected="a list of 2 finite numbers (one per node of layer 1)")
    assert "3 numbers" in message


def test_wrong_layer_count(tmp_path):
    path = write(tmp_path, edited("[[network.layers]]\nweights = [[0.5, -0.5]]\nbiases = [0.0]\n",
                                  ""))
    check(error_of(path), path, line=2, key="[network].layers",
          expected="3 [[network.layers]] tables, one per layer after the input")


def test_extra_layer(tmp_path):
    path = write(tmp_path, edited("[[samples]]", "[[network.layers]]\nweights = [[1.0]]\n"
                                  "biases = [0.0]\n\n[[samples]]"))
    check(error_of(path), path, line=23, key="[[network.layers]][3]",
          expected="3 [[network.layers]] tables")


def test_missing_biases(tmp_path):
    path = write(tmp_path, edited("biases = [0.0]\n", ""))
    check(error_of(path), path, line=19, key="[[network.layers]][2].biases",
          expected="biases for layer 3")


def test_bias_false_is_a_layer_without_a_bias(tmp_path):
    path = write(tmp_path, edited("biases = [0.0]\n", "bias = false\n"))
    nf = load_network(path)
    assert nf.network.has_bias == (True, True, False)
    assert nf.network.biases[2].tolist() == [0.0]
    assert nf.network.plain_output


def test_bias_false_with_biases_too(tmp_path):
    path = write(tmp_path, edited("biases = [0.0]\n", "bias = false\nbiases = [0.0]\n"))
    check(error_of(path), path, line=22, key="[[network.layers]][2].biases",
          expected="either bias = false or a biases list, not both")


def test_bias_not_a_boolean(tmp_path):
    path = write(tmp_path, edited("biases = [0.0]\n", 'bias = "no"\n'))
    message = check(error_of(path), path, line=21, key="[[network.layers]][2].bias",
                    expected="bias = false for a layer without a bias")
    assert 'the string "no" is not true or false' in message


def test_non_numeric_value(tmp_path):
    path = write(tmp_path, edited("[[0.1, -0.2], [0.3, 0.4]]", '[[0.1, -0.2], [0.3, "0.4"]]'))
    message = check(error_of(path), path, line=16, key="[[network.layers]][1].weights[1][1]",
                    expected="a finite number")
    assert 'the string "0.4" is not a number' in message


def test_nan_value(tmp_path):
    path = write(tmp_path, edited("biases = [0.2, 0.3]", "biases = [0.2, nan]"))
    message = check(error_of(path), path, line=17, key="[[network.layers]][1].biases[1]",
                    expected="a finite number")
    assert "nan is not a finite number" in message


def test_infinite_value(tmp_path):
    path = write(tmp_path, edited("x = [0.05, 0.10, 0.15, 0.20]", "x = [0.05, -inf, 0.15, 0.20]"))
    check(error_of(path), path, line=24, key="[[samples]][0].x[1]", expected="a finite number")


def test_boolean_value(tmp_path):
    path = write(tmp_path, edited("biases = [0.0, 0.1]", "biases = [0.0, true]"))
    message = check(error_of(path), path, line=13, key="[[network.layers]][0].biases[1]",
                    expected="a finite number")
    assert "boolean true" in message


# ---------------------------------------------------------------------------- [[samples]]
def test_no_samples(tmp_path):
    path = write(tmp_path, GOOD[: GOOD.index("[[samples]]")])
    check(error_of(path), path, line=None, key="samples", expected="at least one [[samples]]")


def test_x_wrong_length(tmp_path):
    path = write(tmp_path, edited("x = [0.5, 0.4, 0.3, 0.2]", "x = [0.5, 0.4, 0.3]"))
    check(error_of(path), path, line=28, key="[[samples]][1].x",
          expected="a list of 4 finite numbers (one per input node)")


def test_y_wrong_length(tmp_path):
    path = write(tmp_path, edited("y = [1.0]", "y = [1.0, 0.0]"))
    check(error_of(path), path, line=25, key="[[samples]][0].y",
          expected="a list of 1 finite number (one per output node)")


def test_y_not_a_list(tmp_path):
    path = write(tmp_path, edited("y = [1.0]", "y = 1.0"))
    check(error_of(path), path, line=25, key="[[samples]][0].y", expected="a list of 1")


def test_cross_entropy_target_outside_unit_interval(tmp_path):
    path = write(tmp_path, edited('"linear"', '"sigmoid"', edited('"sse"', '"cross-entropy"',
                                                                  edited("y = [0.0]", "y = [1.5]"))))
    message = check(error_of(path), path, line=29, key="[[samples]][1].y[0]",
                    expected="targets in [0, 1]")
    assert "1.5 is outside [0, 1]" in message


def test_softmax_targets_not_summing_to_one(tmp_path):
    path = write(tmp_path, edited("y = [0.25, 0.75]", "y = [0.5, 0.75]", SEEDED))
    message = check(error_of(path), path, line=9, key="[[samples]][0].y",
                    expected="targets summing to 1")
    assert "sum to 1.25" in message


# ---------------------------------------------------------------------------- the line finder
def test_line_finder_skips_rows_of_multiline_arrays():
    lines = LineFinder(GOOD)
    assert lines.headers["network.layers"] == [8, 15, 19]
    assert lines("network.layers", "biases", 0) == 13
    assert lines("samples", "y", 1) == 29
    assert lines("network", "nothing") == 2
    assert lines("absent", "key") is None


def test_line_finder_dotted_and_inline_keys():
    text = 'network.sizes = [2, 1]\nnetwork.loss = "sse"\nsamples = [{x = [1, 2], y = [0]}]\n'
    lines = LineFinder(text)
    assert lines("network", "loss") == 2
    assert lines("samples", "x", 0) == 3


# ---------------------------------------------------------------------------- --net 4-2-2-1
@pytest.mark.parametrize("spec, words", [
    ("4-x-1", '"x" is not a layer size'),
    ("4", "at least two"),
    ("0-2", "0 nodes"),
    ("4--1", "empty layer size"),
    ("5000-1", "at most 4096"),
    ("4000-4000-4000", "at most 100,000"),
    ("1" + "0" * 5000 + "-1", "too large"),
])
def test_bad_spec(spec, words):
    with pytest.raises(ValueError) as info:
        network_from_spec(spec)
    assert words in str(info.value) and "expected" in str(info.value)


def test_spec_options():
    net = network_from_spec("3-4-2", seed=5, activation="tanh,softmax", loss="cross-entropy")
    ref = Network.from_sizes([3, 4, 2], ["tanh", "softmax"], "cross-entropy", seed=5)
    np.testing.assert_array_equal(net.weights[1], ref.weights[1])
    with pytest.raises(ValueError, match="softmax on hidden layer 1"):
        network_from_spec("3-4-2", activation="softmax")
    with pytest.raises(ValueError, match="--loss: unknown loss"):
        network_from_spec("3-4-2", loss="l1")


def test_spec_sample_is_deterministic():
    a, b = network_file_from_spec("4-2-2-1", seed=3), network_file_from_spec("4-2-2-1", seed=3)
    np.testing.assert_array_equal(a.X, b.X)
    x = a.samples[0][0]
    assert x.shape == (4,) and ((x >= 0) & (x < 1)).all()
    soft = network_file_from_spec("3-2", activation="softmax", loss="cross-entropy")
    assert abs(soft.Y.sum() - 1.0) < 1e-12


def test_a_lesson_file_given_as_a_network_file_says_what_to_do_with_it(tmp_path, capsys):
    """A teacher's first try at seeing a lesson's numbers is `trace lesson.toml`; it used to say
    only 'unknown key "id"; expected one of network, samples'."""
    from backprop_tui.core.course.lesson import shipped_lessons_dir
    from backprop_tui.tui.cli import main

    lesson = shipped_lessons_dir() / "04-output-weight.toml"
    with pytest.raises(NetworkFileError) as info:
        load_network(lesson)
    message = str(info.value)
    assert "this is a lesson file" in message and "--lesson FILE" in message, message
    assert "export FILE --key" in message and info.value.key == "exercises", message
    assert info.value.line == lesson.read_text("utf-8").splitlines().index("[[exercises]]") + 1
    assert main(["trace", str(lesson)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "this is a lesson file" in err and "Traceback" not in err


def test_a_count_of_one_is_said_in_the_singular():
    with pytest.raises(NetworkFileError) as one_bias:
        parse_network(GOOD.replace("biases = [0.0, 0.1]", "biases = [0.0]"), "net.toml")
    assert "biases: 1 number; expected a list of 2 finite numbers" in str(one_bias.value)
    one_layer = GOOD.split("[[network.layers]]")
    with pytest.raises(NetworkFileError) as one_table:
        parse_network("[[network.layers]]".join(one_layer[:2]) + GOOD.split("biases = [0.0]")[1], "net.toml")
    assert "layers: 1 [[network.layers]] table; expected 3" in str(one_table.value)

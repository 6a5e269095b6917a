"""The ``backprop-tui`` command line: --version, --help, and ``trace`` in every format."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from backprop_tui.core.files.netfile import network_file_from_spec
from backprop_tui.core.formulas.notation import format_number
from backprop_tui.tui.cli import main

ROOT = Path(__file__).resolve().parent.parent
LAYER_KEYS = {"index", "activation", "weights", "biases", "z", "a", "delta", "grad_weights",
              "grad_biases"}

TWO_SAMPLES = """\
[network]
sizes = [2, 3, 1]
activations = ["tanh", "sigmoid"]
loss = "half-sse"
seed = 4

[[samples]]
x = [0.5, -1.0]
y = [1.0]

[[samples]]
x = [0.25, 0.75]
y = [0.0]
"""


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def two_samples(tmp_path) -> Path:
    path = tmp_path / "two.toml"
    path.write_text(TWO_SAMPLES, encoding="utf-8")
    return path


def test_version(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.strip() == "backprop-tui 0.1.0"


def test_help_has_examples(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "examples:" in out and "backprop-tui trace --net 4-2-2-1" in out
    code, out, _ = run(capsys, "trace", "--help")
    assert code == 0 and "examples:" in out and "--format" in out and "--notation" in out


@pytest.mark.parametrize("notation", ["deeplizard", "nielsen", "kostadinov"])
def test_trace_text_in_each_notation(capsys, notation):
    code, out, err = run(capsys, "trace", "--net", "4-2-2-1", "--notation", notation)
    assert code == 0 and err == ""
    net = network_file_from_spec("4-2-2-1").network
    n_steps = len(net.trace(*network_file_from_spec("4-2-2-1").samples[0]).steps)
    assert out.count("── Step ") == n_steps == 16
    assert "forward z, layer 1" in out and "backward BP4, layer 1" in out
    assert f"notation {notation}" in out


def test_notations_show_the_same_numbers(capsys):
    outs = [run(capsys, "trace", "--net", "3-2", "--notation", n)[1]
            for n in ("deeplizard", "nielsen", "kostadinov")]
    # line by line the same numbers; Nielsen writes the cost's square (y − a)², so per line
    # they are compared as a multiset
    numbers = [[sorted(re.findall(r"−?\d+(?:\.\d+)?", line)) for line in out.splitlines()
                if line.lstrip().startswith("= ")] for out in outs]
    assert sum(map(len, numbers[0])) > 20 and numbers[0] == numbers[1] == numbers[2]


@pytest.mark.parametrize("fmt, marker", [("markdown", "## Step 1 of 16"),
                                         ("latex", "\\begin{align*}")])
def test_trace_markdown_and_latex(capsys, fmt, marker):
    code, out, _ = run(capsys, "trace", "--net", "4-2-2-1", "--format", fmt)
    assert code == 0 and marker in out
    if fmt == "latex":
        assert out.count("\\begin{align*}") == out.count("\\end{align*}") == 16


def test_big_layers_are_cut_short(capsys):
    code, out, _ = run(capsys, "trace", "--net", "20-12-1")
    assert code == 0 and "… 9 more" in out and "… 17 more" in out


def test_trace_json_matches_design(capsys):
    code, out, _ = run(capsys, "trace", "--net", "4-2-2-1", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"loss", "input", "target", "layers"}
    assert [layer["index"] for layer in data["layers"]] == [1, 2, 3]
    assert all(set(layer) == LAYER_KEYS for layer in data["layers"])
    nf = network_file_from_spec("4-2-2-1")
    assert data["loss"] == nf.network.cost(nf.X, nf.Y)
    gw, gb = nf.network.gradients(nf.X, nf.Y)
    np.testing.assert_allclose(data["layers"][0]["grad_weights"], gw[0], rtol=0, atol=0)
    np.testing.assert_allclose(data["layers"][2]["grad_biases"], gb[2], rtol=0, atol=0)
    assert np.shape(data["layers"][0]["weights"]) == (2, 4)


BIAS_FREE = """\
[network]
sizes = [2, 2, 1]
activations = ["sigmoid", "linear"]
loss = "half-sse"

[[network.layers]]
weights = [[0.5, -0.25], [0.75, 0.5]]
biases = [0.1, -0.1]

[[network.layers]]
weights = [[0.7, -0.4]]
bias = false

[[samples]]
x = [1.0, 0.5]
y = [1.0]
"""


@pytest.mark.parametrize("average", [False, True], ids=["sample", "average"])
def test_trace_json_keeps_the_biases_of_a_bias_free_layer_as_zeros(capsys, tmp_path, average):
    path = tmp_path / "no-bias.toml"
    path.write_text(BIAS_FREE, encoding="utf-8")
    code, out, _ = run(capsys, "trace", str(path), "--format", "json",
                       *(["--average"] if average else []))
    assert code == 0
    out_layer = json.loads(out)["layers"][1]
    assert set(out_layer) == LAYER_KEYS
    assert out_layer["biases"] == [0.0] and out_layer["grad_biases"] == [0.0]
    assert out_layer["z"] == out_layer["a"]  # linear, and no + b
    code, text, _ = run(capsys, "trace", str(path), "--notation", "kostadinov")
    assert code == 0 and "no bias in layer 2" in text and "s₁ = Σₖ w₁ₖ⁽²⁾ aₖ⁽²⁾" in text


def test_trace_json_sample_from_file(capsys, two_samples):
    code, out, _ = run(capsys, "trace", str(two_samples), "--sample", "1", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["input"] == [0.25, 0.75] and data["target"] == [0.0]


def test_average_json(capsys, two_samples):
    from backprop_tui.core.files.netfile import load_network

    code, out, _ = run(capsys, "trace", str(two_samples), "--average", "--format", "json")
    assert code == 0
    data = json.loads(out)
    nf = load_network(two_samples)
    assert set(data) == {"loss", "input", "target", "layers"}
    assert data["loss"] == pytest.approx(nf.network.cost(nf.X, nf.Y), rel=1e-15)
    assert data["input"] == [[0.5, -1.0], [0.25, 0.75]]
    gw, _ = nf.network.gradients(nf.X, nf.Y)
    np.testing.assert_allclose(data["layers"][0]["grad_weights"], gw[0], rtol=1e-15)
    assert np.shape(data["layers"][0]["z"]) == (2, 3)  # one z^(1) per sample


def test_average_text(capsys, two_samples):
    code, out, _ = run(capsys, "trace", str(two_samples), "--average")
    assert code == 0 and "Mean over 2 samples" in out and "∂C/∂b" in out


def test_sample_out_of_range(capsys, two_samples):
    code, out, err = run(capsys, "trace", str(two_samples), "--sample", "2")
    assert code == 2 and out == ""
    assert err == (f"backprop-tui: error: --sample 2: {two_samples} has 2 samples; "
                   "expected a number from 0 to 1\n")


def test_malformed_file_is_one_line(capsys, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(TWO_SAMPLES.replace('"tanh"', '"tahn"'), encoding="utf-8")
    code, out, err = run(capsys, "trace", str(path))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"backprop-tui: error: {path}:3: [network].activations[0]: ")


@pytest.mark.parametrize("argv", [
    ["trace", "--net", "4-x-1"],
    ["trace", "--net", "4"],
    ["trace", "--net", "3-2", "--activation", "sigmod"],
    ["trace", "/nonexistent/net.toml"],
    ["/nonexistent/net.toml"],
])
def test_bad_input_is_a_clean_error(capsys, argv):
    code, _, err = run(capsys, *argv)
    assert code == 2 and err.startswith("backprop-tui: error: ") and "Traceback" not in err


def test_usage_errors(capsys, two_samples):
    assert run(capsys, "trace")[0] == 2
    assert run(capsys, "trace", str(two_samples), "--net", "2-1")[0] == 2
    assert run(capsys, "trace", str(two_samples), "--seed", "3")[0] == 2
    assert run(capsys, "trace", "--net", "2-1", "--sample", "0", "--average")[0] == 2
    for other in (["--example"], ["--net", "2-1"], [str(two_samples)]):
        code, _, err = run(capsys, "--lesson", "cost", *other)
        assert code == 2 and "--lesson brings its own network" in err


def test_module_runs_as_script_from_any_folder(tmp_path):
    """python -m backprop_tui works outside the source tree: nothing leans on the bare folders."""
    env = {**os.environ, "BACKPROP_TUI_STATE_DIR": str(tmp_path / "state")}
    result = subprocess.run([sys.executable, "-m", "backprop_tui", "--version"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 0 and result.stdout.strip() == "backprop-tui 0.1.0"
    result = subprocess.run([sys.executable, "-m", "backprop_tui", "lessons"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 0, result.stderr
    assert "output-weight" in result.stdout


def test_no_subcommand_opens_the_app_with_the_network(monkeypatch, capsys, two_samples):
    import backprop_tui.tui.app

    opened = []

    class FakeApp:
        def __init__(self, network_file=None, lesson=None, lessons=None, **settings) -> None:
            opened.append((network_file, lesson, lessons))

        def run(self) -> None:
            pass

    monkeypatch.setattr(backprop_tui.tui.app, "BackpropApp", FakeApp)
    assert main([]) == 0
    network_file, lesson, lessons = opened[-1]
    assert network_file is None and lesson is None and len(lessons) >= 9  # the lesson list
    assert main(["--example"]) == 0 and opened[-1] == (None, None, None)
    assert main(["--lesson", "cost"]) == 0 and opened[-1][1].id == "cost"
    assert main([str(two_samples)]) == 0 and opened[-1][0].network.sizes == (2, 3, 1)
    assert main(["--net", "3-2", "--seed", "1"]) == 0 and opened[-1][0].network.sizes == (3, 2)
    assert run(capsys, "--net", "3-x")[0] == 2 and len(opened) == 5


def _average_parts(out: str, fmt: str) -> tuple[list[str], list[str]]:
    """The symbols (left of the equation) and the numbers (after its last "=") of each row."""
    sep = " = " if fmt == "text" else "&= "
    rows = [line.removesuffix(" \\\\") for line in out.splitlines() if sep in line]
    return ([row.split(sep, 1)[0].strip() for row in rows],
            [row.rsplit("= ", 1)[1].strip() for row in rows])


@pytest.mark.parametrize("fmt", ["text", "markdown", "latex"])
def test_average_speaks_each_notation_with_the_same_numbers(capsys, two_samples, fmt):
    parts = {}
    for convention in ("deeplizard", "nielsen", "kostadinov"):
        code, out, _ = run(capsys, "trace", str(two_samples), "--average", "--format", fmt,
                           "--notation", convention)
        assert code == 0 and f"notation {convention}" in out
        parts[convention] = _average_parts(out, fmt)
    (dl_sym, dl_num), (ni_sym, ni_num), (ko_sym, ko_num) = parts.values()
    assert dl_num == ni_num == ko_num and len(dl_num) >= 5  # C, then ∂C/∂w and ∂C/∂b per layer
    for a, b in ((dl_sym, ni_sym), (ni_sym, ko_sym), (dl_sym, ko_sym)):
        assert a[0] == b[0] == "C"  # the mean cost is C in all three
        assert all(x != y for x, y in zip(a[1:], b[1:], strict=True))
    from backprop_tui.core.files.netfile import load_network

    nf = load_network(two_samples)
    gw, gb = nf.network.gradients(nf.X, nf.Y)
    style = "unicode" if fmt == "text" else "latex"
    assert dl_num[0] == format_number(nf.network.cost(nf.X, nf.Y), style)
    assert format_number(gw[0][1, 1], style) in dl_num[2 if fmt == "text" else 1]


def test_average_json_is_the_same_in_every_notation(capsys, two_samples):
    outs = {run(capsys, "trace", str(two_samples), "--average", "--format", "json",
                "--notation", convention)[1] for convention in ("deeplizard", "nielsen", "kostadinov")}
    assert len(outs) == 1

"""Validation of the ``[network]`` and ``[[samples]]`` tables, and of ``--net 4-2-2-1`` specs.

Each check stops at the first problem and raises :class:`NetworkFileError` naming the file, the
line, the key (``[network].activations[1]``, ``[[samples]][0].x``: list and array-of-tables
positions count from 0) and what was expected. The rules that both a file and a ``--net`` spec
obey (sizes, activations, loss) are written once, as functions returning a problem or ``None``.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable
from typing import Any, NoReturn

import numpy as np

from backprop_tui.core.files.safefile import escape
from backprop_tui.core.math import rules
from backprop_tui.core.math.activations import ACTIVATIONS
from backprop_tui.core.math.losses import LOSSES
from backprop_tui.core.math.network import Network
from backprop_tui.core.math.rules import Problem

#: Limits on what a file may ask for, so a typo can't make the tutor hang or run out of memory:
#: within them every accepted file traces in well under a second (``trace --format json`` of
#: 100,000 parameters prints about 5 MB). Each error that enforces one states it.
MAX_LAYER_SIZE = 4096
MAX_DEPTH = 100
MAX_PARAMETERS = 100_000
MAX_SAMPLES = 1_000
#: Inputs, targets, weights and biases are at most this large in magnitude.
MAX_ABS_VALUE = 1e6

NETWORK_KEYS = ("sizes", "activations", "loss", "seed", "layers")
LAYER_KEYS = ("weights", "biases", "bias")
SAMPLE_KEYS = ("x", "y")
ARRAY_TABLES = frozenset({"network.layers", "samples", "exercises"})  # exercises: lessons


class NetworkFileError(ValueError):
    """A network file that can't be used, and why: ``path:line: key: problem; expected ...``."""

    def __init__(
        self,
        path: str,
        problem: str,
        *,
        line: int | None = None,
        key: str | None = None,
        expected: str | None = None,
    ) -> None:
        self.path, self.problem, self.line = path, problem, line
        self.key, self.expected = key, expected
        super().__init__(str(self))

    def __str__(self) -> str:
        """One line; what came from the file has its control characters escaped and is cut
        to a few hundred characters (a value can't clear the screen or fill it)."""
        path = escape(self.path, 1000)
        where = path if self.line is None else f"{path}:{self.line}"
        problem = escape(self.problem, 400)
        text = f"{where}: {escape(self.key)}: {problem}" if self.key else f"{where}: {problem}"
        return f"{text}; expected {escape(self.expected, 400)}" if self.expected else text


class Fail:
    """Raises a :class:`NetworkFileError` for a key of a table, with the line ``line_of`` finds."""

    def __init__(self, source: str, line_of: Callable[..., int | None] | None = None) -> None:
        self.source = source
        self.line_of = line_of or (lambda *args, **kwargs: None)

    def __call__(
        self, table: str, key: str | None, problem: str, expected: str | None = None,
        *, index: int = 0, suffix: str = "",
    ) -> NoReturn:
        name = f"[[{table}]][{index}]" if table in ARRAY_TABLES else f"[{table}]" if table else ""
        if key:
            name = f"{name}.{key}" if name else key
        raise NetworkFileError(
            self.source, problem, line=self.line_of(table, key, index), key=(name + suffix) or None,
            expected=expected,
        )

    def unknown_keys(self, table: str, found: dict, known: tuple[str, ...], index: int = 0) -> None:
        """Fail on the first key of ``found`` not in ``known``, naming the closest known key."""
        for key in found:
            if key not in known:
                close = difflib.get_close_matches(key, known, n=1, cutoff=0.5)
                listed = ", ".join(known)
                expected = f'"{close[0]}" (known keys: {listed})' if close else f"one of {listed}"
                self(table, escape(key, 60), f'unknown key "{escape(key, 60)}"', expected,
                     index=index)


# ---------------------------------------------------------------------------- values
def describe(value: Any) -> str:
    """How a TOML value is named in a message: ``the string "abc"``, ``a boolean``, ``a table``."""
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, str):
        return f'the string "{escape(value)}"' if len(value) <= 20 else "a string"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        return "a table"
    return f"a {type(value).__name__}"


def number_problem(value: Any) -> str | None:
    """Why ``value`` is not a finite number, or ``None`` if it is one."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"{describe(value)} is not a number"
    try:
        if not math.isfinite(float(value)):
            return f"{value} is not a finite number"
    except OverflowError:
        return "an integer too large for a float"
    return magnitude_problem(value)


def magnitude_problem(value: int | float) -> str | None:
    """Why a finite number is too large for a tutor's trace (its squares and exponentials
    would overflow), or ``None``."""
    if abs(value) > MAX_ABS_VALUE:
        return f"{float(value):.6g} is too large"
    return None


def vector(
    value: Any, n: int, fail: Fail, table: str, key: str, what: str, *, index: int = 0,
    suffix: str = "",
) -> np.ndarray:
    """A list of ``n`` finite numbers, as a float array."""
    expected = f"a list of {n} finite number{'s' if n != 1 else ''} ({what})"
    if not isinstance(value, list):
        fail(table, key, f"{describe(value)} is not a list", expected, index=index, suffix=suffix)
    if len(value) != n:
        fail(table, key, f"{len(value)} number{'' if len(value) == 1 else 's'}", expected, index=index, suffix=suffix)
    for i, item in enumerate(value):
        problem = number_problem(item)
        if problem:
            fail(table, key, problem, f"a finite number from {-MAX_ABS_VALUE:g} to {MAX_ABS_VALUE:g}",
                 index=index, suffix=f"{suffix}[{i}]")
    return np.array(value, dtype=float)


# ---------------------------------------------------------------------------- shared rules
def sizes_problem(sizes: list[Any]) -> Problem | None:
    """Sizes are at least two positive whole numbers, small enough to hold in memory."""
    if len(sizes) < 2:
        return None, f"{len(sizes)} layer size{'s' if len(sizes) != 1 else ''}", (
            "at least two (input and output)"
        )
    if len(sizes) - 1 > MAX_DEPTH:
        return None, f"{len(sizes) - 1} layers after the input", f"at most {MAX_DEPTH}"
    for i, n in enumerate(sizes):
        if isinstance(n, bool) or not isinstance(n, int):
            return i, f"{describe(n)} is not a layer size", "a positive whole number of nodes"
        if n < 1:
            return i, f"{n} nodes", "a positive whole number of nodes"
        if n > MAX_LAYER_SIZE:
            return i, f"{n} nodes is too large", f"at most {MAX_LAYER_SIZE} nodes per layer"
    count = sum(n * (m + 1) for m, n in zip(sizes, sizes[1:], strict=False))
    if count > MAX_PARAMETERS:
        return None, f"{count:,} weights and biases is too large", (
            f"at most {MAX_PARAMETERS:,} in all"
        )
    return None


def activations_problem(names: list[Any], depth: int) -> Problem | None:
    """Every name a string, then core's rule (:mod:`backprop_tui.core.math.rules`)."""
    for i, name in enumerate(names):
        if not isinstance(name, str):
            return i, f"{describe(name)} is not an activation name", "a string such as \"sigmoid\""
    return rules.activations_problem(names, depth)


def loss_problem(loss: Any, output_activation: str) -> Problem | None:
    """A string, then core's rule (:mod:`backprop_tui.core.math.rules`)."""
    if not isinstance(loss, str):
        return None, f"{describe(loss)} is not a loss name", f"one of {', '.join(LOSSES)}"
    return rules.loss_problem(loss, output_activation)


# ---------------------------------------------------------------------------- the [network] table
def check_network_keys(table: dict, fail: Fail) -> tuple[list[int], list[str], str, int]:
    """sizes, activations, loss and seed of a ``[network]`` table."""
    fail.unknown_keys("network", table, NETWORK_KEYS)
    for key, expected in (
        ("sizes", "a list of layer sizes, like sizes = [4, 2, 2, 1]"),
        ("activations", f"one activation per layer after the input, from {', '.join(ACTIVATIONS)}"),
        ("loss", f"one of {', '.join(LOSSES)}"),
    ):
        if key not in table:
            fail("network", key, f'missing key "{key}"', expected)
    sizes, names, loss = table["sizes"], table["activations"], table["loss"]
    if not isinstance(sizes, list):
        fail("network", "sizes", f"{describe(sizes)} is not a list", "a list like [4, 2, 2, 1]")
    found = sizes_problem(sizes)
    if found:
        i, problem, expected = found
        fail("network", "sizes", problem, expected, suffix="" if i is None else f"[{i}]")
    if not isinstance(names, list):
        fail("network", "activations", f"{describe(names)} is not a list",
             f'a list of {len(sizes) - 1} names, like ["sigmoid", "linear"]')
    found = activations_problem(names, len(sizes) - 1)
    if found:
        i, problem, expected = found
        fail("network", "activations", problem, expected, suffix="" if i is None else f"[{i}]")
    found = loss_problem(loss, names[-1])
    if found:
        fail("network", "loss", found[1], found[2])
    seed = table.get("seed", 0)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        fail("network", "seed", f"{describe(seed)} is not a seed", "a whole number >= 0")
    return sizes, names, loss, seed


def check_layers(
    layers: Any, sizes: list[int], fail: Fail
) -> tuple[list[np.ndarray], list[np.ndarray], list[bool]]:
    """Weights, biases and whether each layer has a bias, from the ``[[network.layers]]``
    tables: one per non-input layer. ``bias = false`` (then no ``biases``) is a layer without
    one, whose biases are zeros."""
    depth = len(sizes) - 1
    expected = f"{depth} [[network.layers]] tables, one per layer after the input, in order"
    if not isinstance(layers, list) or not all(isinstance(t, dict) for t in layers):
        fail("network", "layers", f"{describe(layers)} is not a list of tables", expected)
    if len(layers) != depth:
        problem = f"{len(layers)} [[network.layers]] table{'' if len(layers) == 1 else 's'}"
        if len(layers) > depth:  # point at the first one too many
            fail("network.layers", None, problem, expected, index=depth)
        fail("network", "layers", problem, expected)
    weights, biases, has_bias = [], [], []
    for i, layer in enumerate(layers):
        l, n, m = i + 1, sizes[i + 1], sizes[i]
        fail.unknown_keys("network.layers", layer, LAYER_KEYS, index=i)
        keep = _bias_flag(layer, l, i, fail)
        for key in ("weights", "biases") if keep else ("weights",):
            if key not in layer:
                fail("network.layers", key, f'missing key "{key}" (layer {l})',
                     f"{key} for layer {l}", index=i)
        rows = layer["weights"]
        shape = (f"{n} row{'s' if n != 1 else ''} (nodes of layer {l}) of {m} number"
                 f"{'s' if m != 1 else ''} (nodes of layer {l - 1})")
        if not isinstance(rows, list):
            fail("network.layers", "weights", f"{describe(rows)} is not a list", shape, index=i)
        if len(rows) != n:
            fail("network.layers", "weights", f"{len(rows)} row{'s' if len(rows) != 1 else ''} "
                 f"for layer {l}", shape, index=i)
        w = [
            vector(row, m, fail, "network.layers", "weights", f"row {j}: one weight per node of "
                   f"layer {l - 1}", index=i, suffix=f"[{j}]")
            for j, row in enumerate(rows)
        ]
        weights.append(np.array(w, dtype=float).reshape(n, m))
        if keep:
            biases.append(vector(layer["biases"], n, fail, "network.layers", "biases",
                                 f"one per node of layer {l}", index=i))
        else:
            biases.append(np.zeros(n))
        has_bias.append(keep)
    return weights, biases, has_bias


def _bias_flag(layer: dict, l: int, index: int, fail: Fail) -> bool:
    """``bias`` of one ``[[network.layers]]`` table: true (the default) or false; with false
    the table gives no ``biases``."""
    keep = layer.get("bias", True)
    if not isinstance(keep, bool):
        fail("network.layers", "bias", f"{describe(keep)} is not true or false (layer {l})",
             'bias = false for a layer without a bias, or "biases" for the list of its biases',
             index=index)
    if not keep and "biases" in layer:
        fail("network.layers", "biases", f"layer {l} has bias = false and biases too",
             "either bias = false or a biases list, not both", index=index)
    return keep


# ---------------------------------------------------------------------------- [[samples]]
def check_samples(samples: Any, network: Network, fail: Fail) -> list[tuple[np.ndarray, np.ndarray]]:
    """The (x, y) pairs of the ``[[samples]]`` tables, checked against the network."""
    n_in, n_out = network.sizes[0], network.sizes[-1]
    expected = f"at least one [[samples]] table with x ({n_in} numbers) and y ({n_out})"
    if samples is None or samples == []:
        fail("", "samples", "no samples", expected)
    if not isinstance(samples, list) or not all(isinstance(s, dict) for s in samples):
        fail("", "samples", f"{describe(samples)} is not a list of tables", expected)
    found = samples_count_problem(len(samples))
    if found:
        fail("samples", None, found[1], found[2], index=MAX_SAMPLES)
    loss, output = network.loss, network.activations[-1]
    pairs = []
    for i, sample in enumerate(samples):
        fail.unknown_keys("samples", sample, SAMPLE_KEYS, index=i)
        for key, n, what in (("x", n_in, "input"), ("y", n_out, "output")):
            if key not in sample:
                fail("samples", key, f'missing key "{key}"',
                     f"{key}, a list of {n} numbers (one per {what} node)", index=i)
        x = vector(sample["x"], n_in, fail, "samples", "x", "one per input node", index=i)
        y = vector(sample["y"], n_out, fail, "samples", "y", "one per output node", index=i)
        if loss == "cross-entropy":
            bad = np.flatnonzero((y < 0) | (y > 1))
            if bad.size:
                fail("samples", "y", f"{y[bad[0]]:g} is outside [0, 1]",
                     "targets in [0, 1] for cross-entropy", index=i, suffix=f"[{bad[0]}]")
            if output == "softmax" and abs(float(y.sum()) - 1.0) > 1e-6:
                fail("samples", "y", f"targets sum to {float(y.sum()):g}",
                     "targets summing to 1 for softmax with cross-entropy", index=i)
        pairs.append((x, y))
    return pairs


def samples_count_problem(count: int) -> Problem | None:
    """At most :data:`MAX_SAMPLES` samples: ``--average`` traces them all."""
    if count > MAX_SAMPLES:
        return None, f"{count:,} samples is too many", f"at most {MAX_SAMPLES:,} [[samples]] tables"
    return None


# ---------------------------------------------------------------------------- --net 4-2-2-1
def network_from_spec(
    spec: str, seed: int = 0, activation: str = "sigmoid", loss: str = "sse"
) -> Network:
    """A network from ``"4-2-2-1"``, weights drawn from ``seed``. ``activation`` is one name for
    every layer or a comma-separated list, one per layer after the input. Raises ValueError."""
    def error(problem: str, expected: str) -> NoReturn:
        raise ValueError(f'--net "{spec}": {problem}; expected {expected}')

    parts = [p.strip() for p in str(spec).split("-")]
    example = 'positive whole numbers joined by "-", like 4-2-2-1'
    for part in parts:
        if not (part.isascii() and part.isdigit()):
            error(f'"{part}" is not a layer size' if part else "an empty layer size", example)
        if len(part) > 6:
            error(f"{part} nodes is too large", f"at most {MAX_LAYER_SIZE} nodes per layer")
    sizes = [int(p) for p in parts]
    found = sizes_problem(sizes)
    if found:
        error(found[1] if found[0] is None else f"layer {found[0]}: {found[1]}", found[2])
    names = [a.strip() for a in activation.split(",")]
    if len(names) == 1:
        names = names * (len(sizes) - 1)
    found = activations_problem(names, len(sizes) - 1)
    if found:
        error(f"--activation: {found[1]}", found[2])
    found = loss_problem(loss, names[-1])
    if found:
        error(f"--loss: {found[1]}", found[2])
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        error(f"--seed {seed} is not a seed", "a whole number >= 0")
    return Network.from_sizes(sizes, names, loss, seed)


# ---------------------------------------------------------------------------- a finite trace
def overflow_sample(network: Network, X: np.ndarray, Y: np.ndarray) -> int | None:
    """The first sample whose trace (z, a, cost, δ or a gradient) is not finite, or None.

    Values are bounded (:data:`MAX_ABS_VALUE`), but a deep linear network can still multiply
    them past the largest float; a trace with ``inf`` or ``nan`` would print ``Infinity`` (not
    JSON) and teach nothing. One batched forward and backward pass over every sample.
    """
    with np.errstate(all="ignore"):
        fwd = network.forward(X, Y)
        back = network.backward(fwd, Y)
        bad = ~np.isfinite(fwd.costs)
        for rows in (*fwd.zs, *fwd.activations, *back.deltas):
            bad |= ~np.isfinite(rows).all(axis=1)
        for delta, a_prev in zip(back.deltas, fwd.activations[:-1], strict=True):
            largest = np.abs(delta).max(axis=1) * np.abs(a_prev).max(axis=1)  # ∂C/∂w = a δ
            bad |= ~np.isfinite(largest)
    found = np.flatnonzero(bad)
    return int(found[0]) if found.size else None

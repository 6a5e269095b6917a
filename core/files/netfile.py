"""The network file: TOML in, a validated :class:`NetworkFile` out, or one clear error.

The format is the contract in DESIGN.md ("Network file")::

    [network]
    sizes = [4, 2, 2, 1]
    activations = ["sigmoid", "sigmoid", "linear"]
    loss = "sse"
    seed = 0                 # optional (default 0): weights are drawn from it without layers
    [[network.layers]]       # optional; one per non-input layer
    weights = [[...], [...]] # shape (n_l, n_(l-1))
    biases = [...]           # or bias = false: a layer without a bias (its biases are 0)
    [[samples]]              # at least one
    x = [...]
    y = [...]

Every problem becomes a :class:`NetworkFileError` naming the file, the line (found by
:class:`backprop_tui.core.files.tomlpos.LineFinder`, since :mod:`tomllib` reports no positions), the key and what
was expected: never a traceback, never a hang. The rules live in :mod:`backprop_tui.core.files.netcheck`. Lessons
embed the same ``[network]`` and ``[[samples]]`` tables: their loader calls
:func:`table_to_network` on its parsed document with a ``LineFinder`` of its text.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from backprop_tui.core.files.netcheck import (
    MAX_ABS_VALUE,
    Fail,
    NetworkFileError,
    check_layers,
    check_network_keys,
    check_samples,
    describe,
    network_from_spec,
    overflow_sample,
)
from backprop_tui.core.files.safefile import UnreadableFile, decode, megabytes, read_bytes
from backprop_tui.core.files.tomlguard import toml_shape_problem
from backprop_tui.core.files.tomlpos import LineFinder
from backprop_tui.core.math.network import Network

__all__ = [
    "LineFinder", "NetworkFile", "NetworkFileError", "load_network", "network_file_from_spec",
    "network_from_spec", "parse_network", "spec_sample", "table_to_network",
]

#: Files larger than this are refused unread. An explicit 784-30-10 network is about 0.5 MB;
#: tomllib takes 1-2 s per MB of the worst text (8 MB of ``[],`` took 8 s and 260 MB).
MAX_FILE_BYTES = 2 * 1024 * 1024
TOP_LEVEL_KEYS = ("network", "samples")


@dataclass(frozen=True)
class NetworkFile:
    """A validated network with its samples (x, y), each a 1-D float array."""

    network: Network
    samples: list[tuple[np.ndarray, np.ndarray]]
    source: str = "<string>"

    @property
    def X(self) -> np.ndarray:
        """The inputs as a batch, one sample per row: shape ``(len(samples), n_0)``."""
        return np.stack([x for x, _ in self.samples])

    @property
    def Y(self) -> np.ndarray:
        """The targets as a batch: shape ``(len(samples), n_L)``."""
        return np.stack([y for _, y in self.samples])


# ---------------------------------------------------------------------------- reading
def load_network(path: str | Path) -> NetworkFile:
    """Read and validate a network file; raises :class:`NetworkFileError` for any problem."""
    name = str(path)
    expected = "a TOML network file with [network] and [[samples]] tables"
    try:
        data = read_bytes(path, MAX_FILE_BYTES)  # a FIFO or /dev/zero is refused unread
    except FileNotFoundError:
        raise NetworkFileError(name, "no such file", expected=expected) from None
    except UnreadableFile as e:
        raise NetworkFileError(name, e.reason, expected=e.limit or expected) from None
    try:
        text = decode(data)
    except UnicodeDecodeError as e:
        raise NetworkFileError(
            name, f"not UTF-8 text (byte {data[e.start]:#04x})",
            line=data[: e.start].count(b"\n") + 1, expected="a UTF-8 encoded TOML file",
        ) from None
    return parse_network(text, name)


def parse_network(text: str, source: str = "<string>") -> NetworkFile:
    """Validate the TOML ``text`` of a network file; ``source`` names it in error messages."""
    if not text.strip():
        raise NetworkFileError(
            source, "the file is empty", expected="a [network] table and at least one [[samples]]"
        )
    text = text.removeprefix("\ufeff")  # a UTF-8 byte-order mark, as some editors write
    doc = load_toml(text, source)
    line_of = LineFinder(text)
    if "exercises" in doc and "network" in doc:  # a lesson: say what to do with it instead
        Fail(source, line_of)(
            "", "exercises", "this is a lesson file (it has [[exercises]]), not a network file",
            "a file of only [network] and [[samples]]; open a lesson with --lesson FILE, or "
            "print its network and answers with backprop-tui export FILE --key")
    Fail(source, line_of).unknown_keys("", doc, TOP_LEVEL_KEYS)
    return table_to_network(doc, source, line_of)


def load_toml(text: str, source: str) -> dict:
    """``tomllib.loads`` after :func:`toml_shape_problem`'s cheap look at the text (too deep,
    too many dotted parts): a :class:`NetworkFileError` for anything tomllib can't take."""
    shape = toml_shape_problem(text)
    if shape:
        problem, expected, line = shape
        raise NetworkFileError(source, problem, line=line, expected=expected)
    if len(text) > MAX_FILE_BYTES:
        raise NetworkFileError(source, f"{len(text):,} characters is too large",
                               expected=f"at most {megabytes(MAX_FILE_BYTES)}")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise toml_error(e, source, text) from None
    except RecursionError:  # a shape the look above missed: tomllib recurses into nesting
        raise NetworkFileError(
            source, "arrays or tables nested too deeply", expected="lists of numbers"
        ) from None


def toml_error(e: tomllib.TOMLDecodeError, source: str, text: str) -> NetworkFileError:
    """A TOML syntax error, with the line tomllib put at the end of its message moved forward."""
    message, line = str(e), None
    found = re.search(r"\s*\(at line (\d+), column (\d+)\)\s*$", message)
    if found:
        message, line = f"{message[: found.start()]} (column {found.group(2)})", int(found.group(1))
    elif message.endswith("(at end of document)"):
        message, line = message.removesuffix(" (at end of document)"), text.count("\n") + 1
    return NetworkFileError(
        source, f"TOML syntax error: {message}", line=line,
        expected="valid TOML",
    )


# ---------------------------------------------------------------------------- the tables
def table_to_network(
    doc: dict, source: str, line_of: Callable[..., int | None] | None = None
) -> NetworkFile:
    """Validate the ``network`` and ``samples`` entries of a parsed TOML document: a network
    file's, or a lesson's that embeds the same tables (other top-level keys are the caller's).

    ``line_of(table, key=None, index=0)`` gives a key's line, as a :class:`LineFinder` over the
    document's text does; without it errors name the key but no line.
    """
    fail = Fail(source, line_of)
    table = doc.get("network")
    if table is None:
        fail("", "network", "missing table [network]",
             "a [network] table with sizes, activations and loss")
    if not isinstance(table, dict):
        fail("", "network", f"{describe(table)} is not a table", "a [network] table")
    sizes, activations, loss, seed = check_network_keys(table, fail)
    if "layers" in table:
        weights, biases, has_bias = check_layers(table["layers"], sizes, fail)
        network = Network(sizes, activations, loss, weights, biases, has_bias)
    else:
        network = Network.from_sizes(sizes, activations, loss, seed)
    samples = check_samples(doc.get("samples"), network, fail)
    bad = overflow_sample(network, np.stack([x for x, _ in samples]),
                          np.stack([y for _, y in samples]))
    if bad is not None:
        fail("samples", None, "its trace overflows (a value beyond the largest float)",
             f"inputs and weights small enough for a finite trace (|value| <= {MAX_ABS_VALUE:g} "
             "is not enough with this many layers)", index=bad)
    return NetworkFile(network, samples, source)


# ---------------------------------------------------------------------------- --net 4-2-2-1
def spec_sample(network: Network, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The one sample ``--net`` uses, as no file gives any: x then y, drawn uniformly from
    [0, 1) by ``np.random.default_rng(seed)``; with a softmax output y is scaled to sum to 1."""
    rng = np.random.default_rng(seed)
    x = rng.random(network.sizes[0])
    y = rng.random(network.sizes[-1])
    if network.activations[-1] == "softmax":
        y = y / y.sum()
    return x, y


def network_file_from_spec(
    spec: str, seed: int = 0, activation: str = "sigmoid", loss: str = "sse"
) -> NetworkFile:
    """``--net 4-2-2-1``: :func:`network_from_spec` with the deterministic :func:`spec_sample`."""
    network = network_from_spec(spec, seed=seed, activation=activation, loss=loss)
    return NetworkFile(network, [spec_sample(network, seed)], f"--net {spec}")

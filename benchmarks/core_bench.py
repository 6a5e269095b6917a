"""Core speed, in one run: ``python benchmarks/core_bench.py`` (or ``make bench``).

1. Batch gradients of a 784-30-10 sigmoid/SSE network on 32 samples, ``Network.gradients(X, Y)``,
   against a per-sample loop in the style of Nielsen's network.py (column vectors, one
   ``backprop(x, y)`` per sample, accumulated). Target: ours at least 10x faster.
2. If torch is importable: torch autograd in float64 on the same batch (target: ours >= 1.5x
   faster) and on one 4-2-2-1 sample (target: >= 3x); otherwise "torch not installed: skipped".
3. A whole 4-2-2-1 trace, ``net.trace(x, y)``. Target: under 1 ms.

Every gradient is checked against ours (``np.allclose``) before it is timed. Times are per call:
the minimum (and median) over several ``timeit`` repeats, each of enough calls to take ~0.2 s.
"""

from __future__ import annotations

import statistics
import sys
import timeit
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from backprop_tui.core.math.network import Network  # noqa: E402

REPEATS = 7


def per_call(fn: Callable[[], object]) -> tuple[float, float]:
    """(min, median) seconds per call of ``fn``."""
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    number = max(1, number)
    times = [t / number for t in timer.repeat(repeat=REPEATS, number=number)]
    return min(times), statistics.median(times)


# ---------------------------------------------------------------------------- Nielsen's loop
def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def _sigmoid_prime(z: np.ndarray) -> np.ndarray:
    return _sigmoid(z) * (1 - _sigmoid(z))


class NielsenLoop:
    """The per-sample backprop of Nielsen's network.py (column vectors), for the SSE cost."""

    def __init__(self, net: Network) -> None:
        self.num_layers = len(net.sizes)
        self.weights = [np.array(w) for w in net.weights]
        self.biases = [np.array(b).reshape(-1, 1) for b in net.biases]

    def gradients(self, mini_batch: list[tuple[np.ndarray, np.ndarray]]):
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        for x, y in mini_batch:
            delta_nabla_b, delta_nabla_w = self.backprop(x, y)
            nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b, strict=True)]
            nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_nabla_w, strict=True)]
        n = len(mini_batch)
        return [nw / n for nw in nabla_w], [(nb / n).ravel() for nb in nabla_b]

    def backprop(self, x: np.ndarray, y: np.ndarray):
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        activation = x
        activations = [x]
        zs = []
        for b, w in zip(self.biases, self.weights, strict=True):
            z = np.dot(w, activation) + b
            zs.append(z)
            activation = _sigmoid(z)
            activations.append(activation)
        delta = 2 * (activations[-1] - y) * _sigmoid_prime(zs[-1])  # SSE: ∂C/∂a = 2(a − y)
        nabla_b[-1] = delta
        nabla_w[-1] = np.dot(delta, activations[-2].transpose())
        for l in range(2, self.num_layers):
            z = zs[-l]
            sp = _sigmoid_prime(z)
            delta = np.dot(self.weights[-l + 1].transpose(), delta) * sp
            nabla_b[-l] = delta
            nabla_w[-l] = np.dot(delta, activations[-l - 1].transpose())
        return nabla_b, nabla_w


# ---------------------------------------------------------------------------- torch
def torch_gradients(net: Network, X: np.ndarray, Y: np.ndarray):
    """A function computing the same gradients with torch autograd (float64), or None."""
    try:
        import torch
    except ImportError:
        return None
    Ws = [torch.tensor(w, dtype=torch.float64, requires_grad=True) for w in net.weights]
    Bs = [torch.tensor(b, dtype=torch.float64, requires_grad=True) for b in net.biases]
    Xt, Yt = torch.tensor(X, dtype=torch.float64), torch.tensor(Y, dtype=torch.float64)

    def grads():
        a = Xt
        for w, b in zip(Ws, Bs, strict=True):
            a = torch.sigmoid(a @ w.T + b)
        cost = ((a - Yt) ** 2).sum(dim=1).mean()
        return torch.autograd.grad(cost, Ws + Bs)

    return grads


def same(ours, theirs) -> bool:
    return all(np.allclose(np.asarray(a), np.asarray(b), rtol=1e-9, atol=1e-12)
               for a, b in zip(ours, theirs, strict=True))


# ---------------------------------------------------------------------------- the run
def main() -> int:
    rng = np.random.default_rng(0)
    rows: list[tuple[str, str, str, str, str, bool]] = []

    def ratio_row(name: str, ours: tuple[float, float], other: tuple[float, float],
                  target: float) -> None:
        ratio = other[0] / ours[0]
        rows.append((name, f"{ours[0] * 1e6:,.1f} ({ours[1] * 1e6:,.1f})",
                     f"{other[0] * 1e6:,.1f} ({other[1] * 1e6:,.1f})", f"{ratio:.1f}x",
                     f">= {target:g}x", ratio >= target))

    # 1. batch gradients vs Nielsen's per-sample loop
    big = Network.from_sizes([784, 30, 10], "sigmoid", "sse", seed=0)
    X, Y = rng.random((32, 784)), rng.random((32, 10))
    batch = [(x.reshape(-1, 1), y.reshape(-1, 1)) for x, y in zip(X, Y, strict=True)]
    loop = NielsenLoop(big)
    gw, gb = big.gradients(X, Y)
    lw, lb = loop.gradients(batch)
    assert same(gw + gb, lw + lb), "the per-sample loop disagrees with Network.gradients"
    ours_big = per_call(lambda: big.gradients(X, Y))
    ratio_row("784-30-10, 32 samples: vs per-sample loop", ours_big,
              per_call(lambda: loop.gradients(batch)), 10)

    # 2. torch autograd, float64
    small = Network.from_sizes([4, 2, 2, 1], "sigmoid", "sse", seed=0)
    x1, y1 = rng.random((1, 4)), rng.random((1, 1))
    torch_big, torch_small = torch_gradients(big, X, Y), torch_gradients(small, x1, y1)
    if torch_big is None or torch_small is None:
        print("torch not installed: skipped")
    else:
        import torch

        assert same(gw + gb, [t.numpy() for t in torch_big()]), "torch disagrees (784-30-10)"
        sw, sb = small.gradients(x1, y1)
        assert same(sw + sb, [t.numpy() for t in torch_small()]), "torch disagrees (4-2-2-1)"
        print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; "
              f"numpy {np.__version__}")
        ratio_row("784-30-10, 32 samples: vs torch autograd", ours_big, per_call(torch_big), 1.5)
        ratio_row("4-2-2-1, 1 sample: vs torch autograd", per_call(lambda: small.gradients(x1, y1)),
                  per_call(torch_small), 3)

    # 3. a whole trace
    x, y = rng.random(4), rng.random(1)
    trace_time = per_call(lambda: small.trace(x, y))
    rows.append(("4-2-2-1 whole trace, net.trace(x, y)",
                 f"{trace_time[0] * 1e6:,.1f} ({trace_time[1] * 1e6:,.1f})", "", "",
                 "< 1000 µs", trace_time[0] < 1e-3))

    header = ("benchmark", "ours µs min (median)", "other µs min (median)", "ratio", "target",
              "result")
    table = [header] + [(*r[:5], "PASS" if r[5] else "MISS") for r in rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    for i, r in enumerate(table):
        print("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))
    return 0 if all(r[5] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""backprop-tui's core: a plain NumPy library for single-step backprop traces.

It never imports textual or rich, so a notebook can use it on its own::

    from backprop_tui.core import Network
    net = Network.from_sizes([4, 2, 2, 1], seed=0)
    trace = net.trace([0.05, 0.10, 0.15, 0.20], [1.0])
"""

from backprop_tui.core.math.network import Network
from backprop_tui.core.math.trace import Step, Trace

__all__ = ["Network", "Step", "Trace", "load_network"]


def __getattr__(name: str):  # load_network lives with the file format; import it on first use
    if name == "load_network":
        from backprop_tui.core.files.netfile import load_network

        return load_network
    raise AttributeError(name)

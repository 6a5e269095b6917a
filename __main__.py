"""``python -m backprop_tui``: the same command line as ``backprop-tui``."""

from backprop_tui.tui.cli import main

if __name__ == "__main__":
    raise SystemExit(main())

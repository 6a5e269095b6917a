"""``python -m backprop_tui`` and the ``backprop-tui`` console script: the command line of
:func:`backprop_tui.tui.cli.main`, with Python's garbage collector held from the first line until
the app's first frame (:mod:`backprop_tui.tui.startup`)."""

from __future__ import annotations

from collections.abc import Sequence

from backprop_tui.tui.startup import hold_gc, release_gc


def main(argv: Sequence[str] | None = None) -> int:
    hold_gc()
    from backprop_tui.tui.cli import main as cli_main

    try:
        return cli_main(argv)
    finally:
        release_gc()  # --help, --version, an error: whatever ended before the app released it


if __name__ == "__main__":
    raise SystemExit(main())

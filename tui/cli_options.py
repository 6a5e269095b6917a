"""Options more than one command takes: where the lessons come from (the app, ``lessons``,
``progress --export`` and ``serve`` list the same lessons for the same options)."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_lesson_source_options(parser: argparse.ArgumentParser) -> None:
    """``--lessons DIR`` (repeatable) and ``--no-shipped``."""
    parser.add_argument("--lessons", action="append", type=Path, default=[], metavar="DIR",
                        help="also list the lessons of DIR, after the shipped ones (repeatable; "
                             "the config file and $BACKPROP_TUI_LESSONS add more)")
    parser.add_argument("--no-shipped", action="store_true",
                        help="list only the lessons of the --lessons folders, not the shipped "
                             "ones")

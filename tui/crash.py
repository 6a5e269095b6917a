"""The command line's last line of defence: no traceback ever reaches the terminal.

:func:`guarded` runs a command and turns what would be a traceback into one line on stderr and
a non-zero status: output that can't be written (``> /dev/full``), output the terminal's
encoding can't show (``PYTHONIOENCODING=ascii``), or a bug, whose full report goes to a file
that the line names. :func:`run_reporting` runs the Textual app so that a crash inside it does
the same: Textual's own traceback is captured (through the app's public ``error_console``)
and written to the report, and the exit status is 1 instead of 0.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

PROG = "backprop-tui"
#: errno values that mean "the output can't be written", not a bug of ours.
OUTPUT_ERRORS = frozenset({errno.ENOSPC, errno.EIO, errno.EFBIG, errno.EBADF, errno.EPIPE,
                           errno.EDQUOT, errno.EROFS})


def say(message: str) -> None:
    """One line on stderr, whatever stderr can encode, and never an exception."""
    with contextlib.suppress(Exception):
        stream = sys.stderr
        encoding = getattr(stream, "encoding", None) or "ascii"
        line = f"{PROG}: {message}"
        stream.write(line.encode(encoding, "backslashreplace").decode(encoding) + "\n")
        stream.flush()


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush can't fail again."""
    with contextlib.suppress(Exception):
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, sys.stdout.fileno())
        os.close(fd)


def write_report(text: str) -> str:
    """Write a crash report to the state folder (or the temporary folder); its path, or why
    it could not be written."""
    from backprop_tui.core.course.progress import state_dir

    name = f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.txt"
    problems = []
    for folder in (state_dir(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / name
            path.write_text(text, encoding="utf-8", errors="backslashreplace")
            return str(path)
        except OSError as e:
            problems.append(f"{folder}: {e.strerror or e}")
    return "nowhere (" + "; ".join(problems) + ")"


def guarded(command: Callable[[Sequence[str] | None], int], argv: Sequence[str] | None) -> int:
    """``command(argv)``'s status, with every way it could end in a traceback made one line."""
    try:
        code = command(argv)
        sys.stdout.flush()  # > /dev/full fails here for short output
        return code
    except BrokenPipeError:  # `| head`: stop quietly, as the command itself does
        _silence_stdout()
        return 0
    except UnicodeEncodeError as e:
        _silence_stdout()
        encoding = getattr(sys.stdout, "encoding", "?")
        say(f"error: the output's encoding ({encoding}) can't show {e.object[e.start:e.end]!a}; "
            "set PYTHONIOENCODING=utf-8 (or a UTF-8 locale such as LC_ALL=C.UTF-8)")
        return 1
    except OSError as e:
        if e.errno not in OUTPUT_ERRORS:
            return _crashed()
        _silence_stdout()
        say(f"error: can't write the output: {e.strerror or e}")
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception:
        return _crashed()


def _crashed() -> int:
    where = write_report(traceback.format_exc())
    say(f"error: an internal error stopped the program; the full report is in {where}")
    return 1


def run_reporting(app: Any, **run_options: Any) -> int:
    """Run a Textual ``app`` (``run_options`` go to ``app.run``, e.g. ``headless=True``); 0,
    or 1 with its traceback in a report file and one line on stderr."""
    from rich.console import Console

    report = io.StringIO()
    app.error_console = Console(file=report, width=110, markup=False, highlight=False,
                                color_system=None, force_terminal=False)
    app.run(**run_options)
    code = getattr(app, "return_code", 0)  # (a stand-in app in tests may have none)
    if not code:
        return 0
    where = write_report(report.getvalue() or f"the app exited with status {code}\n")
    say(f"error: the app stopped after an internal error; the full report is in {where}")
    return 1

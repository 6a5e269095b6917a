"""Run the ``backprop-tui`` command line on many files in one child process (imports once).

``python cli_batch.py PATH...``: for every file, ``check`` (lessons) or ``trace`` in text and
JSON (networks), as ``main(argv)`` with stdout and stderr captured; prints one JSON line per
run (argv, status, seconds, the start of stderr, whether the output names the file), then one
line with the child's peak memory (``resource.getrusage``).
"""

from __future__ import annotations

import contextlib
import io
import json
import resource
import sys
import time

from backprop_tui.tui.cli import main


def run(argv: list[str], path: str) -> dict:
    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    seconds = time.perf_counter() - start
    errors = err.getvalue() + "".join(line for line in out.getvalue().splitlines(True)
                                      if line.startswith("error"))
    return {"argv": argv, "code": code, "seconds": seconds, "stderr": err.getvalue()[:500],
            "named": path in errors, "errors": bool(errors.strip())}


def main_batch(paths: list[str]) -> None:
    for path in paths:
        if "lesson" in path.rsplit("/", 1)[-1]:
            runs = [["check", path], ["trace", path]]
        else:
            runs = [["trace", path], ["trace", path, "--format", "json", "--average"]]
        for argv in runs:
            print(json.dumps(run(argv, path)), flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
    print(json.dumps({"peak_mb": peak}), flush=True)


if __name__ == "__main__":
    main_batch(sys.argv[1:])

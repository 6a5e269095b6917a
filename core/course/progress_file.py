"""The progress file on disk: read without trusting it, written atomically under a lock.

- :func:`locked` takes an exclusive ``fcntl.flock`` on ``.progress.lock`` beside the file, so two
  instances never interleave a read-merge-write; it gives up after :data:`LOCK_SECONDS` (the
  save is then reported as failed, and tried again next time) instead of waiting forever.
- :func:`write_atomic` writes a temporary ``.progress-*.tmp`` in the same folder with
  ``os.write``, fsyncs it and renames it over the file: a kill at any moment leaves the old
  file or the new one whole, at worst a stray temporary file, which :func:`remove_stale` deletes
  under the lock (no writer can be using it then) when the next instance starts.
- :func:`read` refuses a FIFO, a device or a file over :data:`MAX_BYTES` unread.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from backprop_tui.core.files.safefile import read_bytes

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; saves are still atomic
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = ".progress.lock"
TMP_PREFIX, TMP_SUFFIX = ".progress-", ".tmp"
#: Far more than a learner's progress can need (an exercise takes ~80 bytes); bounds each save.
MAX_BYTES = 2 * 1024 * 1024
LOCK_SECONDS = 3.0


class LockTimeout(OSError):
    """Another instance held the lock for longer than :data:`LOCK_SECONDS`."""


@contextlib.contextmanager
def locked(directory: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the progress lock of ``directory`` (which must exist) for the ``with`` block, waiting
    at most ``timeout`` seconds (:data:`LOCK_SECONDS`) for it."""
    timeout = LOCK_SECONDS if timeout is None else timeout
    fd = os.open(directory / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if fcntl is not None:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise LockTimeout("another backprop-tui kept the progress file locked") from None
                    time.sleep(0.01)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def read(path: Path) -> bytes | None:
    """The file's bytes, or None when there is none; raises OSError (``UnreadableFile``)."""
    try:
        return read_bytes(path, MAX_BYTES)
    except FileNotFoundError:
        return None


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` by ``data`` atomically; raises OSError (the old file stays whole)."""
    fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=TMP_SUFFIX, dir=path.parent)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
        os.close(fd)
        fd = -1
        os.replace(tmp, path)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def remove_stale(directory: Path) -> int:
    """Delete the temporary files killed writers left in ``directory``; how many. Only under
    the lock (a live writer holds it while its temporary file exists); never raises."""
    removed = 0
    try:
        if not directory.is_dir():
            return 0
        with locked(directory, timeout=0.2):
            for entry in os.scandir(directory):
                name = entry.name
                if name.startswith(TMP_PREFIX) and name.endswith(TMP_SUFFIX) and \
                        entry.is_file(follow_symlinks=False):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)
                        removed += 1
    except OSError:
        pass
    return removed

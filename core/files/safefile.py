"""Reading a file the user points us at, and quoting it back, without trusting it.

:func:`read_text` opens without blocking (a FIFO would wait forever for a writer), refuses
anything that is not a regular file (a FIFO, a device such as ``/dev/zero``, a socket) and
anything over a size cap, both checked on the open descriptor before a byte is read, then reads
at most the cap. A UTF-8 byte-order mark is accepted and dropped.

:func:`escape` makes a quoted value safe to print: control characters (an ANSI escape that
clears the screen or writes the clipboard, a bidi override, a newline) become visible escapes,
and a value longer than :data:`QUOTE_CHARS` is cut short with an ellipsis.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

#: The most characters of a value any message quotes.
QUOTE_CHARS = 200
#: Not Cc, but they reorder or hide what follows them on a terminal.
_INVISIBLE = frozenset("\u200b\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e"
                       "\u2066\u2067\u2068\u2069\ufeff")


class UnreadableFile(OSError):
    """A file refused before or while reading it: ``reason`` says why, for a message."""

    def __init__(self, reason: str, limit: str | None = None) -> None:
        super().__init__(reason)
        self.reason, self.limit = reason, limit


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a directory"
    if stat.S_ISFIFO(mode):
        return "is a FIFO (named pipe), not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a regular file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a regular file"
    return "is not a regular file"


def megabytes(n: int) -> str:
    """``4 MB`` or ``512 KB``: a cap as people say it."""
    return f"{n // 2**20} MB" if n >= 2**20 else f"{n // 2**10} KB"


def read_bytes(path: str | Path, cap: int) -> bytes:
    """The bytes of a regular file of at most ``cap`` bytes; :class:`UnreadableFile` otherwise.

    A missing file raises :class:`FileNotFoundError` (callers often treat it as "nothing yet").
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise
    except IsADirectoryError:
        raise UnreadableFile("is a directory") from None
    except OSError as e:
        raise UnreadableFile(f"cannot be read: {e.strerror or e}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile(_kind(info.st_mode))
        if info.st_size > cap:
            raise UnreadableFile(f"is {info.st_size:,} bytes, too large",
                                 f"at most {megabytes(cap)}")
        chunks, left = [], cap + 1
        while left > 0:
            try:
                chunk = os.read(fd, min(left, 1 << 20))
            except OSError as e:
                raise UnreadableFile(f"cannot be read: {e.strerror or e}") from None
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > cap:  # it grew while we read it
            raise UnreadableFile("grew too large while being read", f"at most {megabytes(cap)}")
        return data
    finally:
        os.close(fd)


def decode(data: bytes) -> str:
    """UTF-8 text, a leading byte-order mark dropped; :class:`UnicodeDecodeError` otherwise."""
    return data.decode("utf-8-sig")


def escape(text: str, limit: int = QUOTE_CHARS) -> str:
    """``text`` safe to print in one line: control characters escaped, at most ``limit``
    characters of it (and an ellipsis)."""
    cut = len(text) > limit
    text = text[:limit]
    if text.isprintable() and not _INVISIBLE.intersection(text):
        return text + ("…" if cut else "")
    out = []
    for c in text:
        if c.isprintable() and c not in _INVISIBLE:
            out.append(c)
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        else:
            code = ord(c)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
    return "".join(out) + ("…" if cut else "")

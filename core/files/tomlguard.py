"""A cheap look at TOML text before :mod:`tomllib` parses it, for the two shapes it can't bear.

- Nesting: tomllib recurses into nested arrays and inline tables, so ``id = [[[[...]]]]`` a few
  hundred deep ends in a RecursionError. :func:`nesting_problem` finds the deepest ``[``/``{``
  outside strings and comments in one pass (a regular expression jumps between the characters
  that matter; strings are skipped with ``str.find``).
- Dotted keys: tomllib's work on a dotted key grows with the square of its parts (20,000 parts
  on one 40 KB line took over 10 s and 2.3 GB). :func:`dotted_key_problem` counts the parts of
  every key that has many dots, line by line.

Both return a problem and what was expected, or ``None``; neither ever raises.
"""

from __future__ import annotations

import re

#: Deeper than any network, lesson or progress file needs (weights are 2 deep).
MAX_NESTING = 32
#: Parts of one dotted key (``network.sizes`` has 2).
MAX_KEY_PARTS = 16

_INTERESTING = re.compile(r"""["'#\[\]{}]""")
_BARE = re.compile(r"[A-Za-z0-9_-]+")


def _string_end(text: str, i: int) -> int:
    """Where the string opening at ``i`` ends (just past its closing quote, or the line's end)."""
    if text.startswith('"""', i) or text.startswith("'''", i):
        quote = text[i:i + 3]
        j = i + 3
        while True:
            k = text.find(quote, j)
            if k < 0:
                return len(text)
            if quote == '"""' and _escaped(text, k):
                j = k + 1
                continue
            while text.startswith(quote[0], k + 3):  # """a"""" ends at the last quote
                k += 1
            return k + 3
    quote, j = text[i], i + 1
    while True:
        k = text.find(quote, j)
        newline = text.find("\n", j)
        if k < 0 or 0 <= newline < k:  # unterminated: tomllib will say so
            return len(text) if newline < 0 else newline
        if quote == '"' and _escaped(text, k):
            j = k + 1
            continue
        return k + 1


def _escaped(text: str, k: int) -> bool:
    """Whether the quote at ``k`` follows an odd number of backslashes."""
    n = 0
    while k - n - 1 >= 0 and text[k - n - 1] == "\\":
        n += 1
    return n % 2 == 1


def nesting_problem(text: str, limit: int = MAX_NESTING) -> tuple[str, str, int] | None:
    """(problem, expected, line) when arrays or inline tables nest deeper than ``limit``."""
    depth, i = 0, 0
    while (m := _INTERESTING.search(text, i)) is not None:
        c, i = m.group(), m.end()
        if c in "\"'":
            i = _string_end(text, m.start())
        elif c == "#":
            newline = text.find("\n", i)
            i = len(text) if newline < 0 else newline
        elif c in "[{":
            depth += 1
            if depth > limit:
                line = text.count("\n", 0, m.start()) + 1
                return (f"arrays or tables nested more than {limit} deep",
                        f"at most {limit} levels of [ ] and {{ }}", line)
        else:
            depth = max(depth - 1, 0)
    return None


def _key_parts(head: str) -> int | None:
    """How many parts the key ``head`` (the text before ``=`` or inside ``[ ]``) has, or None
    when it does not look like a key at all (prose in a multi-line string)."""
    parts = head.split(".")
    for part in parts:
        part = part.strip()
        quoted = len(part) >= 2 and part[0] == part[-1] and part[0] in "\"'"
        if not quoted and not _BARE.fullmatch(part):
            return None
    return len(parts)


def dotted_key_problem(text: str, limit: int = MAX_KEY_PARTS) -> tuple[str, str, int] | None:
    """(problem, expected, line) for the first key of more than ``limit`` dotted parts."""
    if text.count(".") <= limit:
        return None
    for number, line in enumerate(text.split("\n"), start=1):
        if line.count(".") < limit:
            continue
        stripped = line.strip()
        if stripped.startswith("["):
            head = stripped.strip("[]").split("]", 1)[0]
        elif "=" in stripped:
            head = stripped.split("=", 1)[0]
        else:
            continue
        parts = _key_parts(head)
        if parts is not None and parts > limit:
            return (f"a dotted key of {parts:,} parts",
                    f"at most {limit} parts (a.b.c has 3)", number)
    return None


def toml_shape_problem(text: str) -> tuple[str, str, int] | None:
    """The first of :func:`nesting_problem` and :func:`dotted_key_problem`, or None."""
    return nesting_problem(text) or dotted_key_problem(text)

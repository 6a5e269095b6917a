"""Line numbers for keys of a TOML document, which :mod:`tomllib` does not report.

:class:`LineFinder` scans the text once and remembers, for every table header (``[network]``,
each ``[[samples]]``) the line it is on, and for every ``key = ...`` the line the key starts on.
It is a heuristic, good enough to point a learner at the right line of a network or lesson file:

- strings and comments are skipped, and brackets are counted, so the rows of a multi-line array
  (``weights = [\\n [0.1, 0.2],\\n ...]``) are not mistaken for table headers;
- a dotted key (``network.sizes = [...]``) or an inline table (``network = {sizes = [...]}``)
  is found by its first line; a key it cannot place falls back to its table's header line, or
  ``None`` when even that is missing;
- a multi-line string (``\"\"\"...\"\"\"``, as in a lesson's prompt) is skipped whole, so a line
  inside it that looks like ``key = ...`` or ``[table]`` is not taken for one;

Lookups take a table name as written in its header (``"network"``, ``"network.layers"``,
``"samples"``, or ``""`` for the top level), the occurrence of an array-of-tables header
(0-based: the second ``[[samples]]`` is ``index=1``) and the key inside it.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=""")


_MAX_PREFIXES = 16


def _normalise(dotted: str) -> str:
    """``network . "sizes"`` -> ``network.sizes``."""
    parts = re.findall(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""", dotted)
    return ".".join(p.strip("\"'") for p in parts)


def _bracket_change(text: str) -> int:
    """How much ``text`` deepens the nesting of [ ] and { }, ignoring strings and comments."""
    if not any(c in text for c in "\"'#"):  # the usual line of numbers: no need to scan
        return text.count("[") + text.count("{") - text.count("]") - text.count("}")
    depth, i, n = 0, 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            break
        if c in "\"'":
            end = i + 1
            while end < n and text[end] != c:
                end += 2 if (c == '"' and text[end] == "\\") else 1
            i = end + 1
            continue
        if c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
        i += 1
    return depth


class LineFinder:
    """Where each table header and key of a TOML text starts (1-based line numbers).

    The index is built on the first question, so a file that loads without a problem never
    pays for it (it was a third of the time a lesson took to load)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._headers: dict[str, list[int]] | None = None
        self._keys: dict[tuple[str, int], dict[str, int]] = {}

    @property
    def headers(self) -> dict[str, list[int]]:
        if self._headers is None:
            self._index(self._text)
        return self._headers

    @property
    def keys(self) -> dict[tuple[str, int], dict[str, int]]:
        if self._headers is None:
            self._index(self._text)
        return self._keys

    def _index(self, text: str) -> None:
        self._headers = {}
        self._keys = {("", 0): {}}
        table, occurrence, depth = "", 0, 0
        open_quote: str | None = None  # inside a multi-line string: its delimiter
        for number, line in enumerate(text.splitlines(), start=1):
            if open_quote is not None:  # a lesson's prompt = """...""": nothing here is a key
                if line.count(open_quote) % 2:
                    open_quote = None
                continue
            if depth <= 0:
                depth = 0
                header = _HEADER.match(line)
                if header:
                    table = _normalise(header.group(2))
                    self._headers.setdefault(table, []).append(number)
                    occurrence = len(self._headers[table]) - 1
                    self._keys.setdefault((table, occurrence), {})
                    continue
                key = _KEY.match(line)
                if key:
                    dotted = _normalise(key.group(1))
                    names = self._keys[(table, occurrence)]
                    parts = dotted.split(".")
                    # A quoted key may hold thousands of dots: its first few prefixes are
                    # enough to place a key (all of them would take quadratic time).
                    for end in range(1, min(len(parts), _MAX_PREFIXES) + 1):
                        names.setdefault(".".join(parts[:end]), number)
                    line = line[key.end():]
                    for quote in ('"""', "'''"):
                        if line.count(quote) % 2:
                            open_quote = quote
                            break
                    if open_quote is not None:
                        continue
            depth += _bracket_change(line)

    def __call__(self, table: str, key: str | None = None, index: int = 0) -> int | None:
        """The line of ``key`` in the ``index``-th ``[table]``; its header's line if the key is not
        found there; else the line of a dotted key or inline table that holds it, or of the
        first header of a table it names; or ``None``."""
        names = self.keys.get((table, index))
        if names is not None and key is not None:
            parts = key.split(".")
            for end in range(len(parts), 0, -1):  # focus.step inside an inline table: focus's line
                if ".".join(parts[:end]) in names:
                    return names[".".join(parts[:end])]
        if table in self.headers and index < len(self.headers[table]):
            return self.headers[table][index]
        dotted = f"{table}.{key}" if table and key else (table or key or "")
        parts = dotted.split(".")
        # Not under its own header: a dotted key or inline table in a parent table.
        for cut in range(len(parts) - 1, -1, -1):
            parent, rest = ".".join(parts[:cut]), parts[cut:]
            names = self.keys.get((parent, 0))
            if names is None:
                continue
            for end in range(len(rest), 0, -1):
                found = names.get(".".join(rest[:end]))
                if found is not None:
                    return found
        # A key that is a table of its own: [sample], [[sample]], [netwrk.layers].
        lines = [found[0] for name, found in self.headers.items()
                 if name == dotted or name.startswith(dotted + ".")]
        return min(lines) if lines else None

"""Seeded mutations of network and lesson files, the way a clumsy or hostile user makes them:
byte flips, truncation, deleted and renamed keys, type swaps, huge and non-finite numbers, deep
nesting, huge sizes, long dotted keys, control characters, a byte-order mark, duplicated tables.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

LESSONS = sorted((Path(__file__).resolve().parents[2] / "lessons").glob("*.toml"))

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.toml"))

#: The seeds the network mutations start from: the shipped examples (explicit weights, and
#: weights from a seed), then the shapes they don't cover.
NETWORKS = [*(p.read_text("utf-8") for p in EXAMPLES),
    """\
[network]
sizes = [3, 4, 2]
activations = ["tanh", "softmax"]
loss = "cross-entropy"
seed = 7

[[samples]]
x = [0.5, -1.0, 2.0]
y = [0.25, 0.75]

[[samples]]
x = [0.1, 0.2, 0.3]
y = [1.0, 0.0]
""",
    """\
network.sizes = [2, 3, 1]
network.activations = ["relu", "sigmoid"]
network.loss = "half-sse"
samples = [{x = [1, 2], y = [0]}, {x = [0.5, 0.5], y = [1]}]
""",
]

VALUES = ["true", '"text"', "{}", "[]", "[[]]", "1e308", "-1.7976931348623157e308", "1e400",
          "nan", "-inf", "123456789012345678901234567890", "0", "-1", "4096", "2147483648",
          '"\\u001b[2J\\u001b]52;c;aGk=\\u0007"', '"' + "x" * 5000 + '"', "1979-05-27",
          "[1, [2, [3]]]", '["sigmoid", 1]', "0x10", "[4096, 4096, 4096]", "{a = {b = 1}}"]


def _lines(text: str) -> list[str]:
    return text.split("\n")


def flip_bytes(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def delete_line(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    del lines[rng.randrange(len(lines))]
    return "\n".join(lines)


def rename_key(rng: random.Random, text: str) -> str:
    keys = re.findall(r"(?m)^\s*([A-Za-z_.-]+)\s*=", text)
    if not keys:
        return text
    key = rng.choice(keys)
    new = rng.choice([key + "s", key[:-1], key.upper(), "k" + key, "'" + key + "'", key + ".x"])
    return re.sub(rf"(?m)^(\s*){re.escape(key)}(\s*=)", lambda m: m.group(1) + new + m.group(2),
                  text, count=1)


def swap_value(rng: random.Random, text: str) -> str:
    """Replace the value of one ``key = value`` line, or one number, by an odd one."""
    lines = _lines(text)
    candidates = [i for i, line in enumerate(lines) if "=" in line]
    if not candidates or rng.random() < 0.4:
        numbers = list(re.finditer(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", text))
        if numbers:
            m = rng.choice(numbers)
            return text[: m.start()] + rng.choice(VALUES) + text[m.end():]
        return text
    i = rng.choice(candidates)
    key = lines[i].split("=", 1)[0]
    lines[i] = f"{key}= {rng.choice(VALUES)}"
    return "\n".join(lines)


def deep_nesting(rng: random.Random, text: str) -> str:
    depth = rng.choice([40, 500, 5000])
    opener, closer = rng.choice([("[", "]"), ("{a = ", "}")])
    return text + f"\ndeep = {opener * depth}1{closer * depth}\n"


def huge(rng: random.Random, text: str, heavy: bool = True) -> str:
    """Huge sizes, keys and counts; ``heavy`` adds files near the size caps (seconds each)."""
    choice = rng.randrange(6 if heavy else 4)
    if choice == 0:
        return re.sub(r"sizes = \[[^\]]*\]", "sizes = [4096, 2440]", text, count=1)
    if choice == 1:
        return re.sub(r"sizes = \[[^\]]*\]", "sizes = [" + ", ".join(["300"] * 102) + "]", text,
                      count=1)
    if choice == 2:
        return text + "\n" + ".".join(["k"] * rng.choice([20, 2000, 20_000])) + " = 1\n"
    if choice == 3:
        sample = "\n[[samples]]\nx = [0.1, 0.2]\ny = [1.0]\n"
        return text + sample * rng.choice([10, 1001, 3000])
    if choice == 4:  # just under the network file cap, in the shape tomllib is slowest on
        return text + "\npad = [" + "[]," * 690_000 + "]\n"
    return text + '\njunk = "' + "x" * rng.choice([10_000, 1_000_000]) + '"\n'


def control_chars(rng: random.Random, text: str) -> str:
    at = rng.randrange(len(text) + 1)
    return text[:at] + rng.choice(["\x1b[2J", "\x07", "\u202e", "\x00", "\r", "\x1b]52;c;aGk=\x07"]) \
        + text[at:]


def duplicate_table(rng: random.Random, text: str) -> str:
    headers = re.findall(r"(?m)^\[[^\[\]]+\]$", text)
    return text + ("\n" + rng.choice(headers) + "\n" if headers else "\n[network]\n")


TEXT_MUTATIONS = (delete_line, rename_key, swap_value, swap_value, deep_nesting, huge,
                  control_chars, duplicate_table)


def mutate(rng: random.Random, text: str, heavy: bool = True) -> bytes:
    """One to three mutations of ``text``, as the bytes of a file."""
    for _ in range(rng.randint(1, 3)):
        change = rng.choice(TEXT_MUTATIONS)
        text = huge(rng, text, heavy) if change is huge else change(rng, text)
    data = text.encode("utf-8", "surrogatepass")
    roll = rng.random()
    if roll < 0.15:
        data = flip_bytes(rng, data)
    elif roll < 0.25:
        data = truncate(rng, data)
    elif roll < 0.3:
        data = b"\xef\xbb\xbf" + data
    return data


def corpus(kind: str, n: int, seed: int, folder: Path, heavy: bool = True) -> list[Path]:
    """``n`` mutated files of ``kind`` ("network" or "lesson") written to ``folder``; without
    ``heavy``, none near the size caps."""
    rng = random.Random(f"{kind}-{seed}")
    bases = NETWORKS if kind == "network" else [p.read_text("utf-8") for p in LESSONS]
    paths = []
    for i in range(n):
        path = folder / f"{kind}-{i:04d}.toml"
        path.write_bytes(mutate(rng, rng.choice(bases), heavy))
        paths.append(path)
    return paths

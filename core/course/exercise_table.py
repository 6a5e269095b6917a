"""One ``[[exercises]]`` table of a lesson file: the exercise kinds and their keys, the
:class:`Exercise` and :class:`Place` it becomes, and :class:`ExerciseReader`, which checks a
table key by key (``lessons/README.md`` describes the format for authors).
:mod:`backprop_tui.core.course.lesson` reads the rest of the file and the network."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from backprop_tui.core.course.lesson_rules import (
    TEXT_EXPECTED,
    quantity_problem,
    table_text_problem,
)
from backprop_tui.core.files.netcheck import describe
from backprop_tui.core.files.safefile import escape
from backprop_tui.core.formulas.symbols import get_convention
from backprop_tui.core.math.network import Network

if TYPE_CHECKING:
    from backprop_tui.core.files.netcheck import Fail

KINDS = ("numeric", "choice", "navigate", "order", "formula")
COMMON_KEYS = ("id", "kind", "prompt", "hints", "explanation", "focus")
KIND_KEYS: dict[str, tuple[str, ...]] = {
    "numeric": ("quantity", "layer", "node", "source", "tolerance", "eta", "eps", "average"),
    "choice": ("options", "correct"),
    "navigate": ("target",),
    "order": ("quantity", "layer", "node", "source"),
    "formula": ("formula", "quantity", "layer", "node", "source", "eta"),  # see _formula
}
PLACE_KEYS = ("step", "layer", "node", "source", "kind")
#: What a focus or a target may name: a weight, a bias, or a node itself.
PLACE_KINDS = ("w", "b", "node")
STEPS = ("start", "backward", "z", "a", "cost", "BP1", "BP2", "BP3", "BP4")

@dataclass(frozen=True)
class Place:
    """A position in the app: a layer (absolute, 1..L; 0 is the input), node j, source k (both
    0-based), a parameter kind and a step name. ``None`` means "any" in a navigate target."""

    layer: int | None = None
    node: int | None = None
    source: int | None = None
    kind: str | None = None
    step: str | None = None


@dataclass(frozen=True)
class Exercise:
    id: str
    kind: str
    prompt: str
    hints: tuple[str, ...]
    explanation: str
    focus: Place | None = None
    quantity: str | None = None  # numeric, order
    place: Place = Place()  # numeric, order: where the quantity is
    tolerance: float = 0.01
    eta: float = 0.5
    eps: float = 1e-4
    average: bool = False
    options: tuple[str, ...] = ()  # choice
    correct: int = 0  # choice: 0-based
    target: Place | None = None  # navigate
    formula: str | None = None  # formula: the key, in the lesson's notation (checked by the core)


@dataclass
class ExerciseReader:
    """Reads the [[exercises]] tables of one lesson, on its network, in its notation; ``fail``
    raises the lesson's error naming the table, the key and what was expected."""

    network: Network
    notation: str
    fail: Fail

    @property
    def base(self) -> int:
        return get_convention(self.notation).base

    def exercise(self, item: Any, i: int) -> Exercise:
        fail = self.fail
        if not isinstance(item, dict):
            fail("exercises", None, f"{describe(item)} is not a table", "an [[exercises]] table", index=i)
        kind = item.get("kind")
        if kind not in KINDS:
            fail("exercises", "kind", f"{describe(kind)} is not an exercise kind",
                 f"one of {', '.join(KINDS)}", index=i)
        fail.unknown_keys("exercises", item, COMMON_KEYS + KIND_KEYS[kind], index=i)
        for key, expected in (("id", "an id such as \"term-1\""), ("prompt", "a Markdown prompt"),
                              ("explanation", "what the learner should take away, shown once solved")):
            if not isinstance(item.get(key), str) or not item[key].strip():
                got = f'missing key "{key}"' if key not in item else f"{describe(item[key])} is empty or not text"
                fail("exercises", key, got, expected, index=i)
        hints = item.get("hints")
        if not isinstance(hints, list) or not hints or not all(isinstance(h, str) and h.strip() for h in hints):
            got = 'missing key "hints"' if hints is None else "no usable hint"
            fail("exercises", "hints", got, "a list of at least one non-empty hint", index=i)
        if found := table_text_problem(item):  # a prompt, hint, option ... with an escape
            fail("exercises", found[0], found[2], TEXT_EXPECTED, index=i, suffix=found[1])
        common = dict(id=item["id"], kind=kind, prompt=item["prompt"].strip(),
                      hints=tuple(h.strip() for h in hints), explanation=item["explanation"].strip(),
                      focus=self.place(item["focus"], i, "focus") if "focus" in item else None)
        return getattr(self, f"_{kind}")(item, i, common)

    def _numeric(self, item: dict, i: int, common: dict) -> Exercise:
        from backprop_tui.core.course.exercise import QUANTITIES

        quantity = self._quantity(item, i, tuple(QUANTITIES))
        extra = {}
        for key, low in (("tolerance", 0.0), ("eta", 0.0), ("eps", 0.0)):
            if key in item:
                value = item[key]
                if isinstance(value, bool) or not isinstance(value, int | float) or not value > low:
                    self.fail("exercises", key, f"{describe(value)} is not a positive number",
                              f"a positive number for {key}", index=i)
                extra[key] = float(value)
        if "average" in item:
            if not isinstance(item["average"], bool):
                self.fail("exercises", "average", f"{describe(item['average'])} is not true or false",
                          "true or false", index=i)
            extra["average"] = item["average"]
        return Exercise(**common, quantity=quantity, place=self.asked(quantity, item, i), **extra)

    def _order(self, item: dict, i: int, common: dict) -> Exercise:
        quantity = self._quantity(item, i, ("dC/dw", "dC/db"))
        return Exercise(**common, quantity=quantity, place=self.asked(quantity, item, i))

    def _formula(self, item: dict, i: int, common: dict) -> Exercise:
        """A formula the learner types; ``formula`` is the key, equal to ``quantity`` at the place."""
        from backprop_tui.core.course.formula_exercise import FORMULA_QUANTITIES

        quantity = self._quantity(item, i, FORMULA_QUANTITIES)
        key = item.get("formula")
        if not isinstance(key, str) or not key.strip():
            got = 'missing key "formula"' if key is None else f"{describe(key)} is empty or not text"
            self.fail("exercises", "formula", got, "the answer as a formula, e.g. \"a_k^(l-1) delta_j^(l)\"", index=i)
        extra = {}
        if "eta" in item:
            eta = item["eta"]
            if isinstance(eta, bool) or not isinstance(eta, int | float) or not eta > 0:
                self.fail("exercises", "eta", f"{describe(eta)} is not a positive number",
                          "a positive number for eta", index=i)
            extra["eta"] = float(eta)
        return Exercise(**common, quantity=quantity, place=self.asked(quantity, item, i),
                        formula=key.strip(), **extra)

    def _choice(self, item: dict, i: int, common: dict) -> Exercise:
        options = item.get("options")
        if not isinstance(options, list) or len(options) < 2 or not all(isinstance(o, str) and o.strip() for o in options):
            self.fail("exercises", "options", "needs at least two non-empty options",
                      'a list of strings, e.g. ["δ = ∂C/∂z", "δ = ∂C/∂a"]', index=i)
        correct = item.get("correct")
        if isinstance(correct, bool) or not isinstance(correct, int) or not 1 <= correct <= len(options):
            self.fail("exercises", "correct", f"{describe(correct)} is not an option number",
                      f"a whole number from 1 to {len(options)}", index=i)
        return Exercise(**common, options=tuple(o.strip() for o in options), correct=correct - 1)

    def _navigate(self, item: dict, i: int, common: dict) -> Exercise:
        if "target" not in item:
            self.fail("exercises", "target", 'missing key "target"',
                      'a table such as { layer = "L", node = 1, source = 2, kind = "w" }', index=i)
        target = self.place(item["target"], i, "target")
        self._check_target(target, common["focus"], i)
        return Exercise(**common, target=target)

    def _check_target(self, t: Place, focus: Place | None, i: int) -> None:
        """A target names something that exists, and the exercise doesn't open on it."""
        def bad(sub: str, problem: str, expected: str) -> None:
            self.fail("exercises", f"target.{sub}", problem, expected, index=i)

        if t.kind == "node" and (t.layer is None or t.node is None):
            bad("node" if t.layer is not None else "layer", "a node target needs its layer and node",
                '{ layer = "L-1", node = 1, kind = "node" }')
        if t.kind == "w" and (t.layer is None or t.node is None or t.source is None):
            bad("source", "a weight target needs its layer, node and source",
                '{ layer = "L", node = 1, source = 2, kind = "w" }')
        if t.kind == "b" and t.source is not None:
            bad("source", "a bias has no source", 'no "source" key for kind = "b"')
        if t.kind == "b" and t.layer is not None and not self.network.has_bias[t.layer - 1]:
            bad("kind", "that layer has no bias (bias = false)", "a layer with a bias, or a weight")
        if focus is not None and t.kind is not None:
            named = ("layer", "node", "source", "kind", "step")
            if all(getattr(t, k) is None or getattr(focus, k) == getattr(t, k) for k in named):
                self.fail("exercises", "focus", "the exercise opens with the focus already on "
                          "its target", "a focus away from the target (or no focus table)",
                          index=i)

    def _quantity(self, item: dict, i: int, known: tuple[str, ...]) -> str:
        quantity = item.get("quantity")
        if quantity not in known:
            if quantity is None:
                got = 'missing key "quantity"'
            elif isinstance(quantity, str):
                got = f'unknown quantity "{escape(quantity, 60)}"'
            else:
                got = f"{describe(quantity)} is not a quantity"
            self.fail("exercises", "quantity", got, f"one of {', '.join(known)}", index=i)
        return quantity

    def asked(self, quantity: str, item: dict, i: int) -> Place:
        """The place of an exercise's ``quantity``, refused if there is nothing there to ask:
        a given number, or a bias of a layer without one."""
        place = self.place(item, i, None)
        layer = place.layer
        has_bias = layer is None or layer == 0 or self.network.has_bias[layer - 1]
        if found := quantity_problem(quantity, layer, has_bias):
            self.fail("exercises", "quantity", *found, index=i)
        return place

    # -------------------------------------------------------------- places
    def place(self, table: Any, i: int, key: str | None) -> Place:
        """Read layer/node/source/kind/step from ``table`` (an exercise itself when ``key`` is
        None, else its ``focus`` or ``target`` table), converting to absolute, 0-based values."""
        fail, net = self.fail, self.network

        def bad(sub: str, problem: str, expected: str) -> None:
            fail("exercises", f"{key}.{sub}" if key else sub, problem, expected, index=i)

        if key is not None:
            if not isinstance(table, dict):
                fail("exercises", key, f"{describe(table)} is not a table",
                     '{ step = "BP1", layer = "L", node = 0 }', index=i)
            for sub in table:
                if sub not in PLACE_KEYS:
                    bad(sub, f'unknown key "{sub}"', f"one of {', '.join(PLACE_KEYS)}")
        layer = self.layer(table["layer"], bad) if "layer" in table else None
        node = source = None
        if "node" in table:
            n = net.sizes[layer if layer is not None else net.depth]
            node = self.index(table["node"], n, "node", bad)
        if "source" in table:
            if layer is None or layer == 0:
                bad("source", "a source node needs a layer after the input", 'a "layer" key such as "L"')
            source = self.index(table["source"], net.sizes[layer - 1], "source", bad)
        kind = table.get("kind") if key is not None else None
        if kind is not None and kind not in PLACE_KINDS:
            bad("kind", f"{describe(kind)} is not a kind of focus",
                '"w" (a weight), "b" (a bias) or "node" (the node itself)')
        if kind in ("w", "b") and layer == 0:
            bad("kind", f'the input layer has no {"weights" if kind == "w" else "biases"}',
                'a layer after the input, or kind = "node" for an input node')
        if kind == "node" and source is not None:
            bad("source", "a node has no source (only a weight w_jk does)",
                'no "source" key, or kind = "w" for the weight from that source')
        step = table.get("step") if key is not None else None
        if step is not None and step not in STEPS:
            bad("step", f"{describe(step)} is not a step", f"one of {', '.join(STEPS)}")
        return Place(layer, node, source, kind, step)

    def layer(self, value: Any, bad) -> int:  # noqa: ANN001
        L = self.network.depth
        names = ", ".join(f'"L-{n}"' if n else '"L"' for n in range(min(L, 2) + 1))
        far = f', ... "L-{L}"' if L > 2 else ""
        expected = f"{names}{far} (the input), or a whole number from 0 (the input) to {L} (the output)"
        if isinstance(value, str):
            m = re.fullmatch(r"\s*L\s*(?:[-−]\s*(\d+))?\s*", value)
            if not m:
                bad("layer", f"{describe(value)} is not a layer", expected)
            layer = L - int(m.group(1) or 0)
        elif isinstance(value, int) and not isinstance(value, bool):
            layer = value
        else:
            bad("layer", f"{describe(value)} is not a layer", expected)
        if not 0 <= layer <= L:
            bad("layer", f"layer {value} is outside this {L}-layer network", expected)
        return layer

    def index(self, value: Any, n: int, what: str, bad) -> int:  # noqa: ANN001
        first, last = self.base, n - 1 + self.base
        expected = f"a whole number from {first} to {last} (the {self.notation} notation counts from {first})"
        if isinstance(value, bool) or not isinstance(value, int) or not first <= value <= last:
            bad(what, f"{describe(value)} is not a {what} of that layer", expected)
        return value - self.base

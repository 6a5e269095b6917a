"""The three notation conventions: how each names layers, nodes and quantities.

A convention changes symbols, never numbers. The expression tree counts layers absolutely
(0 = input, L = output) and nodes from 0; each :class:`Convention` maps that onto its own
symbols (see DESIGN.md, "Notation conventions"):

- ``deeplizard`` (seeds 000-002): layers counted back from the output, L, L−1, …, in parentheses
  (w₁₂⁽ᴸ⁾); nodes from 0; activation g⁽ˡ⁾; cost C₀; the error has no name (∂C₀/∂zⱼ⁽ˡ⁾); no x,
  the input is a⁽ᴸ⁻³⁾ in a 3-layer network; a sum over the next layer runs over j (002), sums
  carry their bounds (Σⱼ₌₀ⁿ⁻¹); the learning rate has no symbol: "learning rate" in words.
- ``nielsen`` (seed 004): the input is layer 1 and the output layer L; bare superscripts written
  before the indices (w³₁₂); nodes from 1; σ for the sigmoid only (tanh, ReLU, linear by name);
  C; δ; η; ∇ₐC; the weight matrix is a lowercase w; the cost's square written (y − a)².
- ``kostadinov`` (seed 003): the input is layer 1, superscripts in parentheses; weights and biases
  are named by their source layer (z⁽²⁾ = W⁽¹⁾x + b⁽¹⁾); the input is x, and a linear output
  without a bias is s = W⁽³⁾a⁽³⁾ (no z, no f; its error ∂C/∂s); nodes from 1; f; C; δ ("local
  gradient"); ε.

Softmax is written by its name in every convention: it is not one σ, g or f per node.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from numbers import Integral

from backprop_tui.core.formulas.expr import SAMPLE, Index
from backprop_tui.core.formulas.style import Style, function_name

LayerText = Callable[[str, int, int], str]  # (quantity, absolute layer, depth) -> shown layer
Rename = Callable[[str, "int | None", int, bool], "tuple[str, int | None]"]

#: The symbolic index of a sum over the nodes of the next layer (the chain rule one layer
#: deeper, BP2): each convention picks its letter (deeplizard's j, as in seed 002).
NEXT = "next"
#: How a convention without a symbol writes the learning rate (deeplizard): in words.
IN_WORDS = {"unicode": "learning rate", "plain": "learning_rate", "latex": "\\text{learning rate}"}


@dataclass(frozen=True)
class Convention:
    name: str
    base: int  # the number of the first node in a layer
    paren_layers: bool  # w⁽ᴸ⁾ rather than wᴸ
    layer_first: bool  # the layer before the node indices: w³₁₂
    weight_matrix: str  # the letter of the whole weight matrix
    activation: str  # letter, or a key of Style.greek
    activation_layer: bool  # g⁽ˡ⁾ carries its layer
    cost: dict[str, str]  # the cost symbol, per style
    learning_rate: str  # a key of Style.greek, or "" for the words "learning rate"
    delta_named: bool  # False: the error is written ∂C/∂z
    nabla: bool  # ∂C/∂a (the output vector) written ∇ₐC
    layer_text: LayerText
    rename: Rename
    meanings: dict[str, str]
    sample_index: str = "x"  # the index of a sum over the training samples: Σₓ Cₓ
    next_index: str = "i"  # the index of a sum over the next layer's nodes
    sum_bounds: bool = False  # Σⱼ₌₀ⁿ⁻¹ rather than Σⱼ
    sigmoid_only: bool = False  # the activation letter means the sigmoid; others by name
    target_first: bool = False  # (y − a)² rather than (a − y)²
    output_s: bool = False  # a linear output without a bias is s (no z, no f)


def _back_from_output(name: str, layer: int, depth: int) -> str:
    return "L" if layer == depth else f"L-{depth - layer}"


def _input_is_one(name: str, layer: int, depth: int) -> str:
    return "L" if layer == depth else str(layer + 1)


def _source_named(name: str, layer: int, depth: int) -> str:
    return str(layer) if name in ("w", "b") else str(layer + 1)


def _no_x(name: str, layer: int | None, depth: int, plain: bool) -> tuple[str, int | None]:
    return ("a", 0) if name == "x" else (name, layer)


def _x_and_s(name: str, layer: int | None, depth: int, plain: bool) -> tuple[str, int | None]:
    """x for the input; s for a plain output (linear, no bias: s = W a), which has no z of its
    own. Any other output (a sigmoid's, say) keeps its a⁽ˡ⁾: it is never called s."""
    if name == "x" or (name == "a" and layer == 0):
        return "x", None
    if plain and name in ("a", "z") and layer == depth:
        return "s", None
    return name, layer


def _same(name: str, layer: int | None, depth: int, plain: bool) -> tuple[str, int | None]:
    return name, layer


CONVENTION_TABLE: dict[str, Convention] = {
    "deeplizard": Convention(
        "deeplizard", 0, True, False, "W", "g", True,
        {"unicode": "C₀", "plain": "C0", "latex": "C_{0}"}, "", False, False,
        _back_from_output, _no_x,
        {
            "L": "the output layer; the layers before it are L−1, L−2, …; the input layer is {input}",
            "j": "a node of layer l, numbered 0 … n−1",
            "k": "a node of layer l−1, numbered 0 … n−1",
            "w_jk": "the weight from node k of layer l−1 into node j of layer l",
            "b_j": "the bias of node j in layer l",
            "a_j": "the output (activation) of node j in layer l; "
            "the inputs are the activations of layer {input}",
            "delta": "how the cost changes with zⱼ⁽ˡ⁾; this notation gives it no name of its own",
            "learning rate": "the step size of gradient descent; this notation gives it no symbol",
        },
        sample_index="i", next_index="j", sum_bounds=True,
    ),
    "nielsen": Convention(
        "nielsen", 1, False, True, "w", "sigma", False,
        {"unicode": "C", "plain": "C", "latex": "C"}, "eta", True, True,
        _input_is_one, _same,
        {
            "L": "the output layer (layer {output}); the input is layer 1, a¹ = x",
            "j": "a node of layer l, numbered 1 … n",
            "k": "a node of layer l−1, numbered 1 … n",
            "w_jk": "the weight from node k of layer l−1 into node j of layer l",
            "b_j": "the bias of node j in layer l",
            "a_j": "the activation of node j in layer l; a¹ is the input x",
            "delta": "the error of node j in layer l: ∂C/∂zˡⱼ",
            "learning rate": "η, the learning rate: the step size of gradient descent",
        },
        sigmoid_only=True, target_first=True,
    ),
    "kostadinov": Convention(
        "kostadinov", 1, True, False, "W", "f", False,
        {"unicode": "C", "plain": "C", "latex": "C"}, "epsilon", True, False,
        _source_named, _x_and_s,
        {
            "L": "the output layer (layer {output}); the input x is layer 1",
            "j": "a node of the layer a quantity belongs to, numbered 1 … n",
            "k": "a node of the layer before, numbered 1 … n",
            "w_jk": "the weight from node k of layer l into node j of layer l+1: "
            "named by its source layer",
            "b_j": "the bias of node j in layer l+1, named by the source layer l",
            "a_j": "the activation of node j in layer l; the input is x, and a linear output "
            "without a bias is s = W a",
            "delta": "the local gradient of node j in layer l: ∂C/∂zⱼ⁽ˡ⁾",
            "learning rate": "ε, the learning rate: the step size of gradient descent",
        },
        output_s=True,
    ),
}
CONVENTIONS: tuple[str, ...] = tuple(CONVENTION_TABLE)


def get_convention(name: str) -> Convention:
    try:
        return CONVENTION_TABLE[name]
    except KeyError:
        known = ", ".join(CONVENTIONS)
        raise ValueError(f"unknown convention {name!r}; expected one of: {known}") from None


# ------------------------------------------------------------------ assembling one symbol
def sample_text(conv: Convention, index: str) -> str:
    """A symbolic index as written: :data:`SAMPLE` becomes the convention's sample index,
    :data:`NEXT` its index over the next layer's nodes."""
    if index == SAMPLE:
        return conv.sample_index
    return conv.next_index if index == NEXT else str(index)


def index_text(conv: Convention, idx: tuple[Index, ...]) -> str:
    """Node indices in the convention's base: (0, 1) -> "01" or "12"; "10,2" once one is long."""
    parts = [str(int(i) + conv.base) if isinstance(i, Integral) else sample_text(conv, i)
             for i in idx]
    return "".join(parts) if all(len(p) == 1 for p in parts) else ",".join(parts)


def scripted(conv: Convention, style: Style, letter: str, layer: str, sub: str) -> str:
    """``letter`` with the layer ``layer`` (as shown, "" for none) and the subscript ``sub``."""
    sup_s = style.sup(f"({layer})" if conv.paren_layers else layer) if layer else ""
    sub_s = style.sub(sub) if sub else ""
    return letter + (sup_s + sub_s if conv.layer_first else sub_s + sup_s)


def _letter(conv: Convention, style: Style, name: str, matrix: bool) -> str:
    if name == "w":
        return conv.weight_matrix if matrix else "w"
    if name == "delta":
        return style.greek["delta"]
    if name == "eta":
        return style.greek[conv.learning_rate] if conv.learning_rate else IN_WORDS[style.name]
    return name


def symbol_text(
    conv: Convention, style: Style, name: str, layer: int | None, idx: tuple[Index, ...], depth: int,
    plain_output: bool = False,
) -> tuple[str, bool]:
    """One quantity written out, and whether it carries a superscript; ``plain_output``: the
    network's output is linear without a bias (Kostadinov's s)."""
    if name == "C_mean" or (name == "C" and idx):  # C, Cₓ: deeplizard's C₀ is sample 0's
        return "C" + (style.sub(index_text(conv, idx)) if idx else ""), False
    if name == "C":
        return conv.cost[style.name], False
    name, layer = conv.rename(name, layer, depth, plain_output)
    shown = "" if layer is None else conv.layer_text(name, layer, depth)
    text = scripted(conv, style, _letter(conv, style, name, not idx), shown, index_text(conv, idx))
    return text, bool(shown)


#: Activations written by their own name: softmax everywhere, and in Nielsen's notation every
#: one but the sigmoid (σ means the sigmoid there).
NAMED = {"softmax": "softmax", "tanh": "tanh", "relu": "ReLU", "linear": "linear"}


def activation_text(
    conv: Convention, style: Style, layer: int | str | None, depth: int, derivative: bool,
    name: str = "",
) -> str:
    """g⁽ᴸ⁾ / g′⁽ᴸ⁾, σ / σ′, f / f′ (no argument); ``name`` the layer's activation, when known:
    softmax is always written by name, and in Nielsen's notation so is all but the sigmoid."""
    prime = style.prime if derivative else ""
    if name == "softmax" or (conv.sigmoid_only and name in NAMED):
        return (function_name(name, style) if style.name == "latex" else NAMED[name]) + prime
    letter = style.greek.get(conv.activation, conv.activation)
    if not conv.activation_layer or layer is None:
        return letter + prime
    shown = layer if isinstance(layer, str) else conv.layer_text("g", layer, depth)
    return letter + prime + style.sup(f"({shown})" if conv.paren_layers else shown)


def layer_label(layer: int, convention: str, depth: int) -> str:
    """How the convention names absolute layer ``layer`` (0 = input), as plain Unicode text for
    status lines: "L−1" (deeplizard), "3" or "L" (Nielsen), "2" (Kostadinov)."""
    conv = get_convention(convention)
    return conv.layer_text("a", layer, depth).replace("-", "−")


# ------------------------------------------------------------------ the notation panel's table
_MEANINGS = {
    "l": "a layer index",
    "z_j": "the weighted input of node j in layer l: Σₖ w a + b",
    "g": "the activation function of layer l",
    "y_j": "the target value of output node j for this sample",
    "C": "the cost of one training sample",
}
_ACTIVATION_MEANING = {
    # the layer's activation first: cut short beside a tanh layer, the row must not say sigmoid
    "nielsen": "the layer's activation: the sigmoid σ(z) = 1/(1 + e⁻ᶻ), unless the layer is "
    "tanh, ReLU or linear, written by its own name",
    "kostadinov": "the activation function (f stands for whichever one the layer uses)",
}


def symbol_table(convention: str, depth: int) -> list[tuple[str, str, str]]:
    """(key, symbol in Unicode, meaning) for each symbol of the convention, for the notation panel.

    Keys: L, l, j, k, w_jk, b_j, z_j, a_j, g, y_j, C, δ, learning rate."""
    from backprop_tui.core.formulas.style import get_style

    conv, st = get_convention(convention), get_style("unicode")

    def sym(letter: str, sub: str) -> str:
        return scripted(conv, st, letter, "l", sub)

    delta = sym("δ", "j")
    if not conv.delta_named:
        delta = f"∂{conv.cost['unicode']}/∂{sym('z', 'j')}"
    meanings = {**_MEANINGS, **conv.meanings}
    if convention in _ACTIVATION_MEANING:
        meanings["g"] = _ACTIVATION_MEANING[convention]
    fill = {"input": layer_label(0, convention, depth), "output": layer_label(depth, convention, depth)}
    if convention == "nielsen":
        fill["output"] = str(depth + 1)
    rows = [
        ("L", layer_label(depth, convention, depth)),
        ("l", "l"),
        ("j", "j"),
        ("k", "k"),
        ("w_jk", sym("w", "jk")),
        ("b_j", sym("b", "j")),
        ("z_j", sym("z", "j")),
        ("a_j", sym("a", "j")),
        ("g", activation_text(conv, st, "l", depth, False)),
        ("y_j", "yⱼ"),
        ("C", conv.cost["unicode"]),
        ("δ", delta),
        ("learning rate", _letter(conv, st, "eta", False)),
    ]
    meaning_key = {"δ": "delta"}
    return [(key, shown, meanings[meaning_key.get(key, key)].format(**fill)) for key, shown in rows]

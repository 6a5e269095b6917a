"""A small, notation-free expression tree for the formulas the tutor shows.

Nodes name *what* a quantity is (the weight into node j of layer l from node k), never *how*
a convention writes it: ``backprop_tui.core.formulas.notation`` renders the same tree as deeplizard, Nielsen or
Kostadinov would, in Unicode, plain ASCII or LaTeX. A node may carry its numeric ``value`` so a
renderer can show the formula in symbols, or with every symbol replaced by its number.

Layers are absolute: 0 is the input, ``L`` (the network's depth) the output. Node indices are
0-based integers, or strings such as ``"j"`` for a symbolic index; a renderer shifts integers to
the convention's base (deeplizard counts from 0, Nielsen and Kostadinov from 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Index = int | str

#: Quantities of the network. ``delta`` is the error ∂C/∂z; ``C`` the cost of one sample
#: (``C`` with the index :data:`SAMPLE`: the cost of sample x, as in a sum over the samples);
#: ``C_mean`` the mean cost over the samples; ``eta`` the learning rate; ``x`` an input (the
#: activation of layer 0).
SymName = Literal["w", "b", "z", "a", "y", "delta", "C", "C_mean", "eta", "x"]

#: The symbolic index that runs over the training samples (x for Nielsen, i for deeplizard).
SAMPLE = "sample"


class Expr:
    """Base class of every node."""

    value: float | None = None


@dataclass(frozen=True)
class Sym(Expr):
    """An indexed quantity: ``Sym("w", 2, (0, 1))`` is w^(2)_01; with ``idx=()`` the whole vector
    or matrix (W^(2), z^(2))."""

    name: SymName
    layer: int | None = None
    idx: tuple[Index, ...] = ()
    value: float | None = None


@dataclass(frozen=True)
class Num(Expr):
    """A literal number that is part of the formula itself (the 2 of 2(a − y), the ½ of ½Σ)."""

    value: float


@dataclass(frozen=True)
class Func(Expr):
    """The layer's activation applied to an argument: g^(l)(z), or its derivative g'^(l)(z) when
    ``derivative``. ``name`` is the activation ("sigmoid", "relu", ...) for conventions that show it.
    ``named``: the formula names this function itself (a learner's ``tanh(z)``), so it is written
    by its name, not as the layer's own g/σ/f."""

    name: str
    layer: int
    arg: Expr
    derivative: bool = False
    value: float | None = None
    named: bool = False


@dataclass(frozen=True)
class Call(Expr):
    """A named elementary function of one argument: ``ln``, ``exp``."""

    fn: Literal["ln", "exp"]
    arg: Expr
    value: float | None = None


@dataclass(frozen=True)
class Partial(Expr):
    """∂num/∂den. With a vector ``den`` (``idx=()``) and the cost as ``num`` Nielsen writes ∇_a C."""

    num: Expr
    den: Expr
    value: float | None = None


@dataclass(frozen=True)
class Add(Expr):
    """terms[0] + terms[1] + ...; a term wrapped in :class:`Neg` is shown subtracted."""

    terms: tuple[Expr, ...]
    value: float | None = None


@dataclass(frozen=True)
class Neg(Expr):
    arg: Expr
    value: float | None = None


@dataclass(frozen=True)
class Mul(Expr):
    """An ordinary product, shown by juxtaposition or a centred dot."""

    factors: tuple[Expr, ...]
    value: float | None = None


@dataclass(frozen=True)
class Hadamard(Expr):
    """The element-wise product u ⊙ v of two vectors."""

    left: Expr
    right: Expr
    value: float | None = None


@dataclass(frozen=True)
class Div(Expr):
    """An ordinary quotient num / den (not a derivative)."""

    num: Expr
    den: Expr
    value: float | None = None


@dataclass(frozen=True)
class Pow(Expr):
    base: Expr
    exponent: int
    value: float | None = None


@dataclass(frozen=True)
class Transpose(Expr):
    arg: Expr


@dataclass(frozen=True)
class Sum(Expr):
    """Σ over ``index`` (a symbolic index name, running over the nodes of ``layer``) of ``body``.
    ``expanded`` optionally holds the same sum written out term by term, for numbers."""

    index: str
    layer: int
    body: Expr
    expanded: tuple[Expr, ...] = ()
    value: float | None = None


@dataclass(frozen=True)
class Eq(Expr):
    """lhs = rhs; ``rhs`` may hold several sides: a = b = c."""

    lhs: Expr
    rhs: tuple[Expr, ...]


def with_value(node: Expr, value: float) -> Expr:
    """A copy of ``node`` carrying ``value``."""
    from dataclasses import replace

    return replace(node, value=float(value))

"""The tokenizer of the formula language the learner types (see :mod:`.parse`).

One left-to-right pass over the text, no regular expressions: every character is looked at a
bounded number of times, so the work is linear in the (bounded) length. Unicode input is folded
here: Greek letters (σ δ η ε Σ ∂ ∇) become their names, ⊙ and ``(.)`` the Hadamard product, ·
and × a product, − a minus, ′ a prime, ᵀ a transpose, and runs of sub- or superscript characters
(``₁₂``, ``⁽ᴸ⁻¹⁾``) the same tokens as ``_12`` and ``^(L-1)``.

Token kinds: ``num``, ``name`` (letters, with a trailing prime kept in the text: ``g'``),
``d`` (the ∂ or d of a derivative: ``dC``, ``∂w``), ``op`` (one of ``+ - * / ( ) ,``),
``had`` (⊙), ``sub`` (the text of a subscript), ``sup`` (the text of a superscript),
``T`` (a transpose) and ``end``.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_LENGTH = 400  # characters: a formula of BP1-BP4 is under 100

GREEK = {"σ": "sigma", "δ": "delta", "η": "eta", "ε": "epsilon", "ϵ": "epsilon", "Σ": "sum",
         "∑": "sum", "∇": "nabla"}
OPERATORS = {"+": "+", "-": "-", "−": "-", "–": "-", "*": "*", "·": "*", "⋅": "*", "×": "*",
             "∗": "*", "/": "/", "÷": "/", "(": "(", ")": ")", ",": ","}
HADAMARD = {"⊙", "∘", "○"}
PRIMES = {"'", "′", "’"}
SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉ⱼₖᵢₗₙₓₐ₊₋₍₎", "0123456789jkilnxa+-()", strict=True))
SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹ᴸˡʲᵏⁱⁿ⁺⁻⁽⁾", "0123456789Lljkin+-()", strict=True))
#: Symbols that may follow the d of a derivative written ``dC/dz``.
DIFFERENTIABLE = {"C", "a", "z", "w", "W", "b"}
OPENERS = {"(": ")", "{": "}"}


class FormulaError(ValueError):
    """A formula that can't be read: where (0-based ``start``..``end``) and what was expected."""

    def __init__(self, start: int, end: int, problem: str, expected: str = "") -> None:
        self.start, self.end, self.problem, self.expected = start, max(end, start + 1), problem, expected
        text = f"at position {start + 1}: {problem}"
        super().__init__(f"{text}; expected {expected}" if expected else text)

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int
    end: int


def _is_letter(c: str) -> bool:
    return c.isascii() and c.isalpha()


def _is_alnum(c: str) -> bool:
    return c.isascii() and c.isalnum()


class _Scanner:
    def __init__(self, text: str) -> None:
        self.s = text
        self.i = 0
        self.out: list[Token] = []

    def emit(self, kind: str, text: str, start: int) -> None:
        self.out.append(Token(kind, text, start, self.i))

    def run(self) -> list[Token]:
        s = self.s
        while self.i < len(s):
            c, start = s[self.i], self.i
            if c.isspace():
                self.i += 1
            elif c.isascii() and (c.isdigit() or (c == "." and self.peek_digit(1))):
                self.number()
            elif _is_letter(c):
                self.word()
            elif c in GREEK:
                self.i += 1
                self.primes(GREEK[c], start)
            elif c == "∂":
                self.i += 1
                self.emit("d", "d", start)
            elif c in HADAMARD or s.startswith("(.)", self.i):
                self.i += 1 if c in HADAMARD else 3
                self.emit("had", "⊙", start)
            elif c in OPERATORS:
                self.i += 1
                self.emit("op", OPERATORS[c], start)
            elif c == "_":
                self.i += 1
                self.emit("sub", self.script("_"), start)
            elif c == "^":
                self.i += 1
                text = self.script("^")
                self.emit("T" if text.strip() == "T" else "sup", text, start)
            elif c == "ᵀ":
                self.i += 1
                self.emit("T", "T", start)
            elif c in SUBSCRIPTS:
                self.unicode_run(SUBSCRIPTS, "sub")
            elif c in SUPERSCRIPTS:
                self.unicode_run(SUPERSCRIPTS, "sup")
            else:
                raise FormulaError(start, start + 1, f"{_shown(c)} is not part of a formula",
                                   "a symbol, a number, an operator (+ − * / ^ ⊙) or a parenthesis")
        self.emit("end", "", len(s))
        return self.out

    def peek_digit(self, ahead: int) -> bool:
        j = self.i + ahead
        return j < len(self.s) and self.s[j].isascii() and self.s[j].isdigit()

    def number(self) -> None:
        start, s = self.i, self.s
        while self.i < len(s) and s[self.i].isascii() and s[self.i].isdigit():
            self.i += 1
        if self.i < len(s) and s[self.i] == ".":
            self.i += 1
            while self.i < len(s) and s[self.i].isascii() and s[self.i].isdigit():
                self.i += 1
        self.emit("num", s[start:self.i], start)

    def word(self) -> None:
        start, s = self.i, self.s
        while self.i < len(s) and _is_letter(s[self.i]):
            self.i += 1
        word = s[start:self.i]
        if word == "d" or (word[0] == "d" and word[1:] in DIFFERENTIABLE):
            self.out.append(Token("d", "d", start, start + 1))  # dC, dz: the d of a derivative
            if len(word) > 1:
                self.out.append(Token("name", word[1:], start + 1, self.i))
            return
        self.primes(word, start)

    def primes(self, name: str, start: int) -> None:
        """A name, with the primes that follow it (g', σ′)."""
        while self.i < len(self.s) and self.s[self.i] in PRIMES:
            self.i += 1
            name += "'"
        self.emit("name", name, start)

    def script(self, mark: str) -> str:
        """The text after ``_`` or ``^``: a bracketed group, or one run of letters or digits."""
        s, start = self.s, self.i
        if self.i < len(s) and s[self.i] in OPENERS:
            opener, closer, depth = s[self.i], OPENERS[s[self.i]], 0
            while self.i < len(s):
                if s[self.i] == opener:
                    depth += 1
                elif s[self.i] == closer:
                    depth -= 1
                    if depth == 0:
                        self.i += 1
                        return s[start + 1:self.i - 1]
                self.i += 1
            raise FormulaError(start, start + 1, f"the {opener!r} after {mark!r} is never closed",
                               f"{closer!r}")
        if self.i < len(s) and s[self.i] in "-−" and self.peek_digit(1):  # x^-1
            self.i += 1
        first = self.i
        while self.i < len(s) and _is_alnum(s[self.i]):
            same_kind = s[self.i].isdigit() == s[first].isdigit() or mark == "_"
            if not same_kind:
                break
            self.i += 1
        if self.i == first:
            what = "subscript" if mark == "_" else "superscript"
            raise FormulaError(start - 1, start, f"{mark!r} has no {what} after it",
                               f"{mark}j, {mark}12 or {mark}(L-1)" if mark == "_" else "^2, ^l, ^(L-1) or ^T")
        return s[start:self.i].replace("−", "-")

    def unicode_run(self, table: dict[str, str], kind: str) -> None:
        start, s, text = self.i, self.s, ""
        while self.i < len(s) and s[self.i] in table:
            text += table[s[self.i]]
            self.i += 1
        if len(text) >= 2 and text[0] == "(" and text[-1] == ")":
            text = text[1:-1]
        self.emit(kind, text, start)


def _shown(c: str) -> str:
    return repr(c) if c.isprintable() else f"U+{ord(c):04X}"


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``, ending with an ``end`` token; :class:`FormulaError` if unreadable."""
    if len(text) > MAX_LENGTH:
        raise FormulaError(MAX_LENGTH, len(text), f"the formula is {len(text)} characters long",
                           f"at most {MAX_LENGTH}")
    return _Scanner(text).run()

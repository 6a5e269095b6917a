"""Random and hostile strings never crash the formula parser, never run code, and every error
names a position inside the text.

``make test`` draws 2,000 strings; ``make formula-fuzz`` runs the test marked
``formula_fuzz`` with the full 20,000 (hypothesis is pinned, and its database is off, so a run
draws the same strings each time).
"""

from __future__ import annotations

import sys
import time

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backprop_tui.core.formulas.evaluate import Binding, EvalError, evaluate
from backprop_tui.core.formulas.parse import FormulaError, Scope, parse
from backprop_tui.core.formulas.tokens import MAX_LENGTH
from backprop_tui.core.math.network import Network

# Pieces of the language, so that many strings get deep into the grammar, plus hostile text.
PIECES = [
    "a", "z", "w", "W", "b", "y", "x", "C", "delta", "δ", "eta", "η", "ε", "sigma", "σ", "g", "g'",
    "f'", "tanh", "relu'", "softmax", "ln", "exp", "sum_j", "Σₖ", "d", "∂", "dC", "/", "dz", "∇ₐ",
    "_", "_j", "_12", "_{10,2}", "^", "^(L)", "^(L-1)", "^l", "^(l+1)", "^2", "^T", "ᵀ", "⁽ᴸ⁾",
    "⁽ᴸ⁻¹⁾", "₁₂", "ⱼ", "(", ")", "{", "}", "(.)", "⊙", "+", "-", "−", "*", "·", ",", " ", "0",
    "1", "2.5", ".5", "'", "′", "s", "L", "l", "T", "__import__('os')", "eval(", "exec",
    "lambda", "^(²)", "^(L-²)", "_²", "^²", "^(l+٣)", "\x00", "\u202e", "🙂", "\n", "9" * 30, "((((", "))))", "^^", "__",
]
TEXT = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(PIECES), max_size=30).map("".join),
    st.text(alphabet="az_^()LlT-+*/ 0123'", max_size=80),
)
SCOPES = [Scope(n, depth=2, layer=1) for n in ("deeplizard", "nielsen", "kostadinov")]
NET = Network.from_sizes([2, 3, 2], ["tanh", "sigmoid"], "sse", seed=3)
TRACE = NET.trace([0.3, -0.4], [0.0, 1.0])
FORBIDDEN = {"exec", "compile", "eval", "builtins.exec", "builtins.eval", "builtins.compile",
             "os.system", "subprocess.Popen", "import"}
watching = {"on": False, "seen": []}
slowest = {"ms": 0.0, "text": ""}  # reported by the formula_fuzz test, never asserted
slow: list[str] = []  # strings over LIMIT_MS even at their best of three
LIMIT_MS = 50.0  # the bound for one string, parse and evaluate


def _audit(event: str, args: tuple) -> None:
    if watching["on"] and event in FORBIDDEN:
        watching["seen"].append(event)


sys.addaudithook(_audit)  # audit hooks can't be removed; it records only while watching


def _timed(text: str) -> float:
    """Milliseconds for one string; a slow one is timed again, best of three, so a garbage
    collection or another process's turn on the CPU is not counted as the parser's."""
    ms = _once(text)
    return min(ms, _once(text), _once(text)) if ms > LIMIT_MS else ms


def _once(text: str) -> float:
    start = time.perf_counter()
    _check(text)
    return (time.perf_counter() - start) * 1000


def _one(text: str) -> None:
    ms = _timed(text)
    if ms > slowest["ms"]:
        slowest.update(ms=ms, text=text)
    if ms > LIMIT_MS:
        slow.append(text)


def _check(text: str) -> None:
    for scope in SCOPES:
        watching["on"] = True
        try:
            p = parse(text, scope)
        except FormulaError as e:
            assert 0 <= e.start <= max(len(text), MAX_LENGTH)
            assert f"at position {e.start + 1}:" in str(e)
            p = None
        finally:
            watching["on"] = False
        if p is not None:
            watching["on"] = True
            try:
                v = evaluate(p, TRACE, Binding(1, 0, 1))
                assert np.all(np.isfinite(v))
            except EvalError as e:
                assert 0 <= e.span[0] <= e.span[1] <= len(text)
            finally:
                watching["on"] = False
        assert not watching["seen"], f"{text!r} ran {watching['seen']}"


def _run(examples: int):
    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(TEXT)
    def fuzz(text: str) -> None:
        _one(text)

    fuzz()


def test_the_audit_hook_sees_eval():
    watching["on"] = True
    try:
        eval("1")  # noqa: S307 - proving the hook records what the parser must never do
    finally:
        watching["on"] = False
    assert "exec" in watching["seen"] or "compile" in watching["seen"]
    watching["seen"].clear()


def test_random_and_hostile_strings():
    _run(2000)


@pytest.mark.formula_fuzz
def test_twenty_thousand_random_and_hostile_strings():
    _run(20_000)
    # Measured, not asserted (a loaded machine is no bug): make formula-fuzz shows this line.
    print(f"\nslowest parse + evaluate: {slowest['ms']:.1f} ms for {slowest['text']!r}; "
          f"{len(slow)} of 20,000 over {LIMIT_MS:.0f} ms at their best of three")


def test_checking_any_string_gives_a_verdict():
    from backprop_tui.core.formulas.formula_check import Question, Verdict, check_formula

    q = Question("deeplizard", NET, TRACE.x, TRACE.y, "delta", 1, 0)
    key = "sum_j w_jk^(l+1) delta_j^(l+1) g'(z_k^(l))"

    @settings(max_examples=300, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(st.one_of(TEXT, st.sampled_from([key, "w_0k^(l+1) delta_0^(l+1)", "sum_j w_kj^(l+1)",
                                            "delta_j^(l+1) (.) W^(l+1)", "ln(a_0^(L) - 1)"])))
    def fuzz(text: str) -> None:
        watching["on"] = True
        try:
            verdict = check_formula(text, key, q)
        finally:
            watching["on"] = False
        assert isinstance(verdict, Verdict) and verdict.message
        assert not watching["seen"]

    fuzz()

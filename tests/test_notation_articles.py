"""Every formula in its seed article's own form (issue 9, section 4), compared with the forms the
articles write: deeplizard/Jagtap (000-002), Nielsen (004), Kostadinov (003); softmax; and the
lines shown at saturation (z = ±1000), which must stay true."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pytest

from backprop_tui.core.formulas.chain import expand
from backprop_tui.core.formulas.equations import step_expression, step_vector_expression
from backprop_tui.core.formulas.notation import (
    layer_count,
    next_index,
    render,
    symbol,
    symbol_table,
)
from backprop_tui.core.math.gradcheck import check_parameter
from backprop_tui.core.math.network import Network
from backprop_tui.tui.chain_text import ChainText
from backprop_tui.tui.focus import Focus
from backprop_tui.tui.trace_report import trace_report


def step(trace, equation: str, layer: int):
    return next(s for s in trace.steps if s.equation == equation and s.layer == layer)


def panel(net, x, y, convention, equation, layer, focus, mode="chain", width=100) -> str:
    """The chain panel's text, as the tutor lays it out."""
    t = net.trace(x, y)
    ex = expand(t, focus.kind, focus.layer, focus.node, focus.source)
    check = None
    if mode == "check":
        check = check_parameter(net, x, y, focus.kind, focus.layer, focus.node, focus.source)
    lines = ChainText(step(t, equation, layer), focus, convention, mode, ex, check).lines(width)
    return "\n".join("".join(text for text, _ in line) for line in lines)


# ------------------------------------------------------------------ deeplizard / Jagtap
@pytest.fixture(scope="module")
def wide():
    """4-3-3-2: layer L−1 has a node 2, the one seed 002 asks about."""
    net = Network.from_sizes([4, 3, 3, 2], "sigmoid", "sse", seed=1)
    return net, [0.1, 0.2, 0.3, 0.4], [1.0, 0.0]


def test_deeplizard_sums_over_the_next_layer_with_j_and_bounds(wide):
    net, x, y = wide
    ex = expand(net.trace(x, y), "w", 2, 2, 1)
    assert render(ex.sum_equation(), "deeplizard", depth=3) == (
        "∂C₀/∂a₂⁽ᴸ⁻¹⁾ = Σⱼ₌₀ⁿ⁻¹ ∂C₀/∂aⱼ⁽ᴸ⁾ ∂aⱼ⁽ᴸ⁾/∂zⱼ⁽ᴸ⁾ ∂zⱼ⁽ᴸ⁾/∂a₂⁽ᴸ⁻¹⁾"
    )
    text = panel(net, x, y, "deeplizard", "BP2", 2, Focus(2, 2, 1, "w"))
    assert "a sum over the nodes j of layer L" in text
    assert re.search(r"^  j = 0: ", text, re.M) and re.search(r"^  j = 1: ", text, re.M)
    assert "Σᵢ" not in text and "i = 0" not in text
    assert next_index("deeplizard") == "j" and next_index("nielsen") == "i"


def test_deeplizard_cost_carries_its_bounds_and_the_learning_rate_is_words(wide):
    net, x, y = wide
    t = net.trace(x, y)
    assert render(step_expression(step(t, "cost", 3)), "deeplizard", depth=3) == (
        "C₀ = Σⱼ₌₀ⁿ⁻¹ (aⱼ⁽ᴸ⁾ − yⱼ)²"
    )
    assert symbol("eta", "deeplizard", depth=3) == "learning rate"
    rows = {k: shown for k, shown, _ in symbol_table("deeplizard", 3)}
    assert rows["learning rate"] == "learning rate"
    assert "η" not in "".join(shown + meaning for _, shown, meaning in symbol_table("deeplizard", 3))


# ------------------------------------------------------------------ Nielsen
def test_nielsen_cost_is_equation_27():
    net = Network.from_sizes([4, 2, 2, 1], "sigmoid", "half-sse", seed=0)
    t = net.trace([0.05, 0.1, 0.15, 0.2], [1.0])
    assert render(step_expression(step(t, "cost", 3)), "nielsen", depth=3) == "C = ½ Σⱼ (yⱼ − aᴸⱼ)²"
    numbers = render(step_expression(step(t, "cost", 3)), "nielsen", depth=3, numbers=True)
    assert numbers.startswith("C = ½(1 − ")


def test_nielsen_sigma_is_the_sigmoid_only():
    net = Network.from_sizes([3, 2, 2, 1], ["tanh", "relu", "sigmoid"], "half-sse", seed=3)
    t = net.trace([0.1, 0.2, 0.3], [1.0])
    assert render(step_vector_expression(step(t, "a", 1)), "nielsen", depth=3) == "a² = tanh(z²)"
    assert render(step_vector_expression(step(t, "a", 2)), "nielsen", depth=3) == "a³ = ReLU(z³)"
    assert render(step_vector_expression(step(t, "a", 3)), "nielsen", depth=3) == "aᴸ = σ(zᴸ)"
    bp2 = render(step_expression(step(t, "BP2", 1), 0), "nielsen", depth=3)
    assert bp2.endswith("tanh′(z²₁)") and "σ" not in bp2
    assert symbol("g", "nielsen", depth=3, layer=1, activation="tanh") == "tanh"
    meaning = dict((k, m) for k, _, m in symbol_table("nielsen", 3))["g"]
    assert "sigmoid" in meaning and "own name" in meaning


def test_nielsen_l_counts_the_input_as_layer_one():
    assert layer_count("nielsen", 3) == "L = 4"  # the 4-2-2-1 example
    meaning = dict((k, m) for k, _, m in symbol_table("nielsen", 3))["L"]
    assert "layer 4" in meaning and "input is layer 1" in meaning
    assert layer_count("deeplizard", 3) == "3 layers after the input"


# ------------------------------------------------------------------ Kostadinov
def kostadinov_net(loss: str = "half-sse", output: str = "linear", bias: bool = False) -> Network:
    weights = [np.array([[0.1, 0.2, -0.3, 0.4], [-0.2, 0.3, 0.1, 0.5]]),
               np.array([[0.4, -0.5], [0.3, 0.6]]), np.array([[0.7, -0.4]])]
    biases = [np.array([0.1, -0.1]), np.array([0.05, -0.05]), np.array([0.2 if bias else 0.0])]
    return Network([4, 2, 2, 1], ["sigmoid", "sigmoid", output], loss, weights, biases,
                   [True, True, bias])


X4, Y1 = [1.0, 0.5, -0.5, 0.2], [1.0]


def test_kostadinov_linear_output_without_bias_is_s():
    net = kostadinov_net()
    t = net.trace(X4, Y1)
    kw = {"depth": 3, "plain_output": True}
    assert render(step_vector_expression(step(t, "z", 3)), "kostadinov", **kw) == "s = W⁽³⁾a⁽³⁾"
    assert render(step_vector_expression(step(t, "a", 3)), "kostadinov", **kw) == "s = W⁽³⁾a⁽³⁾"
    assert render(step_vector_expression(step(t, "z", 1)), "kostadinov", **kw) == (
        "z⁽²⁾ = W⁽¹⁾x + b⁽¹⁾")
    assert render(step_expression(step(t, "BP1", 3)), "kostadinov", **kw) == "∂C/∂s₁ = s₁ − y₁"
    assert render(step_vector_expression(step(t, "BP1", 3)), "kostadinov", **kw) == "∂C/∂s = s − y"
    assert step(t, "BP4", 3) and t.first_step("BP3", 3) is None  # no bias, no bias gradient
    shown = panel(net, X4, Y1, "kostadinov", "z", 3, Focus(3, 0, 0, "w"))
    assert shown.startswith("── Output s₁ of layer 4: a linear output without a bias is W a")
    report = trace_report(t, "kostadinov", "text")
    sections = report.split("── Step ")
    output = "".join(part for part in sections if "(kostadinov: layer 4)" in part)
    assert output.count("s₁ = Σₖ w₁ₖ⁽³⁾ aₖ⁽³⁾") == 2 and "∂C/∂s₁ = s₁ − y₁" in output
    for absent in ("z⁽⁴⁾", "z₁⁽⁴⁾", "δ₁⁽⁴⁾", "a₁⁽⁴⁾"):
        assert absent not in report, absent
    assert "f(" not in output and "f′" not in output and not re.search(r"\+ 0\s*$", output, re.M)


def test_kostadinov_bp1_uses_dc_ds_and_one_output_needs_no_one_over_one():
    net = kostadinov_net(loss="mse")
    t = net.trace(X4, Y1)
    kw = {"depth": 3, "plain_output": True}
    assert render(step_expression(step(t, "cost", 3)), "kostadinov", **kw) == "C = Σⱼ (sⱼ − yⱼ)²"
    assert render(step_expression(step(t, "BP1", 3)), "kostadinov", **kw) == "∂C/∂s₁ = 2(s₁ − y₁)"
    text = panel(net, X4, Y1, "kostadinov", "BP4", 3, Focus(3, 0, 1, "w"))
    assert "  ∂C/∂s₁ = 2(s₁ − y₁) = 2(−0.8805) = −1.761" in text
    assert "  ∂s₁/∂w₁₂⁽³⁾ = a₂⁽³⁾ = 0.6044" in text  # two factors: no ∂s/∂z, no f′
    assert "1/1" not in text and "f′" not in text


def test_kostadinov_sigmoid_output_is_never_s():
    net = kostadinov_net(loss="half-sse", output="sigmoid", bias=True)
    t = net.trace(X4, Y1)
    for plain in (False, True):  # a sigmoid output is no plain output, whatever is passed
        shown = render(step_expression(step(t, "a", 3)), "kostadinov", depth=3,
                       plain_output=plain and net.plain_output)
        assert shown == "a₁⁽⁴⁾ = f(z₁⁽⁴⁾)"
    report = trace_report(t, "kostadinov", "text")
    assert "a₁⁽⁴⁾ = f(z₁⁽⁴⁾)" in report and "s₁" not in report and "∂C/∂s" not in report


def test_kostadinov_update_is_epsilon_and_the_nudge_is_h():
    net = kostadinov_net(bias=True)
    assert symbol("eta", "kostadinov", depth=3) == "ε"
    text = panel(net, X4, Y1, "kostadinov", "BP4", 3, Focus(3, 0, 0, "w"), mode="check")
    assert "nudge w₁₁⁽³⁾ by ±h" in text and "C(w₁₁⁽³⁾ + h)" in text and "ΔC / 2h" in text
    assert "ε" not in text


def test_a_bias_factor_is_one_once():
    net = kostadinov_net(bias=True)
    text = panel(net, X4, Y1, "kostadinov", "BP3", 2, Focus(2, 0, 0, "b"))
    assert "∂z₁⁽³⁾/∂b₁⁽²⁾ = 1\n" in text + "\n"
    assert "= 1 = 1" not in text


def test_the_bias_of_a_bias_free_layer_is_explained_not_differentiated():
    net = kostadinov_net()
    for mode in ("chain", "paths", "check"):
        text = panel(net, X4, Y1, "kostadinov", "BP4", 3, Focus(3, 0, 0, "b"), mode=mode)
        assert "has no bias (bias = false)" in text


# ------------------------------------------------------------------ softmax
@pytest.fixture(scope="module")
def softmax_net():
    net = Network.from_sizes([3, 2, 3], ["sigmoid", "softmax"], "sse", seed=2)
    return net, [0.1, 0.2, 0.3], [0.2, 0.3, 0.5]


def test_softmax_deeper_sum_uses_dc_dz(softmax_net):
    net, x, y = softmax_net
    ex = expand(net.trace(x, y), "w", 1, 0, 1)
    assert render(ex.sum_equation(), "nielsen", depth=2) == "∂C/∂a²₁ = Σᵢ ∂C/∂zᴸᵢ ∂zᴸᵢ/∂a²₁"
    text = panel(net, x, y, "nielsen", "BP2", 1, Focus(1, 0, 1, "w"))
    assert "∂aᴸᵢ/∂zᴸᵢ" not in text and "∂aᴸ₁/∂zᴸ₁" not in text


def test_softmax_output_weight_has_no_sum_below_and_says_why_once(softmax_net):
    net, x, y = softmax_net
    text = panel(net, x, y, "deeplizard", "BP1", 2, Focus(2, 0, 1, "w"))
    assert "(the sum below)" not in text
    assert text.count("softmax is not element-wise") == 1 and "Jacobian" in text
    for conv, expected in (("deeplizard", "a⁽ᴸ⁾ = softmax(z⁽ᴸ⁾)"), ("nielsen", "aᴸ = softmax(zᴸ)"),
                           ("kostadinov", "a⁽³⁾ = softmax(z⁽³⁾)")):
        a_step = step(net.trace(x, y), "a", 2)
        assert render(step_vector_expression(a_step), conv, depth=2) == expected


def test_softmax_with_cross_entropy_says_a_minus_y():
    net = Network.from_sizes([3, 2, 3], ["sigmoid", "softmax"], "cross-entropy", seed=2)
    x, y = [0.1, 0.2, 0.3], [0.2, 0.3, 0.5]
    text = panel(net, x, y, "nielsen", "BP1", 2, Focus(2, 0, 1, "w"))
    assert "δᴸ = aᴸ − y" in text and "with cross-entropy that product is a − y" in text


# ------------------------------------------------------------------ saturation
def saturated() -> Network:
    w = [np.array([[1000.0, 0.0], [-1000.0, 0.0]]), np.array([[-1000.0, 0.0]])]
    return Network([2, 2, 1], ["sigmoid", "sigmoid"], "cross-entropy", w,
                   [np.zeros(2), np.zeros(1)])


@pytest.mark.parametrize("convention", ["deeplizard", "nielsen", "kostadinov"])
def test_saturated_lines_stay_true(convention):
    net, x, y = saturated(), [1.0, 0.5], [1.0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        t = net.trace(x, y)
        report = trace_report(t, convention, "text")
        texts = [panel(net, x, y, convention, "BP1", 2, Focus(l, 0, 0, "w"), mode=mode)
                 for l in (1, 2) for mode in ("chain", "paths")]
    assert t.z(2)[0] == -1000.0 and t.loss == 1000.0
    for text in (report, *texts):
        for bad in ("ln(0)", "∞", "nan", "10³⁰⁷", "10³⁰⁸"):
            assert bad not in text, (bad, text)
    assert "= 1000" in report  # the cost, finite, from ln a = −1000
    bp1 = render(step_expression(step(t, "BP1", 2)), convention, depth=2, numbers=True)
    assert bp1.endswith("= −1") and "(1 − " in render(step_expression(step(t, "BP1", 2)),
                                                      convention, depth=2)
    for l in (1, 2):
        ex = expand(t, "w", l, 0, 0)
        assert ex.paths_agree() and ex.paths_total == pytest.approx(ex.gradient)


def test_paths_that_cannot_sum_say_why():
    from dataclasses import replace

    from backprop_tui.core.formulas.chain import Path

    net, x, y = saturated(), [1.0, 0.5], [1.0]
    t = net.trace(x, y)
    ex = expand(t, "w", 1, 0, 0)
    broken = replace(ex, paths=(Path(((1, 0), (2, 0)), 0, (), float("nan")),))
    assert not broken.paths_agree()
    lines = ChainText(step(t, "BP1", 2), Focus(1, 0, 0, "w"), "nielsen", "paths", broken,
                      None).path_lines(100)
    text = "\n".join("".join(s for s, _ in line) for line in lines)
    assert "overflow or underflow in float64" in text


def test_gradient_check_at_a_relu_kink_explains_the_disagreement():
    net = Network([2, 1, 1], ["relu", "linear"], "sse", [np.array([[1.0, -2.0]]), np.array([[1.0]])],
                  [np.zeros(1), np.zeros(1)])
    text = panel(net, [1.0, 0.5], [1.0], "deeplizard", "BP4", 1, Focus(1, 0, 0, "w"), mode="check")
    assert "✗ backprop and the nudge disagree" in text
    assert "a ReLU input is within h of 0" in text
    assert check_parameter(net, [1.0, 0.5], [1.0], "w", 1, 0, 0).kink


def test_an_update_that_overflows_is_a_clear_error_without_warnings():
    net = Network([1, 1], ["linear"], "sse", [np.array([[1e6]])], [np.zeros(1)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(OverflowError, match="beyond the largest float.*smaller learning rate"):
            net.update([[1e6]], [[0.0]], 1e300)


async def test_the_tutor_says_why_an_update_cannot_be_taken():
    """Pilot: u on a network whose next step overflows float64 leaves it as it was and says so."""
    from helpers import record_notifications

    from backprop_tui.tui.app import BackpropApp

    depth = 12
    net = Network([1] * (depth + 1), ["linear"] * depth, "sse", [np.array([[1e6]])] * depth,
                  [np.zeros(1)] * depth)
    app = BackpropApp(net, [(np.array([1e6]), np.array([0.0]))])
    async with app.run_test(size=(120, 40)) as pilot:
        messages = record_notifications(app)
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            await pilot.press("u")
            await pilot.pause()
        assert app.tutor.state.network is net
        assert any("beyond the largest float" in m for m in messages), messages

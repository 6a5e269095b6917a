"""`backprop-tui check` refuses every broken lesson with one clear message, and passes ours."""

from __future__ import annotations

from pathlib import Path

import pytest

from backprop_tui.core.course.exercise import check, matches, resolve
from backprop_tui.core.course.lesson import LessonError, load_lesson, parse_lesson

LESSONS = sorted((Path(__file__).parent.parent / "lessons").glob("*.toml"))

GOOD = '''\
id = "tiny"
title = "A tiny lesson"
summary = "One of each kind."
source = "002"
notation = "deeplizard"

[network]
sizes = [2, 3, 2]
activations = ["sigmoid", "sigmoid"]
loss = "sse"
seed = 1

[[samples]]
x = [0.5, 0.1]
y = [1.0, 0.0]

[[exercises]]
id = "grad"
kind = "numeric"
prompt = """
Compute **∂C₀/∂w₁₂⁽ᴸ⁾**.
"""
quantity = "dC/dw"
layer = "L"
node = 1
source = 2
hints = ["Three factors.", "Multiply them."]
explanation = "Each factor is one link of the chain."
focus = { step = "BP4", layer = "L", node = 1, source = 2, kind = "w" }

[[exercises]]
id = "pick"
kind = "choice"
prompt = "What is j?"
options = ["a node of layer l", "a layer"]
correct = 1
hints = ["Subscripts count nodes."]
explanation = "j counts nodes."

[[exercises]]
id = "go"
kind = "navigate"
prompt = "Put the focus on w₁₂⁽ᴸ⁾."
target = { layer = "L", node = 1, source = 2, kind = "w" }
hints = ["Use the arrow keys."]
explanation = "That is the weight from node 2 to node 1."

[[exercises]]
id = "chain"
kind = "order"
prompt = "Order the factors."
quantity = "dC/dw"
layer = "L"
node = 1
source = 2
hints = ["Start at the cost."]
explanation = "From the cost back to the weight."
'''


def test_the_good_lesson_loads_and_resolves():
    lesson = parse_lesson(GOOD, "tiny.toml")
    assert [e.kind for e in lesson.exercises] == ["numeric", "choice", "navigate", "order"]
    grad = lesson.exercises[0]
    x, y = lesson.network_file.samples[0]
    want = lesson.network.trace(x, y).grad_w(2)[1, 2]
    assert resolve(lesson, grad).value == pytest.approx(want)
    assert check(lesson, grad, f"{want:.6g}").correct
    wrong = check(lesson, grad, f"{want * 1.5 + 0.1:.6g}")
    assert not wrong.correct and wrong.direction in ("high", "low")
    assert check(lesson, lesson.exercises[1], "1").correct
    assert not check(lesson, lesson.exercises[1], "2").correct
    order = resolve(lesson, lesson.exercises[3])
    answer = " ".join(str(order.order.index(i) + 1) for i in range(3))
    assert check(lesson, lesson.exercises[3], answer).correct
    assert not check(lesson, lesson.exercises[3], "1 2 3" if answer != "1 2 3" else "3 2 1").correct
    target = lesson.exercises[2].target
    assert matches(target, layer=2, node=1, source=2, kind="w", step="BP4")
    assert not matches(target, layer=2, node=0, source=2, kind="w", step="BP4")


def _mutate(old: str, new: str) -> str:
    assert old in GOOD, old
    return GOOD.replace(old, new, 1)


# (what is broken, the broken text, words the message must contain, the line it must name)
BROKEN = [
    ("TOML syntax", _mutate('title = "A tiny lesson"', 'title = "A tiny lesson'), ["TOML syntax"], 2),
    ("unknown top-level key", _mutate('summary = ', 'sumary = "x"\nsummary = '), ['unknown key "sumary"', '"summary"'], 3),
    ("missing title", _mutate('title = "A tiny lesson"\n', ""), ['missing key "title"'], None),
    ("bad id", _mutate('id = "tiny"', 'id = "Tiny Lesson"'), ["id", "lowercase"], 1),
    ("unknown notation", _mutate('notation = "deeplizard"', 'notation = "karpathy"'), ["notation", "deeplizard, nielsen, kostadinov"], 5),
    ("unknown source", _mutate('source = "002"', 'source = "7"'), ["source", "000"], 4),
    ("unknown activation", _mutate('["sigmoid", "sigmoid"]', '["sigmoid", "sigmod"]'), ["sigmod", "activations"], 9),
    ("no samples", _mutate('[[samples]]\nx = [0.5, 0.1]\ny = [1.0, 0.0]\n', ""), ["samples"], None),
    ("no exercises", GOOD.split("[[exercises]]")[0], ["exercises", "at least one"], None),
    ("unknown exercise key", _mutate('quantity = "dC/dw"\nlayer = "L"\nnode = 1\nsource = 2\nhints = ["Three', 'quantity = "dC/dw"\nlayer = "L"\nnode = 1\nsource = 2\ntolerence = 0.1\nhints = ["Three'), ['unknown key "tolerence"', '"tolerance"', "[[exercises]][0]"], 27),
    ("unknown kind", _mutate('kind = "choice"', 'kind = "quiz"'), ["kind", "numeric, choice, navigate, order"], None),
    ("empty hints", _mutate('hints = ["Subscripts count nodes."]', "hints = []"), ["hints", "at least one"], 37),
    ("missing hints", _mutate('hints = ["Use the arrow keys."]\n', ""), ['missing key "hints"', "[[exercises]][2]"], None),
    ("missing explanation", _mutate('explanation = "j counts nodes."\n', ""), ['missing key "explanation"'], None),
    ("duplicate exercise id", _mutate('id = "pick"', 'id = "grad"'), ['duplicate id "grad"'], 32),
    ("unknown quantity", _mutate('quantity = "dC/dw"\nlayer = "L"\nnode = 1\nsource = 2\nhints = ["Three', 'quantity = "dC/dv"\nlayer = "L"\nnode = 1\nsource = 2\nhints = ["Three'), ['unknown quantity "dC/dv"', "dC/dw"], 23),
    ("node out of range", _mutate('node = 1\nsource = 2\nhints = ["Three', 'node = 2\nsource = 2\nhints = ["Three'), ["node", "from 0 to 1"], 25),
    ("source out of range", _mutate('source = 2\nhints = ["Three', 'source = 3\nhints = ["Three'), ["source", "from 0 to 2"], 26),
    ("layer beyond the network", _mutate('layer = "L"\nnode = 1\nsource = 2\nhints = ["Three', 'layer = "L-3"\nnode = 1\nsource = 2\nhints = ["Three'), ["layer", "outside", '"L", "L-1", "L-2" (the input)', "0 (the input) to 2"], 24),
    ("quantity missing its source", _mutate('node = 1\nsource = 2\nhints = ["Three', 'node = 1\nhints = ["Three'), ["dC/dw needs source"], None),
    ("choice answer out of range", _mutate("correct = 1", "correct = 3"), ["correct", "from 1 to 2"], 36),
    ("choice with one option", _mutate('options = ["a node of layer l", "a layer"]', 'options = ["a node"]'), ["options", "at least two"], 35),
    ("navigate without target", _mutate('target = { layer = "L", node = 1, source = 2, kind = "w" }\n', ""), ['missing key "target"'], None),
    ("bad focus step", _mutate('focus = { step = "BP4"', 'focus = { step = "BP5"'), ["focus.step", "BP4"], 29),
    ("average on a per-sample quantity", _mutate('quantity = "dC/dw"\nlayer = "L"', 'quantity = "z"\naverage = true\nlayer = "L"'), ["average"], None),
    # text the terminal would not show as written: an escape, a bell, a bidi override
    ("an escape in a prompt", _mutate("Compute **", "Compute \\u001b[2J**"), ["[[exercises]][0].prompt", "U+001B (ESC", "without control characters"], 20),
    ("a bell in the title", _mutate('"A tiny lesson"', '"A tiny\\u0007 lesson"'), ["title", "U+0007 (BEL) at character 7"], 2),
    ("a bidi override in an option", _mutate('"a layer"]', '"a \\u202elayer"]'), ["[[exercises]][1].options[1]", "U+202E"], 35),
    # a numeric answer that is one of the lesson's given numbers: nothing to compute
    ("the answer is a given weight", _mutate('quantity = "dC/dw"\nlayer', 'quantity = "w"\nlayer'), ["quantity", "w is a weight", "given numbers", "navigate"], 23),
    ("the answer is a given input", _mutate('quantity = "dC/dw"\nlayer = "L"\nnode = 1\nsource = 2\nhints = ["Three', 'quantity = "a"\nlayer = 0\nnode = 1\nhints = ["Three'), ["an input", "given numbers"], 23),
    ("the answer is a given target", _mutate('quantity = "dC/dw"\nlayer = "L"\nnode = 1\nsource = 2\nhints = ["Three', 'quantity = "y"\nnode = 1\nhints = ["Three'), ["y is a target", "given numbers"], 23),
    # an update too small to see: the given weight itself passes (a tiny eta, a zero gradient)
    ("an update that copying the weight passes", _mutate('quantity = "dC/dw"\nlayer', 'quantity = "w-updated"\neta = 1e-9\nlayer'), ["quantity", "moves this w by less than the tolerance", "copying the w on screen would pass", "another weight, sample or learning rate"], 23),
    ("negative tolerance", _mutate('quantity = "dC/dw"\nlayer', 'quantity = "dC/dw"\ntolerance = -1\nlayer'), ["tolerance", "positive"], None),
]


@pytest.mark.parametrize(("what", "text", "words", "line"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_lesson_gets_one_clear_message(what, text, words, line, tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LessonError) as info:
        load_lesson(path)
    message = str(info.value)
    assert message.startswith(str(path)), message
    assert "expected" in message, message
    for word in words:
        assert word in message, f"{what}: {word!r} not in {message!r}"
    if line is not None:
        assert info.value.line == line, message


def test_at_least_fifteen_distinct_broken_lessons():
    assert len({text for _, text, _, _ in BROKEN}) >= 15


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_every_shipped_lesson_passes_the_checker(path):
    lesson = load_lesson(path)
    assert lesson.exercises
    for ex in lesson.exercises:
        assert ex.hints and all(h.strip() for h in ex.hints)


def test_shipped_lessons_have_unique_ids_and_cover_the_articles():
    lessons = [load_lesson(p) for p in LESSONS]
    ids = [lesson.id for lesson in lessons]
    assert len(ids) == len(set(ids)) and len(ids) >= 9
    assert {"000", "001", "002", "003", "004"} <= {lesson.source for lesson in lessons}


def test_lines_inside_a_multiline_prompt_are_not_taken_for_keys(tmp_path):
    text = GOOD.replace('Compute **∂C₀/∂w₁₂⁽ᴸ⁾**.\n', 'Compute it.\nquantity = "z"\n[[exercises]]\n')
    text = text.replace('quantity = "dC/dw"\nlayer = "L"\nnode = 1\nsource = 2\nhints = ["Three',
                        'quantity = "dC/dv"\nlayer = "L"\nnode = 1\nsource = 2\nhints = ["Three')
    path = tmp_path / "prompt.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LessonError) as info:
        load_lesson(path)
    assert info.value.line == 25 and "unknown quantity" in str(info.value)


def test_a_long_formula_key_is_quoted_short_so_the_reason_shows(tmp_path):
    """A message is cut to a few hundred characters: quoting a whole long key would cut off
    what is wrong with it."""
    key = " + ".join(["a_1^(L)"] * 80)  # 800 characters: over the formula length limit
    path = tmp_path / "long.toml"
    path.write_text(GOOD + f'''
[[exercises]]
id = "derive"
kind = "formula"
prompt = "Write δ."
formula = "{key}"
quantity = "delta"
layer = "L"
node = 1
hints = ["BP1."]
explanation = "BP1."
''', encoding="utf-8")
    with pytest.raises(LessonError) as info:
        load_lesson(path)
    message = str(info.value)
    assert "[[exercises]][4].formula" in message and "does not parse" in message, message
    assert "characters long" in message and "at most 400" in message, message
    assert key[:60] + "…" in message and key not in message


NO_OUTPUT_BIAS = GOOD.replace("seed = 1\n", """
[[network.layers]]
weights = [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]]
biases = [0.0, 0.1, 0.2]

[[network.layers]]
weights = [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]
bias = false
""")
GRAD = 'quantity = "dC/dw"\nlayer = "L"\nnode = 1\nsource = 2\nhints = ["Three'
ORDER = 'quantity = "dC/dw"\nlayer = "L"\nnode = 1\nsource = 2\nhints = ["Start'


@pytest.mark.parametrize(("old", "new"), [
    (GRAD, 'quantity = "dC/db"\nlayer = "L"\nnode = 1\nhints = ["Three'),
    (GRAD, 'quantity = "b-updated"\nlayer = "L"\nnode = 1\nhints = ["Three'),
    (ORDER, 'quantity = "dC/db"\nlayer = "L"\nnode = 1\nhints = ["Start'),
], ids=["numeric dC/db", "numeric b-updated", "order dC/db"])
def test_a_bias_quantity_of_a_layer_without_a_bias_is_refused(old, new, tmp_path):
    """Such a layer's biases are not parameters: ∂C/∂b was keyed 0 (BP3 gives δ), b-updated
    0, and an order exercise had no factors at all; check passed all three."""
    assert tuple(parse_lesson(NO_OUTPUT_BIAS).network.has_bias) == (True, False)
    assert old in NO_OUTPUT_BIAS
    path = tmp_path / "no-bias.toml"
    path.write_text(NO_OUTPUT_BIAS.replace(old, new), encoding="utf-8")
    with pytest.raises(LessonError) as info:
        load_lesson(path)
    message = str(info.value)
    assert ".quantity:" in message and "without a bias (bias = false)" in message, message
    assert "expected a layer with a bias" in message, message
    back = parse_lesson(NO_OUTPUT_BIAS.replace(old, new.replace('"L"', '"L-1"')))  # a bias there
    assert [e.quantity for e in back.exercises if e.place.layer == 1] == [new.split('"')[1]]

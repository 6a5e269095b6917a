"""Network and lesson files from issue 13 that used to hang, crash or eat memory: each is
refused with one line that names the file and states the limit, or is accepted."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from backprop_tui.core.course.lesson import LessonError, load_lesson, parse_lesson
from backprop_tui.core.course.lesson_folder import load_lesson_folder
from backprop_tui.core.files.netcheck import MAX_PARAMETERS, MAX_SAMPLES
from backprop_tui.core.files.netfile import (
    MAX_FILE_BYTES,
    NetworkFileError,
    load_network,
    network_file_from_spec,
    parse_network,
)
from backprop_tui.core.files.safefile import escape
from backprop_tui.core.files.tomlguard import MAX_KEY_PARTS, MAX_NESTING

LESSONS = Path(__file__).parent.parent / "lessons"
LESSON = (LESSONS / "01-notation.toml").read_text(encoding="utf-8")
NET = """\
[network]
sizes = [2, 1]
activations = ["linear"]
loss = "sse"
[[samples]]
x = [0.5, 0.25]
y = [1.0]
"""

LINEAR = '"linear", '


def network_error(path) -> str:
    with pytest.raises(NetworkFileError) as info:
        load_network(path)
    message = str(info.value)
    assert message.startswith(str(path)) and "\n" not in message
    return message


def lesson_error(path) -> str:
    with pytest.raises(LessonError) as info:
        load_lesson(path)
    message = str(info.value)
    assert message.startswith(str(path)) and "\n" not in message
    return message


# ---------------------------------------------------------------------------- not regular files
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "net.toml"
    os.mkfifo(fifo)
    assert "FIFO" in network_error(fifo)
    assert "FIFO" in lesson_error(fifo)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_symlink_to_dev_zero_is_refused_unread(tmp_path):
    link = tmp_path / "zero.toml"
    link.symlink_to("/dev/zero")
    assert "device" in network_error(link)
    assert "device" in lesson_error(link)


def test_a_directory_and_a_missing_file(tmp_path):
    assert "directory" in network_error(tmp_path)
    assert "no such file" in lesson_error(tmp_path / "missing.toml")


def test_files_over_the_cap_are_refused_before_reading(tmp_path):
    big = tmp_path / "big.toml"
    with big.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing is written, nothing should be read
    assert f"at most {MAX_FILE_BYTES // 2**20} MB" in network_error(big)
    assert "at most 1 MB" in lesson_error(big)


# ---------------------------------------------------------------------------- shapes tomllib can't take
def test_nesting_500_deep_in_a_lesson_is_refused(tmp_path):
    path = tmp_path / "deep.toml"
    path.write_text("id = " + "[" * 500 + "]" * 500 + "\n" + LESSON)
    assert f"more than {MAX_NESTING} deep" in lesson_error(path)
    path.write_text(NET + "z = " + "{a = " * 500 + "1" + "}" * 500)
    assert f"at most {MAX_NESTING} levels" in network_error(path)


def test_brackets_inside_strings_and_comments_are_not_nesting():
    text = NET.replace('loss = "sse"', 'loss = "sse" # ' + "[" * 100) + "\n"
    assert parse_network(text).network.loss == "sse"
    lesson = LESSON.replace('title = "', 'title = "' + "[{" * 60, 1)
    assert parse_lesson(lesson).title.startswith("[{")


def test_a_dotted_key_of_20000_parts_is_refused(tmp_path):
    path = tmp_path / "dotted.toml"
    path.write_text(".".join(["k"] * 20_000) + " = 1\n")
    assert f"at most {MAX_KEY_PARTS} parts" in network_error(path)
    assert "20,000 parts" in lesson_error(path)
    path.write_text("[" + ".".join(["k"] * 20_000) + "]\n")
    assert "20,000 parts" in network_error(path)


# ---------------------------------------------------------------------------- limits a tutor needs
@pytest.mark.parametrize("spec", ["4096-2440", "-".join(["300"] * 102), "784-784-784"])
def test_networks_too_large_to_trace_quickly_are_refused(spec):
    with pytest.raises(ValueError, match="at most"):
        network_file_from_spec(spec)


def test_101_layers_of_300_in_a_file_are_refused():
    sizes = ", ".join(["300"] * 102)
    text = NET.replace("sizes = [2, 1]", f"sizes = [{sizes}]").replace(
        'activations = ["linear"]', f"activations = [{LINEAR * 101}]")
    with pytest.raises(NetworkFileError, match="at most 100"):
        parse_network(text, "big.toml")
    assert MAX_PARAMETERS <= 100_000


def test_too_many_samples_states_the_limit():
    text = NET + "[[samples]]\nx = [0.5, 0.25]\ny = [1.0]\n" * MAX_SAMPLES
    with pytest.raises(NetworkFileError, match=f"at most {MAX_SAMPLES:,}"):
        parse_network(text, "many.toml")


@pytest.mark.parametrize("value, key", [
    ("x = [1.7976931348623157e308, 0.25]", "[[samples]][0].x[0]"),
    ("x = [0.5, -1e300]", "[[samples]][0].x[1]"),
    ("x = [0.5, 123456789012345678901234567890]", "[[samples]][0].x[1]"),
    ("x = [nan, 0.25]", "[[samples]][0].x[0]"),
    ("x = [0.5, inf]", "[[samples]][0].x[1]"),
])
def test_values_that_overflow_are_refused_naming_the_key(value, key):
    with pytest.raises(NetworkFileError) as info:
        parse_network(NET.replace("x = [0.5, 0.25]", value), "huge.toml")
    assert info.value.key == key and "huge.toml:" in str(info.value)


def test_a_trace_that_overflows_in_a_deep_linear_network_is_refused():
    depth = 60
    layers = "".join("[[network.layers]]\nweights = [[1e6]]\nbiases = [0]\n" for _ in range(depth))
    text = (f"[network]\nsizes = [{', '.join(['1'] * (depth + 1))}]\n"
            f"activations = [{LINEAR * depth}]\nloss = \"sse\"\n{layers}"
            "[[samples]]\nx = [0.5]\ny = [1.0]\n")
    with pytest.raises(NetworkFileError, match="overflows") as info:
        parse_network(text, "deep.toml")
    assert info.value.key == "[[samples]][0]"


# ---------------------------------------------------------------------------- text
def test_a_utf8_byte_order_mark_is_accepted(tmp_path):
    net, lesson = tmp_path / "net.toml", tmp_path / "lesson.toml"
    net.write_bytes(b"\xef\xbb\xbf" + NET.encode())
    lesson.write_bytes(b"\xef\xbb\xbf" + LESSON.encode())
    assert list(load_network(net).network.sizes) == [2, 1]
    assert load_lesson(lesson).id == "notation"


def test_escape_sequences_in_a_value_are_shown_escaped_and_short(tmp_path):
    path = tmp_path / "esc.toml"
    path.write_text(NET.replace('loss = "sse"', r'loss = "\u001b[2J\u001b]52;c;aGk=\u0007"'))
    message = network_error(path)
    assert "\x1b" not in message and "\x07" not in message and r"\x1b[2J" in message
    key = "k" * 5000 + "\\u001b"
    path.write_text(NET.replace('loss = "sse"', f'loss = "sse"\n"{key}" = 1'))
    message = network_error(path)
    assert len(message) < 400 and "\x1b" not in message
    lesson = tmp_path / "lesson.toml"
    lesson.write_text(LESSON.replace('id = "notation"', r'id = "\u001b[31m\u202eevil"'))
    message = lesson_error(lesson)
    assert "\x1b" not in message and "\u202e" not in message


def test_escape_keeps_text_and_marks_what_it_cuts():
    assert escape("δ = ∂C/∂z") == "δ = ∂C/∂z"
    assert escape("a\x1b[2Jb\n") == "a\\x1b[2Jb\\n"
    assert escape("x" * 300) == "x" * 200 + "…"


# ---------------------------------------------------------------------------- the lesson list
def test_broken_and_duplicate_lessons_never_stop_the_list(tmp_path):
    for path in sorted(LESSONS.glob("*.toml"))[:3]:
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "04-broken.toml").write_text("id = [[[\n")
    (tmp_path / "05-copy.toml").write_text(LESSON, encoding="utf-8")
    (tmp_path / "06-deep.toml").write_text("id = " + "[" * 500 + "]" * 500)
    lessons, broken = load_lesson_folder(tmp_path)
    assert [le.id for le in lessons] == ["notation", "forward-pass", "cost"]
    assert [Path(b.path).name for b in broken] == ["04-broken.toml", "05-copy.toml", "06-deep.toml"]
    assert "TOML syntax error" in broken[0].message
    assert '"notation" is also the id of' in broken[1].message
    assert all(b.message.startswith(b.path) for b in broken)


def test_a_quoted_key_full_of_dots_is_placed_in_linear_time():
    from backprop_tui.core.files.tomlpos import LineFinder

    text = NET + "'" + ".".join(["k"] * 20_000) + "' = 1\n"
    lines = LineFinder(text)  # took 2.4 s, quadratic in the dots, before
    assert lines("samples", "x") == 6
    with pytest.raises(NetworkFileError, match="unknown key"):
        parse_network(text, "dots.toml")

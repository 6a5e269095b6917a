"""What a user installs: the examples --help names exist and load, the docs it points at exist,
one version, and dependency ranges for users with exact pins kept for the tests."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

import backprop_tui
from backprop_tui.core.files.netfile import load_network
from backprop_tui.tui.cli import APP_EXAMPLES, TRACE_EXAMPLES, version

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*.toml")), ids=lambda p: p.name)
def test_every_example_loads(path):
    network_file = load_network(path)
    assert network_file.samples


def test_the_files_help_names_exist():
    named = set(re.findall(r"(examples/[\w.-]+\.toml)", APP_EXAMPLES + TRACE_EXAMPLES))
    assert named, "the help names no example file"
    assert {p for p in named if not (ROOT / p).is_file()} == set()


def test_the_readme_links_resolve_and_point_inside_the_project():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "../shared" not in readme
    links = re.findall(r"\]\(([^)#]+)\)", readme)
    assert links and [link for link in links if not (ROOT / link).exists()] == []


def test_one_version():
    assert "version" in PYPROJECT["project"]["dynamic"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {
        "attr": "backprop_tui.__version__"}
    assert version() == backprop_tui.__version__


def test_users_get_ranges_and_the_tests_get_exact_pins():
    ranged = PYPROJECT["project"]["dependencies"]
    assert ranged and all("==" not in dep for dep in ranged)
    pins = dict(line.split("==") for line in (ROOT / "constraints.txt").read_text().splitlines()
                if line and not line.startswith("#"))
    for dep in ranged:
        name = re.match(r"[A-Za-z0-9_.-]+", dep).group(0)
        assert name in pins, f"{name} has no exact pin in constraints.txt"


def test_pytest_does_not_need_xdist_to_start():
    assert "-n" not in PYPROJECT["tool"]["pytest"]["ini_options"]["addopts"].split()

"""The layer contracts of DESIGN.md, enforced on the source: data flows one way.

The import graph is read from the source (every ``import`` at any depth, a function-level one
included; only ``if TYPE_CHECKING:`` blocks are left out, as they never run), so the checks need
nothing installed and take milliseconds:

- ``core`` never imports ``tui``, textual or rich; ``core.math`` imports no other part of ours;
  ``core`` subpackages import only those before them (math -> formulas -> files -> course);
- ``tui.widgets`` never imports the app, the screens or the command line;
- nothing imports the bare names ``core``, ``tui`` or ``lessons``: everything is ``backprop_tui.``;
- there is no import cycle between modules.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "backprop_tui"
SOURCE_DIRS = ("core", "tui", "lessons")
CORE_ORDER = ("math", "formulas", "files", "course")  # each may import only those before it
THIRD_PARTY_UI = ("textual", "rich")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join([PACKAGE, *parts])


def source_modules() -> dict[str, Path]:
    found = {module_name(p): p for d in SOURCE_DIRS for p in (ROOT / d).rglob("*.py")}
    found[PACKAGE] = ROOT / "__init__.py"
    found[f"{PACKAGE}.__main__"] = ROOT / "__main__.py"
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports_of(path: Path, name: str) -> set[str]:
    """Every module the file imports at run time (absolute names; relative ones resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _under(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


MODULES = source_modules()


@cache
def graph() -> dict[str, set[str]]:
    """What each module imports: parsed when a test first asks, not while pytest collects."""
    return {name: imports_of(path, name) for name, path in MODULES.items()}


@cache
def ours() -> dict[str, set[str]]:
    """The graph's edges between our own modules. An import of a.b.c runs the packages a and
    a.b first, so edges to one's own ancestors say nothing."""
    return {name: {m for m in deps if m in MODULES and not _under(name, m)}
            for name, deps in graph().items()}


def offenders(importer: str, forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    bad = {}
    for name, deps in graph().items():
        if _under(name, importer):
            hits = sorted(m for m in deps if any(_under(m, f) for f in forbidden))
            if hits:
                bad[name] = hits
    return bad


def test_the_graph_was_read():
    assert len(MODULES) > 40 and f"{PACKAGE}.core.math.network" in MODULES
    assert f"{PACKAGE}.core.math.activations" in ours()[f"{PACKAGE}.core.math.network"]


def test_core_never_imports_the_app_textual_or_rich():
    assert offenders(f"{PACKAGE}.core", (f"{PACKAGE}.tui", *THIRD_PARTY_UI)) == {}


@pytest.mark.parametrize("i", range(len(CORE_ORDER)))
def test_core_subpackages_import_only_those_before_them(i):
    later = tuple(f"{PACKAGE}.core.{p}" for p in CORE_ORDER[i + 1:])
    assert offenders(f"{PACKAGE}.core.{CORE_ORDER[i]}", later) == {}


def test_core_math_imports_nothing_else_of_ours():
    bad = {name: sorted(m for m in deps if not _under(m, f"{PACKAGE}.core.math"))
           for name, deps in ours().items() if _under(name, f"{PACKAGE}.core.math")}
    assert {k: v for k, v in bad.items() if v} == {}


def test_widgets_never_import_the_app_the_screens_or_the_command_line():
    tui = f"{PACKAGE}.tui"
    assert offenders(f"{tui}.widgets", (f"{tui}.app", f"{tui}.screens", f"{tui}.cli",
                                        f"{tui}.cli_lessons")) == {}


def test_the_course_model_never_imports_textual():
    assert offenders(f"{PACKAGE}.core.course", THIRD_PARTY_UI) == {}


def test_nothing_imports_the_bare_folder_names():
    everything = {**MODULES, **{f"tests.{p.stem}": p for p in (ROOT / "tests").glob("*.py")},
                  **{f"benchmarks.{p.stem}": p for p in (ROOT / "benchmarks").glob("*.py")}}
    bare = {}
    for name, path in everything.items():
        hits = sorted(m for m in imports_of(path, name) if m.split(".")[0] in SOURCE_DIRS)
        if hits:
            bare[str(path.relative_to(ROOT))] = hits
    assert bare == {}


def test_no_import_cycles():
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the stack, 2: done
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for dep in sorted(ours()[node]):
            if state.get(dep) == 1:
                cycles.append(stack[stack.index(dep):] + [dep])
            elif dep not in state:
                visit(dep)
        stack.pop()
        state[node] = 2

    for name in sorted(ours()):
        if name not in state:
            visit(name)
    assert cycles == []


def test_importing_all_of_core_loads_neither_textual_nor_rich():
    core = sorted(m for m in MODULES if _under(m, f"{PACKAGE}.core"))
    code = (
        f"import {', '.join(core)}\n"
        "import sys\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd="/", capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""

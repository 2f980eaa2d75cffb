"""The package's layering holds: no import cycle between its modules, and the
architecture page names only modules that exist."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "tkit_scaffold"
LINT_PATH = [
    "cli", "settings", "config", "config_reader", "config_search", "discovery", "engine",
    "file_lint", "source", "check", "fix_loop", "cache", "cache_codec", "cache_keys",
    "printed", "project_checks", "results", "suppressions", "registry", "diagnostics", "lazy",
    "progress",
]  # fmt: skip
ARCHITECTURE = Path(__file__).resolve().parents[2] / "docs" / "architecture.md"


def module_names() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its own name)."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules that ``name`` imports when it runs: at the top or inside a
    function (a lazy import still ties the two together), but not for type checking."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in modules:
                    found.add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".") if is_package else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            if base in modules:
                found.add(base)
            for alias in node.names:
                if f"{base}.{alias.name}" in modules:
                    found.add(f"{base}.{alias.name}")
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    found.discard(name)
    return found


def import_cycles() -> list[list[str]]:
    """Each cycle of the import graph once (as the strongly connected components with
    more than one module, by Tarjan's algorithm)."""
    modules = module_names()
    graph = {name: imports_of(name, path, modules) for name, path in modules.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return components


# Cycles known and waiting for their fix, each through lazy imports only. An entry that is
# no longer a cycle fails the test too, so the list cannot go stale.
KNOWN_CYCLES: list[list[str]] = []


def test_the_package_has_no_import_cycle() -> None:
    cycles = import_cycles()
    assert [cycle for cycle in cycles if cycle not in KNOWN_CYCLES] == []
    assert [cycle for cycle in KNOWN_CYCLES if cycle not in cycles] == []


def test_the_lint_pipeline_is_in_no_import_cycle() -> None:
    known = {module for cycle in KNOWN_CYCLES for module in cycle}
    assert not known & {f"tkit_scaffold.{name}" for name in LINT_PATH}


def test_the_walk_sees_lazy_imports_and_skips_type_checking_ones(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from tkit_scaffold.config import Config\n"
        "def f():\n    from tkit_scaffold.engine import lint_paths\n",
        encoding="utf-8",
    )
    modules = {"tkit_scaffold.config": source, "tkit_scaffold.engine": source}
    assert imports_of("tkit_scaffold.m", source, modules) == {"tkit_scaffold.engine"}


def test_every_module_the_architecture_page_names_exists() -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    named = set(re.findall(r"`(tkit_scaffold(?:\.[a-z]\w*)*)", text))
    assert len(named) >= 10, "the page names the pipeline's modules in full"
    missing = sorted(named - set(module_names()))
    assert missing == []


def test_the_architecture_page_names_every_module_of_the_lint_path() -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    lint_path = [
        "cli", "settings", "config", "discovery", "engine", "file_lint", "source", "check",
        "fix_loop", "cache", "cache_codec", "cache_keys", "printed", "project_checks", "results",
        "output",
    ]  # fmt: skip
    assert [name for name in lint_path if f"`tkit_scaffold.{name}`" not in text] == []


def test_no_module_on_the_lint_path_is_over_four_hundred_lines() -> None:
    lint_path = [
        "cli", "settings", "config", "discovery", "engine", "file_lint", "source", "check",
        "fix_loop", "cache", "cache_codec", "cache_keys", "printed", "project_checks",
        "results", "suppressions", "registry", "diagnostics", "progress",
    ]  # fmt: skip
    sizes = {
        name: len((PACKAGE / f"{name}.py").read_text(encoding="utf-8").splitlines())
        for name in lint_path
    }
    assert {name: size for name, size in sizes.items() if size > 400} == {}

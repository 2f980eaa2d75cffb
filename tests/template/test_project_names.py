"""A render does not depend on what the project is called: with names that sort before,
among and after the kit's dependencies, each language's formatter accepts the rendered
code as it is, and Cargo accepts the rendered `Cargo.lock` without rewriting it."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tkit_scaffold.scaffold import render_project

RunFn = Callable[..., Any]

pytestmark = [pytest.mark.toolchain, pytest.mark.slow]

# Crate names (the project name in snake case) against the packages of the rendered
# Cargo.lock: before all of them, right after `proptest`, after `regex-syntax` (`-` sorts
# before `_`), among the serde crates, after all of them, and the very name of a package
# the kit depends on indirectly (`serde`: Cargo then names that package with its version
# wherever it is a dependency). The name of a direct dependency (`regex`) cannot build.
NAMES = (
    "Aardvark",
    "Demo Shop",
    "Proptest Kit",
    "Regex Tools",
    "Serde",
    "Serde Kit",
    "Shop",
    "Zoo",
)


@pytest.fixture(scope="module", params=NAMES, ids=lambda name: name.replace(" ", "_"))
def named_render(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    name: str = request.param
    destination = tmp_path_factory.mktemp("named") / name.lower().replace(" ", "-")
    return render_project(destination, ["rust", "python", "go"], {"project_name": name})


def test_rust_formatter_accepts_the_render(
    named_render: Path, toolchain: Callable[[str], str], run_checked: RunFn
) -> None:
    toolchain("cargo")
    run_checked(["cargo", "fmt", "--check"], cwd=named_render / "rust")


def test_cargo_keeps_the_rendered_lock_file(
    named_render: Path, toolchain: Callable[[str], str], run_checked: RunFn
) -> None:
    """`cargo metadata` resolves the dependencies exactly as the first `cargo test` does,
    and writes `Cargo.lock` back whenever what it resolved is written differently."""
    toolchain("cargo")
    lock = named_render / "rust" / "Cargo.lock"
    rendered = lock.read_bytes()
    run_checked(["cargo", "metadata", "--format-version", "1"], cwd=named_render / "rust")
    after = lock.read_bytes()
    assert after == rendered, _first_changed_line(rendered, after)


def test_python_and_go_formatters_accept_the_render(
    named_render: Path, toolchain: Callable[[str], str], run_checked: RunFn
) -> None:
    toolchain("ruff")
    toolchain("gofmt")
    python = named_render / "python"
    run_checked(["ruff", "check", "--no-cache", "."], cwd=python)
    run_checked(["ruff", "format", "--check", "--no-cache", "."], cwd=python)
    listed = run_checked(["gofmt", "-l", "."], cwd=named_render / "go").stdout
    assert listed == "", f"gofmt would rewrite:\n{listed}"


def _first_changed_line(before: bytes, after: bytes) -> str:
    old, new = before.decode().splitlines(), after.decode().splitlines()
    for number, (left, right) in enumerate(zip(old, new, strict=False), start=1):
        if left != right:
            return f"Cargo rewrote Cargo.lock from line {number}: {left!r} became {right!r}"
    return "Cargo rewrote Cargo.lock (lines added or removed at the end)"


def test_rendered_lock_lists_the_kit_where_cargo_sorts_it(named_render: Path) -> None:
    """Independent of any toolchain: the packages of the rendered lock are in Cargo's
    order (by name), the kit's own package included."""
    text = (named_render / "rust" / "Cargo.lock").read_text(encoding="utf-8")
    names = [line.split('"')[1] for line in text.splitlines() if line.startswith("name = ")]
    assert names == sorted(names)
    manifest = tomllib.loads((named_render / "rust" / "Cargo.toml").read_text(encoding="utf-8"))
    crate = manifest["package"]["name"]
    # The kit's own package: its name, the version of its manifest and no registry source
    # (a crate may share its name with a package from the registry, as `serde` does).
    own = f'[[package]]\nname = "{crate}"\nversion = "{manifest["package"]["version"]}"\ndep'
    assert text.count(own) == 1

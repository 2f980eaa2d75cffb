"""The rendered `Cargo.lock` does not depend on what the project is called: with crate
names that sort before, among and after the packages it lists, Cargo accepts it without
rewriting it (the formatters' side is in test_project_names.py)."""

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
def named_lock_render(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    name: str = request.param
    destination = tmp_path_factory.mktemp("named") / name.lower().replace(" ", "-")
    return render_project(destination, ["rust"], {"project_name": name})


def test_cargo_keeps_the_rendered_lock_file(
    named_lock_render: Path, toolchain: Callable[[str], str], run_checked: RunFn
) -> None:
    """`cargo metadata` resolves the dependencies exactly as the first `cargo test` does,
    and writes `Cargo.lock` back whenever what it resolved is written differently."""
    toolchain("cargo")
    lock = named_lock_render / "rust" / "Cargo.lock"
    rendered = lock.read_bytes()
    run_checked(["cargo", "metadata", "--format-version", "1"], cwd=named_lock_render / "rust")
    after = lock.read_bytes()
    assert after == rendered, _first_changed_line(rendered, after)


def _first_changed_line(before: bytes, after: bytes) -> str:
    old, new = before.decode().splitlines(), after.decode().splitlines()
    for number, (left, right) in enumerate(zip(old, new, strict=False), start=1):
        if left != right:
            return f"Cargo rewrote Cargo.lock from line {number}: {left!r} became {right!r}"
    return "Cargo rewrote Cargo.lock (lines added or removed at the end)"


def test_rendered_lock_lists_the_kit_where_cargo_sorts_it(named_lock_render: Path) -> None:
    """Independent of any toolchain: the packages of the rendered lock are in Cargo's
    order (by name), the kit's own package included."""
    text = (named_lock_render / "rust" / "Cargo.lock").read_text(encoding="utf-8")
    names = [line.split('"')[1] for line in text.splitlines() if line.startswith("name = ")]
    assert names == sorted(names)
    manifest = tomllib.loads(
        (named_lock_render / "rust" / "Cargo.toml").read_text(encoding="utf-8")
    )
    crate = manifest["package"]["name"]
    # The kit's own package: its name, the version of its manifest and no registry source
    # (a crate may share its name with a package from the registry, as `serde` does).
    own = f'[[package]]\nname = "{crate}"\nversion = "{manifest["package"]["version"]}"\ndep'
    assert text.count(own) == 1

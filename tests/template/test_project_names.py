"""A render does not depend on the project's name: names that sort before and after the
kits' dependencies (hypothesis, pgregory.net/rapid, proptest, regex, serde_json) give
projects whose formatters and manifests are as clean as the default one's."""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from tkit_scaffold.scaffold import LANGUAGES, render_project

pytestmark = pytest.mark.slow

NAMES = ["Aardvark", "Shop", "Zebra Zone", "Hypothesis Lab", "Pg Store"]


@pytest.fixture(scope="module", params=NAMES)
def project(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    destination = tmp_path_factory.mktemp("named") / "project"
    return render_project(destination, LANGUAGES, {"project_name": request.param})


def _clean(command: list[str], cwd: Path) -> None:
    completed = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    assert completed.returncode == 0 and completed.stdout.strip() == "", (
        f"`{' '.join(command)}`\n{completed.stdout}\n{completed.stderr}"
    )


def test_given_project_name_when_rendered_then_manifests_parse(project: Path) -> None:
    for manifest in ("tkit.toml", "python/pyproject.toml", "rust/Cargo.toml"):
        tomllib.loads((project / manifest).read_text(encoding="utf-8"))


def test_given_project_name_when_rendered_then_python_is_formatted(project: Path) -> None:
    ruff = shutil.which("ruff")
    assert ruff is not None
    _clean([ruff, "check", "--no-cache", "--quiet", "."], project / "python")
    _clean([ruff, "format", "--check", "--no-cache", "--quiet", "."], project / "python")


@pytest.mark.toolchain
def test_given_project_name_when_rendered_then_go_is_formatted(
    project: Path, toolchain: Callable[[str], str]
) -> None:
    _clean([toolchain("gofmt"), "-l", "."], project / "go")


@pytest.mark.toolchain
def test_given_project_name_when_rendered_then_rust_is_formatted(
    project: Path, toolchain: Callable[[str], str]
) -> None:
    _clean([toolchain("cargo"), "fmt", "--check"], project / "rust")

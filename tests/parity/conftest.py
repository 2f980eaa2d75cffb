"""A fresh render with all three languages, shared by the parity tests; each test gets
its own copy to mutate."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tkit_scaffold.scaffold import render_project


@pytest.fixture(scope="session")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Rendered once per session; never modified."""
    destination = tmp_path_factory.mktemp("parity") / "project"
    return render_project(destination, ["rust", "python", "go"], {"project_name": "Demo Shop"})


@pytest.fixture
def project(pristine: Path, tmp_path: Path) -> Path:
    """A copy of the render that the test may change."""
    copy = tmp_path / "project"
    shutil.copytree(pristine, copy, ignore=shutil.ignore_patterns("target", "__pycache__"))
    return copy


@pytest.fixture
def edit() -> Callable[[Path, str, str], None]:
    """Replace one exact text in a file, failing if it is not there exactly once."""

    def replace(path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
        path.write_text(text.replace(old, new), encoding="utf-8")

    return replace


@pytest.fixture(scope="session")
def toolchains() -> Callable[..., None]:
    """Skip unless every program is on PATH; under CI=true a missing one fails."""

    def need(*programs: str) -> None:
        missing = [program for program in programs if shutil.which(program) is None]
        if not missing:
            return
        reason = f"not on PATH: {', '.join(missing)}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason} (CI=true: a missing toolchain is a failure)")
        pytest.skip(reason)

    return need


@pytest.fixture(scope="session")
def cargo_env() -> dict[str, str]:
    """One cargo target folder for every build of these tests, kept between runs (the
    environment's CARGO_TARGET_DIR wins)."""
    if "CARGO_TARGET_DIR" in os.environ:
        return {}
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    target = Path(base) / "tkit-tests" / "cargo-target"
    target.mkdir(parents=True, exist_ok=True)
    return {"CARGO_TARGET_DIR": str(target)}

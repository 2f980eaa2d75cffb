from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="session")
def toolchain() -> Callable[[str], str]:
    """The path of a program; a missing one skips the test, or fails it under CI=true."""

    def find(program: str) -> str:
        found = shutil.which(program)
        if found is None:
            if os.environ.get("CI") == "true":
                pytest.fail(f"`{program}` is needed under CI but is not on PATH")
            pytest.skip(f"`{program}` is not installed")
        return found

    return find


@pytest.fixture(scope="session")
def cargo_target_dir() -> Path:
    """One target folder for every cargo build of these tests, kept between runs."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    target = Path(base) / "tkit-tests" / "cargo-target"
    target.mkdir(parents=True, exist_ok=True)
    return target


@pytest.fixture(scope="session")
def run() -> Run:
    """Runs a command and fails the test with its output when it fails."""

    def execute(
        command: list[str], cwd: Path, *, env: dict[str, str] | None = None, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        completed = subprocess.run(
            command,
            cwd=cwd,
            capture_output=True,
            text=True,
            env={**os.environ, "NO_COLOR": "1", **(env or {})},
            timeout=900,
            check=False,
        )
        if check and completed.returncode != 0:
            pytest.fail(
                f"{' '.join(command)} failed ({completed.returncode}) in {cwd}:\n"
                f"{completed.stdout[-4000:]}\n{completed.stderr[-4000:]}"
            )
        return completed

    return execute

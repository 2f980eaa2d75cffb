from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


Runner = Callable[..., Result]


@pytest.fixture
def tkit_lint(tmp_path: Path) -> Runner:
    """Runs the real `tkit-lint` command in a fresh process, inside ``tmp_path``."""

    def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Result:
        environment = {**os.environ, "NO_COLOR": "1", **(env or {})}
        completed = subprocess.run(
            [sys.executable, "-m", "tkit_scaffold", *args],
            cwd=cwd or tmp_path,
            capture_output=True,
            text=True,
            env=environment,
            timeout=300,
            check=False,
        )
        return Result(completed.returncode, completed.stdout, completed.stderr)

    return run

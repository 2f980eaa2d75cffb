from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def tkit_lint(tmp_path: Path) -> Run:
    """The real `tkit-lint` command in a fresh process, run inside ``tmp_path``."""

    def run(
        *args: str, prefix: tuple[str, ...] = (), timeout: float = 300
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*prefix, sys.executable, "-m", "tkit_scaffold", *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            env={**os.environ, "NO_COLOR": "1"},
        )

    return run


# One passing test's line of a result stream, as the kits write it for `tkit report`.
STREAM_LINE = {
    "schema": 1,
    "language": "python",
    "file": "tests/test_cart.py",
    "test": "test_total",
    "scenario": "total",
    "status": "passed",
    "duration_ms": 1.0,
    "started_at": "2026-12-02T05:00:00.123Z",
    "commit": "c0ffee0000000000000000000000000000000001",
    "steps": [],
    "failure": None,
}


def run_module(
    module: str, cwd: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """``python -m module args`` in ``cwd``, its output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env=env,
    )

"""tkit-lint on real suites no one here wrote: it must never crash (exit 2) on them.

The suites come through the package registries (see benchmarks/corpus.py): pandas' own
tests from its wheel, Rust crates from crates.io, Go modules from the module proxy.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus  # noqa: E402

pytestmark = pytest.mark.slow


def lint(path: Path) -> tuple[int, list[dict[str, object]], str]:
    completed = subprocess.run(
        [sys.executable, "-m", "tkit_scaffold", "--format", "json", "--jobs", "2", str(path)],
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    return completed.returncode, json.loads(completed.stdout or "[]"), completed.stderr


def need(tool: str) -> None:
    if shutil.which(tool) is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{tool} is required under CI=true but is not installed")
        pytest.skip(f"{tool} is not installed")


@pytest.mark.parametrize(
    ("fetch", "tool", "suffix", "least_files"),
    [
        (corpus.pandas_tests, None, ".py", 1000),
        (corpus.rust_sources, "cargo", ".rs", 100),
        (corpus.go_sources, "go", "_test.go", 100),
    ],
    ids=["pandas", "rust-crates", "go-modules"],
)
def test_real_suite_never_crashes_the_linter(
    fetch: Callable[[], Path], tool: str | None, suffix: str, least_files: int
) -> None:
    if tool:
        need(tool)
    suite = fetch()
    files = [path for path in suite.rglob(f"*{suffix}") if path.is_file()]
    assert len(files) >= least_files
    returncode, items, stderr = lint(suite)
    assert returncode in (0, 1), stderr[-4000:]
    assert "internal error" not in stderr
    codes = Counter(str(item["code"]) for item in items)
    assert codes, "a real suite written without the kit must give findings"
    # Parse errors are rare and real: each names a position inside its file.
    for item in items:
        if item["code"] == "TK000":
            assert int(str(item["line"])) >= 1
    assert codes["TK000"] <= len(files) // 20, codes

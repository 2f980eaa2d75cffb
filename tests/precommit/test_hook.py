"""The repository's pre-commit hooks, run by the real `pre-commit` with `try-repo`.

`pre-commit try-repo` clones the repository at a revision; for a local repository with
uncommitted changes it commits them to a temporary clone first (a dirty tree is tried as
it is on disk). To test the working tree whatever the state of git, the test copies the
files the hook needs into a fresh git repository and commits them there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRE_COMMIT = shutil.which("pre-commit")
COPIED = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "src", "rules", "template")
COPIED_FILES = ("copier.yml", "LICENSE")


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        timeout=120,
    )


def _hook_repo(destination: Path) -> Path:
    destination.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".mypy_cache", "*.egg-info")
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=ignore)
        else:
            shutil.copy2(source, destination / name)
    for name in COPIED_FILES:
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, destination / name)
    _git(destination, "init", "-q")
    _git(destination, "add", "-A")
    _git(destination, "commit", "-q", "-m", "hooks")
    return destination


def _sample_repo(destination: Path, body: str) -> Path:
    destination.mkdir()
    (destination / "test_cart.py").write_text(
        "from testingkit import assert_that, eq, then\n\n\n"
        f"def test_when_item_added_then_total_is_its_price():\n    then('the total')\n{body}"
    )
    _git(destination, "init", "-q")
    _git(destination, "add", "-A")
    _git(destination, "commit", "-q", "-m", "sample")
    return destination


@pytest.mark.slow
def test_try_repo_passes_clean_tests_and_fails_foreign_assertions(tmp_path: Path) -> None:
    if PRE_COMMIT is None:
        if os.environ.get("CI") == "true":
            pytest.fail("pre-commit is not installed (the `test` extra installs it)")
        pytest.skip("pre-commit is not installed")
    hooks = _hook_repo(tmp_path / "hooks")
    environment = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PYTHONPATH": "",
    }

    def try_repo(sample: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [PRE_COMMIT, "try-repo", str(hooks), "tkit-lint", "--all-files"],
            cwd=sample,
            capture_output=True,
            text=True,
            env=environment,
            timeout=900,
            check=False,
        )

    clean = _sample_repo(tmp_path / "clean", "    assert_that(1 + 1, eq(2))\n")
    passed = try_repo(clean)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout

    foreign = _sample_repo(tmp_path / "foreign", "    assert 1 + 1 == 2\n")
    failed = try_repo(foreign)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "TK301" in failed.stdout and "Failed" in failed.stdout

"""`copier update` from an earlier template version gives the same tree as a fresh copy."""

from __future__ import annotations

import filecmp
import shutil
import subprocess
from pathlib import Path

import copier
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
JUNK = shutil.ignore_patterns(
    ".git", "target", "__pycache__", "*.py[co]", ".pytest_cache", ".ruff_cache", ".hypothesis"
)
DATA = {"project_name": "Demo Shop", "languages": ["rust", "python", "go"]}


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True)


def _commit_all(repo: Path, message: str) -> None:
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "--no-verify", "-m", message)


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".git" not in path.relative_to(root).parts
    }


@pytest.fixture
def template_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The template in a git repository with two tags: v1 as is, v2 with a small change."""
    for variable, value in {
        "GIT_AUTHOR_NAME": "Template Tests",
        "GIT_AUTHOR_EMAIL": "tests@example.com",
        "GIT_COMMITTER_NAME": "Template Tests",
        "GIT_COMMITTER_EMAIL": "tests@example.com",
    }.items():
        monkeypatch.setenv(variable, value)
    repo = tmp_path / "template-repo"
    repo.mkdir()
    shutil.copy(REPO_ROOT / "copier.yml", repo / "copier.yml")
    shutil.copytree(REPO_ROOT / "template", repo / "template", ignore=JUNK)
    _git(repo, "init", "-q", "-b", "main")
    _commit_all(repo, "v1")
    _git(repo, "tag", "v1")
    writing = repo / "template" / "docs" / "writing-tests.md"
    writing.write_text(
        writing.read_text(encoding="utf-8") + "\nA line added in v2.\n", encoding="utf-8"
    )
    (repo / "template" / "docs" / "changelog.md.jinja").write_text(
        "# {{ project_name }}: changes\n\n- v2: a changelog page.\n", encoding="utf-8"
    )
    _commit_all(repo, "v2")
    _git(repo, "tag", "v2")
    return repo


@pytest.mark.slow
def test_given_v1_project_when_updated_to_v2_then_tree_equals_fresh_v2_copy(
    template_repo: Path, tmp_path: Path
) -> None:
    updated = tmp_path / "updated"
    copier.run_copy(
        str(template_repo),
        str(updated),
        data=DATA,
        vcs_ref="v1",
        defaults=True,
        unsafe=False,
        quiet=True,
    )
    assert not (updated / "docs" / "changelog.md").exists()
    _git(updated, "init", "-q", "-b", "main")
    _commit_all(updated, "render v1")

    copier.run_update(
        str(updated), vcs_ref="v2", defaults=True, overwrite=True, unsafe=False, quiet=True
    )
    fresh = tmp_path / "fresh"
    copier.run_copy(
        str(template_repo),
        str(fresh),
        data=DATA,
        vcs_ref="v2",
        defaults=True,
        unsafe=False,
        quiet=True,
    )

    updated_files, fresh_files = _snapshot(updated), _snapshot(fresh)
    assert sorted(updated_files) == sorted(fresh_files)
    differing = [name for name in fresh_files if updated_files[name] != fresh_files[name]]
    assert differing == []
    assert "A line added in v2." in (updated / "docs" / "writing-tests.md").read_text(
        encoding="utf-8"
    )
    assert filecmp.cmp(updated / "docs" / "changelog.md", fresh / "docs" / "changelog.md")

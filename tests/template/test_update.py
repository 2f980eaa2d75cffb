"""`copier update` from an earlier template version gives the same tree as a fresh copy."""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
from pathlib import Path

import copier
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
JUNK = shutil.ignore_patterns(
    ".git", "target", "__pycache__", "*.py[co]", ".pytest_cache", ".ruff_cache", ".hypothesis"
)
TKIT = "import sys; from tkit_scaffold.cli import tkit_main; sys.exit(tkit_main())"
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


def _tagged_template_checkout(repo: Path, tag: str) -> Path:
    """This checkout's template, committed in a new git repository and tagged."""
    repo.mkdir()
    shutil.copy(REPO_ROOT / "copier.yml", repo / "copier.yml")
    shutil.copytree(REPO_ROOT / "template", repo / "template", ignore=JUNK, symlinks=True)
    _git(repo, "init", "-q", "-b", "main")
    _commit_all(repo, tag)
    _git(repo, "tag", tag)
    return repo


@pytest.fixture
def git_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commits need an author; the machine's git configuration may have none."""
    for variable, value in {
        "GIT_AUTHOR_NAME": "Template Tests",
        "GIT_AUTHOR_EMAIL": "tests@example.com",
        "GIT_COMMITTER_NAME": "Template Tests",
        "GIT_COMMITTER_EMAIL": "tests@example.com",
    }.items():
        monkeypatch.setenv(variable, value)


@pytest.fixture
def template_repo(tmp_path: Path, git_identity: None) -> Path:
    """The template in a git repository with two tags: v1 as is, v2 with a small change."""
    repo = _tagged_template_checkout(tmp_path / "template-repo", "v1")
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


@pytest.mark.slow
def test_given_tkit_new_render_with_edits_when_updated_to_next_tag_then_edits_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, git_identity: None
) -> None:
    """The bundled render records the canonical source and its release tag, so
    `copier update` fetches both versions from there and merges without a conflict."""
    from tkit_scaffold import __version__

    # The canonical repository, as it stands at this release and at the next one.
    canonical = _tagged_template_checkout(tmp_path / "canonical", f"v{__version__}")
    writing = canonical / "template" / "docs" / "writing-tests.md"
    writing.write_text(writing.read_text(encoding="utf-8") + "\nNew in the next release.\n")
    _commit_all(canonical, "next release")
    _git(canonical, "tag", "v99.0.0")

    monkeypatch.setenv("TKIT_TEMPLATE_SOURCE", str(canonical))
    new = subprocess.run(
        [sys.executable, "-c", TKIT, "new", "shop", "--lang", "python,go"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert new.returncode == 0, new.stderr
    project = tmp_path / "shop"
    _git(project, "init", "-q", "-b", "main")
    _commit_all(project, "rendered")
    # The user's edits: a README of their own, a new scenario, a changed kit setting.
    (project / "README.md").write_text("# Shop\n\nOur own words.\n", encoding="utf-8")
    cart_test = project / "python" / "tests" / "test_cart.py"
    ours = cart_test.read_text(encoding="utf-8") + "\n\ndef test_when_ours_then_kept():\n"
    cart_test.write_text(ours + "    pass\n", encoding="utf-8")
    tkit_toml = project / "tkit.toml"
    tkit_toml.write_text(
        tkit_toml.read_text(encoding="utf-8").replace("ignore = []", 'ignore = ["TK401"]')
    )
    _commit_all(project, "our edits")

    copier.run_update(str(project), defaults=True, overwrite=True, unsafe=False, quiet=True)

    assert "New in the next release." in (project / "docs" / "writing-tests.md").read_text(
        encoding="utf-8"
    )
    assert (project / "README.md").read_text(encoding="utf-8") == "# Shop\n\nOur own words.\n"
    assert "def test_when_ours_then_kept():" in cart_test.read_text(encoding="utf-8")
    assert 'ignore = ["TK401"]' in tkit_toml.read_text(encoding="utf-8")
    leftovers = [path.name for path in project.rglob("*") if path.suffix in {".rej", ".orig"}]
    assert leftovers == []
    conflicted = subprocess.run(
        ["git", "grep", "-l", "-e", "^<<<<<<< ", "-e", "^>>>>>>> "],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert conflicted.stdout == ""
    answers = (project / ".copier-answers.yml").read_text(encoding="utf-8")
    assert "_commit: v99.0.0" in answers and f"_src_path: {canonical}" in answers

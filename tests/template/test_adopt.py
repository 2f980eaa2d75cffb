"""Adoption on small hand-made repositories: what the manifest edits keep, what Copier
alone does, and how a repository that cannot be adopted is refused."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tomllib
import warnings
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import copier
import pytest

from tkit_scaffold.errors import ScaffoldError
from tkit_scaffold.scaffold import new_project

REPO_ROOT = Path(__file__).resolve().parents[2]

PYPROJECT = """\
# Our project: the comments and layout of this file are ours.
[project]
name = "ours"
version = "1.0"
dependencies = ["attrs"]  # runtime

[dependency-groups]
dev = [
    "Pytest>=7",  # already here, under another spelling
]

[tool.pytest.ini_options]
testpaths = ["tests"]
"""

CONFTEST = """\
import pytest

CONFIGURED = []


def pytest_configure(config):
    CONFIGURED.append("ours")
"""


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_given_pyproject_with_dev_group_when_adopted_then_only_missing_lines_added(
    tmp_path: Path,
) -> None:
    _write(
        tmp_path,
        {
            "pyproject.toml": PYPROJECT,
            "tests/conftest.py": CONFTEST,
            "tests/test_ours.py": "from conftest import CONFIGURED\n\n\n"
            "def test_ours_configured():\n    assert CONFIGURED == ['ours']\n",
            "tkit.toml": 'select = ["TK1"]\n',
        },
    )
    result = new_project(tmp_path, ["python"], {"project_name": "Ours"}, adopt=True)

    text = (tmp_path / "pyproject.toml").read_text(encoding="utf-8")
    assert text == PYPROJECT.replace(
        '    "Pytest>=7",  # already here, under another spelling\n',
        '    "Pytest>=7",  # already here, under another spelling\n    "hypothesis>=6.100",\n',
    )
    assert result.edits[0] == "pyproject.toml: hypothesis>=6.100 added to [dependency-groups] dev"
    assert "tkit.toml" in result.kept  # the project's own settings stay
    assert (tmp_path / "tkit.toml").read_text(encoding="utf-8") == 'select = ["TK1"]\n'
    assert "tkit.toml" not in result.added
    assert all(path.startswith("testingkit/") for path in result.added)
    conftest = (tmp_path / "tests" / "conftest.py").read_text(encoding="utf-8")
    assert conftest.startswith(CONFTEST)
    # Both the project's hook and the kit's run; the kit imports in a test of the project.
    _write(
        tmp_path,
        {
            "tests/test_kit.py": "from testingkit import assert_that, eq\n\n\n"
            "def test_kit_imports():\n    assert_that(1 + 1, eq(2))\n"
        },
    )
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 passed" in run.stdout
    # Adopting again adds nothing twice.
    again = new_project(tmp_path, ["python"], {"project_name": "Ours"}, adopt=True)
    assert again.edits == () and again.added == ()
    assert (tmp_path / "tests" / "conftest.py").read_text(encoding="utf-8") == conftest


def test_given_pyproject_without_test_group_when_adopted_then_a_test_group_is_made(
    tmp_path: Path,
) -> None:
    _write(tmp_path, {"pyproject.toml": '[project]\nname = "ours"\nversion = "1"\n'})
    result = new_project(tmp_path, ["python"], {"project_name": "Ours"}, adopt=True)
    parsed = tomllib.loads((tmp_path / "pyproject.toml").read_text(encoding="utf-8"))
    assert parsed["dependency-groups"]["test"] == ["hypothesis>=6.100", "pytest>=8"]
    assert "tests/conftest.py: created, with the kit's import path and plugin" in result.edits


def test_given_workspace_with_glob_members_when_adopted_then_no_duplicate_member(
    tmp_path: Path,
) -> None:
    manifest = '[workspace]\nmembers = ["crates/*", "testingkit/*"]\n'
    _write(tmp_path, {"Cargo.toml": manifest})
    result = new_project(tmp_path, ["rust"], {"project_name": "Ours"}, adopt=True)
    parsed = tomllib.loads((tmp_path / "Cargo.toml").read_text(encoding="utf-8"))
    assert parsed["workspace"]["members"] == ["crates/*", "testingkit/*"]
    assert parsed["workspace"]["dependencies"]["testingkit"] == {"path": "testingkit/rust"}
    assert not any("members" in edit for edit in result.edits)


@pytest.mark.parametrize(
    ("files", "languages", "advice"),
    [
        pytest.param({}, ["go"], "go has no go.mod", id="no-go-mod"),
        pytest.param({"go.mod": "module example.com/x\n"}, ["rust"], "--lang go", id="wrong-lang"),
        pytest.param({"pyproject.toml": "[project\n"}, ["python"], "cannot read", id="bad-toml"),
        pytest.param(
            {"pyproject.toml": "", "testingkit/notes.txt": "ours"},
            ["python"],
            "was not made by TestingKit",
            id="foreign-testingkit-folder",
        ),
    ],
)
def test_given_repository_that_cannot_be_adopted_when_asked_then_refused_untouched(
    tmp_path: Path, files: dict[str, str], languages: list[str], advice: str
) -> None:
    _write(tmp_path, files)
    before = sorted(path.name for path in tmp_path.iterdir())
    with pytest.raises(ScaffoldError, match=advice.replace("-", r"\-")):
        new_project(tmp_path, languages, {"project_name": "Ours"}, adopt=True)
    assert sorted(path.name for path in tmp_path.iterdir()) == before


def test_given_plain_copier_copy_with_adopt_layout_then_only_files_added_and_lines_printed(
    tmp_path: Path,
) -> None:
    """Without `tkit`, Copier adds files and prints the manifest lines; it edits nothing."""
    template = tmp_path / "template-source"
    template.mkdir()
    shutil.copy(REPO_ROOT / "copier.yml", template / "copier.yml")
    shutil.copytree(REPO_ROOT / "template", template / "template", symlinks=True)
    repository = tmp_path / "ours"
    _write(repository, {"pyproject.toml": PYPROJECT, "README.md": "# Ours\n"})
    output = io.StringIO()
    with warnings.catch_warnings(), redirect_stdout(output), redirect_stderr(output):
        warnings.simplefilter("ignore")
        copier.run_copy(
            str(template),
            str(repository),
            data={"project_name": "Ours", "layout": "adopt", "languages": ["python", "go"]},
            defaults=True,
            unsafe=False,
        )
    assert (repository / "pyproject.toml").read_text(encoding="utf-8") == PYPROJECT
    assert (repository / "README.md").read_text(encoding="utf-8") == "# Ours\n"
    top = sorted(path.name for path in repository.iterdir())
    assert top == [".copier-answers.yml", "README.md", "pyproject.toml", "testingkit", "tkit.toml"]
    assert not (repository / "testingkit" / "go" / "go.mod").exists()
    printed = output.getvalue()
    assert '"hypothesis>=6.100" and "pytest>=8"' in printed
    assert "go get pgregory.net/rapid@v1.2.0" in printed
    settings = tomllib.loads((repository / "tkit.toml").read_text(encoding="utf-8"))
    assert settings["parity"]["kits"]["python"] == "testingkit/python/src/testingkit/__init__.py"
    assert settings["parity"]["groups"][0]["go"] == "testingkit/go/cart/cart_test.go"


@pytest.mark.toolchain
def test_given_go_module_and_pyproject_when_adopted_then_both_kits_are_wired(
    tmp_path: Path, toolchain: Callable[[str], str]
) -> None:
    go = toolchain("go")
    go_mod = "module example.com/ours\n\ngo 1.22\n"
    pyproject = '[project]\nname = "ours"\nversion = "1"\n'
    files = {"go.mod": go_mod, "ours.go": "package ours\n", "pyproject.toml": pyproject}
    _write(tmp_path, files)
    # Both manifests at the root: both kits, each wired into its own.
    result = new_project(tmp_path, ["python", "go"], {"project_name": "Ours"}, adopt=True)
    assert any(edit.startswith("pyproject.toml: ") for edit in result.edits)
    assert (tmp_path / "testingkit" / "python" / "src" / "testingkit").is_dir()
    assert "go.mod: require pgregory.net/rapid v1.2.0 (go get)" in result.edits
    # The Ginkgo examples need go 1.23: left out, with the reason, to keep go 1.22.
    assert any("github.com/onsi/ginkgo/v2, which needs go 1.23" in note for note in result.notes)
    assert not (tmp_path / "testingkit" / "go" / "cart" / "cart_suite_test.go").exists()
    cart_test = (tmp_path / "testingkit" / "go" / "cart" / "cart_test.go").read_text("utf-8")
    assert 'tk "example.com/ours/testingkit/go/testingkit"' in cart_test
    listed = subprocess.run(
        [go, "list", "./..."], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert listed.returncode == 0, listed.stderr
    assert "example.com/ours/testingkit/go/testingkit" in listed.stdout.split()
    assert "go 1.22" in (tmp_path / "go.mod").read_text(encoding="utf-8")

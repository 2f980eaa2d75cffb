"""`tkit new` renders the bundled template offline, and the result lints clean."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml


def tkit(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from tkit_scaffold.cli import tkit_main; sys.exit(tkit_main())",
            *args,
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )


@pytest.mark.slow
def test_new_renders_the_chosen_languages_and_lints_clean(tmp_path: Path) -> None:
    result = tkit("new", "shop", "--lang", "python,go", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    project = tmp_path / "shop"
    assert (project / "python").is_dir() and (project / "go").is_dir()
    assert not (project / "rust").exists()
    answers = (project / ".copier-answers.yml").read_text(encoding="utf-8")
    assert "project_name: Shop" in answers
    lint = tkit("lint", str(project), cwd=tmp_path)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    # Linting the whole project also runs the project rules: a kit losing a name is TK501.
    matchers = project / "go" / "testingkit" / "matchers_strings.go"
    matchers.write_text(
        matchers.read_text(encoding="utf-8").replace("func IsBlank(", "func isBlankGone("),
        encoding="utf-8",
    )
    broken = tkit("lint", str(project), cwd=tmp_path)
    assert broken.returncode == 1
    assert "TK501 [api-parity] the go kit lacks the matcher `is_blank`" in broken.stdout
    only_go = tkit("lint", str(project / "go"), cwd=tmp_path)
    assert "TK501" not in only_go.stdout  # a part of the project is not the project


def test_new_refuses_an_unknown_language_with_the_choices(tmp_path: Path) -> None:
    result = tkit("new", "shop", "--lang", "java", cwd=tmp_path)
    assert result.returncode == 2
    assert "rust, python, go" in result.stderr
    assert not (tmp_path / "shop").exists()


def test_new_refuses_a_bad_answer_and_says_what_to_type(tmp_path: Path) -> None:
    result = tkit("new", "shop", "--lang", "rust", "--data", "rust_crate=fn", cwd=tmp_path)
    assert result.returncode == 2
    assert "rust_crate" in result.stderr or "crate" in result.stderr
    assert "Traceback" not in result.stderr


def test_new_refuses_malformed_data(tmp_path: Path) -> None:
    result = tkit("new", "shop", "--data", "novalue", cwd=tmp_path)
    assert result.returncode == 2
    assert "KEY=VALUE" in result.stderr


def test_new_into_a_folder_with_files_refuses_and_says_what_to_type(tmp_path: Path) -> None:
    project = tmp_path / "shop"
    project.mkdir()
    (project / "notes.txt").write_text("ours\n", encoding="utf-8")
    result = tkit("new", "shop", "--lang", "go", cwd=tmp_path)
    assert result.returncode == 2
    assert "is not empty" in result.stderr and "notes.txt" in result.stderr
    assert "tkit new --into shop" in result.stderr and "--force" in result.stderr
    assert sorted(path.name for path in project.iterdir()) == ["notes.txt"]


@pytest.mark.slow
def test_new_with_force_keeps_the_projects_own_files_and_names_them(tmp_path: Path) -> None:
    project = tmp_path / "shop"
    project.mkdir()
    (project / "README.md").write_text("# ours\n", encoding="utf-8")
    result = tkit("new", "shop", "--lang", "go", "--force", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "kept as they were" in result.stdout and "    README.md\n" in result.stdout
    assert (project / "README.md").read_text(encoding="utf-8") == "# ours\n"
    assert (project / "go" / "go.mod").is_file()


def test_new_refuses_an_unknown_data_key_with_the_questions(tmp_path: Path) -> None:
    result = tkit("new", "shop", "--data", "licence=MIT", cwd=tmp_path)
    assert result.returncode == 2
    assert "no question 'licence'" in result.stderr
    assert "license" in result.stderr and "project_name" in result.stderr
    assert not (tmp_path / "shop").exists()


def test_new_points_languages_in_data_to_the_lang_flag(tmp_path: Path) -> None:
    result = tkit("new", "shop", "--data", "languages=rust", cwd=tmp_path)
    assert result.returncode == 2
    assert "--lang rust" in result.stderr
    assert "Traceback" not in result.stderr


def test_new_help_describes_the_command_and_adoption(tmp_path: Path) -> None:
    result = tkit("new", "--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "Render a TestingKit project" in result.stdout
    assert "tkit new --into ." in result.stdout and "Exit status" in result.stdout


def test_new_refuses_a_too_long_name_naming_the_question_without_traceback(
    tmp_path: Path,
) -> None:
    result = tkit("new", "shop", "--lang", "go", "--name", "A" * 300, cwd=tmp_path)
    assert result.returncode == 2
    assert "question `project_name` was refused" in result.stderr
    assert "at most 100 characters" in result.stderr
    assert "Traceback" not in result.stderr and "File name too long" not in result.stderr
    assert not (tmp_path / "shop").exists()


@pytest.mark.slow
def test_new_records_the_canonical_source_and_release_tag(tmp_path: Path) -> None:
    from tkit_scaffold import __version__
    from tkit_scaffold.scaffold import TEMPLATE_SOURCE

    result = tkit("new", "shop", "--lang", "go", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    answers = yaml.safe_load((tmp_path / "shop" / ".copier-answers.yml").read_text("utf-8"))
    assert answers["_src_path"] == TEMPLATE_SOURCE
    assert answers["_commit"] == f"v{__version__}"
    wheel = f"tools/tkit_scaffold-{__version__}-py3-none-any.whl"
    assert answers["tkit_requirement"] == f"./{wheel}"
    assert (tmp_path / "shop" / wheel).is_file()


@pytest.mark.slow
def test_new_without_examples_leaves_out_the_cart_suites_and_the_kit_suite_passes(
    tmp_path: Path,
) -> None:
    result = tkit("new", "shop", "--lang", "python,go", "--no-examples", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    project = tmp_path / "shop"
    assert list((project / "python" / "tests").glob("test_cart*.py")) == []
    assert not (project / "python" / "src" / "shop" / "cart.py").exists()
    assert not (project / "go" / "cart").exists()
    assert (project / "python" / "tests" / "test_matchers.py").is_file()  # the kit's own
    settings = tomllib.loads((project / "tkit.toml").read_text(encoding="utf-8"))
    assert "groups" not in settings["parity"]
    kit_suite = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=project / "python",
        capture_output=True,
        text=True,
        check=False,
        env={key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")},
    )
    assert kit_suite.returncode == 0, kit_suite.stdout + kit_suite.stderr


@pytest.mark.slow
def test_new_into_a_fresh_clone_with_only_git_renders(tmp_path: Path) -> None:
    (tmp_path / "shop" / ".git").mkdir(parents=True)
    result = tkit("new", "shop", "--lang", "go", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "shop" / "go" / "go.mod").is_file()


def test_new_points_a_layout_answer_to_the_into_flag(tmp_path: Path) -> None:
    result = tkit("new", "shop", "--data", "layout=adopt", cwd=tmp_path)
    assert result.returncode == 2
    assert "tkit new --into DIR" in result.stderr
    assert not (tmp_path / "shop").exists()

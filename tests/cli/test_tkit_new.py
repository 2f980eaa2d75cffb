"""`tkit new` renders the bundled template offline, and the result lints clean."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


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

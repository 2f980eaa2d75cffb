"""`tkit parity` checks the project that holds the folder it is given (the nearest
`tkit.toml` above it), refuses outside a project, and runs the Python cases with the
project's own interpreter, never silently with tkit's."""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tkit_scaffold.cli import run_tkit, tkit_main
from tkit_scaffold.model import Language
from tkit_scaffold.parity import ProjectNotFoundError, check_parity, find_project_root
from tkit_scaffold.parity.conformance import ConformanceError, project_python

Edit = Callable[[Path, str, str], None]

PYTHON_ALONE = "\n[parity.kits]\nrust = 'absent/lib.rs'\ngo = 'absent/testingkit'\n"


def _tkit(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_tkit(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def _two_gaps(project: Path, edit: Edit) -> None:
    """A matcher gone from the Go kit (TK501) and a scenario renamed in Python (TK502)."""
    strings = project / "go" / "testingkit" / "matchers_strings.go"
    edit(strings, "func IsBlank() Matcher {", "func isBlank() Matcher {")
    edit(
        project / "python" / "tests" / "test_cart.py",
        "def test_given_cart_when_discount_applied_then_total_is_reduced(",
        "def test_given_cart_when_discount_applied_then_total_is_lower(",
    )


def test_parity_run_in_a_sub_folder_checks_the_whole_project(
    project: Path, edit: Edit, monkeypatch: pytest.MonkeyPatch
) -> None:
    _two_gaps(project, edit)
    monkeypatch.chdir(project / "python")
    code, out, err = _tkit("parity", "--no-conformance")
    assert code == 1, out + err
    assert "no gaps" not in out
    assert "matcher is_blank" in out
    assert "then_total_is_lower" in out and "then_total_is_reduced" in out
    for language in ("python", "rust", "go"):
        assert f"{language}: " in out


def test_sub_folder_given_as_argument_finds_the_root(project: Path) -> None:
    assert find_project_root(project / "go" / "testingkit") == project
    assert find_project_root(project) == project
    report = check_parity(project / "rust" / "src", conformance=False)
    assert report.root == project
    assert report.languages == (Language.PYTHON, Language.RUST, Language.GO)


def test_empty_folder_is_refused_with_exit_two(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    code = tkit_main(["parity", str(empty)])
    captured = capsys.readouterr()
    assert code == 2
    assert "100%" not in captured.out
    assert "no tkit.toml in" in captured.err and "tkit new" in captured.err
    with pytest.raises(ProjectNotFoundError):
        check_parity(empty, conformance=False)


def test_missing_folder_is_refused_with_exit_two(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = tkit_main(["parity", str(tmp_path / "nowhere")])
    assert code == 2
    assert "no such folder" in capsys.readouterr().err


def test_project_without_any_kit_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "tkit.toml").write_text('select = ["TK"]\n', encoding="utf-8")
    code = tkit_main(["parity", str(tmp_path), "--no-conformance"])
    captured = capsys.readouterr()
    assert code == 2
    assert "100%" not in captured.out
    assert "no kit found" in captured.err and "[parity.kits]" in captured.err


def test_help_has_a_description_and_no_doubled_percent_sign(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        tkit_main(["parity", "--help"])
    assert exited.value.code == 0
    text = capsys.readouterr().out
    assert "%%" not in text
    assert "vocabulary" in text and "crosslang/cases" in text
    assert "nearest folder at or above DIR holding tkit.toml" in " ".join(text.split())
    assert "--python PATH" in text


# ---------------------------------------------------------------------------- interpreter


def _fake_python(environment: Path) -> Path:
    python = environment / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text("#!/bin/sh\n", encoding="utf-8")
    python.chmod(0o755)
    return python


def test_project_venv_wins_over_the_active_one_and_path(tmp_path: Path) -> None:
    root = tmp_path / "project"
    project = root / "python"
    project.mkdir(parents=True)
    active = _fake_python(tmp_path / "active")
    on_path = _fake_python(tmp_path / "elsewhere")
    environ = {"VIRTUAL_ENV": str(tmp_path / "active"), "PATH": str(on_path.parent)}
    on_path.rename(on_path.parent / "python3")

    found = project_python(project, root, {"PATH": str(on_path.parent)})
    assert found is not None and found.path == str(on_path.parent / "python3")
    found = project_python(project, root, environ)
    assert found is not None and found.path == str(active)
    at_root = _fake_python(root / ".venv")
    found = project_python(project, root, environ)
    assert found is not None and found.path == str(at_root)
    beside = _fake_python(project / "venv")
    found = project_python(project, root, environ)
    assert found is not None and found.path == str(beside)
    assert "virtual environment" in found.source


def test_no_interpreter_at_all_is_none(tmp_path: Path) -> None:
    assert project_python(tmp_path, tmp_path, {"PATH": str(tmp_path)}) is None


def test_venv_above_the_project_root_is_not_used(tmp_path: Path) -> None:
    _fake_python(tmp_path / ".venv")
    root = tmp_path / "project"
    root.mkdir()
    assert project_python(root, root, {"PATH": ""}) is None


@pytest.fixture
def python_alone(project: Path) -> Path:
    """The project, its parity limited to the Python kit (no cargo or go build)."""
    config = project / "tkit.toml"
    config.write_text(config.read_text(encoding="utf-8") + PYTHON_ALONE, encoding="utf-8")
    return project


def _venv(folder: Path, *options: str) -> Path:
    subprocess.run([sys.executable, "-m", "venv", *options, str(folder)], check=True)
    return folder / "bin" / "python"


@pytest.mark.skipif(sys.platform == "win32", reason="the venv layout checked is POSIX's")
def test_cases_run_with_the_projects_own_venv(python_alone: Path) -> None:
    venv_python = _venv(
        python_alone / "python" / ".venv", "--system-site-packages", "--without-pip"
    )
    report = check_parity(python_alone)
    assert report.conformance is not None
    (run,) = report.conformance.runs
    assert run.command.startswith(f"{venv_python} -m pytest"), run.command
    assert report.ok, report.conformance.problems


@pytest.mark.skipif(sys.platform == "win32", reason="the venv layout checked is POSIX's")
def test_venv_without_pytest_is_a_clear_error(
    python_alone: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    venv_python = _venv(python_alone / "python" / ".venv", "--without-pip")
    with pytest.raises(ConformanceError, match="pytest is not installed"):
        check_parity(python_alone)
    code = tkit_main(["parity", str(python_alone)])
    err = capsys.readouterr().err
    assert code == 2
    assert str(venv_python) in err and "virtual environment" in err
    assert "--no-conformance" in err and "Traceback" not in err


def test_python_option_picks_the_interpreter(
    python_alone: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no-such-python"
    code = tkit_main(["parity", str(python_alone), "--python", str(missing)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"`{missing}` is not an executable file" in err
    code = tkit_main(["parity", str(python_alone), "--python", sys.executable])
    assert code == 0, capsys.readouterr()

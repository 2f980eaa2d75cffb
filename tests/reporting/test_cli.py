"""`tkit report` end to end through its command line: outputs, exit codes, history."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tkit_scaffold.reporting.cli import EXIT_CLEAN, EXIT_ERROR, EXIT_FAILED, main, run_report

GO_PROFILE = (
    "mode: set\nexample.com/shop/cart.go:3.20,5.2 2 1\nexample.com/shop/cart.go:7.20,9.2 2 0\n"
)


def _report(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_report([str(arg) for arg in argv], out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs in its own folder, so the default history lands there."""
    monkeypatch.chdir(tmp_path)


def test_given_passing_runs_when_reported_then_exit_0_and_all_outputs_written(
    line: Any, write_run: Any, tmp_path: Path
) -> None:
    run = write_run("run1", [line("python"), line("go"), line("rust", "other", "skipped")])
    code, out, err = _report(
        run, "--html", tmp_path / "out/report.html", "--junit", tmp_path / "out/junit.xml",
        "--summary-markdown", tmp_path / "out/summary.md",
    )  # fmt: skip
    assert code == EXIT_CLEAN, out + err
    assert "Result: passed" in out
    assert "python  1 passed, 0 failed, 0 skipped" in out
    for name in ("report.html", "junit.xml", "summary.md"):
        assert (tmp_path / "out" / name).stat().st_size > 0
    assert "## Test report: ✅ passed" in (tmp_path / "out/summary.md").read_text(encoding="utf-8")
    assert (tmp_path / ".tkit" / "history.sqlite").is_file()


def test_given_a_real_failure_when_reported_then_exit_1_and_the_failure_is_named(
    line: Any, write_run: Any
) -> None:
    run = write_run("run1", [line("go", "a", "failed", expected="equal to 5", actual="4")])
    code, out, _ = _report(run, "--no-history")
    assert code == EXIT_FAILED
    assert "Failures (1):" in out
    assert "go cart/cart_test.go::TestA: expected equal to 5, actual 4" in out
    assert "Result: FAILED" in out


def test_given_a_flaky_test_when_reported_then_exit_0_and_it_is_listed(
    line: Any, write_run: Any, tmp_path: Path
) -> None:
    first = write_run("run1", [line("python", "a", "failed"), line("python", "b")])
    rerun = write_run("run2", [line("python", "a")])
    code, out, _ = _report(first, rerun, "--no-history", "--summary-markdown", tmp_path / "s.md")
    assert code == EXIT_CLEAN
    assert "Flaky (1): failed, then passed in a rerun" in out
    assert "python tests/test_cart.py::test_a" in out
    assert "### Flaky (1)" in (tmp_path / "s.md").read_text(encoding="utf-8")
    assert not (tmp_path / ".tkit").exists()


def test_given_separate_invocations_of_one_commit_then_history_finds_the_flaky_test(
    line: Any, write_run: Any, tmp_path: Path
) -> None:
    store = tmp_path / "store" / "history.sqlite"
    first = write_run("run1", [line("rust", "a", "failed"), line("rust", "b")])
    code, _, _ = _report(first, "--history", store)
    assert code == EXIT_FAILED
    rerun = write_run("run2", [line("rust", "a"), line("rust", "b")])
    code, out, err = _report(rerun, "--history", store)
    assert code == EXIT_CLEAN
    assert "Flaky (1)" in out and "rust tests/cart.rs::cart::a" in out
    assert "1 new run(s), 2 kept" in err
    # reporting both again stores nothing twice
    code, out, err = _report(first, rerun, "--history", store)
    assert "0 new run(s), 2 kept" in err
    with sqlite3.connect(store) as db:
        assert db.execute("SELECT count(*) FROM runs").fetchone() == (2,)
        assert db.execute("SELECT count(*) FROM results").fetchone() == (4,)
        commits = {row[0] for row in db.execute("SELECT commit_id FROM runs")}
    assert commits == {"c0ffee0000000000000000000000000000000001"}


def test_given_a_project_root_when_reported_from_a_subfolder_then_history_is_in_its_tkit_folder(
    line: Any, write_run: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "tkit.toml").write_text('select = ["TK"]\n', encoding="utf-8")
    run = write_run("run1", [line()])
    (tmp_path / "python").mkdir()
    monkeypatch.chdir(tmp_path / "python")
    assert _report(run)[0] == EXIT_CLEAN
    assert (tmp_path / ".tkit" / "history.sqlite").is_file()


def test_given_a_history_key_in_tkit_toml_when_reported_then_that_path_is_used(
    line: Any, write_run: Any, tmp_path: Path
) -> None:
    (tmp_path / "tkit.toml").write_text('[report]\nhistory = "ci/runs.db"\n', encoding="utf-8")
    assert _report(write_run("run1", [line()]))[0] == EXIT_CLEAN
    assert (tmp_path / "ci" / "runs.db").is_file()
    assert not (tmp_path / ".tkit").exists()


def test_given_malformed_lines_when_reported_then_warnings_name_them_and_exit_follows_the_rest(
    line: Any, write_run: Any
) -> None:
    run = write_run("run1", {"go-1-abcdef01.jsonl": [line("go"), "{broken", line("go", "b")]})
    code, out, err = _report(run, "--no-history")
    assert code == EXIT_CLEAN
    assert f"warning: {run / 'go-1-abcdef01.jsonl'}:2: not valid JSON" in err
    assert "  go     2 passed, 0 failed" in out


def test_given_coverage_under_the_gate_when_reported_then_exit_1_names_the_language(
    line: Any, write_run: Any, tmp_path: Path
) -> None:
    profile = tmp_path / "cover.out"
    profile.write_text(GO_PROFILE, encoding="utf-8")
    run = write_run("run1", [line("go")])
    code, out, _ = _report(run, "--no-history", "--coverage", profile, "--fail-under", "80")
    assert code == EXIT_FAILED
    assert "Coverage: 50.0% (go 50.0%)" in out
    assert "go line coverage 50.00% is under --fail-under 80" in out
    assert "total line coverage 50.00% is under --fail-under 80" in out
    code, _, _ = _report(run, "--no-history", "--coverage", profile, "--fail-under", "50")
    assert code == EXIT_CLEAN


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["missing-folder"], "no such folder"),
        (["{empty}"], "no test results in"),
        (["{run}", "--fail-under", "80"], "--fail-under needs coverage files"),
        (["{run}", "--coverage", "{run}/python-100-0123abcd.jsonl"], "not a coverage.py JSON"),
        (["{run}", "--coverage", "{tkit}"], "not a coverage file this report reads"),
        (["{run}", "--coverage", "nowhere.json"], "cannot read the coverage file"),
    ],
)
def test_given_bad_input_when_reported_then_exit_2_with_a_message(
    line: Any,
    write_run: Any,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    run = write_run("run1", [line()])
    (tmp_path / "empty").mkdir()
    (tmp_path / "tkit.txt").write_text("select = []\n", encoding="utf-8")
    values = {"run": str(run), "empty": str(tmp_path / "empty"), "tkit": str(tmp_path / "tkit.txt")}
    code = main([arg.format(**values) for arg in [*argv, "--no-history"]])
    assert code == EXIT_ERROR
    assert message in capsys.readouterr().err


def test_given_the_module_when_run_with_python_m_then_it_reports(
    line: Any, write_run: Any, tmp_path: Path
) -> None:
    run = write_run("run1", [line("go", "a", "failed")])
    environment = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    result = subprocess.run(
        [sys.executable, "-m", "tkit_scaffold.reporting", str(run), "--no-history"],
        capture_output=True, text=True, timeout=120, check=False, env=environment, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == EXIT_FAILED, result.stderr
    assert "Failures (1):" in result.stdout


def test_given_a_tkit_parser_when_the_command_is_added_then_it_dispatches(
    line: Any, write_run: Any
) -> None:
    import argparse

    from tkit_scaffold.reporting import add_report_command

    parser = argparse.ArgumentParser(prog="tkit")
    add_report_command(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["report", str(write_run("run1", [line()])), "--no-history"])
    out, err = io.StringIO(), io.StringIO()
    assert args.report_handler(args, out, err) == EXIT_CLEAN
    assert "Result: passed" in out.getvalue()


def test_given_a_misspelt_report_key_in_tkit_toml_when_reported_then_exit_2_names_it(
    line: Any, write_run: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "tkit.toml").write_text('[report]\nhistroy = "x.db"\n', encoding="utf-8")
    assert main([str(write_run("run1", [line()]))]) == EXIT_ERROR
    assert "report.histroy: unknown key" in capsys.readouterr().err

"""End to end with a real kit: render a project, run its Python suite twice with the
result stream on (one scenario fails both times, one fails and then passes), run
`tkit report` on both runs, and check the exit status, the JUnit XML, the history and
the HTML page in headless Chromium."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests folder
import support_browser

from tkit_scaffold.scaffold import render_project

SRC = Path(__file__).resolve().parents[2] / "src"
COMMIT = "e2e0000000000000000000000000000000000001"

SCENARIOS = """
from __future__ import annotations

import os
from pathlib import Path

from testingkit import assert_that, eq, given, then, when


def test_given_two_apples_when_counted_then_there_are_three() -> None:
    given("two apples")
    when("they are counted")
    then("there are three")
    assert_that(2, eq(3))


def test_given_a_marker_when_run_twice_then_the_rerun_passes() -> None:
    marker = Path(os.environ["E2E_MARKER"])
    given("a marker file that the first run writes")
    first_run = not marker.exists()
    marker.write_text("ran", encoding="utf-8")
    then("only the rerun passes")
    assert_that(first_run, eq(False))
"""


def _pytest(project: Path, run_dir: Path, marker: Path) -> None:
    environment = {
        **os.environ,
        "TKIT_REPORT_DIR": str(run_dir),
        "TKIT_COMMIT": COMMIT,
        "E2E_MARKER": str(marker),
    }
    environment.pop("PYTEST_ADDOPTS", None)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/test_cart.py", "tests/test_e2e_report.py"],
        cwd=project / "python", capture_output=True, text=True, timeout=600, check=False,
        env=environment,
    )  # fmt: skip
    assert result.returncode == 1, result.stdout + result.stderr  # the failing scenario
    streams = list(run_dir.glob("python-*.jsonl"))
    if not streams:
        pytest.fail("the Python kit wrote no result stream with TKIT_REPORT_DIR set")


@pytest.mark.slow
def test_given_a_real_suite_run_twice_when_reported_then_failure_flaky_and_history_show(
    tmp_path: Path,
) -> None:
    project = render_project(tmp_path / "shop", ["python"], {"project_name": "Demo Shop"})
    (project / "python" / "tests" / "test_e2e_report.py").write_text(SCENARIOS, encoding="utf-8")
    runs = [tmp_path / "results" / "run1", tmp_path / "results" / "run2"]
    for run_dir in runs:
        _pytest(project, run_dir, tmp_path / "marker")

    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "tkit_scaffold.reporting", *map(str, runs),
         "--html", str(out / "report.html"), "--junit", str(out / "junit.xml"),
         "--summary-markdown", str(out / "summary.md")],
        cwd=project, capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "PYTHONPATH": str(SRC)},
    )  # fmt: skip
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Failures (1):" in result.stdout
    assert "test_given_two_apples_when_counted_then_there_are_three" in result.stdout
    assert "Flaky (1)" in result.stdout
    assert "test_given_a_marker_when_run_twice_then_the_rerun_passes" in result.stdout

    suite = ET.parse(out / "junit.xml").getroot().find("testsuite")
    assert suite is not None and suite.get("name") == "python"
    failures = {
        case.get("name"): case.find("failure")
        for case in suite.iter("testcase")
        if case.find("failure") is not None
    }
    assert list(failures) == ["test_given_two_apples_when_counted_then_there_are_three"]
    text = next(iter(failures.values())).text or ""
    assert "there are three" in text  # the step log
    assert int(suite.get("tests") or 0) > 2

    with sqlite3.connect(project / ".tkit" / "history.sqlite") as db:
        assert db.execute("SELECT count(*), min(commit_id) FROM runs").fetchone() == (2, COMMIT)

    page = out / "report.html"
    matrix = support_browser.tables(support_browser.dump_dom(page))["matrix"]
    rows = {row[0]: row[1:] for row in matrix[1:]}
    assert rows["given_two_apples_when_counted_then_there_are_three"] == ["failed"]
    assert rows["given_a_marker_when_run_twice_then_the_rerun_passes"] == ["flaky"]
    shot = support_browser.screenshot(page, tmp_path / "report.png", 1200, 900)
    support_browser.check_png(shot, 1200, 900)

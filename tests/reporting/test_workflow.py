"""The rendered project's CI workflow runs every chosen language with the result stream
and coverage on, then `tkit report`, for every subset of languages."""

from __future__ import annotations

import argparse
import itertools
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from tkit_scaffold.reporting.cli import _configure
from tkit_scaffold.scaffold import LANGUAGES, render_project

SUBSETS = [subset for size in (1, 2, 3) for subset in itertools.combinations(LANGUAGES, size)]


@pytest.fixture(scope="module")
def workflows(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, ...], Any]:
    rendered = {}
    for subset in SUBSETS:
        root = render_project(
            tmp_path_factory.mktemp("+".join(subset)) / "project",
            list(subset),
            {"project_name": "Demo Shop"},
        )
        text = (root / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
        rendered[subset] = yaml.safe_load(text)
    return rendered


def _uses(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [step for step in job["steps"] if str(step.get("uses", "")).startswith(action)]


def _runs(job: dict[str, Any]) -> str:
    return "\n".join(str(step.get("run", "")) for step in job["steps"])


@pytest.mark.parametrize("subset", SUBSETS, ids=["+".join(s) for s in SUBSETS])
def test_given_a_language_subset_when_rendered_then_each_test_job_streams_and_uploads(
    workflows: dict[tuple[str, ...], Any], subset: tuple[str, ...]
) -> None:
    workflow = workflows[subset]
    assert workflow["env"]["TKIT_REPORT_DIR"].endswith("/tkit-results/streams")
    coverage_command = {
        "rust": "cargo llvm-cov report --lcov",
        "python": "python -m coverage json",
        "go": "go test -coverprofile=",
    }
    for language in subset:
        job = workflow["jobs"][language]
        assert coverage_command[language] in _runs(job)
        [upload] = _uses(job, "actions/upload-artifact@")
        assert upload["with"]["name"].startswith(f"tkit-results-{language}-")
        assert upload["with"]["path"] == "tkit-results/"
        assert upload["if"] == "${{ !cancelled() }}"


@pytest.mark.parametrize("subset", SUBSETS, ids=["+".join(s) for s in SUBSETS])
def test_given_a_language_subset_when_rendered_then_the_report_job_reports_all_of_them(
    workflows: dict[tuple[str, ...], Any], subset: tuple[str, ...]
) -> None:
    job = workflows[subset]["jobs"]["report"]
    assert job["needs"] == list(subset)
    assert job["if"] == "${{ !cancelled() }}"
    [download] = _uses(job, "actions/download-artifact@")
    # This attempt's artifacts only: an earlier attempt reaches the report through the
    # history, so a test that failed there and passes now is flaky, not merged into one run.
    assert download["with"]["pattern"] == "tkit-results-*-${{ github.run_attempt }}"
    for language in subset:
        upload = _uses(workflows[subset]["jobs"][language], "actions/upload-artifact@")[0]
        assert upload["with"]["name"] == f"tkit-results-{language}-${{{{ github.run_attempt }}}}"
    script = _runs(job)
    assert '>> "$GITHUB_STEP_SUMMARY"' in script
    uploads = _uses(job, "actions/upload-artifact@")
    assert [upload["with"]["path"] for upload in uploads] == ["tkit-report/"]
    [restore] = _uses(job, "actions/cache/restore@")
    [save] = _uses(job, "actions/cache/save@")
    assert restore["with"]["path"] == save["with"]["path"] == ".tkit/history.sqlite"
    assert restore["with"]["key"] == save["with"]["key"]
    assert save["if"] == "${{ !cancelled() }}"  # a failed run's history is kept too
    # the `tkit report` line is one this command line accepts
    joined = script.replace("\\\n", " ")
    [line] = [text for text in joined.splitlines() if text.strip().startswith("tkit report")]
    words = [word for word in shlex.split(line)[2:] if word != "$@"]
    parser = argparse.ArgumentParser()
    _configure(parser)
    args = parser.parse_args(words)
    assert args.runs == [Path("tkit-results/streams")]
    assert (args.html, args.junit, args.summary_markdown) == (
        Path("tkit-report/report.html"),
        Path("tkit-report/junit.xml"),
        Path("tkit-report/summary.md"),
    )

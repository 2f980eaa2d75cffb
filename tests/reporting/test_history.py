"""The SQLite history store: runs kept once, oldest first, limited to the last N."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tkit_scaffold.reporting import ReportOptions, build_report, open_history, read_run
from tkit_scaffold.reporting.history import HistoryError


def test_given_runs_recorded_when_read_back_then_results_and_commit_survive(
    line: Any, write_run: Any, tmp_path: Path
) -> None:
    run = read_run(
        write_run("run1", [line("go", "a", "failed", message="boom"), line("rust", "b")])
    ).run
    store = tmp_path / "deep" / "folder" / "history.sqlite"
    with open_history(store) as history:
        assert history.record([run]) == 1
        assert history.record([run]) == 0
    with open_history(store) as history:
        [stored] = history.runs()
    assert (stored.key, stored.commit, stored.started_at) == (run.key, run.commit, run.started_at)
    assert [(r.language, r.status) for r in stored.results] == [
        ("go", "failed"),
        ("rust", "passed"),
    ]
    failure = stored.results[0].failure
    assert failure is not None and failure.message == "boom"


def test_given_many_runs_when_reported_then_the_trend_shows_only_the_last_n(
    line: Any, write_run: Any, tmp_path: Path
) -> None:
    store = tmp_path / "history.sqlite"
    for index in range(5):
        folder = write_run(f"run{index}", [line(commit=f"{index:040d}", duration_ms=index)])
        report = build_report([folder], ReportOptions(history=store, last_runs=3))
    assert [run.label for run in report.trend_runs] == ["run2", "run3", "run4"]
    with open_history(store) as history:
        assert len(history.runs()) == 5
        assert [run.label for run in history.runs(limit=2)] == ["run3", "run4"]


def test_given_a_store_from_a_newer_version_when_opened_then_the_error_says_so(
    tmp_path: Path,
) -> None:
    store = tmp_path / "history.sqlite"
    with sqlite3.connect(store) as db:
        db.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(HistoryError, match="newer tkit"), open_history(store):
        pass


def test_given_a_file_that_is_not_sqlite_when_opened_then_it_is_a_history_error(
    tmp_path: Path,
) -> None:
    store = tmp_path / "history.sqlite"
    store.write_text("not a database, just text " * 100, encoding="utf-8")
    with pytest.raises(HistoryError, match="cannot be used"), open_history(store):
        pass


def test_given_a_stored_failure_of_another_commit_when_a_pass_is_reported_then_not_flaky(
    line: Any, write_run: Any, tmp_path: Path
) -> None:
    store = tmp_path / "history.sqlite"
    old = write_run("old", [line("go", "a", "failed", commit="a" * 40)])
    assert not build_report([old], ReportOptions(history=store)).ok
    new = write_run("new", [line("go", "a", commit="b" * 40)])
    report = build_report([new], ReportOptions(history=store))
    assert report.ok
    assert report.analysis.flaky == ()
    assert [run.label for run in report.trend_runs] == ["old", "new"]

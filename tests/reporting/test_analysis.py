"""Merging runs: final status per test, flaky tests, real failures, the matrix."""

from __future__ import annotations

from typing import Any

from tkit_scaffold.reporting import analyse, read_run

OTHER_COMMIT = "beef000000000000000000000000000000000002"


def _runs(write_run: Any, *runs: list[dict[str, Any]]) -> list[Any]:
    return [read_run(write_run(f"run{index}", lines)).run for index, lines in enumerate(runs)]


def test_given_three_languages_when_merged_then_totals_are_per_language(
    line: Any, write_run: Any
) -> None:
    runs = _runs(
        write_run,
        [
            line("python", "a"),
            line("python", "b", "failed", expected="equal to 5", actual="4"),
            line("rust", "a", duration_ms=40),
            line("rust", "b", "skipped"),
            line("go", "a"),
        ],
    )
    analysis = analyse(runs)
    rows = {row.language: row for row in analysis.totals()}
    assert list(rows) == ["rust", "python", "go"]
    assert (rows["python"].passed, rows["python"].failed, rows["python"].total) == (1, 1, 2)
    assert (rows["rust"].skipped, rows["rust"].duration_ms) == (1, 52.5)
    assert analysis.grand_total().total == 5
    assert [v.final.scenario for v in analysis.failures] == ["b"]
    assert analysis.matrix_cell("a", "go") == "passed"
    assert analysis.matrix_cell("b", "python") == "failed"
    assert analysis.matrix_cell("b", "rust") == "skipped"
    assert analysis.matrix_cell("b", "go") == "missing"
    assert analysis.slowest(1)[0].language == "rust"


def test_given_a_failure_passed_in_a_rerun_of_the_same_commit_then_it_is_flaky_not_failed(
    line: Any, write_run: Any
) -> None:
    runs = _runs(
        write_run,
        [line("go", "a", "failed", message="timeout"), line("go", "b")],
        [line("go", "a")],
    )
    analysis = analyse(runs)
    assert analysis.failures == ()
    assert [v.final.scenario for v in analysis.flaky] == ["a"]
    flaky = analysis.flaky[0]
    assert flaky.status == "flaky" and flaky.attempts == 2
    assert flaky.flaky_failure is not None and flaky.flaky_failure.failure is not None
    assert flaky.flaky_failure.failure.message == "timeout"
    assert analysis.matrix_cell("a", "go") == "flaky"
    assert analysis.grand_total().flaky == 1
    # b did not run again: its result from the first run of the commit stands
    assert {v.final.scenario for v in analysis.verdicts} == {"a", "b"}


def test_given_a_failure_not_rerun_when_merged_then_it_is_a_real_failure(
    line: Any, write_run: Any
) -> None:
    runs = _runs(
        write_run,
        [line("rust", "a", "failed"), line("rust", "b", "failed")],
        [line("rust", "a")],
    )
    analysis = analyse(runs)
    assert [v.final.scenario for v in analysis.failures] == ["b"]
    assert [v.final.scenario for v in analysis.flaky] == ["a"]


def test_given_a_pass_then_a_failure_when_merged_then_the_failure_is_real(
    line: Any, write_run: Any
) -> None:
    runs = _runs(write_run, [line("python", "a")], [line("python", "a", "failed")])
    analysis = analyse(runs)
    assert [v.final.scenario for v in analysis.failures] == ["a"]
    assert analysis.flaky == ()


def test_given_a_pass_on_another_commit_when_merged_then_it_is_not_flaky(
    line: Any, write_run: Any
) -> None:
    runs = _runs(
        write_run,
        [line("python", "a", "failed")],
        [line("python", "a", commit=OTHER_COMMIT), line("python", "c", commit=OTHER_COMMIT)],
    )
    analysis = analyse(runs)
    assert analysis.flaky == ()
    assert analysis.failures == ()
    assert analysis.commit == OTHER_COMMIT
    assert len(analysis.current) == 1 and len(analysis.runs) == 2


def test_given_runs_without_a_commit_when_merged_then_only_the_last_counts(
    line: Any, write_run: Any
) -> None:
    runs = _runs(
        write_run, [line("go", "a", "failed", commit=None)], [line("go", "a", commit=None)]
    )
    analysis = analyse(runs)
    assert analysis.flaky == ()
    assert len(analysis.current) == 1


def test_given_an_earlier_stored_failure_of_the_same_commit_then_a_pass_now_is_flaky(
    line: Any, write_run: Any
) -> None:
    earlier, now = _runs(write_run, [line("go", "a", "failed")], [line("go", "a")])
    analysis = analyse([now], earlier=[earlier])
    assert [v.final.scenario for v in analysis.flaky] == ["a"]
    assert analysis.failures == ()

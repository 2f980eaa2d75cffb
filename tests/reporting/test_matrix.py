"""The scenarios-by-language matrix: which scenarios it compares, how its rows sort, the
folded list of single-language scenarios, and its cost on a large report."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import pytest

from tkit_scaffold.reporting import (
    Analysis,
    Report,
    Verdict,
    analyse,
    format_html,
)
from tkit_scaffold.reporting import analysis as analysis_module
from tkit_scaffold.reporting.model import CaseResult, Run, Status

COMMIT = "c0ffee0000000000000000000000000000000001"


def _result(
    language: str, scenario: str | None, status: Status = "passed", *, test: str | None = None
) -> CaseResult:
    return CaseResult(
        language=language,
        file=f"{language}/tests",
        test=test or str(scenario),
        scenario=scenario,
        status=status,
        duration_ms=1.0,
        commit=COMMIT,
    )


def _report(*runs: Sequence[CaseResult]) -> Report:
    folders = [Run(f"run{i}", tuple(run), COMMIT, None, f"key{i}") for i, run in enumerate(runs)]
    return Report(analysis=analyse(folders), trend_runs=tuple(folders))


def _section(page: str, start: str, end: str) -> str:
    return page.split(start, 1)[1].split(end, 1)[0]


def _matrix_rows(page: str) -> list[str]:
    return re.findall(
        r'<tr data-scenario="([^"]+)"', _section(page, '<table id="matrix">', "</table>")
    )


def test_given_a_scenario_in_several_tests_of_a_language_then_its_cell_is_the_worst() -> None:
    report = _report(
        [
            _result("go", "a", "skipped", test="TestA1"),
            _result("go", "a", "passed", test="TestA2"),
            _result("go", "a", "failed", test="TestA3"),
            _result("go", "b", "skipped", test="TestB1"),
            _result("go", "b", "passed", test="TestB2"),
            _result("rust", "c", "failed", test="c1"),
            _result("rust", "c", "passed", test="c2"),
        ],
        [_result("rust", "c", "passed", test="c1")],  # a rerun: c1 is now flaky
    )
    analysis = report.analysis
    assert analysis.matrix_cell("a", "go") == "failed"
    assert analysis.matrix_cell("b", "go") == "passed"
    assert analysis.matrix_cell("c", "rust") == "flaky"
    assert analysis.matrix_cell("c", "go") == "missing"
    assert analysis.matrix_cell("unknown", "go") == "missing"
    assert analysis.scenarios() == ("a", "b", "c")
    assert analysis.scenario_languages("a") == ("go",)


def test_given_three_languages_when_analysed_then_single_language_scenarios_are_set_apart() -> None:
    analysis = _report(
        [
            _result("rust", "shared_by_all"),
            _result("python", "shared_by_all"),
            _result("go", "shared_by_all"),
            _result("python", "shared_by_two"),
            _result("go", "shared_by_two"),
            _result("rust", "kit_self_test"),
            _result("go", "go_only", "failed"),
            _result("python", None, test="test_helper"),
        ]
    ).analysis
    assert analysis.matrix_scenarios() == ("shared_by_all", "shared_by_two")
    assert analysis.single_language_scenarios() == ("go_only", "kit_self_test")
    assert analysis.scenario_languages("shared_by_two") == ("python", "go")


def test_given_a_single_language_report_then_every_scenario_is_in_the_matrix() -> None:
    report = _report([_result("python", "b", "failed"), _result("python", "a")])
    assert report.analysis.matrix_scenarios() == ("a", "b")
    assert report.analysis.single_language_scenarios() == ()
    page = format_html(report)
    assert _matrix_rows(page) == ["b", "a"]
    assert 'id="single-language"' not in page
    assert "two or more languages" not in page  # the note only makes sense for several


def test_given_problems_in_the_matrix_when_rendered_then_failed_flaky_and_missing_rows_lead() -> (
    None
):
    report = _report(
        [
            _result("rust", "a_complete"),
            _result("go", "a_complete"),
            _result("python", "a_complete"),
            _result("rust", "b_missing_in_python"),
            _result("go", "b_missing_in_python"),
            _result("rust", "c_flaky"),
            _result("go", "c_flaky", "failed"),
            _result("python", "c_flaky"),
            _result("rust", "d_failed"),
            _result("python", "d_failed", "failed"),
            _result("python", "e_skipped", "skipped"),
            _result("go", "e_skipped"),
            _result("rust", "e_skipped"),
        ],
        [_result("go", "c_flaky")],
    )
    page = format_html(report)
    assert _matrix_rows(page) == [
        "d_failed",  # failed, and missing in Go: the failure ranks first
        "c_flaky",
        "b_missing_in_python",
        "a_complete",
        "e_skipped",
    ]
    row = _section(page, 'data-scenario="b_missing_in_python">', "</tr>")
    assert '<td class="missing" data-language="python">missing</td>' in row
    assert 'id="single-language"' not in page  # nothing is declared in one language only


def test_given_single_language_scenarios_when_rendered_then_they_fold_naming_failures() -> None:
    report = _report(
        [
            _result("rust", "shared"),
            _result("go", "shared"),
            _result("rust", "rust_kit_checks_itself"),
            _result("rust", "rust_kit_formats_floats", "skipped"),
            _result("go", "go_kit_checks_itself"),
            _result("go", "go_kit_times_out", "failed"),
            _result("python", "python_only_flaky", "failed"),
        ],
        [_result("python", "python_only_flaky")],
    )
    page = format_html(report)
    assert _matrix_rows(page) == ["shared"]
    folded = _section(page, '<details id="single-language"', "</details>")
    opening, rest = folded.split(">", 1)
    assert "open" not in opening
    summary = _section(rest, "<summary>", "</summary>")
    assert summary.startswith("Scenarios in one language only: 5 (rust 2, python 1, go 2)")
    assert '<span class="failed">1 failed</span>' in summary
    assert '<span class="flaky">1 flaky</span>' in summary
    listed = re.findall(
        r'<tr data-scenario="([^"]+)" data-language="(\w+)"><td>[^<]*</td><td>\w+</td>'
        r'<td class="(\w+)">',
        folded,
    )
    assert listed == [
        ("go_kit_times_out", "go", "failed"),
        ("python_only_flaky", "python", "flaky"),
        ("rust_kit_checks_itself", "rust", "passed"),
        ("rust_kit_formats_floats", "rust", "skipped"),
        ("go_kit_checks_itself", "go", "passed"),
    ]
    failures = _section(page, '<section id="failures"', "</section>")
    assert "go_kit_times_out" in failures  # outside the folded part too


def test_given_only_single_language_scenarios_in_several_languages_then_the_matrix_says_so() -> (
    None
):
    page = format_html(_report([_result("rust", "a"), _result("go", "b")]))
    assert _matrix_rows(page) == []
    assert "No scenario is declared in more than one language." in page
    summary = _section(page, "<summary>", "</summary>")
    assert summary == "Scenarios in one language only: 2 (rust 1, go 1)"


class _CountedVerdicts(tuple[Verdict, ...]):
    """Verdicts that count how many times any of them is visited, and stop the test as soon
    as the count passes a budget (a quadratic matrix would otherwise run for minutes)."""

    visits: int
    budget: int

    def __iter__(self) -> Iterator[Verdict]:
        for verdict in super().__iter__():
            self.visits += 1
            if self.visits > self.budget:
                raise AssertionError(f"more than {self.budget} verdict visits: not linear")
            yield verdict


LARGE = 20_000
# Each part of the page reads the verdicts a few times (about twenty passes in all); a
# matrix that scanned them for every cell would read them some 35,000 times.
VISITS_PER_VERDICT = 30


def _large_report(budget_per_verdict: int) -> tuple[Report, _CountedVerdicts]:
    """20,000 results over three languages: 6,667 scenarios shared by two or three of them,
    5,000 declared in one language only, 20 failures."""
    languages = ("rust", "python", "go")
    results = [
        _result(
            languages[index % 3],
            f"scenario_{index // 3}" if index % 4 else f"only_{index}",
            "failed" if index % 1_000 == 0 else "passed",
            test=f"test_{index}",
        )
        for index in range(LARGE)
    ]
    built = _report(results).analysis
    counted = _CountedVerdicts(built.verdicts)
    counted.visits, counted.budget = 0, budget_per_verdict * LARGE
    analysis = Analysis(runs=built.runs, current=built.current, verdicts=counted)
    return Report(analysis=analysis, trend_runs=built.runs), counted


def test_given_a_large_report_when_every_cell_is_asked_then_each_answer_is_a_lookup() -> None:
    report, counted = _large_report(budget_per_verdict=4)
    analysis = report.analysis
    cells = analysis.scenario_cells()
    assert counted.visits == LARGE  # one pass builds the index
    shared = analysis.matrix_scenarios()
    single = analysis.single_language_scenarios()
    assert (len(shared), len(single)) == (6_667, LARGE // 4)
    asked = counted.visits
    for scenario in (*shared, *single):
        for language in ("rust", "python", "go"):
            analysis.matrix_cell(scenario, language)
        analysis.scenario_languages(scenario)
    assert counted.visits == asked
    assert analysis.scenario_cells() is cells
    assert analysis.matrix_cell("only_0", "rust") == "failed"
    assert analysis.matrix_cell("scenario_1", "python") == "missing"  # result 4 is only_4


def test_given_20000_results_in_three_languages_when_rendered_then_verdicts_are_visited_linearly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    report, counted = _large_report(budget_per_verdict=VISITS_PER_VERDICT)
    builds: list[int] = []
    index_cells = analysis_module._index_cells

    def counted_build(verdicts: Sequence[Verdict]) -> dict[str, dict[str, str]]:
        builds.append(len(verdicts))
        return index_cells(verdicts)

    monkeypatch.setattr(analysis_module, "_index_cells", counted_build)

    page = format_html(report)

    assert builds == [LARGE]  # the scenario index, built once for every matrix question
    assert counted.visits <= counted.budget
    assert len(_matrix_rows(page)) == 6_667
    summary = _section(page, "<summary>", "</summary>")
    assert summary.startswith("Scenarios in one language only: 5000 (rust 1667, python 1667,")
    assert '<span class="failed">20 failed</span>' in summary

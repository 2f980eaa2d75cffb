"""From runs to verdicts: each test's final status, the flaky ones, the real failures.

Runs come in the order they ran. The *current* runs are the given runs that carry the
latest run's commit (a run without a commit stands alone). A test's final result is its
last result among the current runs. A test is *flaky* when it failed in one run and
passed in a later run of the same commit (earlier runs may come from the history store);
a *real failure* is a test whose final result is a failure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from tkit_scaffold.reporting.model import LANGUAGES, CaseResult, Run, TestKey

# A matrix cell shows the strongest status of the tests behind it, in this order.
CELL_PRECEDENCE = ("failed", "flaky", "passed", "skipped")
_CELL_RANK = {status: rank for rank, status in enumerate(CELL_PRECEDENCE)}


@dataclass(frozen=True, slots=True)
class Verdict:
    """One test of the current runs."""

    final: CaseResult
    attempts: int  # how many times it ran in the current runs (and earlier same-commit runs)
    flaky_failure: CaseResult | None = None  # the earlier failed attempt, when flaky

    @property
    def flaky(self) -> bool:
        return self.flaky_failure is not None

    @property
    def status(self) -> str:
        """passed, failed, skipped, or flaky (failed, then passed in a rerun)."""
        return "flaky" if self.flaky else self.final.status


@dataclass(frozen=True, slots=True)
class LanguageTotals:
    language: str
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    flaky: int = 0
    duration_ms: float = 0.0

    @property
    def total(self) -> int:
        return self.passed + self.failed + self.skipped


@dataclass(frozen=True, slots=True)
class Analysis:
    runs: tuple[Run, ...]  # every given run, in order
    current: tuple[Run, ...]  # the given runs of the latest commit
    verdicts: tuple[Verdict, ...]  # one per test of the current runs, in a stable order
    # scenario_cells(), filled on first use
    _cells: dict[str, dict[str, str]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    @property
    def commit(self) -> str | None:
        return self.current[-1].commit if self.current else None

    @property
    def languages(self) -> tuple[str, ...]:
        seen = {verdict.final.language for verdict in self.verdicts}
        return tuple(language for language in LANGUAGES if language in seen)

    @property
    def failures(self) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if v.final.status == "failed")

    @property
    def flaky(self) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if v.flaky)

    def totals(self) -> tuple[LanguageTotals, ...]:
        rows = []
        for language in self.languages:
            mine = [v for v in self.verdicts if v.final.language == language]
            rows.append(_totals(language, mine))
        return tuple(rows)

    def grand_total(self) -> LanguageTotals:
        return _totals("total", self.verdicts)

    def slowest(self, count: int = 10) -> tuple[CaseResult, ...]:
        ranked = sorted(
            (v.final for v in self.verdicts if v.final.status != "skipped"),
            key=lambda result: (-result.duration_ms, result.key),
        )
        return tuple(ranked[:count])

    def scenario_cells(self) -> Mapping[str, Mapping[str, str]]:
        """Scenario id -> {language: status} for the languages that declare it, by the
        precedence of :data:`CELL_PRECEDENCE`. Built on first use in one pass over the
        verdicts, then kept: every matrix question is a lookup."""
        cells = self._cells
        if cells is None:
            cells = _index_cells(self.verdicts)
            object.__setattr__(self, "_cells", cells)  # a cache: the value stays frozen
        return cells

    def scenarios(self) -> tuple[str, ...]:
        return tuple(sorted(self.scenario_cells()))

    def matrix_cell(self, scenario: str, language: str) -> str:
        """The status of a scenario in one language: failed > flaky > passed > skipped;
        ``missing`` when no test of that language declares the scenario."""
        return self.scenario_cells().get(scenario, {}).get(language, "missing")

    def scenario_languages(self, scenario: str) -> tuple[str, ...]:
        """The languages that declare a scenario, in the report's language order."""
        declared = self.scenario_cells().get(scenario, {})
        return tuple(language for language in LANGUAGES if language in declared)

    def matrix_scenarios(self) -> tuple[str, ...]:
        """The scenarios the cross-language matrix compares: those declared in two or more
        languages, or every scenario when the report holds a single language."""
        cells = self.scenario_cells()
        if len(self.languages) <= 1:
            return tuple(sorted(cells))
        return tuple(sorted(scenario for scenario, row in cells.items() if len(row) > 1))

    def single_language_scenarios(self) -> tuple[str, ...]:
        """The scenarios only one language declares, when the report holds several (they
        say nothing about parity, so the matrix leaves them out); empty otherwise."""
        if len(self.languages) <= 1:
            return ()
        cells = self.scenario_cells()
        return tuple(sorted(scenario for scenario, row in cells.items() if len(row) == 1))

    def unscenarioed(self) -> int:
        return sum(1 for v in self.verdicts if not v.final.scenario)


def _index_cells(verdicts: Sequence[Verdict]) -> dict[str, dict[str, str]]:
    cells: dict[str, dict[str, str]] = {}
    for verdict in verdicts:
        scenario = verdict.final.scenario
        if not scenario:
            continue
        row = cells.setdefault(scenario, {})
        language, status = verdict.final.language, verdict.status
        held = row.get(language)
        if held is None or _CELL_RANK[status] < _CELL_RANK[held]:
            row[language] = status
    return cells


def _totals(language: str, verdicts: Sequence[Verdict]) -> LanguageTotals:
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    for verdict in verdicts:
        counts[verdict.final.status] += 1
    return LanguageTotals(
        language=language,
        passed=counts["passed"],
        failed=counts["failed"],
        skipped=counts["skipped"],
        flaky=sum(1 for v in verdicts if v.flaky),
        duration_ms=sum(v.final.duration_ms for v in verdicts),
    )


def current_runs(runs: Sequence[Run]) -> tuple[Run, ...]:
    """The trailing runs that share the last run's commit."""
    if not runs:
        return ()
    commit = runs[-1].commit
    if commit is None:
        return (runs[-1],)
    return tuple(run for run in runs if run.commit == commit)


def analyse(runs: Sequence[Run], earlier: Sequence[Run] = ()) -> Analysis:
    """Verdicts for the tests of the current runs. ``earlier`` are runs from the history
    store, oldest first: those of the same commit count for flaky detection."""
    current = current_runs(runs)
    commit = current[-1].commit if current else None
    before = [run for run in earlier if commit is not None and run.commit == commit]
    seen_order: list[TestKey] = []
    final: dict[TestKey, CaseResult] = {}
    attempts: dict[TestKey, int] = {}
    last_failure: dict[TestKey, CaseResult] = {}
    flaky: dict[TestKey, CaseResult] = {}
    for run_index, run in enumerate([*before, *current]):
        in_current = run_index >= len(before)
        for result in sorted(run.results, key=lambda r: r.started_at or ""):
            key = result.key
            attempts[key] = attempts.get(key, 0) + 1
            if result.status == "failed":
                last_failure[key] = result
            elif result.status == "passed" and key in last_failure:
                flaky[key] = last_failure[key]
            if in_current:
                if key not in final:
                    seen_order.append(key)
                final[key] = result
    verdicts = [
        Verdict(
            final=final[key],
            attempts=attempts[key],
            flaky_failure=flaky.get(key) if final[key].status == "passed" else None,
        )
        for key in sorted(seen_order, key=_order)
    ]
    return Analysis(runs=tuple(runs), current=current, verdicts=tuple(verdicts))


def _order(key: TestKey) -> tuple[int, str, str]:
    language, file, test = key
    rank = LANGUAGES.index(language) if language in LANGUAGES else len(LANGUAGES)
    return (rank, file, test)

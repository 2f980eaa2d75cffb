"""The library entry: run folders (and coverage files) in, one :class:`Report` out.

Nothing here prints or exits; the command line (``cli.py``) does that.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tkit_scaffold.errors import UsageError
from tkit_scaffold.reporting.analysis import Analysis, analyse
from tkit_scaffold.reporting.coverage import CoverageReport, gate, load_all
from tkit_scaffold.reporting.history import DEFAULT_LAST_RUNS, open_history
from tkit_scaffold.reporting.model import Run, StreamWarning
from tkit_scaffold.reporting.streams import read_run


@dataclass(frozen=True, slots=True)
class ReportOptions:
    history: Path | None = None  # None: keep no history
    last_runs: int = DEFAULT_LAST_RUNS
    coverage: tuple[Path, ...] = ()
    fail_under: float | None = None


@dataclass(frozen=True, slots=True)
class Report:
    analysis: Analysis
    trend_runs: tuple[Run, ...]  # the last runs, oldest first: stored ones, then the given ones
    warnings: tuple[StreamWarning, ...] = ()
    coverage: CoverageReport | None = None
    fail_under: float | None = None
    coverage_problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """No real failure in the latest run and coverage above the gate."""
        return not self.analysis.failures and not self.coverage_problems


def build_report(folders: Sequence[Path], options: ReportOptions = ReportOptions()) -> Report:
    if not folders:
        raise UsageError("give at least one folder of result streams")
    if options.fail_under is not None and not options.coverage:
        raise UsageError("--fail-under needs coverage files (--coverage FILE...)")
    if options.fail_under is not None and not 0 <= options.fail_under <= 100:
        raise UsageError("--fail-under takes a percentage between 0 and 100")
    runs: list[Run] = []
    warnings: list[StreamWarning] = []
    for folder in folders:
        read = read_run(folder)
        runs.append(read.run)
        warnings.extend(read.warnings)
    if not any(run.results for run in runs):
        raise UsageError(
            "no test results in "
            + ", ".join(str(folder) for folder in folders)
            + ": run the tests with TKIT_REPORT_DIR set to the folder"
        )
    coverage = load_all(options.coverage) if options.coverage else None
    problems = (
        tuple(gate(coverage, options.fail_under))
        if coverage is not None and options.fail_under is not None
        else ()
    )
    notes: list[str] = []
    if options.history is None:
        analysis = analyse(runs)
        trend = tuple(runs[-options.last_runs :]) if options.last_runs > 0 else ()
    else:
        with open_history(options.history) as history:
            keys = [run.key for run in runs]
            commit = runs[-1].commit
            same_commit = history.runs(exclude=keys, commit=commit) if commit else []
            analysis = analyse(runs, same_commit)
            unique = _unique(runs)
            wanted = max(0, options.last_runs - len(unique))
            earlier = history.runs(exclude=keys, limit=wanted)
            added = history.record(runs)
            kept = history.count()
            if history.skipped_rows:
                notes.append(
                    f"history: {history.skipped_rows} stored result(s) of unexpected types "
                    f"were left out ({options.history} was changed by another tool?)"
                )
            trend_all = [*earlier, *unique]
            trend = tuple(trend_all[-options.last_runs :]) if options.last_runs > 0 else ()
        notes.append(f"history: {options.history} ({added} new run(s), {kept} kept)")
    return Report(
        analysis=analysis,
        trend_runs=trend,
        warnings=tuple(warnings),
        coverage=coverage,
        fail_under=options.fail_under,
        coverage_problems=problems,
        notes=tuple(notes),
    )


def _unique(runs: Sequence[Run]) -> list[Run]:
    seen: set[str] = set()
    unique = []
    for run in runs:
        if run.key not in seen:
            seen.add(run.key)
            unique.append(run)
    return unique

"""The short summaries: plain text for the terminal, Markdown for a CI job summary."""

from __future__ import annotations

from tkit_scaffold.reporting.analysis import LanguageTotals, Verdict
from tkit_scaffold.reporting.api import Report
from tkit_scaffold.reporting.coverage import format_percent


def _counts(row: LanguageTotals) -> str:
    text = f"{row.passed} passed, {row.failed} failed, {row.skipped} skipped"
    if row.flaky:
        text += f", {row.flaky} flaky"
    return text + f" ({row.duration_ms / 1000:.2f} s)"


def _name(verdict: Verdict) -> str:
    result = verdict.final
    return f"{result.language} {result.file}::{result.test}"


def _why(verdict: Verdict) -> str:
    failure = verdict.final.failure
    if failure is None:
        return "failed"
    if failure.expected is not None or failure.actual is not None:
        return f"expected {failure.expected}, actual {failure.actual}"
    return failure.headline or "failed"


def _runs_line(report: Report) -> str:
    analysis = report.analysis
    commit = analysis.commit
    text = f"{len(analysis.runs)} run(s)"
    if len(analysis.current) != len(analysis.runs):
        text += f", {len(analysis.current)} of the latest commit"
    return text + (f", commit {commit[:12]}" if commit else "")


def format_text(report: Report) -> str:
    analysis = report.analysis
    lines = [f"tkit report: {_runs_line(report)}"]
    width = max([len("total"), *(len(language) for language in analysis.languages)])
    for row in (*analysis.totals(), analysis.grand_total()):
        lines.append(f"  {row.language:<{width}}  {_counts(row)}")
    if analysis.failures:
        lines.append(f"Failures ({len(analysis.failures)}):")
        lines += [f"  {_name(v)}: {_why(v)}" for v in analysis.failures]
    if analysis.flaky:
        lines.append(f"Flaky ({len(analysis.flaky)}): failed, then passed in a rerun")
        lines += [f"  {_name(v)}" for v in analysis.flaky]
    if report.coverage is not None:
        parts = ", ".join(
            f"{row.label} {format_percent(row.percent)}" for row in report.coverage.per_language()
        )
        lines.append(f"Coverage: {format_percent(report.coverage.totals().percent)} ({parts})")
        lines += [f"  {problem}" for problem in report.coverage_problems]
    lines.append("Result: " + ("passed" if report.ok else "FAILED"))
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def format_markdown(report: Report) -> str:
    analysis = report.analysis
    verdict = "✅ passed" if report.ok else "❌ failed"
    lines = [f"## Test report: {verdict}", "", _runs_line(report), ""]
    lines += [
        "| language | passed | failed | skipped | flaky | time |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in (*analysis.totals(), analysis.grand_total()):
        lines.append(
            f"| {row.language} | {row.passed} | {row.failed} | {row.skipped} | {row.flaky} "
            f"| {row.duration_ms / 1000:.2f} s |"
        )
    if analysis.failures:
        lines += ["", f"### Failures ({len(analysis.failures)})", ""]
        lines += [f"- `{_cell(_name(v))}`: {_cell(_why(v))}" for v in analysis.failures]
    if analysis.flaky:
        lines += ["", f"### Flaky ({len(analysis.flaky)})", ""]
        lines += [f"- `{_cell(_name(v))}`: failed, then passed in a rerun" for v in analysis.flaky]
    if report.coverage is not None:
        lines += ["", "### Coverage", "", "| | lines | covered | % |", "|---|---:|---:|---:|"]
        for cov in (*report.coverage.per_language(), report.coverage.totals()):
            percent = format_percent(cov.percent)
            lines.append(f"| {cov.label} | {cov.executable} | {cov.covered} | {percent} |")
        if report.coverage_problems:
            lines.append("")
            lines += [f"- ❌ {problem}" for problem in report.coverage_problems]
    return "\n".join(lines) + "\n"

"""The self-contained HTML page: inline CSS and inline SVG, no script, nothing fetched.

Main parts carry stable ids: ``totals``, ``matrix``, ``single-language``,
``single-language-scenarios``, ``failures``, ``flaky``, ``slowest``, ``duration-chart``,
``coverage``, ``history``, ``history-chart``, ``warnings``.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tkit_scaffold.reporting.api import Report
from tkit_scaffold.reporting.coverage import format_percent
from tkit_scaffold.reporting.model import CaseResult, Run

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#1f2328;
background:#fff;max-width:72rem}
h1{margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem}
table{border-collapse:collapse;margin:.5rem 0}
th,td{border:1px solid #d0d7de;padding:.25rem .6rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums}
.passed{background:#dafbe1}.failed{background:#ffd7d5}.flaky{background:#fff1c2}
.skipped{background:#eaeef2}.missing{background:#fff;color:#8c959f}
.verdict{font-size:1.2rem;font-weight:600;padding:.4rem .8rem;display:inline-block}
pre{background:#f6f8fa;padding:.5rem;overflow-x:auto;white-space:pre-wrap}
.failure{border-left:4px solid #cf222e;padding-left:.8rem;margin:1rem 0}
.muted{color:#57606a}svg text{font-size:11px;fill:#1f2328}
summary{cursor:pointer;margin:.5rem 0}summary span{padding:0 .4rem;font-weight:600}
"""

_COLOURS = {"rust": "#b7410e", "python": "#3572a5", "go": "#00add8"}


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _ms(value: float) -> str:
    return f"{value / 1000:.3f} s" if value >= 1000 else f"{value:.1f} ms"


@dataclass(frozen=True, slots=True)
class _Point:
    label: str
    value: float | None


def _bar_chart(chart_id: str, title: str, bars: Sequence[tuple[str, float, str]]) -> str:
    """Horizontal bars: (label, value in ms, colour)."""
    row, label_width, bar_width = 20, 320, 360
    height = row * len(bars) + 30
    top = max((value for _, value, _ in bars), default=0.0) or 1.0
    parts = [
        f'<svg id="{chart_id}" role="img" aria-label="{_e(title)}" '
        f'width="{label_width + bar_width + 90}" height="{height}" xmlns="http://www.w3.org/2000/svg"><title>{_e(title)}</title>'
    ]
    for index, (label, value, colour) in enumerate(bars):
        y = 10 + index * row
        width = max(1.0, bar_width * value / top)
        short = label if len(label) <= 52 else "…" + label[-51:]
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 13}" text-anchor="end">{_e(short)}</text>'
            f'<rect x="{label_width}" y="{y + 2}" width="{width:.1f}" height="{row - 6}" '
            f'fill="{colour}"/><text x="{label_width + width + 4:.1f}" y="{y + 13}">'
            f"{_e(_ms(value))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _line_chart(
    chart_id: str,
    title: str,
    series: Sequence[tuple[str, str, Sequence[_Point]]],
    *,
    unit: str,
    top: float | None = None,
) -> str:
    """Lines over the runs, one per series (name, colour, points); gaps where None."""
    width, height, left, bottom = 660, 200, 70, 30
    points = [p for _, _, line in series for p in line]
    count = max((len(line) for _, _, line in series), default=0)
    ceiling = top if top is not None else max((p.value or 0 for p in points), default=0) or 1.0
    step = (width - left - 20) / max(1, count - 1)
    parts = [
        f'<svg id="{chart_id}" role="img" aria-label="{_e(title)}" width="{width}" '
        f'height="{height + 20 * len(series)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{_e(title)}</title>",
        f'<line x1="{left}" y1="10" x2="{left}" y2="{height - bottom}" stroke="#8c959f"/>',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" '
        'stroke="#8c959f"/>',
        f'<text x="{left - 4}" y="16" text-anchor="end">{_e(_axis(ceiling, unit))}</text>',
        f'<text x="{left - 4}" y="{height - bottom}" text-anchor="end">0</text>',
    ]

    parts += [
        f'<text x="{left + index * step:.1f}" y="{height - bottom + 14}" text-anchor="middle">'
        f"{index + 1}</text>"
        for index in range(count)
    ]

    def xy(index: int, value: float) -> str:
        x = left + index * step
        y = (height - bottom) - (height - bottom - 10) * (value / ceiling)
        return f"{x:.1f},{y:.1f}"

    for number, (name, colour, line) in enumerate(series):
        segment: list[str] = []
        segments: list[list[str]] = []
        for index, point in enumerate(line):
            if point.value is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append(xy(index, point.value))
            cx, cy = xy(index, point.value).split(",")
            parts.append(
                f'<circle cx="{cx}" cy="{cy}" r="3" fill="{colour}">'
                f"<title>{_e(point.label)}: {_e(_axis(point.value, unit))}</title></circle>"
            )
        if segment:
            segments.append(segment)
        parts += [
            f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{" ".join(s)}"/>'
            for s in segments
            if len(s) > 1
        ]
        y = height + 20 * number
        parts.append(
            f'<rect x="{left}" y="{y - 9}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{left + 14}" y="{y}">{_e(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _axis(value: float, unit: str) -> str:
    return f"{value:.0f}%" if unit == "%" else _ms(value)


def _sparkline(values: Sequence[float | None], top: float, colour: str) -> str:
    width, height = 120, 24
    step = width / max(1, len(values) - 1)
    coords = [
        f"{index * step:.1f},{height - 2 - (height - 4) * (value / (top or 1.0)):.1f}"
        for index, value in enumerate(values)
        if value is not None
    ]
    if not coords:
        return '<span class="muted">no data</span>'
    dots = "".join(
        f'<circle cx="{c.split(",")[0]}" cy="{c.split(",")[1]}" r="2" fill="{colour}"/>'
        for c in coords
    )
    line = (
        f'<polyline fill="none" stroke="{colour}" stroke-width="1.5" points="{" ".join(coords)}"/>'
        if len(coords) > 1
        else ""
    )
    return (
        f'<svg class="sparkline" width="{width}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg">{line}{dots}</svg>'
    )


def _pass_rate(results: Sequence[CaseResult]) -> float | None:
    ran = [r for r in results if r.status != "skipped"]
    return 100.0 * sum(r.status == "passed" for r in ran) / len(ran) if ran else None


def _mean_duration(results: Sequence[CaseResult]) -> float | None:
    ran = [r.duration_ms for r in results if r.status != "skipped"]
    return sum(ran) / len(ran) if ran else None


def _run_label(run: Run, index: int) -> str:
    parts = [f"#{index + 1}"]
    if run.commit:
        parts.append(run.commit[:8])
    if run.started_at:
        parts.append(run.started_at.replace("T", " ").rstrip("Z"))
    return " ".join(parts)


def _totals(report: Report) -> list[str]:
    analysis = report.analysis
    parts = [
        '<h2>Totals</h2><table id="totals"><tr><th>language</th><th>tests</th><th>passed</th>'
        "<th>failed</th><th>skipped</th><th>flaky</th><th>time</th></tr>"
    ]
    for row in (*analysis.totals(), analysis.grand_total()):
        parts.append(
            f'<tr data-language="{_e(row.language)}"><td>{_e(row.language)}</td>'
            f'<td class="num">{row.total}</td><td class="num">{row.passed}</td>'
            f'<td class="num{" failed" if row.failed else ""}">{row.failed}</td>'
            f'<td class="num">{row.skipped}</td>'
            f'<td class="num{" flaky" if row.flaky else ""}">{row.flaky}</td>'
            f'<td class="num">{_e(_ms(row.duration_ms))}</td></tr>'
        )
    parts.append("</table>")
    return parts


def _urgency(statuses: Iterable[str]) -> int:
    """Where a matrix row sorts: a failure first, then flaky, then a language gap."""
    present = set(statuses)
    for rank, status in enumerate(("failed", "flaky", "missing")):
        if status in present:
            return rank
    return 3


def _matrix(report: Report) -> list[str]:
    analysis = report.analysis
    languages = analysis.languages
    parts = ["<h2>Scenarios by language</h2>"]
    if len(languages) > 1:
        parts.append(
            '<p class="muted">Scenarios declared in two or more languages; failed, flaky '
            "and missing cells first.</p>"
        )
    parts.append(
        '<table id="matrix"><tr><th>scenario</th>'
        + "".join(f"<th>{_e(language)}</th>" for language in languages)
        + "</tr>"
    )
    rows = [
        (scenario, [analysis.matrix_cell(scenario, language) for language in languages])
        for scenario in analysis.matrix_scenarios()
    ]
    rows.sort(key=lambda row: _urgency(row[1]))  # stable: by name within
    for scenario, statuses in rows:
        cells = "".join(
            f'<td class="{status}" data-language="{_e(language)}">{status}</td>'
            for language, status in zip(languages, statuses, strict=True)
        )
        parts.append(f'<tr data-scenario="{_e(scenario)}"><td>{_e(scenario)}</td>{cells}</tr>')
    parts.append("</table>")
    if not analysis.scenario_cells():
        parts.append('<p class="muted">No test declared a scenario id.</p>')
    elif not rows:
        parts.append('<p class="muted">No scenario is declared in more than one language.</p>')
    parts += _single_language(report)
    if analysis.unscenarioed():
        parts.append(
            f'<p class="muted">{analysis.unscenarioed()} test(s) declare no scenario id and '
            "appear only in the totals and the JUnit XML.</p>"
        )
    return parts


def _single_language(report: Report) -> list[str]:
    """The scenarios only one language declares, folded away below the matrix; the
    summary line counts them per language and names their failures, so none is hidden."""
    analysis = report.analysis
    rows = [
        (scenario, language, analysis.matrix_cell(scenario, language))
        for scenario in analysis.single_language_scenarios()
        for language in analysis.scenario_languages(scenario)
    ]
    if not rows:
        return []
    languages = analysis.languages
    rows.sort(key=lambda row: (_urgency([row[2]]), languages.index(row[1]), row[0]))
    per_language = Counter(language for _, language, _ in rows)
    counts = ", ".join(
        f"{language} {per_language[language]}" for language in languages if per_language[language]
    )
    per_status = Counter(status for _, _, status in rows)
    marks = "".join(
        f' <span class="{status}">{per_status[status]} {status}</span>'
        for status in ("failed", "flaky")
        if per_status[status]
    )
    parts = [
        f'<details id="single-language" data-count="{len(rows)}" '
        f'data-failed="{per_status["failed"]}"><summary>'
        f"Scenarios in one language only: {len(rows)} ({_e(counts)}){marks}</summary>",
        '<table id="single-language-scenarios"><tr><th>scenario</th><th>language</th>'
        "<th>status</th></tr>",
    ]
    parts += [
        f'<tr data-scenario="{_e(scenario)}" data-language="{_e(language)}">'
        f'<td>{_e(scenario)}</td><td>{_e(language)}</td><td class="{status}">{status}</td></tr>'
        for scenario, language, status in rows
    ]
    parts.append("</table></details>")
    return parts


def _failure_block(result: CaseResult, heading: str) -> str:
    failure = result.failure
    parts = [
        f'<div class="failure"><h3>{_e(heading)}</h3>',
        f'<p><span class="muted">{_e(result.language)}</span> <code>{_e(result.file)}</code> '
        f"<code>{_e(result.test)}</code>"
        + (f" · scenario <code>{_e(result.scenario)}</code>" if result.scenario else "")
        + "</p>",
    ]
    if failure and (failure.expected is not None or failure.actual is not None):
        parts.append(
            '<table class="mismatch"><tr><th>expected</th><td><code>'
            f"{_e(failure.expected)}</code></td></tr><tr><th>actual</th><td><code>"
            f"{_e(failure.actual)}</code></td></tr></table>"
        )
    if result.steps:
        parts.append(
            '<ol class="steps">'
            + "".join(
                f"<li><strong>{_e(step.keyword)}</strong> {_e(step.text)}</li>"
                for step in result.steps
            )
            + "</ol>"
        )
    if failure:
        parts.append(f"<pre>{_e(failure.message)}</pre>")
    parts.append("</div>")
    return "".join(parts)


def _failures(report: Report) -> list[str]:
    analysis = report.analysis
    parts = [f'<h2>Failures</h2><section id="failures" data-count="{len(analysis.failures)}">']
    if not analysis.failures:
        parts.append("<p>None.</p>")
    for verdict in analysis.failures:
        result = verdict.final
        parts.append(_failure_block(result, result.scenario or result.test))
    parts.append("</section>")
    parts.append(
        '<h2>Flaky tests</h2><table id="flaky"><tr><th>language</th><th>file</th>'
        "<th>test</th><th>scenario</th><th>earlier failure</th></tr>"
    )
    for verdict in analysis.flaky:
        result, earlier = verdict.final, verdict.flaky_failure
        headline = earlier.failure.headline if earlier and earlier.failure else ""
        parts.append(
            f'<tr class="flaky"><td>{_e(result.language)}</td><td>{_e(result.file)}</td>'
            f"<td>{_e(result.test)}</td><td>{_e(result.scenario or '')}</td>"
            f"<td>{_e(headline)}</td></tr>"
        )
    parts.append("</table>")
    if not analysis.flaky:
        parts.append('<p class="muted">None: no test failed and then passed in a rerun.</p>')
    return parts


def _slowest(report: Report) -> list[str]:
    slowest = report.analysis.slowest()
    parts = [
        '<h2>Slowest tests</h2><table id="slowest"><tr><th>language</th><th>file</th>'
        "<th>test</th><th>time</th></tr>"
    ]
    for result in slowest:
        parts.append(
            f"<tr><td>{_e(result.language)}</td><td>{_e(result.file)}</td>"
            f'<td>{_e(result.test)}</td><td class="num">{_e(_ms(result.duration_ms))}</td></tr>'
        )
    parts.append("</table>")
    bars = [
        (f"{r.language} {r.test}", r.duration_ms, _COLOURS.get(r.language, "#57606a"))
        for r in slowest
    ]
    parts.append(_bar_chart("duration-chart", "Duration of the slowest tests", bars))
    return parts


def _coverage(report: Report) -> list[str]:
    coverage = report.coverage
    if coverage is None:
        return []
    parts = [
        '<h2>Coverage</h2><table id="coverage"><tr><th></th><th>lines</th>'
        "<th>covered</th><th>line coverage</th></tr>"
    ]
    for row in (*coverage.per_language(), coverage.totals()):
        under = (
            report.fail_under is not None
            and row.percent is not None
            and (row.percent < report.fail_under)
        )
        parts.append(
            f'<tr data-language="{_e(row.label)}"><td>{_e(row.label)}</td>'
            f'<td class="num">{row.executable}</td><td class="num">{row.covered}</td>'
            f'<td class="num{" failed" if under else ""}">{_e(format_percent(row.percent))}</td>'
            "</tr>"
        )
    parts.append("</table>")
    if report.fail_under is not None:
        parts.append(f"<p>Gate: --fail-under {report.fail_under:g}%.</p>")
    parts += [f'<p class="failed">{_e(problem)}</p>' for problem in report.coverage_problems]
    parts.append(
        '<details><summary>Per file</summary><table id="coverage-files">'
        "<tr><th>language</th><th>file</th><th>lines</th><th>covered</th><th>%</th></tr>"
    )
    for item in coverage.files:
        parts.append(
            f"<tr><td>{_e(item.language)}</td><td>{_e(item.path)}</td>"
            f'<td class="num">{len(item.executable)}</td><td class="num">{len(item.covered)}</td>'
            f'<td class="num">{_e(format_percent(item.percent))}</td></tr>'
        )
    parts.append("</table></details>")
    return parts


def _history(report: Report) -> list[str]:
    runs = report.trend_runs
    parts = [f'<h2>History</h2><p class="muted">The last {len(runs)} run(s), oldest first.</p>']
    overall = [
        _Point(_run_label(run, index), _pass_rate(run.results)) for index, run in enumerate(runs)
    ]
    duration = [
        _Point(_run_label(run, index), sum(r.duration_ms for r in run.results) or None)
        for index, run in enumerate(runs)
    ]
    parts.append(
        _line_chart(
            "history-chart",
            "Pass rate per run",
            [("pass rate", "#1a7f37", overall)],
            unit="%",
            top=100.0,
        )
    )
    parts.append(
        _line_chart(
            "history-duration-chart",
            "Total test time per run",
            [("total test time", "#8250df", duration)],
            unit="ms",
        )
    )
    # Grouped once per run: looking each scenario up in every run would be quadratic.
    by_scenario: list[dict[str, list[CaseResult]]] = []
    for run in runs:
        grouped: dict[str, list[CaseResult]] = {}
        for result in run.results:
            if result.scenario:
                grouped.setdefault(result.scenario, []).append(result)
        by_scenario.append(grouped)
    scenarios = sorted({scenario for grouped in by_scenario for scenario in grouped})
    parts.append(
        '<table id="history"><tr><th>scenario</th><th>pass rate</th><th>trend</th>'
        "<th>mean time</th><th>trend</th><th>runs</th></tr>"
    )
    for scenario in scenarios:
        per_run = [grouped.get(scenario, []) for grouped in by_scenario]
        rates = [_pass_rate(results) for results in per_run]
        times = [_mean_duration(results) for results in per_run]
        known_rates = [rate for rate in rates if rate is not None]
        known_times = [time for time in times if time is not None]
        overall_rate = sum(known_rates) / len(known_rates) if known_rates else None
        last_time = known_times[-1] if known_times else None
        parts.append(
            f'<tr data-scenario="{_e(scenario)}"><td>{_e(scenario)}</td>'
            f'<td class="num">{_e(format_percent(overall_rate))}</td>'
            f"<td>{_sparkline(rates, 100.0, '#1a7f37')}</td>"
            f'<td class="num">{_e(_ms(last_time) if last_time is not None else "n/a")}</td>'
            f"<td>{_sparkline(times, max(known_times, default=0.0), '#8250df')}</td>"
            f'<td class="num">{sum(1 for results in per_run if results)}</td></tr>'
        )
    parts.append("</table>")
    return parts


def format_html(report: Report) -> str:
    analysis = report.analysis
    verdict = "passed" if report.ok else "failed"
    commit = analysis.commit
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Test report</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Test report</h1>",
        f'<p><span id="verdict" class="verdict {verdict}">{verdict}</span> '
        f'<span class="muted">{len(analysis.runs)} run(s)'
        + (f", commit <code>{_e(commit)}</code>" if commit else "")
        + "</span></p>",
    ]
    parts += _totals(report)
    parts += _matrix(report)
    parts += _failures(report)
    parts += _slowest(report)
    parts += _coverage(report)
    parts += _history(report)
    if report.warnings:
        parts.append('<h2>Skipped stream lines</h2><ul id="warnings">')
        parts += [f"<li><code>{_e(warning)}</code></li>" for warning in report.warnings]
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"

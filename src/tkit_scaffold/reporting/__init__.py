"""``tkit report``: result streams of the three kits merged into one report.

Pipeline: run folders ──read──▶ runs ──analyse (+ history)──▶ verdicts ──▶ HTML page,
JUnit XML, text and Markdown summaries; coverage files ──convert──▶ one line-coverage
format ──merge──▶ totals ──▶ the ``--fail-under`` gate.
"""

from __future__ import annotations

from tkit_scaffold.reporting.analysis import Analysis, Verdict, analyse
from tkit_scaffold.reporting.api import Report, ReportOptions, build_report
from tkit_scaffold.reporting.cli import add_report_command, handle_report, run_report
from tkit_scaffold.reporting.coverage import (
    CoverageReport,
    FileCoverage,
    gate,
    load_coverage,
    merge,
    parse_coveragepy_json,
    parse_go_profile,
    parse_lcov,
)
from tkit_scaffold.reporting.history import History, open_history
from tkit_scaffold.reporting.html import format_html
from tkit_scaffold.reporting.junit import format_junit
from tkit_scaffold.reporting.model import CaseResult, Failure, Run, Step, StreamWarning
from tkit_scaffold.reporting.streams import parse_line, read_run, read_stream
from tkit_scaffold.reporting.summary import format_markdown, format_text

__all__ = [
    "Analysis",
    "CaseResult",
    "CoverageReport",
    "Failure",
    "FileCoverage",
    "History",
    "Report",
    "ReportOptions",
    "Run",
    "Step",
    "StreamWarning",
    "Verdict",
    "add_report_command",
    "analyse",
    "build_report",
    "format_html",
    "format_junit",
    "format_markdown",
    "format_text",
    "gate",
    "handle_report",
    "load_coverage",
    "merge",
    "open_history",
    "parse_coveragepy_json",
    "parse_go_profile",
    "parse_lcov",
    "parse_line",
    "read_run",
    "read_stream",
    "run_report",
]
